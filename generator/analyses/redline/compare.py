"""`compare()`: the summary of what changed between two versions, from their data.

Facts are compared as facts (a new `collects` facet is "information collected: added" whatever
the prose says); prose is compared word by word. Each change is reported once: a unit that
carries facts is reported under its facts' categories, other units under "wording", and the
contents of an added or removed section or item are covered by that one change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, JsonValue

from ...source.fact_kinds import KINDS, Category, FactKind, Place, kinds_at
from ...source.inline import plain
from ...source.model import Retention, Transfer, Version
from ...source.regions import region_name
from .align import Alignment, align
from .model import Change, ChangeKind, FieldChange, Redline, Unit, UnitKind, UnitStatus
from .tree import Node

LABEL_WORDS = 8
# Version fields compared by purpose above; `effective`, `summary`, `announced`, `change` and
# `illustrative` describe the versions themselves (the redline's header, the site's history), not a change
# to the notice.
VERSION_METADATA = frozenset({"effective", "summary", "announced", "change", "illustrative"})
FACETS = kinds_at(Place.FACET)
HANDLED = frozenset({*VERSION_METADATA, "sections", "jurisdictions", "key_information",
                     *(kind.name for kind in kinds_at(Place.LIST) + kinds_at(Place.SINGLE))})


def first_words(text: str, count: int = LABEL_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def node_label(node: Node) -> str:
    """What a reader would call the unit: its title, else the start of its text."""
    if node.title:
        return plain(node.title)
    if node.kind is UnitKind.CONTACT:
        return "Contact details: " + first_words(node.text or "", 4)
    if node.kind is UnitKind.TABLE:
        return "Table: " + (first_words(plain(node.text)) if node.text else first_words(" | ".join(
            plain(cell.text or "") for cell in node.children[0].children)))
    if node.kind is UnitKind.ROW:
        return "Table row: " + first_words(plain(node.children[0].text or "") if node.children else "")
    if node.text:
        return first_words(plain(node.text))
    return f"List {node.id}" if node.id else "List"


def fact_label(fact: BaseModel) -> str:
    """A fact's name or title; a transfer's route; a retention rule's period or criteria."""
    for name in ("name", "title", "period"):
        value = getattr(fact, name, None)
        if value:
            return str(value)
    if isinstance(fact, Transfer):
        origins = ", ".join(region_name(o) for o in fact.origins)
        return f"{origins} to {fact.destination}"
    if isinstance(fact, Retention) and fact.criteria:
        return first_words(fact.criteria)
    return str(getattr(fact, "id", ""))


ANNOTATIONS = frozenset({"quote", "unstated_reason"})
"""Fields that say where a fact's words are, not what the fact is: no change of the fact."""


def _values(model: BaseModel | None) -> dict[str, JsonValue]:
    return {} if model is None else model.model_dump(mode="json", exclude={"id", *ANNOTATIONS})


def same_fact(old: BaseModel | None, new: BaseModel | None) -> bool:
    """Equal facts, annotations aside (a quote added to a fact does not change it)."""
    if old is new or (old is not None and old == new):  # equal models dump alike: skip the dumps
        return True
    return (old is None) == (new is None) and _values(old) == _values(new)


def field_changes(old: BaseModel | None, new: BaseModel | None, only: set[str] | None = None,
                  skip: frozenset[str] = frozenset()) -> tuple[FieldChange, ...]:
    """Fields whose values differ; for an added or removed fact, the fields it states."""
    before, after = _values(old), _values(new)
    names = [*after, *(k for k in before if k not in after)]
    found = []
    for name in names:
        if name in skip or (only is not None and name not in only):
            continue
        a, b = before.get(name), after.get(name)
        if (old is None or new is None) and a in (None, [], {}, False) and b in (None, [], {}, False):
            continue  # unstated defaults say nothing about the added or removed fact
        if a != b:
            found.append(FieldChange(name, a, b))
    return tuple(found)


def _json(value: object) -> JsonValue:
    """Regions and other enums as their YAML spelling."""
    if isinstance(value, list):
        return [str(v) for v in value]
    return None if value is None else str(value)


def _kind(old: object, new: object) -> ChangeKind:
    return ChangeKind.ADDED if old is None else ChangeKind.REMOVED if new is None else ChangeKind.CHANGED


class _Summary:
    def __init__(self, alignment: Alignment, old: Version, new: Version) -> None:
        self.a = alignment
        self.old, self.new = old, new
        self.changes: list[Change] = []

    def add(self, category: Category, kind: ChangeKind, id: str, label: str,
            fields: tuple[FieldChange, ...] = (), fact: FactKind | None = None) -> None:
        self.changes.append(Change(category, kind, id, label, fields, fact.name if fact else None))

    def scope(self) -> None:
        for name, label in (("jurisdictions", "Regions the notice addresses"),
                            ("key_information", "Key information section")):
            before, after = getattr(self.old, name), getattr(self.new, name)
            if before != after:
                fields = (FieldChange(name, _json(before), _json(after)),)
                self.add(Category.NOTICE, ChangeKind.CHANGED, name, label, fields)
        # Fields added to the schema later are still reported, if only as raw values.
        for name in type(self.new).model_fields:
            if name not in HANDLED and getattr(self.old, name) != getattr(self.new, name):
                before = self.old.model_dump(mode="json", include={name}).get(name)
                after = self.new.model_dump(mode="json", include={name}).get(name)
                self.add(Category.NOTICE, ChangeKind.CHANGED, name, name.replace("_", " ").capitalize(),
                         (FieldChange(name, before, after),))
        for fact in kinds_at(Place.SINGLE):
            before, after = getattr(self.old, fact.name), getattr(self.new, fact.name)
            if not same_fact(before, after):
                shown = after or before
                label = getattr(shown, "name", None) or fact.title
                self.add(fact.category, _kind(before, after), fact.name, label, field_changes(before, after), fact)

    def fact_lists(self) -> None:
        for fact in kinds_at(Place.LIST):
            key = fact.key or "id"
            olds = {getattr(f, key): f for f in getattr(self.old, fact.name)}
            news = {getattr(f, key): f for f in getattr(self.new, fact.name)}
            for fact_id in [*news, *(i for i in olds if i not in news)]:
                before, after = olds.get(fact_id), news.get(fact_id)
                shown = after if after is not None else before
                if not same_fact(before, after) and shown is not None:
                    label = fact_label(shown)
                    self.add(fact.category, _kind(before, after), fact_id, label, field_changes(before, after), fact)

    def supplements(self, old_ids: Sequence[str], new_ids: Sequence[str]) -> None:
        for notice_id in new_ids:
            if notice_id not in old_ids:
                self.add(Category.SUPPLEMENTS, ChangeKind.ADDED, notice_id, notice_id)
        for notice_id in old_ids:
            if notice_id not in new_ids:
                self.add(Category.SUPPLEMENTS, ChangeKind.REMOVED, notice_id, notice_id)

    def units(self, units: Sequence[Unit], parent_added: bool = False, parent_removed: bool = False) -> None:
        for unit in units:
            if unit.move is None and unit.key in self.a.unchanged:
                continue  # equal data throughout, and not moved: nothing to report
            old, new = self.a.pair(unit.key)
            shown = new if new is not None else old
            assert shown is not None
            label = node_label(shown)
            facts_changed = self.facets(unit.key, label, old, new)
            covered = (unit.status is UnitStatus.ADDED and parent_added) or (
                unit.status is UnitStatus.REMOVED and parent_removed)
            if not covered:
                self.unit(unit, label, shown, old, new, facts_changed)
            # Lists have no words of their own, so their items are covered by the list's parent.
            if unit.kind is UnitKind.LIST:
                self.units(unit.children, parent_added, parent_removed)
            else:
                self.units(unit.children, unit.status is UnitStatus.ADDED, unit.status is UnitStatus.REMOVED)

    def facets(self, key: str, label: str, old: Node | None, new: Node | None) -> bool:
        changed = False
        for fact in FACETS:
            before: Any = old.facets.get(fact.name) if old else None
            after: Any = new.facets.get(fact.name) if new else None
            if same_fact(before, after):
                continue
            changed = True
            kind = _kind(before, after)
            if fact.name == "use" and kind is ChangeKind.CHANGED:
                # Which legal bases a use relies on is a legal-basis change, whatever else changed.
                bases = field_changes(before, after, only={"legal_bases"})
                if bases:
                    legal_basis = KINDS["legal_basis"]
                    self.add(legal_basis.category, kind, key, label, bases, legal_basis)
                rest = field_changes(before, after, skip=frozenset({"legal_bases"}))
                if rest:
                    self.add(fact.category, kind, key, label, rest, fact)
            else:
                self.add(fact.category, kind, key, label, field_changes(before, after), fact)
        return changed

    def unit(self, unit: Unit, label: str, shown: Node, old: Node | None, new: Node | None,
             facts_changed: bool) -> None:
        is_section = unit.kind is UnitKind.SECTION
        category = Category.SECTIONS if is_section else Category.WORDING
        if old is None or new is None:
            has_facts = any(value is not None for value in shown.facets.values())
            if is_section or not (has_facts or unit.kind is UnitKind.LIST):
                self.add(category, _kind(old, new), unit.key, label)
            return
        if unit.move is not None:
            if unit.move.reordered:
                fields = (FieldChange("position", old.position, new.position),)
            else:
                fields = (FieldChange("parent", unit.move.from_parent, unit.move.to_parent),)
            self.add(category, ChangeKind.MOVED, unit.key, label, fields)
        if unit.renamed and unit.title is not None:
            self.add(category, ChangeKind.RENAMED, unit.key, label,
                     (FieldChange("title", unit.title.old or None, unit.title.new or None),))
        if is_section:
            if old.node.jurisdictions != new.node.jurisdictions:
                fields = (FieldChange("jurisdictions", _json(old.node.jurisdictions), _json(new.node.jurisdictions)),)
                self.add(category, ChangeKind.CHANGED, unit.key, label, fields)
            return
        if unit.text is not None and unit.text.changed and not facts_changed and unit.kind is not UnitKind.CONTACT:
            self.add(category, ChangeKind.REWORDED, unit.key, label)
        if unit.markup_changed:
            self.add(category, ChangeKind.CHANGED, unit.key, label, _format_fields(old, new))


def _format_fields(old: Node, new: Node) -> tuple[FieldChange, ...]:
    fields = []
    for name in ("title", "text"):
        before, after = getattr(old, name), getattr(new, name)
        if old.kind is not UnitKind.CONTACT and before != after and plain(before or "") == plain(after or ""):
            fields.append(FieldChange(f"{name} markup", before, after))
    for name in ("numbered", "contact"):
        before, after = getattr(old.node, name, None), getattr(new.node, name, None)
        if before != after:
            fields.append(FieldChange(name, before, after))
    return tuple(fields)


def compare(old: Version, new: Version, old_supplements: Sequence[str] | None = None,
            new_supplements: Sequence[str] | None = None) -> Redline:
    """The redline from `old` to `new`; supplements are ids of the notices supplementing each version."""
    alignment = align(old, new)
    summary = _Summary(alignment, old, new)
    summary.scope()
    summary.fact_lists()
    summary.supplements(list(old_supplements or ()), list(new_supplements or ()))
    summary.units(alignment.units)
    order = list(Category)
    # Stable sort: within a category, changes stay in the order found (document order).
    changes = sorted(summary.changes, key=lambda c: order.index(c.category))
    return Redline(old, new, tuple(changes), alignment.units)
