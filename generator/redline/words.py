"""Word-level diff of two texts, exact in both directions."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .model import Op, Run, TextDiff

# Words keep inner apostrophes and hyphens ("you’d", "up-to-date") so that a changed word is one
# change, not three; every other character is whitespace or punctuation, so the tokens always
# concatenate back to the input.
_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|\s+|[^\w\s]")


def tokenize(text: str) -> list[str]:
    """Words, whitespace runs and single punctuation marks; `''.join(tokenize(t)) == t`."""
    return _TOKEN.findall(text)


def diff_text(old: str | None, new: str | None) -> TextDiff:
    """Runs of equal, deleted and inserted text turning `old` into `new` (None counts as '')."""
    a, b = old or "", new or ""
    if a == b:
        return TextDiff(a, b, (Run(Op.EQUAL, a),) if a else ())
    a_tokens, b_tokens = tokenize(a), tokenize(b)
    # autojunk=False: legal prose repeats "the", "Personal Data", "or"... and the heuristic would
    # treat those as junk, turning small edits into whole-sentence replacements.
    matcher = SequenceMatcher(None, a_tokens, b_tokens, autojunk=False)
    raw: list[Run] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append(Run(Op.EQUAL, "".join(a_tokens[i1:i2])))
            continue
        if i2 > i1:
            raw.append(Run(Op.DELETE, "".join(a_tokens[i1:i2])))
        if j2 > j1:
            raw.append(Run(Op.INSERT, "".join(b_tokens[j1:j2])))
    return TextDiff(a, b, _coalesce(_absorb_spaces(raw)))


def _absorb_spaces(runs: list[Run]) -> list[Run]:
    """Fold a lone space between two changes into both sides, so 'a b' -> 'c d' reads as one change."""
    result: list[Run] = []
    for position, run in enumerate(runs):
        between_changes = (
            run.op is Op.EQUAL
            and run.text.isspace()
            and 0 < position < len(runs) - 1
            and runs[position - 1].op is not Op.EQUAL
            and runs[position + 1].op is not Op.EQUAL
        )
        if between_changes:
            result += [Run(Op.DELETE, run.text), Run(Op.INSERT, run.text)]
        else:
            result.append(run)
    return result


def _coalesce(runs: list[Run]) -> tuple[Run, ...]:
    """Merge neighbouring runs: each stretch of changes becomes one deletion then one insertion."""
    result: list[Run] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            result.append(Run(Op.DELETE, "".join(deleted)))
        if inserted:
            result.append(Run(Op.INSERT, "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for run in runs:
        if run.op is Op.DELETE:
            deleted.append(run.text)
        elif run.op is Op.INSERT:
            inserted.append(run.text)
        else:
            flush()
            if result and result[-1].op is Op.EQUAL:
                result[-1] = Run(Op.EQUAL, result[-1].text + run.text)
            else:
                result.append(run)
    flush()
    return tuple(result)
