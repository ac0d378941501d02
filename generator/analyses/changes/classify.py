"""Is a change material? Derived from the data, reason by reason (see change-notices.md).

Material (WP260 para 29, Colorado rule 6.04, FTC practice): a new purpose or use, a new kind of
information (above all sensitive), a new recipient, a new international transfer, a changed
legal basis, a change of controller, a changed way to exercise rights or contact us, longer
retention. Wording, order and structure alone are editorial.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...source.index import VersionIndex
from ...source.model import Version
from ..redline import Category, Change, ChangeKind, Redline, compare


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


def _grew(change: Change, name: str) -> bool:
    """True when the list field `name` gained an entry."""
    old, new = _fields(change).get(name, (None, None))
    return bool(set(new or []) - set(old or [])) if isinstance(new, list) else False


def _recipient_names(change: Change, new: Version) -> str:
    names = {r.id: r.name for r in new.recipients}
    _, ids = _fields(change).get("recipients", (None, []))
    return ", ".join(f"'{names.get(i, i)}'" for i in ids or []) or "new recipients"


def _reason(change: Change, new: Version) -> Reason:
    label, kind, category = change.label.rstrip(".: "), change.kind, change.category
    added = kind is ChangeKind.ADDED
    if category is Category.COLLECTED and (added or _grew(change, "data") or _grew(change, "sources")):
        item = VersionIndex.build(new).with_facet("collects").get(change.id)
        if item is not None and item.collects is not None and item.collects.sensitive:
            return Reason("sensitive-information", True, f"adds the sensitive kind of information '{label}'", change)
        return Reason("new-information", True, f"adds the kind of information '{label}'", change)
    if category is Category.USES and (added or "purpose" in _fields(change) or _grew(change, "information")):
        return Reason("new-use", True, f"adds the use '{label}'", change)
    if category is Category.RECIPIENTS and (added or _grew(change, "recipients") or "category" in _fields(change)):
        if change.id in {r.id for r in new.recipients}:
            return Reason("new-recipient", True, f"adds the recipient '{label}'", change)
        where = f"'{label}' discloses information to {_recipient_names(change, new)}"
        return Reason("new-recipient", True, where, change)
    if category is Category.TRANSFERS and kind is not ChangeKind.REMOVED:
        return Reason("new-transfer", True, f"adds or changes the international transfer '{label}'", change)
    if category is Category.LEGAL_BASES:
        return Reason("legal-basis", True, f"changes the legal basis of '{label}'", change)
    if category is Category.CONTROLLER:
        return Reason("controller", True, f"changes the controller to '{label}'", change)
    if category in (Category.CONTACTS, Category.SUPERVISORY_AUTHORITIES):
        return Reason("contact", True, f"changes how to contact us: '{label}'", change)
    if category is Category.RIGHTS and kind is not ChangeKind.ADDED:
        return Reason("rights", True, f"changes how to exercise the right in '{label}'", change)
    if category is Category.RETENTION:
        old, new_period = _fields(change).get("period", (None, None))
        before, after = _days(old), _days(new_period)
        if before is not None and after is not None and after <= before:
            return Reason("shorter-retention", False, f"shortens retention in '{label}'", change)
        return Reason("retention", True, f"changes retention in '{label}' (it may be longer)", change)
    if category is Category.CHILDREN:
        return Reason("children", True, "changes the position on children's information", change)
    if kind is ChangeKind.REMOVED and category in (Category.COLLECTED, Category.USES, Category.RECIPIENTS):
        return Reason("narrower", False, f"no longer includes '{label}'", change)
    return Reason("editorial", False, f"{kind.value} '{label}' ({category.value})", change)


def classify(old: Version, new: Version, redline: Redline | None = None) -> Classification:
    """Classify the change from `old` to `new`; pass `redline` when already computed."""
    redline = redline or compare(old, new)
    reasons = tuple(_reason(change, new) for change in redline.changes)
    return Classification(reasons, new.change.material if new.change else None)
