"""Ids for a draft: the source's explicit anchors, else the slug its own site generates, else lead-in words.

Every anchor the source had that is not the unit's id becomes an alias, so inbound links survive.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator

from ...source.model.base import ID_PATTERN
from .draft import DraftCell, DraftItem, DraftList, DraftSection, DraftTable, ImportDraft
from .slugs import LEAD_WORDS, lead_in, to_id, unique

ANCHOR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def _valid_id(value: str) -> bool:
    return re.fullmatch(ID_PATTERN, value) is not None and len(value) <= 80


def items_of(section: DraftSection) -> Iterator[DraftItem]:
    """Every list item of a section's own blocks (table cells included), nested ones too."""

    def walk(items: list[DraftItem]) -> Iterator[DraftItem]:
        for item in items:
            yield item
            yield from walk(item.items)

    for block in section.blocks:
        if isinstance(block, DraftList):
            yield from walk(block.items)
        elif isinstance(block, DraftTable):
            for row in block.rows:
                for cell in row:
                    if isinstance(cell, DraftCell):
                        yield from walk(cell.items)


def _section_candidates(section: DraftSection, parent: str | None) -> list[str]:
    explicit = next((a for a in section.anchors if a), None)
    base = explicit or section.slug
    first = base if _valid_id(base) else to_id(base)
    return [first, f"{parent}-{first}"[:80].strip("-") if parent else f"{first}-section"]


def assign_ids(draft: ImportDraft) -> None:
    """Give every section and item its id and aliases (in place)."""
    parents: dict[Hashable, str | None] = {}

    def collect(sections: list[DraftSection], parent: DraftSection | None) -> None:
        for section in sections:
            parents[section] = parent.slug if parent else None
            collect(section.sections, section)

    collect(draft.sections, None)
    sections = draft.all_sections()
    ids = unique(sections, lambda s: _section_candidates(s, parents[s]), set())
    for section in sections:
        section.id = ids[section]
        section.aliases = _aliases([*section.anchors, section.slug], section.id)
    owner = {item: section for section in sections for item in items_of(section)}
    item_ids = unique(list(owner), lambda i: _item_candidates(i, owner[i]), set(ids.values()))
    for item, item_id in item_ids.items():
        item.id = item_id
        item.aliases = _aliases(item.anchors, item_id)


def _item_candidates(item: DraftItem, section: DraftSection) -> list[str]:
    words = item.words() or "item"
    leads = [lead_in(words, n) for n in LEAD_WORDS]
    return [*leads, f"{section.id}-{leads[-1]}"[:80].strip("-")]


def _aliases(anchors: list[str], own_id: str) -> list[str]:
    found: list[str] = []
    for anchor in anchors:
        if anchor and anchor != own_id and ANCHOR.match(anchor) and anchor not in found:
            found.append(anchor)
    return found
