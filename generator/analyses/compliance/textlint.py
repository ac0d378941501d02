"""Text checks: phrases that regulators criticise, found in the prose itself.

These read what the reader reads. They flag a "check this page for changes" clause when it is
the only way changes are announced, retention stated only as "as long as necessary", and count
vague qualifiers per section as a readability hint (WP260 names "may", "might", "some",
"often" and "possible" as the words that leave readers guessing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...source.index import Entry
from ...source.model import ChangeChannel
from .catalog import check
from .context import CheckContext
from .findings import Issue, Outcome, failed, not_applicable, outcome_of, passed

CHECK_BACK = re.compile(
    r"\b(check|visit|review|return to|consult|look at)\b[^.]{0,40}\b(this|the|our)\s+(page|policy|notice|"
    r"privacy (notice|policy)|site)\b[^.]{0,60}\b(regularly|periodically|from time to time|frequently|often)\b|"
    r"\b(regularly|periodically|frequently)\s+(check|review|visit)\b",
    re.IGNORECASE,
)
AS_LONG_AS_NECESSARY = re.compile(
    r"\b(as long as|no longer than|for as long as|for the period)\b[^.]{0,40}\b(necessary|needed|required)\b",
    re.IGNORECASE,
)
DURATION = re.compile(r"\d|\b(year|month|week|day|until|after|upon|following)s?\b", re.IGNORECASE)
VAGUE = re.compile(r"\b(may|might|some|often|possible|possibly)\b", re.IGNORECASE)
WORD = re.compile(r"[A-Za-z’']+")

VAGUE_PER_100_WORDS = 2.0
"""A section above this density of vague qualifiers is flagged; a plain notice stays well below."""
VAGUE_MIN_COUNT = 3
"""Short sections are left alone: three vague words in a short paragraph are no pattern."""

ACTIVE_CHANNELS = {ChangeChannel.EMAIL, ChangeChannel.IN_APP}


def check_back_phrases(ctx: CheckContext) -> list[tuple[Entry, str]]:
    found = []
    for entry in ctx.paragraphs():
        match = CHECK_BACK.search(ctx.prose(entry))
        if match:
            found.append((entry, match.group(0)))
    return found


@check("gdpr.wp260.no_check_back_clause")
def no_check_back_clause(ctx: CheckContext) -> Outcome:
    phrases = check_back_phrases(ctx)
    policy = ctx.data.change_policy
    active = policy is not None and bool(ACTIVE_CHANNELS & set(policy.channels))
    if not phrases:
        return passed("no 'check this page for changes' clause")
    entry, phrase = phrases[0]
    if active:
        assert policy is not None
        channels = ", ".join(c for c in policy.channels if c in ACTIVE_CHANNELS)
        return passed(f"'{phrase}' is not the only method: changes are also announced by {channels}",
                      entry.loc, entry.id or None)
    return failed(Issue(f"'{phrase}' is the only way readers learn of changes; announce material changes actively "
                        "(e-mail or in-app) and record it in `change_policy.channels`", entry.loc, entry.id or None))


def _retention_texts(ctx: CheckContext) -> list[tuple[tuple[str | int, ...], str, str | None]]:
    texts: list[tuple[tuple[str | int, ...], str, str | None]] = []
    for position, retention in enumerate(ctx.data.retention):
        for key in ("period", "criteria"):
            value = getattr(retention, key)
            if value:
                texts.append((("retention", position, key), value, retention.id))
    for retention in ctx.data.retention:
        section = ctx.index.by_id.get(retention.section or "")
        if section is not None:
            for entry in ctx.paragraphs():
                if entry.loc[: len(section.loc)] == section.loc:
                    texts.append((entry.loc, ctx.prose(entry), entry.id or None))
    return texts


@check("gdpr.wp260.retention_specific", applies=lambda ctx: bool(ctx.data.retention),
       when="retention is recorded")
def retention_specific(ctx: CheckContext) -> Outcome:
    generic = [(loc, text, item) for loc, text, item in _retention_texts(ctx)
               if AS_LONG_AS_NECESSARY.search(text) and not DURATION.search(text)]
    if any(r.period for r in ctx.data.retention) or not generic:
        return passed("retention is stated with periods or concrete criteria", ("retention",))
    loc, text, item = generic[0]
    phrase = AS_LONG_AS_NECESSARY.search(text)
    assert phrase is not None
    return failed(Issue(f"retention is stated only as '{phrase.group(0)}', with no period or concrete criteria "
                        "(an event that starts the clock, a number of years)", loc, item))


@dataclass(frozen=True)
class VagueCount:
    section: Entry
    words: int
    vague: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.vague.values())

    @property
    def density(self) -> float:
        return 100 * self.total / self.words if self.words else 0.0


def vague_counts(ctx: CheckContext) -> list[VagueCount]:
    """Vague qualifiers in each section's own paragraphs and items (sub-sections are counted apart)."""
    counts = []
    for section in (e for e in ctx.entries if e.kind == "section"):
        own = [e for e in ctx.entries if e.kind != "section" and ctx.section_of(e) is section]
        text = " ".join(ctx.prose(e) for e in own)
        vague: dict[str, int] = {}
        for match in VAGUE.finditer(text):
            word = match.group(0).lower()
            vague[word] = vague.get(word, 0) + 1
        counts.append(VagueCount(section, len(WORD.findall(text)), vague))
    return counts


@check("gdpr.art12.1.plain_language", inherits=False)
def plain_language(ctx: CheckContext) -> Outcome:
    counts = vague_counts(ctx)
    if not counts:
        return not_applicable("the version has no sections")
    issues = []
    for count in counts:
        if count.total >= VAGUE_MIN_COUNT and count.density > VAGUE_PER_100_WORDS:
            words = ", ".join(f"'{w}' x{n}" for w, n in sorted(count.vague.items(), key=lambda kv: (-kv[1], kv[0])))
            issues.append(Issue(
                f"{count.total} vague qualifiers in {count.words} words ({count.density:.1f} per 100 words; "
                f"hint above {VAGUE_PER_100_WORDS:g}): {words}; say what is done, not what may be",
                count.section.loc, count.section.id, problem="sections are dense with vague qualifiers"))
    total = sum(c.total for c in counts)
    return outcome_of(issues, f"{total} vague qualifiers in all, no section above {VAGUE_PER_100_WORDS:g} per "
                      "100 words", ("sections",))
