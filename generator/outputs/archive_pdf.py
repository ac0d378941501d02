"""An archival PDF of every version, for legal teams' records.

Built with ReportLab, a pure-Python library (no system libraries, so `make site` works on a machine
with only Python). The text comes from the version's data, as on its page: title, effective date,
sections, paragraphs, lists and contact cards. Every page's footer names the notice, the effective
date and the version's content hash (the SHA-256 that `versions.lock` records), so a printed or
filed copy can be matched with the published version. Fonts are embedded (Bitstream Vera, shipped
with ReportLab), and the output is byte-identical for the same inputs (ReportLab's invariant mode:
no creation time, a fixed document id).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..library.project import NoticeVersion
from ..source import inline
from ..source.dates import long_date
from ..source.index import VersionIndex
from ..source.model import Version

FONT, BOLD = "NoticesVera", "NoticesVera-Bold"
MARGIN = 20 * mm
FOOTER_SIZE = 7.5


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(BOLD, "VeraBd.ttf"))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=5)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=18, leading=22, spaceAfter=8),
        "effective": ParagraphStyle("effective", parent=body, fontName=BOLD, spaceAfter=10),
        "label": ParagraphStyle("label", parent=body, fontName=BOLD, textColor="#8a1c14"),
        "h2": ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=13, leading=16, spaceBefore=10, spaceAfter=5),
        "h3": ParagraphStyle("h3", parent=body, fontName=BOLD, fontSize=11.5, leading=14, spaceBefore=8, spaceAfter=4),
        "h4": ParagraphStyle("h4", parent=body, fontName=BOLD, fontSize=10.5, leading=13, spaceBefore=6, spaceAfter=3),
        "body": body,
        "contact": ParagraphStyle("contact", parent=body, leftIndent=8 * mm, spaceAfter=1),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11.5, spaceAfter=2),
    }


def _text(value: str) -> str:
    """Notice prose as ReportLab paragraph markup: its visible words, XML-escaped (never markup from YAML)."""
    return escape(inline.plain(value))


def _lead(title: str | None, line: str) -> str:
    return f"<b>{_text(title)}</b> {_text(line)}" if title else _text(line)


class VersionDocument:
    """The flowables of one version, in the order of its page."""

    def __init__(self, title: str, version: Version, index: VersionIndex, label: str | None) -> None:
        self.title, self.version, self.index, self.label = title, version, index, label
        self.styles = _styles()

    def flowables(self) -> list[Flowable]:
        effective = f"Effective: {long_date(self.version.effective)}."
        story: list[Flowable] = [Paragraph(escape(self.title), self.styles["title"])]
        if self.label:
            story.append(Paragraph(f"{self.label.capitalize()} version: not a published notice of the "
                                   "organisation.", self.styles["label"]))
        story.append(Paragraph(effective, self.styles["effective"]))
        for section in self.version.sections:
            story.extend(self.section(section, 2))
        story += [Spacer(0, 4 * mm), Paragraph(effective, self.styles["effective"])]
        return story

    def section(self, section: Any, level: int) -> Iterator[Flowable]:
        if section.title:
            yield Paragraph(_text(section.title), self.styles[f"h{min(level, 4)}"])
        for block in section.blocks:
            yield from self.block(block)
        for child in section.sections:
            yield from self.section(child, level + 1)

    def block(self, block: Any) -> Iterator[Flowable]:
        if hasattr(block, "contact"):
            yield KeepTogether(list(self.contact(block.contact)))
        elif hasattr(block, "items"):
            yield self.bullets(block.items, block.numbered)
        elif hasattr(block, "rows"):
            yield from self.table(block)
        else:
            for i, line in enumerate(inline.paragraphs(block.text)):
                yield Paragraph(_lead(block.title if i == 0 else None, line), self.styles["body"])

    def bullets(self, items: list[Any], numbered: bool) -> ListFlowable:
        entries = []
        for item in items:
            lines = inline.paragraphs(item.text)
            parts: list[Flowable] = [Paragraph(_lead(item.title if i == 0 else None, line), self.styles["body"])
                                     for i, line in enumerate(lines)]
            if not lines and item.title:
                parts.append(Paragraph(f"<b>{_text(item.title)}</b>", self.styles["body"]))
            if item.items:
                parts.append(self.bullets(item.items, item.numbered))
            parts += [Paragraph(_text(line), self.styles["body"]) for line in inline.paragraphs(item.after)]
            entries.append(ListItem(parts))
        return ListFlowable(entries, bulletType="1" if numbered else "bullet", start=None if numbered else "•",
                            bulletFontName=FONT, bulletFontSize=9, leftIndent=6 * mm)

    def table(self, block: Any) -> Iterator[Flowable]:
        """A table as on the page: caption, header row, then rows; cells wrap within equal columns."""
        if block.caption:
            yield Paragraph(f"<b>{_text(block.caption)}</b>", self.styles["body"])
        header = [Paragraph(f"<b>{_text(heading)}</b>", self.styles["cell"]) for heading in block.header]
        rows = [[self.cell(value) for value in row] for row in block.rows]
        width = (A4[0] - 2 * MARGIN) / len(block.header)
        yield Table([header, *rows], colWidths=[width] * len(block.header), repeatRows=1, style=TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, "#999999"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
        ]))
        yield Spacer(0, 3 * mm)

    def cell(self, value: Any) -> list[Flowable]:
        """A table cell: inline text, or paragraphs then a list."""
        text = value if isinstance(value, str) else value.text
        parts: list[Flowable] = [Paragraph(_text(line), self.styles["cell"]) for line in inline.paragraphs(text)]
        if not isinstance(value, str) and value.items:
            parts.append(self.bullets(value.items, value.numbered))
        return parts

    def contact(self, contact_id: str) -> Iterator[Flowable]:
        contact = self.index.contact(contact_id)
        style = self.styles["contact"]
        if contact.address:
            lines = [contact.name, *([f"Attn: {contact.attention}"] if contact.attention else []), *contact.address]
            yield Paragraph("Post: " + "<br/>".join(escape(line) for line in lines), style)
        if contact.phone:
            yield Paragraph(f"Phone: {escape(contact.phone)}", style)
        if contact.email:
            yield Paragraph(f"Email: {escape(contact.email)}", style)
        yield Spacer(0, 2 * mm)


def render_pdf(notice_title: str, version: NoticeVersion, *, organisation: str, label: str | None = None) -> bytes:
    """The archival PDF of `version`: its text, and on every page its effective date and content hash."""
    _register_fonts()
    effective = long_date(version.effective)
    title = f"{notice_title}, version effective {effective}"
    footer = [f"{organisation}: {title}" + (f" ({label})" if label else ""),
              f"Content hash (SHA-256, as recorded in versions.lock): {version.content_hash}"]

    def on_page(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, FOOTER_SIZE)
        canvas.setFillColor("#444444")
        canvas.drawString(MARGIN, 12 * mm, footer[0])
        canvas.drawRightString(A4[0] - MARGIN, 12 * mm, f"Page {document.page}")
        canvas.drawString(MARGIN, 8.5 * mm, footer[1])
        canvas.restoreState()

    buffer = io.BytesIO()
    saved, rl_config.invariant = rl_config.invariant, 1
    try:
        document = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
            title=title, author=organisation, subject=f"Content hash {version.content_hash}",
            creator="privacy-notices", invariant=1,
        )
        story = VersionDocument(notice_title, version.data, version.index, label).flowables()
        document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    finally:
        rl_config.invariant = saved
    return buffer.getvalue()
