"""The layouts and drawings of the last archival PDF laid out, kept in the user's cache for the next process.

An edited rebuild lays out one PDF, the edited version's, in a process that has laid out none: each of its
paragraphs is broken into lines and drawn afresh (outputs/pdf_paragraphs.py and pdf_drawing.py keep them for the
next document of the same process only), about half of what that PDF costs, though all but the edited paragraph
are the ones the build before laid out for the same version. So a process that lays out PDFs keeps what the last
of them kept for the next document (`keep`), in `<user cache>/pdf-layouts/<key>`, and the next process that lays
one out takes it as if it had just laid that document out itself (`load`). Nothing else changes: a paragraph is
taken only as the same markup, style and width, a drawing replayed only where the document gives its characters
the same codes (what the modules check within a process).

The key covers what the layouts depend on besides the document: ReportLab's version and settings (`rl_config`:
its environment variables and settings file may change them), whether its C accelerator is installed, the layout
code (the modules the PDF cache's key hashes, pdf_cache.layout_modules_hash), the styles and the fonts their
names stand for, and Python's version. A process whose documents found nine in ten of their paragraphs in the
memo it loaded (an edited rebuild) does not write it again: that memo serves the next process as well.

A memo is a pickle (ReportLab's lines are its own objects, thousands of fragments of some twenty attributes,
which pickle rebuilds in C), and unpickling calls what a pickle names. So a memo may name nothing but ReportLab's
classes of a paragraph's lines and colours (`SAFE`: bags of attributes, lists and strings, made without running
anything else; any other name is refused as it is read), styles and fonts go by name, and a memo is read only
from a folder as private as the compiled templates' (`private_folder.py`: this user's, mode 0700,
checked on the opened folder; the memo opened through it without following links, a regular file of this
user's), and only whole: with the SHA-256 of its pickle, which must match (against damage; whoever could forge
one there could change this user's code as well). A memo missing, foreign, damaged, of another key or naming a
style or font this process lacks reads as none: every paragraph is laid out afresh.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..source.collector import collector_paused
from .pdf_cache import delete_oldest, layout_modules_hash, modified, user_cache_dir
from .private_folder import open_private, read_entry, write_entry

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle

KEPT = 4
"""Memos kept (about 0.4 MB each): those of other keys (other versions of the code or of ReportLab) are deleted
past this many, the least recently written first."""
STILL_SERVES = 0.9
"""The share of a process's last document's paragraphs found in the memo it loaded from which that memo is not
written again."""
HEADER = b"notices pdf-memo 2\n"
"""What a memo starts with; then the SHA-256 of the pickle, then the pickle."""
SAFE = frozenset({("reportlab.platypus.paraparser", "ParaFrag"), ("reportlab.lib.colors", "Color"),
                  *(("reportlab.platypus.paragraph", name) for name in (
                      "ParaLines", "FragLine", "_HSFrag", "_InjectedFrag", "_SplitFrag", "_SplitFragH",
                      "_SplitFragHY", "_SplitFragHS", "_SplitFragLL", "_SplitWord", "_SplitWordEnd", "_SplitWordH",
                      "_SplitWordHY", "_SplitWordLL"))})
"""The only classes a memo may name: what ReportLab's lines of a paragraph are made of (attribute bags, lists and
strings of its own classes, which it makes without running anything else) and colours."""


@dataclass
class _Loaded:
    """What `load` found: the memo's key, the keys of its paragraphs, and this process's styles by name."""

    key: str
    keys: frozenset[Any]
    styles: dict[str, ParagraphStyle]


_loaded: _Loaded | None = None
"""None until `load` runs: a process that lays out no PDF keeps nothing."""


def memo_folder() -> str:
    return os.path.join(user_cache_dir(), "pdf-layouts")


def memo_key(styles: dict[str, ParagraphStyle]) -> str:
    """What the layouts depend on besides the documents (see the module's docstring)."""
    from reportlab import Version, rl_config, rl_settings
    from reportlab.lib import rl_accel
    from reportlab.pdfbase import pdfmetrics

    settings = [(name, getattr(rl_config, name, None)) for name in rl_settings.__all__]
    helpers = [getattr(getattr(rl_accel, name), "__name__", "") for name in rl_accel.__all__]
    described = [(name, sorted((attribute, repr(value)) for attribute, value in vars(style).items()
                               if attribute != "parent")) for name, style in sorted(styles.items())]
    fonts = [(name, type(font).__qualname__, font.face.name)
             for name in sorted({style.fontName for style in styles.values()}) for font in [pdfmetrics.getFont(name)]]
    parts = (Version, layout_modules_hash(), sys.version, repr(settings), repr(helpers), repr(described), repr(fonts))
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class _Unpickler(pickle.Unpickler):
    """Builds only the classes of `SAFE`, from ReportLab's modules already imported; refuses any other name."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in SAFE or module not in sys.modules:
            raise pickle.UnpicklingError(f"a PDF memo names {module}.{name}")
        return getattr(sys.modules[module], name)


def load(styles: dict[str, ParagraphStyle]) -> None:
    """Take the memo kept by the last process as the layouts and drawings of the document laid out before this
    process's first (call before laying out the first); `styles` are this process's, by name."""
    from .pdf_drawing import DRAWINGS
    from .pdf_paragraphs import RepeatedParagraph

    global _loaded
    _loaded = _Loaded(memo_key(styles), frozenset(), styles)
    if RepeatedParagraph.LAYOUTS.newer or DRAWINGS.newer:  # not the process's first document after all
        return
    data = _read(_loaded.key)
    if data is None:
        return
    try:
        with collector_paused():  # some 40,000 objects, alive until the first document is laid out: 5 -> 4 ms
            memo = _Unpickler(io.BytesIO(data)).load()
        layouts, drawings = _restored(memo, styles)
    except Exception:  # not a memo this code wrote: every paragraph laid out afresh
        return
    RepeatedParagraph.LAYOUTS.newer, DRAWINGS.newer = layouts, drawings
    _loaded.keys = frozenset(layouts)


def keep() -> None:
    """Write what the last document laid out in this process kept for the next one, for the next process (if this
    process laid out a PDF, and the memo it loaded does not serve it as well)."""
    if _loaded is None:
        return
    from .pdf_drawing import DRAWINGS
    from .pdf_paragraphs import RepeatedParagraph

    layouts = RepeatedParagraph.LAYOUTS.newer
    if not layouts or len(_loaded.keys.intersection(layouts)) >= STILL_SERVES * len(layouts):
        return
    try:
        data = pickle.dumps(_plain(layouts, DRAWINGS.newer, _loaded.styles), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a layout that cannot be pickled: none kept
        return
    if _write(_loaded.key, HEADER + hashlib.sha256(data).digest() + data):
        _loaded.keys = frozenset(layouts)


def _plain(layouts: dict[Any, Any], drawings: dict[Any, Any], styles: dict[str, ParagraphStyle]
           ) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """The memo's contents with styles and fonts by name: the parts of split paragraphs name their style, the
    drawings the fonts they gave codes (a part whose style is not one of `styles` is left out)."""
    names = {id(style): name for name, style in styles.items()}
    plain = {}
    for key, layout in layouts.items():
        parts, forgotten = layout
        if type(forgotten) is bool:  # a split: its parts' attributes, each with its style
            if any(id(part.get("style")) not in names for part in parts):
                continue
            layout = tuple({**part, "style": names[id(part["style"])]} for part in parts), forgotten
        plain[key] = layout
    return plain, {key: (drawing.operators, drawing.state, tuple((font.fontName, codes) for font, codes in
                                                                   drawing.codes), drawing.fonts, drawing.version)
                   for key, drawing in drawings.items()}


def _restored(memo: Any, styles: dict[str, ParagraphStyle]) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """The layouts and drawings of a memo (`_plain`'s), with this process's styles and fonts; raises if the
    memo has another shape or names a style or font this process lacks."""
    from reportlab.pdfbase import pdfmetrics

    from .pdf_drawing import Drawing
    from .pdf_fonts import VeraFont

    plain, drawn = memo
    layouts = {}
    for key, (first, second) in plain.items():
        if type(second) is bool:
            first = tuple({**part, "style": styles[part["style"]]} for part in first)
        elif type(second) is not dict:
            raise TypeError("not a layout")
        layouts[key] = first, second
    fonts: dict[str, VeraFont] = {}
    for name in {name for *_, codes, _, _ in drawn.values() for name, _ in codes}:
        font = pdfmetrics.getFont(name)
        if not isinstance(font, VeraFont):
            raise TypeError(f"{name} is not a font of the PDFs")
        fonts[name] = font
    drawings = {key: Drawing(operators, state, tuple((fonts[name], codes) for name, codes in codes), names, version)
                for key, (operators, state, codes, names, version) in drawn.items()}
    return layouts, drawings


def _read(key: str) -> bytes | None:
    """The pickle of the memo of `key`, if it is a regular file of this user's in the private folder, whole."""
    folder, _ = open_private(Path(memo_folder()), make=False)
    if folder is None:
        return None
    try:
        memo = read_entry(folder, key)
    finally:
        os.close(folder)
    start = len(HEADER) + hashlib.sha256().digest_size
    if memo is None or not memo.startswith(HEADER) or hashlib.sha256(memo[start:]).digest() != memo[len(HEADER):start]:
        return None
    return memo[start:]


def _write(key: str, memo: bytes) -> bool:
    """Write the memo of `key` into the private folder (builds may overlap), keeping the folder to `KEPT` memos;
    False if it could not be written."""
    folder, _ = open_private(Path(memo_folder()))
    if folder is None:
        return False
    if not write_entry(folder, key, memo):
        os.close(folder)
        return False
    with suppress(OSError):
        delete_oldest(os.listdir(folder), KEPT, lambda name: modified(name, folder),
                      lambda name: os.unlink(name, dir_fd=folder), spared=lambda name: name == key)
    os.close(folder)
    return True
