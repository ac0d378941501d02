"""The archival PDFs' fonts: Bitstream Vera (shipped with ReportLab), faster where every document asks the same.

Line breaking asks for the width of every word of every paragraph, and drawing gives every character of every
string its code in the document's font subset, one at a time, in Python. Both answers are remembered where they
are the same: the widths for the process, the codes of a document's first subset until it gives another
character a code (ReportLab only ever adds codes). Drawings replayed from an earlier document
(outputs/pdf_drawing.py) ask which codes the characters they drew had then: the fonts note the texts they are
given codes for while a drawing is recorded (`VeraFont.recording`).
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

import reportlab
from reportlab.pdfbase.ttfonts import TTFont

SHIPPED = os.path.join(os.path.realpath(os.path.dirname(reportlab.__file__)), "fonts")
"""ReportLab's fonts folder. A font is read from there by its path: ReportLab, given a bare file name, tries the
current folder, then the name as a URL (importing `urllib.request`, `http.client` and `ssl` to find none: about
15 ms of an edited rebuild), then walks the folders of `rl_config.TTFSearchPath`, where it would take a system
font of the same file name before its own; the PDFs embed the Vera that ReportLab ships."""

Codes = frozenset[tuple[int, int]]
"""Characters (code points) and their codes in a document's first subset."""


class VeraFont(TTFont):  # type: ignore[misc]  # ReportLab has no type hints
    """A TrueType font that remembers the width of each string it has measured at each size.

    Line breaking asks for the width of every word of every paragraph, about 15,000 times per version;
    the answer depends only on the string and the size, so it is computed once per process.
    """

    recording: ClassVar[list[tuple[VeraFont, str | bytes]] | None] = None
    """While a drawing is recorded, each font and text given its codes (`splitString`); else None."""

    made: ClassVar[list[VeraFont]] = []
    """Every font of this class made in this process (two, and a test's)."""

    def __init__(self, name: str, filename: str) -> None:
        """The font `name` from the file `filename` of ReportLab's (`SHIPPED`)."""
        super().__init__(name, os.path.join(SHIPPED, filename))
        self.widths: dict[tuple[str | bytes, float], float] = {}
        VeraFont.made.append(self)

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        try:
            return self.widths[text, size]
        except KeyError:
            width: float = super().stringWidth(text, size, encoding)
            self.widths[text, size] = width
            return width

    def splitString(self, text: str | bytes, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        """ReportLab's, at once for text whose every character already has its code in the document's first
        subset (after a document's first lines, nearly all its text): one run of those codes.

        ReportLab gives each character of every string drawn its code one at a time, in Python (about a tenth
        of laying out a PDF); a character without a code yet, or outside the first subset, takes that path.
        """
        if VeraFont.recording is not None:
            VeraFont.recording.append((self, text))
        state = self.state.get(doc)
        if state is not None and isinstance(text, str):
            known, codes, _ = first_subset(state)
            if known.issuperset(text):
                return [(0, text.translate(codes).encode("latin-1"))] if text else []
        split: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        return split


def first_subset(state: Any) -> tuple[frozenset[str], dict[int, int], Codes]:
    """The characters with a code in the first subset (below 256) of a document's font `state`, their codes
    (a no-break space is drawn as a space, as ReportLab draws it), and both as pairs; remembered on the state
    until it gives a character a code (ReportLab only ever adds codes)."""
    assignments: dict[int, int] = state.assignments
    remembered = getattr(state, "notices_first_subset", None)
    if remembered is None or remembered[0] != len(assignments):
        codes = {character: code for character, code in assignments.items() if code < 256}
        if 32 in codes:
            codes[0xA0] = codes[32]
        remembered = (len(assignments), frozenset(map(chr, codes)), codes, frozenset(codes.items()))
        state.notices_first_subset = remembered
    return remembered[1], remembered[2], remembered[3]
