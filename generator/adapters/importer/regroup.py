"""Splits and merges between two versions: one unit that became two, or two that became one.

A carry-over pairs one unit with one unit; a paragraph cut in two (or two joined) has no such
pair, so the import report names it instead. Units are the statements a reader sees (paragraphs,
list items) and sections. A new unit comes from an old one when most of its words appear in it,
in order; an old unit is split when two or more new units come from it, none of them alone
holds most of it, and together they hold most of it. A merge is the same the other way round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from ...source.inline import plain
from .draft import DraftParagraph, ImportDraft
from .ids import items_of

FROM = 0.7
"""Share of a piece's words found, in order, in the unit it comes from."""
HELD = 0.6
"""Share of the whole unit that its pieces hold together."""
ALONE = 0.8
"""A piece holding this much of the whole on its own is the unit itself, edited: not a split."""
MIN_WORDS = 4


@dataclass(frozen=True)
class Piece:
    kind: str
    label: str
    line: int
    words: tuple[str, ...]


@dataclass(frozen=True)
class Regrouping:
    """`whole` (one unit) and the `parts` it became (a split) or was made from (a merge)."""

    kind: str  # "split" or "merge"
    whole: Piece
    parts: tuple[Piece, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", plain(text).casefold()))


def _label(text: str) -> str:
    shown = plain(text).split()
    return " ".join(shown[:8]) + (" …" if len(shown) > 8 else "")


def pieces(draft: ImportDraft) -> list[Piece]:
    """The paragraphs, list items and sections of a draft, in reading order."""
    found: list[Piece] = []
    for section in draft.all_sections():
        found.append(Piece("section", f"section '{section.title or section.id}'", section.line,
                           _words(section.words())))
        for block in section.blocks:
            if isinstance(block, DraftParagraph):
                found.append(Piece("paragraph", _label(block.text), block.line, _words(block.text)))
        for item in items_of(section):
            text = " ".join(part for part in (item.text, item.after) if part)
            found.append(Piece("item", _label(text), item.line, _words(text)))
    return [p for p in found if len(p.words) >= MIN_WORDS]


def _held(part: Piece, whole: Piece) -> int:
    """How many of `part`'s words `whole` has, in order."""
    if len(set(part.words) & set(whole.words)) < FROM * len(set(part.words)):
        return 0
    matcher = SequenceMatcher(None, part.words, whole.words, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def _regroupings(kind: str, wholes: list[Piece], parts: list[Piece]) -> list[Regrouping]:
    found = []
    for whole in wholes:
        held = [(part, _held(part, whole)) for part in parts if part.kind == whole.kind]
        from_whole = [(part, count) for part, count in held if count >= FROM * len(part.words)]
        if len(from_whole) < 2 or any(count >= ALONE * len(whole.words) for _, count in from_whole):
            continue
        if sum(count for _, count in from_whole) >= HELD * len(whole.words):
            found.append(Regrouping(kind, whole, tuple(part for part, _ in from_whole)))
    return found


def regroupings(previous: ImportDraft, current: ImportDraft) -> list[Regrouping]:
    """Units of `previous` split in `current`, and units of `current` merged from `previous`."""
    old, new = pieces(previous), pieces(current)
    kept = {p.words for p in old} & {p.words for p in new}  # unchanged units regroup nothing
    old = [p for p in old if p.words not in kept]
    new = [p for p in new if p.words not in kept]
    return _regroupings("split", old, new) + _regroupings("merge", new, old)
