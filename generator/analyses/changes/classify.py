"""Is a change material? Derived from the data, reason by reason (see change-notices.md).

Material (WP260 para 29, Colorado rule 6.04, FTC practice): a new purpose or use, a new kind of
information (above all sensitive), a new recipient, a new international transfer, a changed
legal basis, a change of controller, a changed way to exercise rights or contact us, longer
retention. Wording, order and structure alone are editorial. Each kind of fact names its rule in
the registry (`source/fact_kinds.py`); `MATERIALITY_RULES` says how each rule decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ...source.fact_kinds import KINDS, FactKind, Materiality
from ...source.index import VersionIndex
from ...source.model import Version
from ..redline import Change, ChangeKind, Redline, compare


@dataclass(frozen=True)
class Reason:
    """One change and what it means for materiality, in words a reader of the notice understands."""

    rule: str
    material: bool
    message: str
    change: Change


@dataclass(frozen=True)
class Classification:
    """The tool's reading of a change, and the lawyer's decision when one is recorded."""

    reasons: tuple[Reason, ...]
    declared: bool | None

    @property
    def derived(self) -> bool:
        return any(reason.material for reason in self.reasons)

    @property
    def material(self) -> bool:
        """A lawyer's explicit `material:` wins over the derived classification."""
        return self.derived if self.declared is None else self.declared

    @property
    def material_reasons(self) -> list[Reason]:
        return [reason for reason in self.reasons if reason.material]

    @property
    def disagreement(self) -> str | None:
        """Why the declared classification contradicts the data, or None when they agree."""
        if self.declared is None or self.declared == self.derived:
            return None
        if self.declared is False:
            return "marked editorial, but " + "; ".join(r.message for r in self.material_reasons)
        return "marked material, but the data shows only editorial changes (wording, order or structure)"


_DURATION = re.compile(r"(\d+)\s*(day|week|month|year)s?", re.IGNORECASE)
_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def _days(text: object) -> int | None:
    match = _DURATION.search(str(text or ""))
    return int(match.group(1)) * _DAYS[match.group(2).lower()] if match else None


def _fields(change: Change) -> dict[str, tuple[object, object]]:
    return {f.field: (f.old, f.new) for f in change.fields}


def _widens(change: Change, name: str) -> bool:
    """Whether field `name` widens the fact: a list gains an entry, or any other value changes."""
    fields = _fields(change)
    if name not in fields:
        return False
    old, new = fields[name]
    if isinstance(old, list) or isinstance(new, list):
        return bool(set(new if isinstance(new, list) else []) - set(old if isinstance(old, list) else []))
    return True


def _recipient_names(change: Change, new: Version) -> str:
    names = {r.id: r.name for r in new.recipients}
    _, ids = _fields(change).get("recipients", (None, []))
    listed = ids if isinstance(ids, list) else []
    return ", ".join(f"'{names.get(i, i)}'" for i in listed) or "new recipients"


def _label(change: Change) -> str:
    return change.label.rstrip(".: ")


def _editorial(change: Change) -> Reason:
    return Reason("editorial", False, f"{change.kind.value} '{_label(change)}' ({change.category.value})", change)


def _material(fact: FactKind, change: Change, new: Version) -> Reason:
    label = _label(change)
    if fact.name == "collects":
        # A new kind of sensitive information weighs most (GDPR Art. 9, CPRA "sensitive personal information").
        item = VersionIndex.build(new).with_facet("collects").get(change.id)
        if item is not None and item.collects is not None and item.collects.sensitive:
            return Reason("sensitive-information", True, f"adds the sensitive kind of information '{label}'", change)
    recipients = _recipient_names(change, new) if "{recipients}" in fact.message else ""
    return Reason(fact.rule, True, fact.message.format(label=label, recipients=recipients), change)


Rule = Callable[[FactKind, Change, Version], Reason]


def _any_change(fact: FactKind, change: Change, new: Version) -> Reason:
    return _material(fact, change, new)


def _wider(fact: FactKind, change: Change, new: Version) -> Reason:
    if change.kind is ChangeKind.ADDED or any(_widens(change, name) for name in fact.widened_by):
        return _material(fact, change, new)
    if change.kind is ChangeKind.REMOVED:
        return Reason("narrower", False, f"no longer includes '{_label(change)}'", change)
    return _editorial(change)


def _unless_removed(fact: FactKind, change: Change, new: Version) -> Reason:
    return _editorial(change) if change.kind is ChangeKind.REMOVED else _material(fact, change, new)


def _unless_added(fact: FactKind, change: Change, new: Version) -> Reason:
    return _editorial(change) if change.kind is ChangeKind.ADDED else _material(fact, change, new)


def _longer(fact: FactKind, change: Change, new: Version) -> Reason:
    old, new_period = _fields(change).get("period", (None, None))
    before, after = _days(old), _days(new_period)
    if before is not None and after is not None and after <= before:
        return Reason("shorter-retention", False, f"shortens retention in '{_label(change)}'", change)
    return _material(fact, change, new)


def _never(fact: FactKind, change: Change, new: Version) -> Reason:
    return _editorial(change)


MATERIALITY_RULES: dict[Materiality, Rule] = {
    Materiality.ANY_CHANGE: _any_change,
    Materiality.WIDER: _wider,
    Materiality.UNLESS_REMOVED: _unless_removed,
    Materiality.UNLESS_ADDED: _unless_added,
    Materiality.LONGER: _longer,
    Materiality.EDITORIAL: _never,
}
"""How each materiality of the registry of fact kinds is decided; a test checks that none is missing."""


def _reason(change: Change, new: Version) -> Reason:
    """Facts by their kind's materiality rule; prose, structure and scope are editorial."""
    if change.fact is None:
        return _editorial(change)
    fact = KINDS[change.fact]
    return MATERIALITY_RULES[fact.materiality](fact, change, new)


def classify(old: Version, new: Version, redline: Redline | None = None) -> Classification:
    """Classify the change from `old` to `new`; pass `redline` when already computed."""
    redline = redline or compare(old, new)
    reasons = tuple(_reason(change, new) for change in redline.changes)
    return Classification(reasons, new.change.material if new.change else None)
