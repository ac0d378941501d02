"""Facts agree with the text of the section they name: retention periods, transfer mechanisms (both
ways: a mechanism the text names must be a fact too), the change policy, sale/sharing and automated
decisions (automated, reviewed by a person, contestable, as the fact claims); facets are
named by their own paragraph's words (`named`).

A disagreement names both places: the fact, and the text it contradicts. A fact the text cannot
state carries an `unstated_reason` and is not checked. In a version already published (announced or
in force), which is immutable, a disagreement is a warning: fix it in a new version, or edit the
version and record a correction (`notices correct`). The library's check, from the cache, is `current.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...library.project import NoticeVersion
from ...source.index import VersionIndex
from ...source.model import ChangePolicy, Retention, SaleAndSharing, Transfer
from ...source.model.facts import AutomatedDecision
from ...source.problems import Loc, PendingProblem
from .bare_tags import representative_citations
from .named import facet_citations, unit_name
from .words import (
    AUTOMATED,
    CHANNEL_WORDS,
    CONTEST,
    DPF_VARIANTS,
    HUMAN_REVIEW,
    IMMEDIATE,
    IN_ADVANCE,
    MECHANISM_NAMES,
    NOT_SHARED,
    NOT_SOLD,
    SHARED,
    SOLD,
    durations,
)

Texts = list[tuple[Loc, str]]

def _section_texts(index: VersionIndex, section: str | None) -> tuple[str, Texts]:
    """The prose of a section (with its sub-sections), or of the whole version when no section is named."""
    texts = index.plain_texts
    if section is None:
        return "the notice", texts
    entry = index.by_id.get(section)
    if entry is None:  # a dangling reference is reported by the reference checker
        return f"'{section}'", []
    return f"'{section}'", [(loc, text) for loc, text in texts if loc[:len(entry.loc)] == entry.loc]


def _retention(version: NoticeVersion, index: VersionIndex, position: int, fact: Retention
               ) -> Iterator[PendingProblem]:
    where, texts = _section_texts(index, fact.section)
    stated = [(loc, d) for loc, text in texts for d in durations(text)]
    here = ("retention", position, "period" if fact.period else "id")
    said = durations(fact.period or "")
    if said and stated and not any(d.days == said[0].days for _, d in stated):
        loc, first = stated[0]
        yield PendingProblem(version.path, here, f"the fact says {fact.period} but the text of {where} says "
                             f"\"{first.words}\"", also=loc)
    elif said and texts and not stated:
        yield PendingProblem(version.path, here, f"the fact says {fact.period} but the text of {where} states no "
                             "period: say it in the text, or give the fact an 'unstated_reason'")
    elif not fact.period and stated:
        loc, first = stated[0]
        yield PendingProblem(version.path, here, f"the text of {where} says \"{first.words}\" but the fact "
                             "states no period: add 'period'", also=loc)


def _named(texts: Texts, pattern_of: str, origin: str | None = None) -> tuple[Loc, str] | None:
    pattern = (DPF_VARIANTS[origin] if origin else MECHANISM_NAMES[pattern_of])[1]
    for loc, text in texts:
        match = pattern.search(text)
        if match:
            return loc, match.group(0)
    return None


def _transfers(version: NoticeVersion, index: VersionIndex) -> Iterator[PendingProblem]:
    transfers: list[Transfer] = version.data.transfers
    for position, fact in enumerate(transfers):
        if fact.unstated_reason:
            continue
        where, texts = _section_texts(index, fact.section)
        name = MECHANISM_NAMES.get(str(fact.mechanism))
        if name is not None and _named(texts, str(fact.mechanism)) is None:
            yield PendingProblem(version.path, ("transfers", position, "mechanism"),
                                 f"the fact says {name[0]} but the text of {where} does not name it")
        if str(fact.mechanism) == "eu-us-data-privacy-framework":
            for origin in (str(o) for o in fact.origins if str(o) in DPF_VARIANTS):
                if _named(texts, "", origin) is None:
                    yield PendingProblem(version.path, ("transfers", position, "origins"),
                                         f"the fact says {DPF_VARIANTS[origin][0]} but the text of {where} does "
                                         "not name it")
    relied_on = {str(t.mechanism) for t in transfers}
    _, everything = _section_texts(index, None)
    for mechanism, (title, _) in MECHANISM_NAMES.items():
        found = _named(everything, mechanism)
        if found is not None and mechanism not in relied_on:
            loc, words = found
            yield PendingProblem(version.path, loc, f"the text names {title} (\"{words}\") but no fact in "
                                 "'transfers' relies on it: add the transfer, or take the words out")


def _change_policy(version: NoticeVersion, index: VersionIndex, fact: ChangePolicy) -> Iterator[PendingProblem]:
    where, texts = _section_texts(index, fact.section)
    for loc, text in texts:
        immediate, in_advance = IMMEDIATE.search(text), IN_ADVANCE.search(text)
        if fact.advance_notice and immediate:
            yield PendingProblem(version.path, ("change_policy", "advance_notice"), "the fact says material changes "
                                 f"are announced before they apply but the text of {where} says "
                                 f"\"{immediate.group(0)}\"", also=loc)
        if not fact.advance_notice and in_advance and not immediate:
            yield PendingProblem(version.path, ("change_policy", "advance_notice"), "the fact says changes may apply "
                                 f"without advance notice but the text of {where} says \"{in_advance.group(0)}\"",
                                 also=loc)
    for position, channel in enumerate(fact.channels):
        if texts and not any(CHANNEL_WORDS[str(channel)].search(text) for _, text in texts):
            yield PendingProblem(version.path, ("change_policy", "channels", position),
                                 f"the fact says changes are announced by '{channel}' but the text of {where} does "
                                 "not say so")


def _first(texts: Texts, pattern: re.Pattern[str]) -> tuple[Loc, str] | None:
    return next(((loc, m.group(0)) for loc, text in texts if (m := pattern.search(text))), None)


def _sale_and_sharing(version: NoticeVersion, index: VersionIndex, fact: SaleAndSharing
                      ) -> Iterator[PendingProblem]:
    """'sells: false' needs a text that says so and no text that says otherwise; 'sells: true' the reverse."""
    where, texts = _section_texts(index, fact.section)
    rules = (("sells", fact.sells, "information is sold", NOT_SOLD, SOLD),
             ("shares_for_targeted_advertising", fact.shares_for_targeted_advertising,
              "information is shared for targeted advertising", NOT_SHARED, SHARED))
    for field, value, what, denial, statement in rules:
        claim = what if value else what.replace("information is", "information is not")
        against = _first(texts, denial if value else statement)
        if against is not None:
            yield PendingProblem(version.path, ("sale_and_sharing", field), f"the fact says {claim} but the text of "
                                 f"{where} says \"{against[1]}\"", also=against[0])
        elif _first(texts, statement if value else denial) is None:
            yield PendingProblem(version.path, ("sale_and_sharing", field),
                                 f"the fact says {claim} but the text of {where} does not say so")


def _automated_decision(version: NoticeVersion, index: VersionIndex, position: int, fact: AutomatedDecision
                        ) -> Iterator[PendingProblem]:
    """The decision's section says it is automated, and states the review and the way to contest the fact claims.

    A decision without a section is the compliance check's finding (Art. 13(2)(f)), not a citation.
    """
    if fact.section is None:
        return
    where, texts = _section_texts(index, fact.section)
    claims = (("section", True, AUTOMATED, f"'{fact.name}' is decided by automated means or profiling"),
              ("human_review", fact.human_review, HUMAN_REVIEW, "a person reviews the decision on request"),
              ("contest", fact.contest is not None, CONTEST, "the decision can be contested"))
    for field, claimed, words, what in claims:
        if claimed and texts and _first(texts, words) is None:
            yield PendingProblem(version.path, ("automated_decisions", position, field),
                                 f"the fact says {what} but the text of {where} does not say so")


def version_citations(version: NoticeVersion) -> list[PendingProblem]:
    """Every disagreement between a version's facts and its text, as errors.

    A rule reads the version alone (its data and index), never other files, versions or settings:
    `check_citations` keeps the results by the version file's bytes.
    """
    index, data = version.index, version.data
    found: list[PendingProblem] = []
    for position, fact in enumerate(data.retention):
        if not fact.unstated_reason:
            found += _retention(version, index, position, fact)
    found += _transfers(version, index)
    if data.change_policy is not None and not data.change_policy.unstated_reason:
        found += _change_policy(version, index, data.change_policy)
    if data.sale_and_sharing is not None and not data.sale_and_sharing.unstated_reason:
        found += _sale_and_sharing(version, index, data.sale_and_sharing)
    for position, decision in enumerate(data.automated_decisions):
        found += _automated_decision(version, index, position, decision)
    found += facet_citations(version.path, index)
    found += representative_citations(version.path, index)
    return found


def unstated_facts(version: NoticeVersion) -> list[tuple[str, str]]:
    """Facts the text does not state, with the reason given: (what, reason)."""
    data = version.data
    found = [(f"retention '{r.id}'", r.unstated_reason) for r in data.retention if r.unstated_reason]
    found += [(f"transfer '{t.id}'", t.unstated_reason) for t in data.transfers if t.unstated_reason]
    if data.change_policy is not None and data.change_policy.unstated_reason:
        found.append(("change policy", data.change_policy.unstated_reason))
    if data.sale_and_sharing is not None and data.sale_and_sharing.unstated_reason:
        found.append(("sale and sharing", data.sale_and_sharing.unstated_reason))
    for entry in version.index.faceted():
        for name in ("collects", "use", "discloses"):
            facet = getattr(entry.node, name)
            if facet is not None and facet.unstated_reason:
                found.append((f"{name} of {unit_name(version.index, entry)}", facet.unstated_reason))
    return found
