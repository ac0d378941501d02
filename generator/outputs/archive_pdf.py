"""An archival PDF of every version, for legal teams' records: the layout of a `PdfDocument`.

Built with ReportLab, a pure-Python library (no system libraries, so `make site` works on a machine
with only Python). The text comes from the version's data, as on its page (outputs/pdf_document.py):
title, effective date, sections, paragraphs, lists, tables and contact cards. Every page's footer names
the notice, the effective date and the version's content hash (the SHA-256 that `versions.lock`
records), so a printed or filed copy can be matched with the published version. Fonts are embedded
(Bitstream Vera, shipped with ReportLab), and the output is byte-identical for the same inputs
(ReportLab's invariant mode: no creation time, a fixed document id).

Most of the CPU is ReportLab's line breaking, which measures every word of every paragraph; an archive's
versions repeat most of their words, so the fonts remember the widths they have measured (outputs/pdf_fonts.py),
and a paragraph the document before had takes its lines from it (outputs/pdf_paragraphs.py).
The styles and fonts are made once per process; a process's first PDF takes the lines and drawings of the last one
laid out by the process before (outputs/pdf_memo_file.py).
"""

from __future__ import annotations

from . import pdf_import  # noqa: F401  # first: ReportLab imported without its slowest patterns

# isort: split
import io
from functools import cache

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from .pdf_document import Bullets, Grid, Para, PdfBlock, PdfDocument, Together
from .pdf_drawing import drawn
from .pdf_encoding import install as install_faster_helpers
from .pdf_fonts import VeraFont
from .pdf_memo_file import load as load_memo
from .pdf_paragraphs import RepeatedParagraph

FONT, BOLD = "NoticesVera", "NoticesVera-Bold"
MARGIN = 20 * mm
FOOTER_SIZE = 7.5
TABLE_STYLE = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.5, "#999999"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
])


install_faster_helpers()  # ReportLab's number formatting, escaping and ASCII85, same strings (pdf_encoding.py)


@cache
def _styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles by name, with the fonts they use registered (once per process)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(VeraFont(FONT, "Vera.ttf"))
        pdfmetrics.registerFont(VeraFont(BOLD, "VeraBd.ttf"))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
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


@cache
def _memo_loaded() -> None:
    """Once per process, before its first PDF: what the last process kept of its last (outputs/pdf_memo_file.py)."""
    load_memo(_styles())


def _flowables(blocks: tuple[PdfBlock, ...], styles: dict[str, ParagraphStyle], split_rows: bool = False
               ) -> list[Flowable]:
    flowables: list[Flowable] = []
    for block in blocks:
        if isinstance(block, Para):
            flowables.append(RepeatedParagraph(block.markup, styles[block.style]))
        elif isinstance(block, Bullets):
            flowables.append(_bullets(block, styles, split_rows))
        elif isinstance(block, Grid):
            flowables.append(_table(block, styles, split_rows))
        elif isinstance(block, Together):
            flowables.append(KeepTogether(_flowables(block.blocks, styles, split_rows)))
        else:
            flowables.append(Spacer(0, block.mm * mm))
    return flowables


def _bullets(bullets: Bullets, styles: dict[str, ParagraphStyle], split_rows: bool) -> ListFlowable:
    return ListFlowable([ListItem(_flowables(item, styles, split_rows)) for item in bullets.items],
                        bulletType="1" if bullets.numbered else "bullet", start=None if bullets.numbered else "•",
                        bulletFontName=FONT, bulletFontSize=9, leftIndent=6 * mm)


def _table(grid: Grid, styles: dict[str, ParagraphStyle], split_rows: bool) -> Table:
    """Cells wrap within equal columns; the header row repeats on every page the table spans; with `split_rows`,
    a row may be split across pages."""
    header = [RepeatedParagraph(markup, styles["cell"]) for markup in grid.header]
    rows = [[_flowables(cell, styles, split_rows) for cell in row] for row in grid.rows]
    width = (A4[0] - 2 * MARGIN) / len(grid.header)
    return Table([header, *rows], colWidths=[width] * len(grid.header), repeatRows=1, style=TABLE_STYLE,
                 splitInRow=int(split_rows))


def render_pdf(document: PdfDocument) -> bytes:
    """The bytes of the archival PDF `document`.

    A table row is kept whole on one page, unless a row is taller than a page (a long cell): ReportLab then
    cannot lay the document out at all, and it is laid out again with rows split where a page ends. Only such
    documents are laid out that second way, so every other PDF keeps its bytes.
    """
    _memo_loaded()
    try:
        return _laid_out(document, split_rows=False)
    except LayoutError:
        return _laid_out(document, split_rows=True)


def _laid_out(document: PdfDocument, split_rows: bool) -> bytes:
    styles = _styles()

    def on_page(canvas: Canvas, template: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, FOOTER_SIZE)
        canvas.setFillColor("#444444")
        # Each line drawn as on the page before, or in the document before (outputs/pdf_drawing.py).
        for draw, x, y, text in ((canvas.drawString, MARGIN, 12 * mm, document.footer[0]),
                                 (canvas.drawRightString, A4[0] - MARGIN, 12 * mm, f"Page {template.page}"),
                                 (canvas.drawString, MARGIN, 8.5 * mm, document.footer[1])):
            drawn(canvas, (draw.__name__, x, y, text), lambda: draw(x, y, text))  # noqa: B023  # called at once
        canvas.restoreState()

    RepeatedParagraph.next_document()
    buffer = io.BytesIO()
    saved, rl_config.invariant = rl_config.invariant, 1
    try:
        template = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
            title=document.title, author=document.author, subject=document.subject,
            creator="privacy-notices", invariant=1,
        )
        template.build(_flowables(document.blocks, styles, split_rows), onFirstPage=on_page, onLaterPages=on_page)
    finally:
        rl_config.invariant = saved
    return buffer.getvalue()
