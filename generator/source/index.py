"""An index of one version's ids: what each id names and where it is in the YAML."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .fact_kinds import Place, kinds_at
from .inline import plain
from .model import Cell, ContactBlock, Facets, Item, ListBlock, Paragraph, Section, Table, Version
from .problems import Loc

_NEVER_HAS: dict[tuple[type, str], bool] = {}
"""Per class and name: whether no instance has it (`_never_has`)."""


def _never_has(cls: type, name: str) -> bool:
    """Whether no instance of `cls` has `name`: a schema model without such a field or class attribute, which
    forbids other keys. Asking one for it anyway raises and catches AttributeError (pydantic's `__getattr__`)."""
    return (issubclass(cls, BaseModel) and cls.model_config.get("extra") == "forbid"
            and name not in cls.model_fields and not hasattr(cls, name))


def node_attribute(node: object, name: str, default: Any = None) -> Any:
    """`getattr(node, name, default)`, answered at once for a node whose model has no such field."""
    never = _NEVER_HAS.get((type(node), name))
    if never is None:
        never = _NEVER_HAS[type(node), name] = _never_has(type(node), name)
    return default if never else getattr(node, name, default)


@dataclass(frozen=True)
class Entry:
    """Something with an id: a section, paragraph, list, item or fact."""

    id: str
    kind: str
    loc: Loc
    node: Any


def _walk_items(items: list[Item], loc: Loc) -> Iterator[Entry]:
    for index, item in enumerate(items):
        here = (*loc, index)
        yield Entry(item.id, "item", here, item)
        yield from _walk_items(item.items, (*here, "items"))


def walk_sections(sections: list[Section], loc: Loc = ("sections",)) -> Iterator[Entry]:
    """Every section, paragraph, list and list item, in document order."""
    for index, section in enumerate(sections):
        here = (*loc, index)
        yield Entry(section.id, "section", here, section)
        for b_index, block in enumerate(section.blocks):
            b_loc = (*here, "blocks", b_index)
            if isinstance(block, ListBlock):
                if block.id:
                    yield Entry(block.id, "list", b_loc, block)
                yield from _walk_items(block.items, (*b_loc, "items"))
            elif isinstance(block, Paragraph):
                yield Entry(block.id or "", "paragraph", b_loc, block)
            elif isinstance(block, ContactBlock):
                yield Entry("", "contact-block", b_loc, block)
            elif isinstance(block, Table):
                yield Entry(block.id or "", "table", b_loc, block)
                for r_index, row in enumerate(block.rows):
                    for c_index, cell in enumerate(row):
                        if isinstance(cell, Cell):
                            yield from _walk_items(cell.items, (*b_loc, "rows", r_index, c_index, "items"))
        yield from walk_sections(section.sections, (*here, "sections"))


@dataclass
class VersionIndex:
    """Ids of one version, by kind, with the place of each.

    Worked out on first use, from the version (a frozen model): a rebuild whose pages all come from the cache
    reads the ids of few of its versions, and indexing every version cost every load about 0.4 ms a version.
    """

    version: Version

    @classmethod
    def build(cls, version: Version) -> VersionIndex:
        return cls(version)

    @functools.cached_property
    def entries(self) -> list[Entry]:
        entries = list(walk_sections(self.version.sections))
        for kind in kinds_at(Place.LIST):
            if kind.key == "id":
                for position, fact in enumerate(getattr(self.version, kind.name)):
                    entries.append(Entry(fact.id, kind.name, (kind.name, position), fact))
        return entries

    @functools.cached_property
    def by_id(self) -> dict[str, Entry]:
        by_id: dict[str, Entry] = {}
        for entry in self.entries:
            if entry.id:
                by_id.setdefault(entry.id, entry)
        return by_id

    def of_kind(self, kind: str) -> dict[str, Any]:
        return {e.id: e.node for e in self.entries if e.kind == kind and e.id}

    def with_facet(self, facet: str) -> dict[str, Facets]:
        """Paragraphs and items that carry `facet` (e.g. 'collects'), by id."""
        return {
            e.id: e.node
            for e in self.entries
            if e.id and isinstance(e.node, Facets) and getattr(e.node, facet) is not None
        }

    def faceted(self) -> Iterator[Entry]:
        return (e for e in self.entries if isinstance(e.node, Facets))

    def contact(self, contact_id: str) -> Any:
        return self.of_kind("contacts").get(contact_id)

    def section_ids(self) -> set[str]:
        return {e.id for e in self.entries if e.kind == "section"}

    def aliases(self) -> set[str]:
        """Every alias anchor of a section, paragraph or item."""
        return {alias for e in self.entries for alias in node_attribute(e.node, "aliases", ())}

    def texts(self) -> list[tuple[Loc, str]]:
        """Every prose string with its place, for link and text checks.

        Not kept: only the reference check reads them all, once, and a thousand loaded versions would keep
        20 MB of them (the citation checks keep `plain_texts`, of the few versions they check).
        """
        return list(self._walk_texts())

    @functools.cached_property
    def plain_texts(self) -> list[tuple[Loc, str]]:
        """`texts()` without their markup (`inline.plain`): the words a reader sees. Kept: the citation checks
        read every plain text of the version many times."""
        return [(loc, plain(text)) for loc, text in self._walk_texts()]

    def _walk_texts(self) -> Iterator[tuple[Loc, str]]:
        for entry in self.entries:
            node = entry.node
            if isinstance(node, (Paragraph, Item)):
                for key in ("title", "text", "after"):
                    value = node_attribute(node, key)
                    if value:
                        yield (*entry.loc, key), value
            elif isinstance(node, Section) and node.title:
                yield (*entry.loc, "title"), node.title
            elif isinstance(node, Table):
                yield from _table_texts(node, entry.loc)


def _table_texts(table: Table, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if table.caption:
        yield (*loc, "caption"), table.caption
    for c_index, heading in enumerate(table.header):
        yield (*loc, "header", c_index), heading
    for r_index, row in enumerate(table.rows):
        for c_index, cell in enumerate(row):
            if isinstance(cell, str):
                yield (*loc, "rows", r_index, c_index), cell
            elif cell.text:
                yield (*loc, "rows", r_index, c_index, "text"), cell.text
