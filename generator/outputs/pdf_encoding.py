"""Faster stand-ins for four of ReportLab's pure-Python helpers, giving the same strings.

Without its C accelerator (the `rl_accel` package, which this project does not install), ReportLab
formats every number it writes (`fp_str`), escapes every string (`escapePDF`) and ASCII85-encodes every
stream (`asciiBase85Encode`) in Python: about a fifth of laying out an archive's PDFs. The first two are
pure functions called again and again with the same arguments (the same coordinates and words in every
version of a notice), so they are remembered; the third is the standard library's `base64.a85encode`,
which writes the same characters (`z` for a group of four zero bytes, a short last group cut to its
length) and lacks only ReportLab's `~>` terminator. `install` puts them where ReportLab's modules look
the helpers up, replacing only the pure-Python versions: with the accelerator there is nothing to do.
The fourth, `pdfdoc.pdfdocEnc`, encodes every name, number and string of a PDF's objects with a codec
written in Python, which writes ASCII (but eight control characters) as ASCII: such text is encoded
as ASCII at once (`pdfdoc_encoded`).

Two more computations recur in every document of an archive, and are done once per process: the program
of a font subset (`TTFontFile.makeSubset`: the glyphs of the characters a document uses, nearly the same
characters in every version), and its compression when it is embedded. A subset's program is remembered
as a `FontProgram`, which the compression alone remembers: a page's content is never the same twice.
tests/test_pdf_layout.py checks the stand-ins against ReportLab's own on many inputs, and the PDFs
byte for byte.
"""

from __future__ import annotations

import base64
import re
import sys
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from reportlab.lib import rl_accel
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFStreamFilterZCompress
from reportlab.pdfbase.ttfonts import TTFontFile

REMEMBERED = 1 << 16
"""Arguments remembered per helper: a long archive's distinct numbers and strings, with room to spare."""
FONT_PROGRAMS = 16
"""Font subsets remembered, and their compressed programs: a document has a subset or two per font (of 256
characters each), and the versions of an archive nearly all the same ones."""


def _remembering(function: Callable[..., str]) -> Callable[..., str]:
    remembered = lru_cache(maxsize=REMEMBERED)(function)

    def helper(*args: Any) -> str:
        try:
            return remembered(*args)
        except TypeError:  # a list of numbers: not hashable
            return function(*args)

    return helper


def ascii85(data: bytes | str) -> str:
    """ReportLab's `asciiBase85Encode`: ASCII85 of `data`, then the `~>` terminator."""
    if isinstance(data, str):  # not what a PDF's streams hold: ReportLab's own handles it
        return str(rl_accel._py_asciiBase85Encode(data))
    return base64.a85encode(data).decode("ascii") + "~>"


def stand_ins() -> dict[str, Callable[..., str]]:
    """ReportLab's pure-Python helpers and what replaces each, for those this ReportLab uses."""
    replacements: dict[str, Callable[[Callable[..., str]], Callable[..., str]]] = {
        "fp_str": _remembering, "escapePDF": _remembering, "asciiBase85Encode": lambda original: ascii85}
    return {name: make(getattr(rl_accel, name)) for name, make in replacements.items()
            if getattr(getattr(rl_accel, name), "__name__", "").startswith("_py_")}


class FontProgram(bytes):
    """The program of a font subset, as `TTFontFile.makeSubset` makes it: compressed once (`compressed`)."""


class RememberedSubsets:
    """`TTFontFile.makeSubset`, remembered per font and characters (a method: a descriptor, as functions are)."""

    def __init__(self, make_subset: Callable[[TTFontFile, list[int]], bytes]) -> None:
        self.original = make_subset
        self.remembered = lru_cache(maxsize=FONT_PROGRAMS)(self.made)

    def made(self, face: TTFontFile, characters: tuple[int, ...]) -> FontProgram:
        return FontProgram(self.original(face, list(characters)))

    def __get__(self, face: TTFontFile, owner: type | None = None) -> Callable[[list[int]], FontProgram]:
        return lambda subset: self.remembered(face, tuple(subset))


def compressed(compress: Callable[[Any, bytes | str], bytes]) -> Callable[[Any, bytes | str], bytes]:
    """`PDFStreamFilterZCompress.encode`, remembered for font programs (zlib gives the same bytes for the
    same bytes): other streams, a page's content, are compressed every time."""
    remembered = lru_cache(maxsize=FONT_PROGRAMS)(compress)

    def encode(self: Any, text: bytes | str) -> bytes:
        return remembered(self, text) if type(text) is FontProgram else compress(self, text)

    return encode


_pdfdoc_codec: Callable[[Any], Any] = getattr(pdfdoc, "pdfdocEnc")  # noqa: B009  # not in the type stubs
_NOT_IN_PDFDOC = re.compile("[\x18-\x1f]")
"""The ASCII characters that PDFDocEncoding gives glyphs of their own (breve, caron...): ReportLab's codec
refuses them. It writes every other ASCII character as its ASCII byte."""


def pdfdoc_encoded(text: Any) -> Any:
    """ReportLab's `pdfdocEnc` (every name, number and string of a PDF's objects goes through it, about 730
    times a document): ASCII text as its ASCII bytes at once, anything else by ReportLab's codec, in Python."""
    if isinstance(text, str) and text.isascii() and _NOT_IN_PDFDOC.search(text) is None:
        return text.encode("ascii")
    return _pdfdoc_codec(text)


def install() -> None:
    """Put the stand-ins (and `pdfdoc_encoded`) in every ReportLab module imported so far that holds one of the
    helpers (but `rl_accel` itself, which keeps the originals), and remember font programs (once per process)."""
    swaps: list[tuple[str, Any, Any]] = [(name, getattr(rl_accel, name), stand_in)
                                         for name, stand_in in stand_ins().items()]
    swaps.append(("pdfdocEnc", _pdfdoc_codec, pdfdoc_encoded))
    for module in [m for key, m in sys.modules.items() if key.startswith("reportlab.") and m is not rl_accel]:
        for name, original, stand_in in swaps:
            if getattr(module, name, None) is original:
                setattr(module, name, stand_in)
    if not isinstance(TTFontFile.__dict__["makeSubset"], RememberedSubsets):
        TTFontFile.makeSubset = RememberedSubsets(TTFontFile.makeSubset)
        PDFStreamFilterZCompress.encode = compressed(PDFStreamFilterZCompress.encode)
