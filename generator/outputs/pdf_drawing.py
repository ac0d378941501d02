"""Drawings of an archival PDF that take their operators from the document laid out before.

After line breaking, drawing was most of the CPU of laying out a PDF: ReportLab turns each line of each
paragraph into PDF operators in Python (a text object, each word's codes in the font subset, each number
formatted). A paragraph is drawn after its frame moves the origin to where it goes, so what it draws does not
depend on where it is on the page: an archive's versions repeat most of their paragraphs, and a paragraph
drawn by the document before, as laid out the same way, is drawn again by appending the operators it appended
(`drawn`).

The operators depend on the drawing (a paragraph's lines, `key`), the canvas's graphics state (fonts, colours,
text and line settings: part of the key) and the document: the codes its font subsets gave the characters
drawn, the names of its fonts and its PDF version. A drawing is recorded only if it changed nothing in the
document (no character given a new code, no font, object, annotation, colour space or state registered: a
first drawing of new characters is not one to repeat), and replayed only where the document gives every
character it drew the same code, names its fonts the same and has the same version, so that drawing it again
would append the very same operators and change nothing either.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from ..source.memo import TwoGenerations
from .pdf_fonts import Codes, VeraFont, first_subset

GRAPHICS_STATE = tuple(name for name in Canvas.STATE_ATTRIBUTES
                       if name not in {"_x", "_y", "_currentMatrix", "_textLineMatrix", "_textMatrix", "_extgstate"})
"""What of the canvas's saved state a drawing's operators may depend on: its position and transformation
matrix excepted (a paragraph is drawn at the origin its frame sets), and the transparency settings, taken apart."""


@dataclass(frozen=True)
class Drawing:
    """What a drawing appended to a page's operators, and what of the document it assumed."""

    operators: tuple[str, ...]
    state: tuple[Any, ...]
    """The canvas's graphics state it was drawn in (`graphics_state`)."""
    codes: tuple[tuple[VeraFont, Codes], ...]
    """Each font the drawing gave codes and the codes it used (code point, code in the first subset)."""
    fonts: dict[str, str]
    """The document's internal names of its fonts at the time (a drawing names those it uses)."""
    version: tuple[int, ...]
    """The document's PDF version at the time (a drawing may raise it)."""


Drawings = TwoGenerations[Hashable, Drawing]
"""The drawings of the document being laid out and of the one before (a generation a document), by key (the
last drawn of a key, whatever its state)."""
DRAWINGS: Drawings = Drawings()


def next_document() -> None:
    DRAWINGS.next_generation()


_STATE_OF = itemgetter(*GRAPHICS_STATE)


def graphics_state(canvas: Canvas) -> tuple[Any, ...]:
    """The canvas's graphics state, compared whole (its parts are mostly the very same objects each time)."""
    return canvas.bottomup, _STATE_OF(canvas.__dict__), tuple(canvas._extgstate._d.items())


def _effects(canvas: Canvas) -> tuple[Any, ...]:
    """Everything of the document and page that a drawing could add to, but its operators."""
    doc = canvas._doc
    fonts = tuple(len(font.state[doc].assignments) if doc in font.state else -1 for font in VeraFont.made)
    return (doc._pdfVersion, doc.objectcounter, doc.shadingCounter, len(doc.fontMapping), len(doc.delayedFonts),
            fonts, len(canvas._annotationrefs), len(canvas._formsinuse), len(canvas._colorsUsed),
            len(canvas._shadingUsed), canvas._currentPageHasImages, len(canvas._extgstate._c),
            len(canvas._destinations), len(doc.idToObject))


def _replayable(drawing: Drawing, doc: Any) -> bool:
    if doc._pdfVersion != drawing.version or not drawing.fonts.items() <= doc.fontMapping.items():
        return False
    for font, codes in drawing.codes:
        state = font.state.get(doc)
        if state is None or not codes <= first_subset(state)[2]:
            return False
    return True


def drawn(canvas: Canvas, key: Hashable, draw: Callable[[], None]) -> None:
    """`draw()` on `canvas`, or the operators it appended when last drawn with `key` in the same state; drawn
    afresh, and not kept, inside another drawing being recorded (which would miss the characters replayed)."""
    if VeraFont.recording is not None:  # inside a drawing being recorded, which must note every character drawn
        draw()
        return
    state = graphics_state(canvas)
    known = DRAWINGS.get(key)
    if known is not None and known.state == state and _replayable(known, canvas._doc):
        canvas._code.extend(known.operators)
        return
    recording = _record(canvas, draw, state)
    if recording is not None:
        DRAWINGS.put(key, recording)


def _record(canvas: Canvas, draw: Callable[[], None], state: tuple[Any, ...]) -> Drawing | None:
    """Draw, and what was drawn as a `Drawing` if it can be replayed (it changed nothing in the document, and
    its state holds nothing that may change, such as a dash pattern's list)."""
    try:
        hash(state)
    except TypeError:
        draw()
        return None
    doc, start = canvas._doc, len(canvas._code)
    before = _effects(canvas)
    texts: list[tuple[VeraFont, str | bytes]] = []
    VeraFont.recording = texts
    try:
        draw()
    finally:
        VeraFont.recording = None
    if _effects(canvas) != before or any(not isinstance(font, VeraFont) for font in doc.delayedFonts):
        return None
    by_font: dict[VeraFont, set[str]] = {}
    for font, text in texts:
        if not isinstance(text, str):
            return None
        by_font.setdefault(font, set()).update(text)
    codes = []
    for font, characters in by_font.items():
        known, code_of, _ = first_subset(font.state[doc])
        if not known.issuperset(characters):
            return None
        codes.append((font, frozenset((ord(character), code_of[ord(character)]) for character in characters)))
    return Drawing(tuple(canvas._code[start:]), state, tuple(codes), dict(doc.fontMapping), doc._pdfVersion)
