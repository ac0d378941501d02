"""One source's HTML tree to a draft version: sections from headings, paragraphs, lists and tables.

Headings nest by level; text before the first heading becomes a section without heading. A date
line ("Effective date: …", "Last updated: …") before the first heading becomes the version's own
date line and, unless given otherwise, its effective date.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Tag

from ...source.problems import Problem
from .draft import (
    DraftCell,
    DraftItem,
    DraftList,
    DraftParagraph,
    DraftSection,
    DraftTable,
    ImportDraft,
    Note,
)
from .inline_html import Inline, LinkRules
from .slugs import github_slug
from .sources import INDENTED_CODE, LINE, SourceDocument, SourceError, markdown_html

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_WRAPPERS = {"div", "section", "article", "main", "body", "html", "center", "span"}
PAGE_CHROME = ("nav", "header", "footer", "form", "aside")
_SKIPPED = {*PAGE_CHROME, "script", "style", "head", "template", "noscript"}
_LISTS = ("ul", "ol")
_INLINE = {"a", "strong", "b", "em", "i", "code", "span", "br", "sup", "sub", "small", "abbr", "u", "s", "del",
           "kbd", "mark", "time", "cite", "q", "img", "font", "label"}
# Python-Markdown's attr_list after a heading: "## Title {: #anchor}" or "{#anchor .class}".
_HEADING_ATTRS = re.compile(r"\s*\{:?\s*#([A-Za-z0-9_-]+)[^{}]*\}\s*$")
_DATE_LINE = re.compile(
    r"^(?:effective(?: date)?|last (?:updated|modified|revised)|updated|revised|date of last revision)"
    r"\s*(?:on)?\s*[:\-–—]?\s*(?P<date>.+?)\.?$", re.IGNORECASE)
# Markdown link syntax inside preformatted text is literal there; the model would make it a link.
_LINK_SYNTAX = re.compile(r"\[([^\[\]]+)\]\(([^()\s]+)\)")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%B %d %Y", "%d/%m/%Y")


def read_date(text: str) -> dt.date | None:
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().rstrip("."))
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    return None


def _line(tag: Tag) -> int:
    value = tag.get(LINE)
    return int(value) if isinstance(value, str) and value.isdigit() else 0


def _blocks(container: Tag) -> Iterator[Tag]:
    """Block-level elements in reading order, looking through wrappers such as <div> and <main>."""
    for child in container.children:
        if isinstance(child, Tag):
            if child.name in _WRAPPERS and any(isinstance(c, Tag) and c.name not in _INLINE for c in child.children):
                yield from _blocks(child)
            elif child.name not in _SKIPPED:
                yield child
        elif isinstance(child, NavigableString) and str(child).strip() and not isinstance(child, PreformattedString):
            wrapper = Tag(name="p")
            wrapper.string = str(child)
            yield wrapper



def find_title_heading(headings: list[Tag]) -> Tag | None:
    """The heading that names the document: a first heading that is its only <h1>."""
    h1s = [h for h in headings if h.name == "h1"]
    return headings[0] if headings and headings[0].name == "h1" and len(h1s) == 1 else None


def heading_text(tag: Tag) -> tuple[str, str | None]:
    """The words of a heading and the anchor its attribute list gives, if any."""
    text = " ".join(tag.get_text(" ").split())
    match = _HEADING_ATTRS.search(text)
    return (text[: match.start()].strip(), match.group(1)) if match else (text, None)


class Converter:
    def __init__(self, source: SourceDocument, base_url: str | None, effective: dt.date | None) -> None:
        self.source = source
        self.base_url = base_url
        self.effective_option = effective
        self.notes: list[Note] = []
        self.problems: list[Problem] = []
        self.owner: Any = None
        self.line = 0

    def note(self, message: str) -> None:
        self.notes.append(Note(self.line, message, self.owner))

    def convert(self) -> ImportDraft:
        soup = self.source.soup()
        blocks = list(_blocks(soup))
        for chrome in soup.find_all(PAGE_CHROME):
            self.line = _line(chrome)
            words = " ".join(chrome.get_text(" ").split())
            shown = f": '{words[:60]}'" if words else ""
            self.note(f"<{chrome.name}> dropped as page chrome, not notice text{shown}")
        front = self.source.front_matter
        headings = [b for b in blocks if b.name in HEADINGS]
        title_heading = find_title_heading(headings)
        title = str(front.get("title") or "").strip() or (
            heading_text(headings[0])[0] if headings else self.source.path.stem)
        redirect_from = [str(p) for p in front.get("redirect_from") or [] if isinstance(p, str)]
        self_names = {github_slug(title), self.source.path.stem,
                      *(p.rstrip("/").rsplit("/", 1)[-1] for p in redirect_from)}
        self.inline = Inline(LinkRules(self.base_url, self_names, title), self.note)
        self.sections: list[DraftSection] = []
        self.stack: list[DraftSection] = []
        self.pending_anchors: list[str] = []
        date_line: str | None = None
        found_date: dt.date | None = None
        for block in blocks:
            self.line, self.owner = _line(block), self.stack[-1] if self.stack else None
            if block is title_heading:
                continue
            if block.name in HEADINGS:
                self.heading(block)
                continue
            if date_line is None and block.name == "p" and not any(s.blocks for s in self.sections):
                candidate = self.inline.text(block)
                match = _DATE_LINE.match(candidate) if len(candidate) < 100 else None
                if match:
                    found_date = read_date(match.group("date"))
                    if found_date is None:
                        self.problems.append(Problem(
                            self.source.display, self.line, 1,
                            f"date line '{candidate}' does not hold a date this tool reads; write it like "
                            "'September 1, 2022' or '2022-09-01', or pass --effective"))
                    date_line = candidate
                    continue
            self.block(block)
        effective = self.effective_option or _front_date(front) or found_date
        if effective is None and not self.problems:
            self.problems.append(Problem(
                self.source.display, 1, 1, "no effective date found; add a date line ('Effective date: "
                "September 1, 2022'), 'effective:' in the front matter, or pass --effective"))
        if self.problems:
            raise SourceError(self.problems)
        description = front.get("description") or front.get("intro")
        return ImportDraft(title, str(description) if description else None, date_line, effective, redirect_from,
                     self.sections, self.notes, self_names)

    # --- structure ---------------------------------------------------------------------------

    def current(self) -> DraftSection:
        if not self.stack:
            intro = DraftSection(None, 0, self.line, "introduction")
            self.sections.append(intro)
            self.stack.append(intro)
        return self.stack[-1]

    def heading(self, tag: Tag) -> None:
        level = int(tag.name[1])
        words, explicit = heading_text(tag)
        self.inline.anchors = []
        text = self.inline.text(tag)
        if explicit:
            text = _HEADING_ATTRS.sub("", text).strip()
        anchors = [a for a in (explicit, *_ids_of(tag), *self.inline.anchors, *self.pending_anchors) if a]
        self.pending_anchors = []
        if not words:
            self.pending_anchors += anchors
            self.note(f"empty <{tag.name}> dropped")
            return
        while self.stack and (self.stack[-1].level >= level or self.stack[-1].title is None):
            self.stack.pop()
        section = DraftSection(text, level, self.line, github_slug(words), anchors)
        (self.stack[-1].sections if self.stack else self.sections).append(section)
        self.stack.append(section)
        self.owner = section

    def block(self, tag: Tag) -> None:
        section = self.current()
        self.owner = section
        if tag.name == "p":
            self.paragraph(section, tag)
        elif tag.name in _LISTS:
            section.blocks.append(DraftList(tag.name == "ol", self.items(tag), self.line))
        elif tag.name == "table":
            table = self.table(tag)
            if table is not None:
                section.blocks.append(table)
        elif tag.name in ("blockquote", "dl", "figure", "details", "address"):
            self.note(f"<{tag.name}> kept as plain paragraphs")
            for child in _blocks(tag):
                self.line = _line(child) or self.line
                self.block(child) if child.name != tag.name else self.paragraph(section, child)
        elif tag.name == "pre" and tag.get(INDENTED_CODE) and _holds_markdown(tag.get_text()):
            self.note("indented text that Markdown shows as code holds Markdown (a list or links): read as "
                      "the Markdown it holds, each link followed by its address as the published page showed it")
            fragment = BeautifulSoup(markdown_html(textwrap.dedent(tag.get_text()), self.line), "html.parser")
            self.inline.show_addresses = True
            for child in _blocks(fragment):
                self.line = _line(child) or self.line
                self.block(child)
            self.inline.show_addresses = False
        elif tag.name == "pre":
            self.note("preformatted text (<pre>) kept as plain paragraphs, one per line; link syntax in it "
                      "shown as 'words (address)', as the source shows its words")
            lines = [" ".join(_LINK_SYNTAX.sub(r"\1 (\2)", line).split()) for line in tag.get_text().splitlines()]
            text = "\n".join(line for line in lines if line)
            if text:
                section.blocks.append(DraftParagraph(text, self.line))
        elif tag.name in ("dt", "dd", "summary", "figcaption"):
            self.paragraph(section, tag)
        elif tag.name == "hr":
            self.note("horizontal rule (<hr>) dropped")
        else:
            words = " ".join(tag.get_text(" ").split())
            self.note(f"<{tag.name}> dropped" + (f" with its words: '{words[:60]}'" if words else ""))

    def paragraph(self, section: DraftSection, tag: Tag) -> None:
        self.inline.anchors = []
        text = self.inline.text(tag)
        anchors = [*_ids_of(tag), *self.inline.anchors]
        if not text:
            self.pending_anchors += anchors
            return
        section.blocks.append(DraftParagraph(text, self.line, anchors + self.pending_anchors))
        self.pending_anchors = []

    def items(self, tag: Tag) -> list[DraftItem]:
        items = []
        for li in tag.find_all("li", recursive=False):
            self.line = _line(li) or self.line
            items.append(self.item(li))
        return items

    def item(self, li: Tag) -> DraftItem:
        self.inline.anchors = []
        before: list[str] = []
        after: list[str] = []
        nested: list[DraftItem] = []
        numbered = False
        run: list[Any] = []

        def flush() -> None:
            wrapper = Tag(name="span")
            for node in run:
                wrapper.append(node.__copy__() if isinstance(node, Tag) else NavigableString(str(node)))
            text = self.inline.text(wrapper)
            if text:
                (after if nested else before).append(text)
            run.clear()

        for child in list(li.children):
            if isinstance(child, Tag) and child.name in _LISTS:
                flush()
                if nested:
                    self.note("a second nested list in one item joined to the first")
                numbered = numbered or (child.name == "ol" and not nested)
                nested += self.items(child)
            elif isinstance(child, Tag) and child.name not in _INLINE:
                flush()
                if child.name == "table":
                    self.note("table inside a list item kept as plain text")
                text = self.inline.text(child)
                if text:
                    (after if nested else before).append(text)
            else:
                run.append(child)
        flush()
        return DraftItem("\n".join(before) or None, _line(li) or self.line, numbered, nested,
                         "\n".join(after) or None, [*_ids_of(li), *self.inline.anchors])

    def table(self, tag: Tag) -> DraftTable | None:
        rows = [tr for tr in tag.find_all("tr") if tr.find_parent("table") is tag]
        if not rows:
            self.note("empty table dropped")
            return None
        header_row = rows[0]
        if not header_row.find("th") and not header_row.find_parent("thead"):
            self.note("table without a header row: its first row is used as the header")
        body = rows[1:]
        header = [self.inline.text(cell).replace("\n", " ") for cell in _cells(header_row)]
        caption_tag = tag.find("caption")
        caption = self.inline.text(caption_tag) if caption_tag else None
        grid: list[list[str | DraftCell]] = []
        row_headers = bool(body) and all(_cells(r) and _cells(r)[0].name == "th" for r in body)
        for tr in body:
            self.line = _line(tr) or self.line
            cells: list[str | DraftCell] = [self.cell(cell) for cell in _cells(tr)]
            if len(cells) != len(header):
                self.note(f"table row with {len(cells)} cells under {len(header)} headings: "
                          + ("padded with empty cells" if len(cells) < len(header) else "extra cells joined"))
                if len(cells) < len(header):
                    cells += [""] * (len(header) - len(cells))
                else:
                    extra = " ".join(str(c) if isinstance(c, str) else (c.text or "") for c in cells[len(header) - 1:])
                    cells = [*cells[: len(header) - 1], extra]
            grid.append(cells)
        if any(cell.get("colspan") or cell.get("rowspan") for cell in tag.find_all(["td", "th"])):
            self.note("merged table cells (colspan/rowspan) kept as separate cells")
        if not grid:
            grid = [[""] * len(header)]
        return DraftTable(header, grid, _line(tag), caption, row_headers)

    def cell(self, tag: Tag) -> str | DraftCell:
        lists = tag.find_all(_LISTS, recursive=False)
        if not lists:
            return self.inline.text(tag)
        texts: list[str] = []
        items: list[DraftItem] = []
        numbered = lists[0].name == "ol"
        for child in tag.children:
            if isinstance(child, Tag) and child.name in _LISTS:
                items += self.items(child)
            elif isinstance(child, Tag):
                text = self.inline.text(child)
                if text:
                    texts.append(text)
                    if items:
                        self.note("text after a list in a table cell moved before the list")
            elif str(child).strip():
                texts.append(" ".join(str(child).split()))
        return DraftCell("\n".join(texts) or None, items, numbered)


def _holds_markdown(text: str) -> bool:
    """Whether preformatted text is Markdown a renderer would have turned into a list or links."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    listed = sum(1 for line in lines if line[:2] in ("- ", "* ", "+ "))
    return listed >= 2 or bool(_LINK_SYNTAX.search(text))


def _cells(tr: Tag) -> list[Tag]:
    return [c for c in tr.find_all(["td", "th"], recursive=False)]


def _ids_of(tag: Tag) -> list[str]:
    value = tag.get("id")
    return [value] if isinstance(value, str) and value else []


def _front_date(front: dict[str, Any]) -> dt.date | None:
    for key in ("effective", "effective_date", "date"):
        value = front.get(key)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and read_date(value):
            return read_date(value)
    return None


def convert(source: SourceDocument, base_url: str | None = None, effective: dt.date | None = None) -> ImportDraft:
    """Convert one source; raise `SourceError` with located problems if it cannot be."""
    return Converter(source, base_url, effective).convert()
