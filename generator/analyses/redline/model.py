"""What a redline is made of: word runs, aligned units of the document, and summary changes.

Everything here is plain, frozen data so that the formats (JSON, text, Markdown, HTML) are
pure functions of a `Redline` and can never disagree about what changed.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from pydantic import JsonValue

from ...source.fact_kinds import Category
from ...source.model import Version

_CATEGORY_ORDER = tuple(Category)
"""The summary's order of categories."""


class _Tree(Protocol):
    @property
    def children(self) -> Sequence[Any]: ...


T = TypeVar("T", bound=_Tree)


def depth_first(top: T) -> Iterator[T]:
    """`top` and all it holds, depth first, in reading order: with a stack, as generators nested as deep as
    each part would cost it as many steps as it is deep."""
    stack = [top]
    while stack:
        part = stack.pop()
        yield part
        stack.extend(reversed(part.children))


class Op(StrEnum):
    """What a run of text is: common to both versions, only in the new one, or only in the old one."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class Run:
    op: Op
    text: str


@dataclass(frozen=True)
class TextDiff:
    """A word-level diff of one text: equal+delete runs rebuild `old`, equal+insert runs rebuild `new`."""

    old: str
    new: str
    runs: tuple[Run, ...]

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def rebuild_old(self) -> str:
        return "".join(r.text for r in self.runs if r.op is not Op.INSERT)

    def rebuild_new(self) -> str:
        return "".join(r.text for r in self.runs if r.op is not Op.DELETE)


class UnitKind(StrEnum):
    SECTION = "section"
    PARAGRAPH = "paragraph"
    LIST = "list"
    ITEM = "item"
    CONTACT = "contact"
    TABLE = "table"
    ROW = "row"
    CELL = "cell"


class UnitStatus(StrEnum):
    """How a unit's own text compares; moves and renames are recorded separately and can combine."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class Move:
    """A unit found under another parent, or out of order among its siblings (then from == to)."""

    from_parent: str | None
    to_parent: str | None
    from_section: str | None
    from_section_title: str | None

    @property
    def reordered(self) -> bool:
        return self.from_parent == self.to_parent


@dataclass(frozen=True)
class Unit:
    """One section, paragraph, list, list item or contact block of the merged old+new document.

    `key` is the id when there is one; paragraphs, lists and contact blocks without id get
    `<section-id>/block-<n>` (n counts the section's blocks in the new version, or
    `old-block-<n>` in the old one for removed blocks), so keys are unique within a redline.
    """

    key: str
    id: str | None
    kind: UnitKind
    status: UnitStatus
    section: str | None
    depth: int
    title: TextDiff | None = None
    text: TextDiff | None = None
    move: Move | None = None
    numbered: bool = False
    markup_changed: bool = False
    facts: bool = False
    """The unit states facts (facets) in either version."""
    children: tuple[Unit, ...] = ()

    @property
    def renamed(self) -> bool:
        """Same id, different title (a title newly given or taken away counts too)."""
        whole = self.status in (UnitStatus.ADDED, UnitStatus.REMOVED)
        return not whole and self.title is not None and self.title.changed

    @property
    def has_changes(self) -> bool:
        return self.status is not UnitStatus.UNCHANGED or self.move is not None or self.markup_changed

    @functools.cached_property
    def unchanged_throughout(self) -> bool:
        """Neither the unit nor anything in it changed or moved."""
        return not self.has_changes and all(child.unchanged_throughout for child in self.children)

    def walk(self) -> Iterator[Unit]:
        """This unit and all it holds, in reading order."""
        return depth_first(self)

    @functools.cached_property
    def by_key(self) -> dict[str, Unit]:
        """This unit and all it holds by key, the last in reading order should two share one: asked of units
        unchanged throughout, each shared by the comparisons with its version (align.py)."""
        return {unit.key: unit for unit in self.walk()}


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"
    RENAMED = "renamed"
    REWORDED = "reworded"


@dataclass(frozen=True)
class FieldChange:
    """One field of a fact: its old and new value (None when the fact is added or removed)."""

    field: str
    old: JsonValue
    new: JsonValue


@dataclass(frozen=True)
class Change:
    """One line of the summary."""

    category: Category
    kind: ChangeKind
    id: str
    label: str
    fields: tuple[FieldChange, ...] = ()
    fact: str | None = field(default=None, compare=False)
    """The fact kind changed (a name in the registry of fact kinds); None for prose, sections and scope."""


@dataclass(frozen=True)
class Redline:
    """The comparison of two versions: the summary and the merged document with word diffs."""

    old: Version = field(repr=False)
    new: Version = field(repr=False)
    changes: tuple[Change, ...]
    units: tuple[Unit, ...]

    @property
    def is_empty(self) -> bool:
        return not self.changes and next(self.changed_units(), None) is None

    def walk(self) -> Iterator[Unit]:
        """Every unit of the merged document in reading order (removed units at their old place)."""
        for unit in self.units:
            yield from unit.walk()

    def changed_units(self) -> Iterator[Unit]:
        """The units that changed or moved, in reading order (parts unchanged throughout are not walked)."""
        return _changed(self.units)

    @functools.cached_property
    def units_by_key(self) -> dict[str, Unit]:
        """Every unit by its key (the last in reading order, should two share one)."""
        found: dict[str, Unit] = {}
        _by_key(self.units, found)
        return found

    def by_category(self) -> dict[Category, list[Change]]:
        """Changes grouped by category, categories in summary order, empty ones left out.

        The changes are read once, not once for every category (a page's redline asks twice: 3 ms of the
        comparisons an edit of the newest of 100 versions makes again)."""
        found: dict[Category, list[Change]] = {}
        for change in self.changes:
            found.setdefault(change.category, []).append(change)
        return {category: found[category] for category in _CATEGORY_ORDER if category in found}

    @property
    def old_effective(self) -> dt.date:
        return self.old.effective

    @property
    def new_effective(self) -> dt.date:
        return self.new.effective


def _by_key(units: tuple[Unit, ...], found: dict[str, Unit]) -> None:
    """Add `units` and all they hold to `found` by key, in reading order: as `found[unit.key] = unit` for each,
    but a part unchanged throughout all at once, from its own (`Unit.by_key`)."""
    for unit in units:
        if unit.unchanged_throughout:
            found.update(unit.by_key)
        else:
            found[unit.key] = unit
            _by_key(unit.children, found)


def _changed(units: tuple[Unit, ...]) -> Iterator[Unit]:
    for unit in units:
        if not unit.unchanged_throughout:
            if unit.has_changes:
                yield unit
            yield from _changed(unit.children)
