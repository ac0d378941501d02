"""How a change to a fact is classified: by its kind's materiality in the registry, reading which way
the fact moved (added, removed, widened, narrowed) so that a removal is never worded as an addition."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ...source.fact_kinds import KINDS, FactKind, Materiality
from ...source.index import VersionIndex
from ...source.model import Version
from ..redline import Change, ChangeKind
from .reasons import Reason, Verdict
from .triggers import words

_DURATION = re.compile(r"(\d+)\s*(day|week|month|year)s?", re.IGNORECASE)
_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_DISPLAY_NAMES = frozenset({"name", "attention"})
CONSENT_NOTE = "may need consent before it applies to information collected earlier"


def _days(text: object) -> int | None:
    match = _DURATION.search(str(text or ""))
    return int(match.group(1)) * _DAYS[match.group(2).lower()] if match else None


@dataclass
class Delta:
    """Which way each field of a fact moved: entries or flags gained or lost, values replaced."""

    gained: dict[str, list[str]] = field(default_factory=dict)
    lost: dict[str, list[str]] = field(default_factory=dict)
    replaced: dict[str, tuple[object, object]] = field(default_factory=dict)

    @classmethod
    def of(cls, change: Change) -> Delta:
        delta = cls()
        for f in change.fields:
            old, new = f.old, f.new
            if isinstance(old, list) or isinstance(new, list):
                before = [str(v) for v in old] if isinstance(old, list) else []
                after = [str(v) for v in new] if isinstance(new, list) else []
                if [v for v in after if v not in before]:
                    delta.gained[f.field] = [v for v in after if v not in before]
                if [v for v in before if v not in after]:
                    delta.lost[f.field] = [v for v in before if v not in after]
            elif isinstance(old, bool) or isinstance(new, bool):
                (delta.gained if new else delta.lost)[f.field] = []
            elif old in (None, "") and new not in (None, ""):
                delta.gained[f.field] = [str(new)]
            elif new in (None, "") and old not in (None, ""):
                delta.lost[f.field] = [str(old)]
            else:
                delta.replaced[f.field] = (old, new)
        return delta

    def touches(self, names: tuple[str, ...], *parts: Mapping[str, object]) -> list[str]:
        return [name for name in names for part in parts if name in part]


def _label(change: Change) -> str:
    return change.label.rstrip(".: ")


def _quoted(values: list[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _field_words(name: str) -> str:
    return name.replace("_", " ")


def _details(delta: Delta) -> str:
    """'data: adds 'phone'; sources: drops 'you'; purpose: 'x' becomes 'y''."""
    parts = []
    for name in dict.fromkeys([*delta.gained, *delta.lost, *delta.replaced]):
        if name in delta.replaced:
            old, new = delta.replaced[name]
            parts.append(f"{_field_words(name)}: '{old}' becomes '{new}'")
            continue
        steps = []
        if name in delta.lost:
            steps.append(f"drops {_quoted(delta.lost[name])}" if delta.lost[name] else "turned off")
        if name in delta.gained:
            steps.append(f"adds {_quoted(delta.gained[name])}" if delta.gained[name] else "turned on")
        parts.append(f"{_field_words(name)}: {', '.join(steps)}")
    return "; ".join(parts)


def _reason(fact: FactKind, change: Change, outcome: Verdict, message: str, note: str | None = None,
            rule: str | None = None, decide: str | None = None) -> Reason:
    return Reason(rule or (fact.rule if outcome is Verdict.MATERIAL else "narrower"), outcome, message, change, note,
                  decide)


def _added(fact: FactKind, change: Change, old: Version, new: Version) -> Reason:
    label = _label(change)
    if fact.name == "collects" and any(f.field == "sensitive" and f.new for f in change.fields):
        # A new kind of sensitive information weighs most (GDPR Art. 9, CPRA "sensitive personal information").
        return Reason("sensitive-information", Verdict.MATERIAL, f"adds the sensitive kind of information '{label}'",
                      change)
    recipients = _recipient_names(change, new) if "{recipients}" in fact.message else ""
    note = _consent_note(change, old) if fact.name == "use" else None
    return Reason(fact.rule, Verdict.MATERIAL, fact.message.format(label=label, recipients=recipients), change, note)


def _removed_message(fact: FactKind, change: Change) -> str:
    return f"removes the {fact.title.lower()} '{_label(change)}'"


FLAG_WORDS = {
    "sells": ("starts selling personal information", "stops selling personal information"),
    "shares_for_targeted_advertising": ("starts sharing personal information for targeted advertising",
                                        "stops sharing personal information for targeted advertising"),
}
"""Flags whose change is best said in words of its own."""


def _changed_message(fact: FactKind, change: Change, delta: Delta) -> str:
    flags = [FLAG_WORDS[name][0 if name in delta.gained else 1] for name in (*delta.gained, *delta.lost)
             if name in FLAG_WORDS]
    if flags:
        return "; ".join(flags)
    if not delta.gained and not delta.lost and fact.message.startswith("changes"):
        return fact.message.format(label=_label(change), recipients="")
    verb = "changes" if delta.replaced or (delta.gained and delta.lost) else "widens" if delta.gained else "narrows"
    return f"{verb} the {fact.title.lower()} '{_label(change)}': {_details(delta)}"


def _recipient_names(change: Change, new: Version) -> str:
    names = {r.id: r.name for r in new.recipients}
    ids = next((f.new for f in change.fields if f.field == "recipients"), None)
    return ", ".join(f"'{names.get(str(i), i)}'" for i in ids or []) if isinstance(ids, list) else "new recipients"


def _consent_note(change: Change, old: Version) -> str | None:
    """A new use of information collected before the change (or of all information) may need consent."""
    delta = Delta.of(change)
    used = delta.gained.get("information")
    collected_before = VersionIndex.build(old).with_facet("collects")
    if change.kind is ChangeKind.ADDED and not used:
        return CONSENT_NOTE
    return CONSENT_NOTE if any(i in collected_before for i in used or []) else None


Rule = Callable[[FactKind, Change, Version, Version], Reason]


def _any_change(fact: FactKind, change: Change, old: Version, new: Version) -> Reason:
    if change.kind is ChangeKind.ADDED:
        return _added(fact, change, old, new)
    if change.kind is ChangeKind.REMOVED:
        return _reason(fact, change, Verdict.MATERIAL, _removed_message(fact, change))
    return _reason(fact, change, Verdict.MATERIAL, _changed_message(fact, change, Delta.of(change)))


def _same_address(fact: FactKind, change: Change, old: Version, new: Version) -> Reason:
    if change.kind is ChangeKind.CHANGED and {f.field for f in change.fields} <= _DISPLAY_NAMES:
        return _reason(fact, change, Verdict.EDITORIAL, f"renames '{_label(change)}' with the same address",
                       rule="display-name")
    return _any_change(fact, change, old, new)


def _wider(fact: FactKind, change: Change, old: Version, new: Version) -> Reason:
    if change.kind is ChangeKind.ADDED:
        return _added(fact, change, old, new)
    if change.kind is ChangeKind.REMOVED:
        return _reason(fact, change, Verdict.EDITORIAL, f"no longer includes '{_label(change)}'")
    delta = Delta.of(change)
    message = _changed_message(fact, change, delta)
    if delta.touches(fact.widened_by, delta.gained, delta.replaced):
        if fact.name == "collects" and "sensitive" in delta.gained:
            return Reason("sensitive-information", Verdict.MATERIAL,
                          f"marks '{_label(change)}' as sensitive information", change)
        note = _consent_note(change, old) if fact.name == "use" else None
        return _reason(fact, change, Verdict.MATERIAL, message, note)
    reworded = [name for name in delta.touches(fact.reworded_by, delta.replaced)
                if words(str(delta.replaced[name][0])) != words(str(delta.replaced[name][1]))]
    if reworded:
        return _reason(fact, change, Verdict.DECISION, message, rule="reworded-fact",
                       decide="decide whether the practice changed or only its wording")
    if delta.touches(fact.widened_by, delta.lost):
        return _reason(fact, change, Verdict.EDITORIAL, message)
    return _reason(fact, change, Verdict.EDITORIAL, message, rule="editorial")


def _unless_removed(fact: FactKind, change: Change, old: Version, new: Version) -> Reason:
    if change.kind is ChangeKind.REMOVED:
        return _reason(fact, change, Verdict.EDITORIAL, f"no longer includes '{_label(change)}'")
    if change.kind is ChangeKind.ADDED:
        return _added(fact, change, old, new)
    return _reason(fact, change, Verdict.MATERIAL, _changed_message(fact, change, Delta.of(change)))


def _longer(fact: FactKind, change: Change, old: Version, new: Version) -> Reason:
    if change.kind is ChangeKind.REMOVED:
        return _reason(fact, change, Verdict.MATERIAL, f"no longer says how long '{_label(change)}' is kept")
    before, after = (next(((f.old, f.new) for f in change.fields if f.field == "period"), (None, None)))
    days_before, days_after = _days(before), _days(after)
    if change.kind is ChangeKind.CHANGED and days_before is not None and days_after is not None \
            and days_after <= days_before:
        return Reason("shorter-retention", Verdict.EDITORIAL, f"shortens retention in '{_label(change)}'", change)
    return _reason(fact, change, Verdict.MATERIAL, fact.message.format(label=_label(change)))


def _editorial(fact: FactKind, change: Change, old: Version, new: Version) -> Reason:
    return _reason(fact, change, Verdict.EDITORIAL, f"{change.kind.value} '{_label(change)}' ({fact.title.lower()})",
                   rule="editorial")


MATERIALITY_RULES: dict[Materiality, Rule] = {
    Materiality.ANY_CHANGE: _any_change,
    Materiality.WIDER: _wider,
    Materiality.UNLESS_REMOVED: _unless_removed,
    Materiality.SAME_ADDRESS: _same_address,
    Materiality.LONGER: _longer,
    Materiality.EDITORIAL: _editorial,
}
"""How each materiality of the registry of fact kinds is decided; a test checks that none is missing."""


def _lost_protection(fact: FactKind, change: Change) -> Reason | None:
    """A protection dropped (a flag turned off, a channel dropped, or the whole fact removed) is material."""
    # Removing a fact about processing narrows it; removing a statement that only protects readers
    # (an `EDITORIAL` kind such as the change policy) takes the protection away.
    if change.kind is ChangeKind.ADDED or (change.kind is ChangeKind.REMOVED
                                           and fact.materiality is not Materiality.EDITORIAL):
        return None
    delta = Delta.of(change)
    lost = delta.touches(fact.protections, delta.lost)
    if not lost:
        return None
    what = "; ".join(f"{_field_words(n)} {_quoted(delta.lost[n]) if delta.lost[n] else 'turned off'}" for n in lost)
    verb = "removes" if change.kind is ChangeKind.REMOVED else "narrows"
    return Reason("removed-protection", Verdict.MATERIAL,
                  f"{verb} a protection in the {fact.title.lower()} '{_label(change)}': {what}", change)


def fact_reason(change: Change, old: Version, new: Version) -> Reason:
    """The reason for a change to a fact, by its kind's materiality (and its protections)."""
    assert change.fact is not None
    fact = KINDS[change.fact]
    return _lost_protection(fact, change) or MATERIALITY_RULES[fact.materiality](fact, change, old, new)
