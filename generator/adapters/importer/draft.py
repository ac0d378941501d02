"""What the converter builds from a source: units with their source lines, before ids are final."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class DraftItem:
    text: str | None
    line: int
    numbered: bool = False
    items: list[DraftItem] = field(default_factory=list)
    after: str | None = None
    anchors: list[str] = field(default_factory=list)
    id: str = ""
    aliases: list[str] = field(default_factory=list)

    def words(self) -> str:
        return " ".join(part for part in (self.text, *(i.words() for i in self.items), self.after) if part)


@dataclass(eq=False)
class DraftList:
    numbered: bool
    items: list[DraftItem]
    line: int


@dataclass(eq=False)
class DraftParagraph:
    text: str
    line: int
    anchors: list[str] = field(default_factory=list)


@dataclass(eq=False)
class DraftCell:
    text: str | None
    items: list[DraftItem] = field(default_factory=list)
    numbered: bool = False


@dataclass(eq=False)
class DraftTable:
    header: list[str]
    rows: list[list[str | DraftCell]]
    line: int
    caption: str | None = None
    row_headers: bool = False


DraftBlock = DraftParagraph | DraftList | DraftTable


@dataclass(eq=False)
class DraftSection:
    title: str | None
    level: int
    line: int
    slug: str
    anchors: list[str] = field(default_factory=list)
    blocks: list[DraftBlock] = field(default_factory=list)
    sections: list[DraftSection] = field(default_factory=list)
    id: str = ""
    aliases: list[str] = field(default_factory=list)

    def words(self) -> str:
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, DraftParagraph):
                parts.append(block.text)
            elif isinstance(block, DraftList):
                parts += [i.words() for i in block.items]
            else:
                parts += [" ".join(str(c) if isinstance(c, str) else (c.text or "") for c in row)
                          for row in block.rows]
        return " ".join(parts)

    def walk(self) -> list[DraftSection]:
        return [self, *(s for sub in self.sections for s in sub.walk())]


@dataclass
class Note:
    """Something the import dropped or approximated, where it was, and (once ids are known) where it went."""

    line: int
    message: str
    owner: Any = None
    yaml_path: str = ""


@dataclass
class ImportDraft:
    """One source converted: metadata, sections, and notes on what could not be kept exactly."""

    title: str
    description: str | None
    date_line: str | None
    effective: dt.date | None
    redirect_from: list[str]
    sections: list[DraftSection]
    notes: list[Note] = field(default_factory=list)
    self_names: set[str] = field(default_factory=set)
    """Last path segments by which links point at this document itself."""

    def all_sections(self) -> list[DraftSection]:
        return [s for top in self.sections for s in top.walk()]
