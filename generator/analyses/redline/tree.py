"""One version's document as a tree of units to align, and what a build learns about each version once.

A build compares every version with the one before it and with the version in force, so each version
takes part in several comparisons (the version in force in nearly all of them). What does not depend on
the other version of a pair is kept per version (`VersionMemo`): the facets each unit states, and the
merged units of parts found unchanged in a comparison, which are the same whichever older version they
were compared with. A memo belongs to the version object itself (found by its id, checked against a weak
reference, so a reused id never finds another version's memo), so it is exact. It lives as long as the
version, at most `REMEMBERED_VERSIONS` at a time: under `mkdocs serve`, an unchanged version file gives the
same `Version` object on every rebuild (library/reuse.py), so its memo serves every rebuild.
"""

from __future__ import annotations

import functools
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ...source.fact_kinds import Place, kinds_at
from ...source.model import Block, ContactBlock, Item, ListBlock, Section, Table, TableCell, Version
from .model import Unit, UnitKind, depth_first
from .shown_text import cell_text, contact_text

FACETS = kinds_at(Place.FACET)
REMEMBERED_VERSIONS = 128
"""Versions whose memo is kept: a build's comparisons reuse a version soon after its first one."""

_FACET_NAMES: dict[type, frozenset[str]] = {}


def _facet_names(cls: type) -> frozenset[str]:
    """The facets a unit of this class can state (its model's fields; the models forbid extra fields)."""
    names = _FACET_NAMES.get(cls)
    if names is None:
        fields = getattr(cls, "model_fields", {})
        names = _FACET_NAMES[cls] = frozenset(f.name for f in FACETS if f.name in fields or hasattr(cls, f.name))
    return names


class VersionMemo:
    """What comparisons learn about one version that holds whichever version it is compared with."""

    def __init__(self, version: Version) -> None:
        key = id(version)
        # Held weakly: the memo goes with its version (an edited file's old version is not kept alive by it).
        self.version = weakref.ref(version, lambda _: _forget(key))
        self.facets_by_part: dict[int, dict[str, Any]] = {}
        """Facets by the id of the part stating them; the parts live as long as their version, hence the memo."""
        self.unchanged: dict[str, tuple[object, Unit]] = {}
        """Merged units of this version's parts found unchanged as a whole (as the newer version), by key."""

    def facets(self, part: object) -> dict[str, Any]:
        """The facets a part of the version states, by name (None when not stated)."""
        names = _facet_names(type(part))
        if not names:  # a table row (a list of cells, made anew for each comparison) states none
            return {}
        found = self.facets_by_part.get(id(part))
        if found is None:
            found = self.facets_by_part[id(part)] = {name: getattr(part, name) for name in names}
        return found

    newer: NewerSide | None = None
    """The version's tree as the newer one of a comparison, and its units by key (see `keep_newer`)."""

    def keep_newer(self, side: NewerSide) -> None:
        """Keep the version's tree as the newer one, for the next comparisons: a comparison re-keys the older
        version's tree only, and the version in force is the newer one in every comparison with it. One tree
        is kept at a time (a version is the newer one of its comparisons in a row)."""
        for holder in _NEWER:
            holder.newer = None
        _NEWER[:] = [self]
        self.newer = side

    def unchanged_unit(self, part: object, key: str) -> Unit | None:
        """The merged unit of `part` (a section, block or item of this version) unchanged under `key`, if known."""
        found = self.unchanged.get(key)
        return found[1] if found is not None and found[0] is part else None


_MEMOS: OrderedDict[int, VersionMemo] = OrderedDict()
_NEWER: list[VersionMemo] = []


def memo_of(version: Version) -> VersionMemo:
    """The memo of `version`, the least recently used one forgotten beyond `REMEMBERED_VERSIONS`."""
    memo = _MEMOS.get(id(version))
    if memo is None or memo.version() is not version:
        memo = _MEMOS[id(version)] = VersionMemo(version)
        while len(_MEMOS) > REMEMBERED_VERSIONS:
            _MEMOS.popitem(last=False)
    _MEMOS.move_to_end(id(version))
    return memo


def _forget(key: int) -> None:
    found = _MEMOS.get(key)
    if found is not None and found.version() is None:
        del _MEMOS[key]


def forget_versions() -> None:
    """Drop every memo (tests; a long-lived process that wants the memory back)."""
    _MEMOS.clear()
    for holder in _NEWER:
        holder.newer = None
    _NEWER.clear()


@dataclass(eq=False)
class Node:
    """A unit of one version, with what is needed to align it."""

    kind: UnitKind
    key: str
    id: str | None
    node: Any
    section: str | None  # the section the unit is in (for a section: its parent section)
    parent: str  # what a move is measured against: parent section, item or named list
    depth: int
    memo: VersionMemo
    title: str | None = None
    position: int = 0  # 1-based among its parent's children in its own version
    text: str | None = None
    children: list[Node] = field(default_factory=list)
    same_as: Node | None = None
    """For an older version's top-level section equal to the newer version's (see `version_tree`), that
    section's node; the older one is then made without children."""

    def walk(self) -> Iterator[Node]:
        """This unit and all it holds, in reading order."""
        return depth_first(self)

    @functools.cached_property
    def facets(self) -> dict[str, Any]:
        """The facets the unit states, by name (None when not stated)."""
        return self.memo.facets(self.node)


def set_key(node: Node, key: str) -> None:
    """Re-key an anonymous unit; a table's rows and a row's cells are keyed under it."""
    node.key = key
    if node.kind is UnitKind.ROW:
        for position, cell in enumerate(node.children, 1):
            cell.key = f"{key}/cell-{position}"
    elif node.kind is UnitKind.TABLE:
        for row in node.children:
            set_key(row, f"{key}/{row.key.rsplit('/', 1)[1]}")


@dataclass(frozen=True)
class NewerSide:
    """A version's tree as the newer one of its comparisons, its units by key, and whether their keys were
    distinct before they were indexed (no id repeated)."""

    roots: list[Node]
    by_key: dict[str, Node]
    distinct: bool
    inside: dict[str, dict[str, Node]] = field(default_factory=dict)
    """The units inside each top-level section by key, as found (equal_sections.py); the newer tree is never
    re-keyed, so they hold for its life."""


def version_tree(version: Version, prefix: str, equal: frozenset[int] = frozenset()) -> list[Node]:
    """The version's top-level sections as trees; anonymous blocks are keyed `<section>/<prefix>block-<n>`.

    A section whose position is in `equal` (the older version's sections equal to the newer version's: align.py)
    is made as a node without children, which align.py pairs with the newer version's node.
    """
    builder = _TreeBuilder(version, prefix)
    return [Node(UnitKind.SECTION, s.id, s.id, s, None, "", 1, builder.memo, title=s.title) if position in equal
            else builder.section(s, None, 1) for position, s in enumerate(version.sections)]


class _TreeBuilder:
    def __init__(self, version: Version, prefix: str) -> None:
        self.contacts = {c.id: c for c in version.contacts}
        self.prefix = prefix
        self.memo = memo_of(version)

    def section(self, sec: Section, parent: str | None, depth: int) -> Node:
        node = Node(UnitKind.SECTION, sec.id, sec.id, sec, parent, parent or "", depth, self.memo, title=sec.title)
        for position, block in enumerate(sec.blocks, 1):
            node.children.append(self.block(block, sec.id, position, depth))
        node.children += [self.section(sub, sec.id, depth + 1) for sub in sec.sections]
        return node

    def block(self, block: Block, section: str, position: int, depth: int) -> Node:
        anonymous = f"{section}/{self.prefix}block-{position}"
        if isinstance(block, Table):
            return self.table(block, block.id or anonymous, section, depth)
        if isinstance(block, ListBlock):
            node = Node(UnitKind.LIST, block.id or anonymous, block.id, block, section, section, depth, self.memo)
            # Items of an unnamed list belong to the section: the list has no identity to move from.
            node.children = self.items(block.items, section, block.id or section, 1)
            return node
        if isinstance(block, ContactBlock):
            text = contact_text(self.contacts.get(block.contact), block.contact)
            return Node(UnitKind.CONTACT, anonymous, None, block, section, section, depth, self.memo, text=text)
        return Node(UnitKind.PARAGRAPH, block.id or anonymous, block.id, block, section, section, depth, self.memo,
                    title=block.title, text=block.text)

    def table(self, table: Table, key: str, section: str, depth: int) -> Node:
        node = Node(UnitKind.TABLE, key, table.id, table, section, section, depth, self.memo, text=table.caption)
        rows: list[tuple[str, list[TableCell]]] = [("header", list(table.header))]
        rows += [(f"{self.prefix}row-{n}", row) for n, row in enumerate(table.rows, 1)]
        for name, cells in rows:
            row = Node(UnitKind.ROW, f"{key}/{name}", None, cells, section, key, depth, self.memo)
            row.children = [Node(UnitKind.CELL, "", None, cell, section, row.key, depth, self.memo,
                                 text=cell_text(cell)) for cell in cells]
            set_key(row, row.key)
            node.children.append(row)
        return node

    def items(self, items: list[Item], section: str, parent: str, depth: int) -> list[Node]:
        nodes = []
        for item in items:
            node = Node(UnitKind.ITEM, item.id, item.id, item, section, parent, depth, self.memo,
                        title=item.title, text=item.text)
            node.children = self.items(item.items, section, item.id, depth + 1)
            nodes.append(node)
        return nodes
