"""A draft with final ids, as the YAML data of a version (plain dicts, in the schema's key order)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...source.inline import links_in
from .draft import DraftCell, DraftItem, DraftList, DraftParagraph, DraftSection, DraftTable, ImportDraft, Note


class Assembler:
    def __init__(self, draft: ImportDraft) -> None:
        self.draft = draft
        self.paths: dict[int, str] = {}
        units: list[DraftSection | DraftItem] = [*draft.all_sections()]
        self.anchor_to_id: dict[str, str] = {}
        for unit in [*units, *_all_items(units)]:
            for alias in unit.aliases:
                self.anchor_to_id.setdefault(alias, unit.id)
        for unit in [*units, *_all_items(units)]:
            self.anchor_to_id[unit.id] = unit.id
        self.ids = {unit.id for unit in [*units, *_all_items(units)]}
        self.unresolved: list[tuple[str, str]] = []
        self.seen_aliases: set[str] = set()

    def version(self, effective: dt.date, summary: str) -> dict[str, Any]:
        data: dict[str, Any] = {"effective": effective, "summary": summary}
        if self.draft.date_line:
            data["date_line"] = self.text(self.draft.date_line)
        data["sections"] = [self.section(s, f"sections[{i}]") for i, s in enumerate(self.draft.sections)]
        return data

    def aliases(self, data: dict[str, Any], aliases: list[str]) -> None:
        kept = [a for a in aliases if a not in self.ids and a not in self.seen_aliases]
        self.seen_aliases.update(kept)
        if kept:
            data["aliases"] = kept

    def text(self, text: str) -> str:
        """`text` with links to source anchors pointed at the ids that now carry them."""
        for link in links_in(text):
            if not link.target.startswith("#"):
                continue
            anchor = link.target[1:]
            target = self.anchor_to_id.get(anchor)
            if target is None:
                self.unresolved.append((anchor, link.words))
                text = text.replace(f"[{link.words}]({link.target})", link.words)
            elif target != anchor:
                text = text.replace(f"]({link.target})", f"](#{target})")
        return text

    def section(self, section: DraftSection, path: str) -> dict[str, Any]:
        self.paths[id(section)] = path
        data: dict[str, Any] = {"id": section.id}
        self.aliases(data, section.aliases)
        if section.title:
            data["title"] = self.text(section.title)
        blocks = [self.block(b, f"{path}.blocks[{i}]") for i, b in enumerate(section.blocks)]
        if blocks:
            data["blocks"] = blocks
        if section.sections:
            data["sections"] = [self.section(s, f"{path}.sections[{i}]") for i, s in enumerate(section.sections)]
        return data

    def block(self, block: DraftParagraph | DraftList | DraftTable, path: str) -> dict[str, Any]:
        self.paths[id(block)] = path
        if isinstance(block, DraftParagraph):
            data: dict[str, Any] = {"text": self.text(block.text)}
            self.aliases(data, [a for a in block.anchors if a])
            return data
        if isinstance(block, DraftList):
            data = {"numbered": True} if block.numbered else {}
            data["items"] = [self.item(item, f"{path}.items[{i}]") for i, item in enumerate(block.items)]
            return data
        data = {}
        if block.caption:
            data["caption"] = self.text(block.caption)
        data["header"] = [self.text(h) for h in block.header]
        if block.row_headers:
            data["row_headers"] = True
        data["rows"] = [[self.cell(c, f"{path}.rows[{r}][{c_i}]") for c_i, c in enumerate(row)]
                        for r, row in enumerate(block.rows)]
        return data

    def cell(self, cell: str | DraftCell, path: str) -> str | dict[str, Any]:
        if isinstance(cell, str):
            return self.text(cell)
        data: dict[str, Any] = {}
        if cell.text:
            data["text"] = self.text(cell.text)
        if cell.numbered:
            data["numbered"] = True
        data["items"] = [self.item(item, f"{path}.items[{i}]") for i, item in enumerate(cell.items)]
        return data

    def item(self, item: DraftItem, path: str) -> dict[str, Any]:
        self.paths[id(item)] = path
        data: dict[str, Any] = {"id": item.id}
        self.aliases(data, item.aliases)
        if item.text:
            data["text"] = self.text(item.text)
        if item.items:
            if item.numbered:
                data["numbered"] = True
            data["items"] = [self.item(sub, f"{path}.items[{i}]") for i, sub in enumerate(item.items)]
        if item.after:
            data["after"] = self.text(item.after)
        return data

    def locate(self, notes: list[Note]) -> None:
        for note in notes:
            note.yaml_path = self.paths.get(id(note.owner), "") if note.owner is not None else ""


def _all_items(units: list[DraftSection | DraftItem]) -> list[DraftItem]:
    from .ids import items_of

    return [item for unit in units if isinstance(unit, DraftSection) for item in items_of(unit)]


def assemble(draft: ImportDraft, effective: dt.date, summary: str) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The version's data and the links to anchors no unit carries (turned into plain words)."""
    assembler = Assembler(draft)
    data = assembler.version(effective, summary)
    assembler.locate(draft.notes)
    return data, assembler.unresolved
