"""Drawings replayed from the document before append what drawing them again would, and change nothing else.

outputs/pdf_drawing.py keeps the operators of each drawing that changed nothing in its document, and appends
them again where the next document would give every character drawn the same code, names its fonts the same,
has the same PDF version and the canvas the same graphics state. Each case below is a run of documents
drawing the same things with the shortcut and without; the PDFs must be byte for byte the same.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from generator.outputs import archive_pdf, pdf_drawing, pdf_paragraphs
from generator.outputs.archive_pdf import BOLD, FONT
from generator.outputs.pdf_document import Para, PdfDocument
from generator.outputs.pdf_drawing import Drawings, drawn
from generator.outputs.pdf_paragraphs import Layouts, RepeatedParagraph
from tests.test_pdf_layout import example_documents, long_paragraphs_document

Step = Callable[[Canvas], object]


def text(words: str, font: str = FONT, size: float = 10) -> Step:
    def draw(canvas: Canvas) -> None:
        canvas.setFont(font, size)
        canvas.drawString(72, 700, words)

    return draw


def pdfs(documents: list[list[tuple[str | None, Step]]], *, remembered: bool) -> list[bytes]:
    """Each document: a canvas running its steps in turn, each named one through `drawn` (by its name) or not,
    in a saved state; an unnamed one sets the canvas's state for those after it."""
    archive_pdf._styles()  # the fonts registered
    made = []
    for steps in documents:
        pdf_drawing.next_document()
        out = io.BytesIO()
        canvas = Canvas(out, invariant=1)
        for name, step in steps:
            if name is None:
                step(canvas)
                continue
            canvas.saveState()
            if remembered:
                drawn(canvas, name, lambda: step(canvas))  # noqa: B023  # called at once
            else:
                step(canvas)
            canvas.restoreState()
        canvas.showPage()
        canvas.save()
        made.append(out.getvalue())
    return made


@pytest.fixture(autouse=True)
def own_drawings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_drawing, "DRAWINGS", Drawings())


def test_a_drawing_is_replayed_only_where_the_document_gives_its_characters_the_same_codes() -> None:
    # ASCII characters keep their own codes; others are given the next code free, in the order they come.
    same = ("same", text("déjà vu"))
    first, other = ("first", text("à é d j v u")), ("other", text("é à d j v u"))
    documents = [[first, same, same], [other, same], [first, same]]
    assert pdfs(documents, remembered=True) == pdfs(documents, remembered=False)


def test_a_drawing_is_replayed_only_where_the_document_has_named_its_font_the_same() -> None:
    regular, bold = ("regular", text("words")), ("bold", text("words", BOLD))
    documents = [[regular, bold, regular, bold], [bold, regular, bold, regular], [regular, regular]]
    assert pdfs(documents, remembered=True) == pdfs(documents, remembered=False)


def test_a_drawing_is_replayed_only_in_a_document_of_the_pdf_version_it_was_drawn_in() -> None:
    def translucent(canvas: Canvas) -> None:  # an alpha of 1 adds no state, but asks for PDF 1.4
        canvas.setFillColor(Color(0.2, 0.2, 0.2, alpha=1))
        text("words")(canvas)

    words, shaded = ("words", text("words")), ("shaded", translucent)
    documents = [[words, shaded, shaded], [words, shaded], [words, words]]
    ours = pdfs(documents, remembered=True)
    assert ours == pdfs(documents, remembered=False)
    assert b"%PDF-1.4" in ours[1] and b"%PDF-1.3" in ours[2]


def test_a_drawing_is_replayed_only_in_the_graphics_state_it_was_drawn_in() -> None:
    def font(size: float) -> tuple[None, Step]:
        return None, lambda canvas: canvas.setFont(FONT, size)

    def colour(name: str) -> tuple[None, Step]:
        return None, lambda canvas: canvas.setFillColor(name)

    words = ("words", lambda canvas: canvas.drawString(72, 700, "words"))  # in the canvas's font and colour
    dashed = None, lambda canvas: canvas.setDash([3, 1])  # a list: a state that is not a key, never remembered
    documents = [[font(10), words, words, font(12), words, colour("#ff0000"), words, dashed, words, words],
                 [font(12), words, font(10), words, colour("#0000ff"), words]]
    assert pdfs(documents, remembered=True) == pdfs(documents, remembered=False)


def test_paragraphs_of_an_archive_are_drawn_from_the_document_before(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RepeatedParagraph, "LAYOUTS", Layouts())
    body = tuple(Para("body", f"Paragraph {number} says the same in every version, and wraps over two lines "
                              "of the page at the width of the body.") for number in range(40))
    versions = [PdfDocument("T", "A", "S", (f"footer {n}", "line"), (Para("title", f"Version {n}"), *body))
                for n in range(3)]
    recorded: list[bool] = []
    record = pdf_drawing._record

    def counted(canvas: Canvas, draw: Callable[[], None], state: tuple[object, ...]) -> pdf_drawing.Drawing | None:
        recorded.append(True)
        return record(canvas, draw, state)

    monkeypatch.setattr(pdf_drawing, "_record", counted)
    ours = [archive_pdf.render_pdf(version) for version in versions]
    assert len(recorded) < 45 + 2 * 5  # the first version draws every paragraph; the others draw a few
    monkeypatch.setattr(RepeatedParagraph, "draw", Paragraph.draw)
    assert ours == [archive_pdf.render_pdf(version) for version in versions]


def test_a_drawing_that_adds_to_its_document_is_never_replayed() -> None:
    def linked(canvas: Canvas) -> None:  # an annotation of the page: not in the operators
        text("words")(canvas)
        canvas.linkURL("https://example.org/", (72, 700, 120, 712))

    link, words = ("link", linked), ("words", text("words"))
    documents = [[words, link, link], [words, link]]
    assert pdfs(documents, remembered=True) == pdfs(documents, remembered=False)


def test_the_example_pdfs_are_the_bytes_of_drawing_everything_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    # Paragraphs and footers, each document after the one before and then again at once (everything replayed).
    documents = [*example_documents(), long_paragraphs_document()]
    ours = [archive_pdf.render_pdf(document) for document in documents for _ in range(2)]

    def afresh(canvas: Canvas, key: object, draw: Callable[[], None]) -> None:
        draw()

    monkeypatch.setattr(archive_pdf, "drawn", afresh)
    monkeypatch.setattr(pdf_paragraphs, "drawn", afresh)
    plain = [archive_pdf.render_pdf(document) for document in documents]
    assert ours[::2] == plain and ours[1::2] == plain


def anchored(markup: str) -> Step:
    def draw(canvas: Canvas) -> None:
        paragraph = Paragraph(markup, archive_pdf._styles()["body"])
        paragraph.wrap(400, 800)
        paragraph.canv = canvas
        paragraph.draw()

    return draw


def test_a_drawing_that_names_a_destination_is_never_replayed() -> None:
    # An anchor makes a destination for links to it; replayed, the next document's link would have no target.
    def link(canvas: Canvas) -> None:
        canvas.linkAbsolute("go", "section", (0, 0, 10, 10))

    # The first step gives the characters their codes; the anchor's drawing then adds no code of its own.
    document = [(None, anchored("Here is a section")), ("anchor", anchored('<a name="section"/>Here is a section')),
                (None, link)]
    assert pdfs([document, document], remembered=True) == pdfs([document, document], remembered=False)


def test_a_drawing_inside_one_being_recorded_is_drawn_afresh() -> None:
    # The inner drawing, replayed inside the outer one's recording, would hide its characters from it: the
    # outer one would then be replayed with the code "é" had in the document before.
    def outer(canvas: Canvas) -> None:
        text("abc")(canvas)
        drawn(canvas, "inner", lambda: text("é")(canvas))

    first = [(None, text("abcé")), ("inner", text("é")), ("outer", outer)]
    second = [(None, text("abcüé")), ("inner", text("é")), ("outer", outer)]
    assert pdfs([first, second], remembered=True) == pdfs([first, second], remembered=False)


def test_paragraphs_of_other_markup_than_bold_and_breaks_are_drawn_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    # An anchor's destination may already exist (a link made it): binding it to its page changes no count.
    monkeypatch.setattr(RepeatedParagraph, "LAYOUTS", Layouts())
    keys: list[object] = []
    monkeypatch.setattr(pdf_paragraphs, "drawn", lambda canvas, key, draw: (keys.append(key), draw()))
    body = (Para("body", '<a name="here"/>An anchor'), Para("body", "<b>Bold</b> and<br/>a break"))
    archive_pdf.render_pdf(PdfDocument("T", "A", "S", ("footer", "line"), body))
    assert [key[0][0] for key in keys] == ["<b>Bold</b> and<br/>a break"]  # type: ignore[index]
