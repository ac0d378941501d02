"""The layouts and drawings of the last archival PDF laid out, kept in the user's cache for the next process.

An edited rebuild lays out one PDF, the edited version's, in a process that has laid out none: each of its
paragraphs is broken into lines and drawn afresh (outputs/pdf_paragraphs.py and pdf_drawing.py keep them for the
next document of the same process only), about half of what that PDF costs, though all but the edited paragraph
are the ones the build before laid out for the same version. So a process that lays out PDFs keeps what the last
of them kept for the next document (`keep`), in `<user cache>/pdf-memo/<key>.pickle`, and the next process that
lays one out takes it as if it had just laid that document out itself (`load`). Nothing else changes: a
paragraph is taken only as the same markup, style and width, a drawing replayed only where the document gives
its characters the same codes (what the modules check within a process).

The key covers what the layouts depend on besides the document: ReportLab's version and settings
(`rl_config`: its environment variables and settings file may change them), the layout code (as the PDF cache's
key, pdf_cache.layout_code_hash), this module and Python's version; a memo of another key is never read, and
a memo that cannot be read is ignored. The fonts and styles are pickled by name: the loading process's own
are the same, by the key. A process whose documents found nine in ten of their paragraphs in the memo it
loaded (an edited rebuild, a new version) does not write it again: that memo serves the next process as well,
and pickling it would cost about as much as it saved.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .pdf_cache import delete_oldest, layout_code_hash, modified, user_cache_dir

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle

    from .pdf_fonts import VeraFont

KEPT = 4
"""Memos kept (about 0.4 MB each): those of other keys (other versions of the code or of ReportLab) are deleted
past this many, the least recently written first."""
STILL_SERVES = 0.9
"""The share of a process's last document's paragraphs found in the memo it loaded from which that memo is not
written again."""


@dataclass
class _Loaded:
    """What `load` found: the keys of the memo's paragraphs, and this process's fonts and styles by name."""

    keys: frozenset[Any]
    by_name: dict[tuple[str, str], Any]


_loaded: _Loaded | None = None
"""None until `load` runs: a process that lays out no PDF keeps nothing."""


def memo_path() -> Path:
    return user_cache_dir() / "pdf-memo" / f"{_key()}.pickle"


@cache
def _key() -> str:
    from reportlab import rl_config, rl_settings

    settings = repr([(name, getattr(rl_config, name, None)) for name in rl_settings.__all__])
    digest = hashlib.sha256("\0".join((layout_code_hash(), sys.version, settings)).encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


class _Pickler(pickle.Pickler):
    def __init__(self, file: IO[bytes], by_object: dict[int, tuple[str, str]]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.by_object = by_object

    def persistent_id(self, obj: Any) -> tuple[str, str] | None:
        return self.by_object.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: IO[bytes], by_name: dict[tuple[str, str], Any]) -> None:
        super().__init__(file)
        self.by_name = by_name

    def persistent_load(self, pid: Any) -> Any:
        return self.by_name[tuple(pid)]


def load(fonts: list[VeraFont], styles: dict[str, ParagraphStyle]) -> None:
    """Take the memo kept by the last process as the layouts and drawings of the document laid out before this
    process's first (call before laying out the first); `fonts` and `styles` are this process's."""
    from .pdf_drawing import DRAWINGS
    from .pdf_paragraphs import RepeatedParagraph

    global _loaded
    by_name = {**{("font", font.fontName): font for font in fonts},
               **{("style", name): style for name, style in styles.items()}}
    _loaded = _Loaded(frozenset(), by_name)
    try:
        with memo_path().open("rb") as source:
            layouts, drawings = _Unpickler(source, by_name).load()
    except Exception:  # none yet, or unreadable: every paragraph laid out afresh
        return
    if RepeatedParagraph.LAYOUTS.newer or DRAWINGS.newer:  # not the process's first document after all
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
    path = memo_path()
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial")
    by_object = {id(value): name for name, value in _loaded.by_name.items()}
    with suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as out:
            _Pickler(out, by_object).dump((layouts, DRAWINGS.newer))
        partial.replace(path)
        _loaded.keys = frozenset(layouts)
        folder = path.parent
        delete_oldest(os.listdir(folder), KEPT, lambda name: modified(folder / name),
                      lambda name: os.unlink(folder / name), spared=lambda name: name == path.name)
