"""Paragraphs of an archival PDF that take their layout from the document laid out before.

Most of the CPU of laying out a PDF is ReportLab breaking paragraphs into lines: at every wrap, and again
for each part of a paragraph split across pages (a split makes new paragraphs, which are broken into lines
anew). What ReportLab computes depends only on the paragraph's markup, its style, the width it is wrapped
at and, for a split, the width and height it is split at; an archive's versions are laid out in order, and
each repeats most of the paragraphs of the one before, at the same places on its pages. So a paragraph's
lines, and the parts of a paragraph split across pages with their own lines, are remembered (`Layouts`)
and given to the same paragraph of the next document, which is neither parsed nor broken into lines.

What is remembered is shared between documents, read-only: drawing only reads it. ReportLab's splitting
does write into a paragraph (it rewrites the words it cuts), so a paragraph is split, or a part broken
into lines, as a fresh ReportLab `Paragraph` made by `fresh`: parsed again and split again the same way,
which gives what ReportLab's own objects would hold at that point. What a paragraph's lines draw is kept
the same way (outputs/pdf_drawing.py), keyed by the layout it was drawn from (`drawn_as`).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from ..source.memo import TwoGenerations
from .pdf_drawing import drawn
from .pdf_drawing import next_document as next_drawings

_OTHER_TAG = re.compile(r"<(?!/?b>|br/>)")
"""A tag other than `<b>`, `</b>` and `<br/>` (the markup's text is XML-escaped: its every `<` opens a tag)."""

Split = tuple[float | None, float, float]
"""One split of a paragraph: the width it had been wrapped at (None: not wrapped), the width and height it is
split at."""
Step = tuple[float | None, float, float, int]
"""One step from a paragraph to a part of it: a split, and the number of the part taken from it."""
ParagraphLayout = Any
"""What is remembered of a paragraph: for a wrap, its size and the attributes it set; for a split, each part's
attributes."""
Layouts = TwoGenerations[tuple[Any, ...], ParagraphLayout]
"""The layouts of the paragraphs of the document being laid out and of the one before (a generation a document).

Two documents' worth, not an archive's: kept for every document, they added up (about 2.5 MB at 100 versions,
growing with each) and slowed the garbage collector, for hardly any more paragraphs found."""


class _ParsedLater:
    """An attribute of a `RepeatedParagraph` that parsing its markup sets: the markup is parsed when it is first
    read (a part of a split paragraph has no markup of its own to parse: it has none).

    A descriptor without `__set__`, so that the value parsing puts in the paragraph's `__dict__` is found there
    from then on; not `__getattr__`, which Python would call, and raise from, for each of the attributes ReportLab
    looks up and a paragraph lacks (about 1,700 a document, a tenth of a millisecond each hundred)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, paragraph: RepeatedParagraph | None, owner: type | None = None) -> Any:
        if paragraph is None or paragraph.steps:
            raise AttributeError(self.name)
        paragraph._setup(paragraph.markup, paragraph.style, paragraph.bulletText, None, cleanBlockQuotedText)
        return paragraph.__dict__[self.name]


class RepeatedParagraph(Paragraph):  # type: ignore[misc]  # ReportLab has no type hints
    """A paragraph, or a part of one split across pages (`steps`), laid out as the same one was before.

    Made from its markup and style; its markup is parsed only when ReportLab needs it (`_ParsedLater`). A part
    made by `split` holds the attributes ReportLab gave the same part when it was last split the same way.
    """

    LAYOUTS: ClassVar[Layouts] = Layouts()
    WRAP_STATE = ("width", "height", "_wrapWidths", "blPara", "frags", "_width_max", "_splitLongWordCount",
                  "_hyphenations")
    """What a wrap sets (ReportLab's `Paragraph.wrap` and `breakLines`)."""
    frags, text = _ParsedLater(), _ParsedLater()
    """What ReportLab's constructor sets by parsing the markup: parsed on first use, which a paragraph
    whose lines come from an earlier one never has (they bring their own processed fragments)."""

    def __init__(self, markup: str, style: ParagraphStyle, steps: tuple[Step, ...] = ()) -> None:
        # What Paragraph.__init__ sets, but parsing; the markup has no <bullet>.
        self.markup, self.style, self.caseSensitive, self.encoding = markup, style, 1, "utf8"
        self.bulletText, self.debug = getattr(style, "bulletText", None), 0
        self.source_style, self.steps = style, steps
        self.wrapped_at: float | None = None
        """The width of its last wrap: ReportLab splits a paragraph as it was last wrapped."""
        self.drawn_as: tuple[Any, ...] | None = None
        """What its drawing depends on, from its last wrap (`key`); None: not wrapped, or its lines forgotten."""
        self.unshared: Paragraph | None = None
        """ReportLab's own part this one was made from, in the document that split it: broken into lines
        at its first wrap instead of a fresh one (it is used once, and never split)."""

    @classmethod
    def next_document(cls) -> None:
        cls.LAYOUTS.next_generation()
        next_drawings()

    def key(self, *more: object) -> tuple[Any, ...]:
        return (self.markup, self.source_style.name, self.steps, *more)

    def fresh(self) -> Paragraph:
        """A plain ReportLab paragraph as ReportLab's own would be here: parsed, and split as this part was."""
        paragraph = Paragraph(self.markup, self.source_style)
        for wrapped, width, height, number in self.steps:
            if wrapped is not None:
                paragraph.wrap(wrapped, height)
            paragraph = paragraph.split(width, height)[number]
        return paragraph

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        key = self.key(availWidth)
        known = self.LAYOUTS.get(key)
        if known is None:
            if self.steps:
                laid_out = self.unshared if self.unshared is not None else self.fresh()
                self.unshared = None
            else:
                laid_out = self  # parsed now (_ParsedLater)
            size: tuple[float, float] = Paragraph.wrap(laid_out, availWidth, availHeight)
            if not hasattr(laid_out, "blPara"):  # too narrow: nothing laid out
                self.drawn_as = None
                return size
            known = size, {name: getattr(laid_out, name) for name in self.WRAP_STATE if hasattr(laid_out, name)}
            self.LAYOUTS.put(key, known)
        self.__dict__.update(known[1])
        self.wrapped_at, self.drawn_as = availWidth, key
        return known[0]

    DRAWN_STATE = ("_JustifyLast", "_offsets", "autoLeading")
    """What else of a paragraph ReportLab's drawing reads, that a split or a container may set."""

    def draw(self) -> None:
        """ReportLab's, or the operators the same lines drew in the document before (outputs/pdf_drawing.py):
        only for markup of bold and line breaks (what pdf_document writes), whose drawing does nothing but draw;
        a link's anchor, say, binds a destination to its page, which no count of the document's objects shows."""
        if self.drawn_as is None or _OTHER_TAG.search(self.markup):
            Paragraph.draw(self)
            return
        more = tuple(tuple(value) if isinstance(value := self.__dict__.get(name), list) else value
                     for name in self.DRAWN_STATE)
        drawn(self.canv, (self.drawn_as, more), lambda: Paragraph.draw(self))

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        split: Split = (self.wrapped_at, availWidth, availHeight)
        key = self.key(split)
        known = self.LAYOUTS.get(key)
        made: list[Paragraph] = []
        if known is None:
            fresh = self.fresh()
            if self.wrapped_at is not None:
                fresh.wrap(self.wrapped_at, availHeight)
            made = fresh.split(availWidth, availHeight)
            # ReportLab forgets the lines of a paragraph it could not split (it is wrapped again where it goes).
            known = tuple(dict(part.__dict__) for part in made), "blPara" not in fresh.__dict__
            self.LAYOUTS.put(key, known)
        parts, forgotten = known
        if forgotten:
            self.__dict__.pop("blPara", None)
            self.wrapped_at = self.drawn_as = None
        repeated = []
        for number, attributes in enumerate(parts):
            part = RepeatedParagraph(self.markup, self.source_style, (*self.steps, (*split, number)))
            part.__dict__.update(attributes)
            part.unshared = made[number] if made else None
            repeated.append(part)
        return repeated
