"""What an archival PDF says, as plain data: the version's text in the order of its page, and its footer.

`pdf_document` reads a version once and keeps only strings, numbers and tuples of them, so that the
worker process laying PDFs out (outputs/pdf_worker.py) gets a small pickle and imports neither pydantic
nor the library, and so that outputs/archive_pdf.py knows ReportLab and nothing of the schema. The
strings are ReportLab paragraph markup: the visible words of the prose, XML-escaped (never markup from
YAML), with `<b>` for titles.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape as _html_escape
from typing import TYPE_CHECKING, Any

from ..source import inline
from ..source.dates import long_date

if TYPE_CHECKING:
    from ..library.project import NoticeVersion
    from ..source.index import VersionIndex


@dataclass(frozen=True)
class Para:
    """One paragraph: its markup and the name of its style (outputs/archive_pdf.py's `STYLES`)."""

    style: str
    markup: str


@dataclass(frozen=True)
class Bullets:
    """A bulleted or numbered list; each item is a run of blocks."""

    items: tuple[tuple[PdfBlock, ...], ...]
    numbered: bool


@dataclass(frozen=True)
class Grid:
    """A table: a header row and rows of cells, each cell a run of blocks."""

    header: tuple[str, ...]
    rows: tuple[tuple[tuple[PdfBlock, ...], ...], ...]


@dataclass(frozen=True)
class Together:
    """Blocks kept on one page (a contact card)."""

    blocks: tuple[PdfBlock, ...]


@dataclass(frozen=True)
class Gap:
    """Vertical space, in millimetres."""

    mm: float


PdfBlock = Para | Bullets | Grid | Together | Gap


@dataclass(frozen=True)
class PdfDocument:
    """One archival PDF: its metadata, the two lines of every page's footer, and its blocks."""

    title: str
    author: str
    subject: str
    footer: tuple[str, str]
    blocks: tuple[PdfBlock, ...]


def escape(text: str) -> str:
    """`&`, `<` and `>` as entities, as `xml.sax.saxutils.escape` writes them; not that module, which imports
    `urllib.request` (and with it `http`, `email` and `ssl`: about 4 MB) into the worker, which unpickles
    these classes."""
    return _html_escape(text, quote=False)


def _text(value: str) -> str:
    return escape(inline.plain(value))


def _lead(title: str | None, line: str) -> str:
    return f"<b>{_text(title)}</b> {_text(line)}" if title else _text(line)


def pdf_document(notice_title: str, version: NoticeVersion, *, organisation: str,
                 label: str | None = None) -> PdfDocument:
    """The archival PDF of `version`: its text, and on every page its effective date and content hash."""
    effective = long_date(version.effective)
    title = f"{notice_title}, version effective {effective}"
    footer = (f"{organisation}: {title}" + (f" ({label})" if label else ""),
              f"Content hash (SHA-256, as recorded in versions.lock): {version.content_hash}")
    return PdfDocument(title, organisation, f"Content hash {version.content_hash}", footer,
                       _Blocks(version.index).version(notice_title, version.data, label))


class _Blocks:
    """The blocks of one version, in the order of its page."""

    def __init__(self, index: VersionIndex) -> None:
        self.index = index

    def version(self, title: str, version: Any, label: str | None) -> tuple[PdfBlock, ...]:
        effective = Para("effective", f"Effective: {long_date(version.effective)}.")
        blocks: list[PdfBlock] = [Para("title", escape(title))]
        if label:
            blocks.append(Para("label", f"{label.capitalize()} version: not a published notice of the organisation."))
        blocks.append(effective)
        for section in version.sections:
            blocks += self.section(section, 2)
        return (*blocks, Gap(4), effective)

    def section(self, section: Any, level: int) -> list[PdfBlock]:
        blocks: list[PdfBlock] = [Para(f"h{min(level, 4)}", _text(section.title))] if section.title else []
        for block in section.blocks:
            blocks += self.block(block)
        for child in section.sections:
            blocks += self.section(child, level + 1)
        return blocks

    def block(self, block: Any) -> list[PdfBlock]:
        if hasattr(block, "contact"):
            return [Together(self.contact(block.contact))]
        if hasattr(block, "items"):
            return [self.bullets(block.items, block.numbered)]
        if hasattr(block, "rows"):
            return self.table(block)
        return [Para("body", _lead(block.title if i == 0 else None, line))
                for i, line in enumerate(inline.paragraphs(block.text))]

    def bullets(self, items: list[Any], numbered: bool) -> Bullets:
        entries = []
        for item in items:
            lines = inline.paragraphs(item.text)
            parts: list[PdfBlock] = [Para("body", _lead(item.title if i == 0 else None, line))
                                  for i, line in enumerate(lines)]
            if not lines and item.title:
                parts.append(Para("body", f"<b>{_text(item.title)}</b>"))
            if item.items:
                parts.append(self.bullets(item.items, item.numbered))
            parts += [Para("body", _text(line)) for line in inline.paragraphs(item.after)]
            entries.append(tuple(parts))
        return Bullets(tuple(entries), numbered)

    def table(self, block: Any) -> list[PdfBlock]:
        """A table as on the page: caption, header row, then rows; the layout wraps cells within equal columns."""
        caption: list[PdfBlock] = [Para("body", f"<b>{_text(block.caption)}</b>")] if block.caption else []
        header = tuple(f"<b>{_text(heading)}</b>" for heading in block.header)
        rows = tuple(tuple(self.cell(value) for value in row) for row in block.rows)
        return [*caption, Grid(header, rows), Gap(3)]

    def cell(self, value: Any) -> tuple[PdfBlock, ...]:
        """A table cell: inline text, or paragraphs then a list."""
        text = value if isinstance(value, str) else value.text
        parts: list[PdfBlock] = [Para("cell", _text(line)) for line in inline.paragraphs(text)]
        if not isinstance(value, str) and value.items:
            parts.append(self.bullets(value.items, value.numbered))
        return tuple(parts)

    def contact(self, contact_id: str) -> tuple[PdfBlock, ...]:
        contact = self.index.contact(contact_id)
        parts: list[PdfBlock] = []
        if contact.address:
            lines = [contact.name, *([f"Attn: {contact.attention}"] if contact.attention else []), *contact.address]
            parts.append(Para("contact", "Post: " + "<br/>".join(escape(line) for line in lines)))
        if contact.phone:
            parts.append(Para("contact", f"Phone: {escape(contact.phone)}"))
        if contact.email:
            parts.append(Para("contact", f"Email: {escape(contact.email)}"))
        return (*parts, Gap(2))
