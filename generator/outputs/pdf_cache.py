"""A content-addressed cache of the archival PDFs, so that a build lays out only new or changed versions.

A PDF is a function of the version's data (its content hash), the notice's title, the organisation, the
version's label, `$SOURCE_DATE_EPOCH` (its creation date) and the code that lays it out; the key hashes all
of them, so a cached PDF is exactly the one a clean build makes. The folder is the user's cache,
`~/.cache/privacy-notices/pdf/` (`$XDG_CACHE_HOME` is honoured), or `$NOTICES_CACHE_DIR/pdf/`: outside the
project, since builds never write into the source tree, and safe to delete at any time. A cache that cannot
be written is skipped, never an error.

The folder is bounded (`keep_recent`, `delete_oldest`): past `KEPT` PDFs, a build deletes the least recently used ones
(a build marks each PDF it takes from the cache as used), never one the build itself uses.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Set
from contextlib import suppress
from functools import cache
from importlib.util import find_spec
from pathlib import Path

CACHE_ENV = "NOTICES_CACHE_DIR"
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
KEPT = 2000
"""PDFs kept (about 130 MB): a build keeps every PDF it uses, however many; past this, the least recently used
others are deleted, down to four fifths of it. Projects at other places, other labels and every new version
of the layout code add their own PDFs."""
ABANDONED = 3600
"""Seconds after which a PDF being written (`*.partial`) is taken for one a stopped build left behind."""


def user_cache_dir() -> Path:
    """The tool's folder in the user's cache: `$NOTICES_CACHE_DIR`, else `privacy-notices` in the XDG cache."""
    user_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "privacy-notices"
    return Path(os.environ.get(CACHE_ENV) or user_cache)


def cache_dir() -> Path:
    return user_cache_dir() / "pdf"


_SOURCE = __name__.rsplit(".", 2)[0] + ".source"
LAYOUT_MODULES = (
    *(f"{__package__}.{name}" for name in ("archive_pdf", "pdf_cache", "pdf_document", "pdf_drawing", "pdf_encoding",
                                           "pdf_fonts", "pdf_import", "pdf_memo_file", "pdf_paragraphs",
                                           "private_folder")),
    *(f"{_SOURCE}.{name}" for name in ("collector", "dates", "inline", "memo", "problems")),
)
"""Every module of this package that laying out a PDF imports (tests/test_pdf_memo_safety.py checks that none is
left out): pdf_encoding's stand-ins write the operators, pdf_memo_file decides what is taken from the memo."""


@cache
def layout_code_hash() -> str:
    """The layout code and the library that runs it: a change to either makes every PDF anew.

    `importlib.metadata` is imported here, not at the top: the worker, which writes into this cache but computes
    no key, has no use for it (about 1.5 MB).
    """
    from importlib.metadata import version

    return hashlib.sha256(f"{version('reportlab')}\0{layout_modules_hash()}".encode()).hexdigest()


@cache
def layout_modules_hash() -> str:
    """The layout code (`LAYOUT_MODULES`). The modules are found, not imported: a build whose PDFs are cached, or
    laid out by the worker, never loads ReportLab (about 0.1 s and 7 MB)."""
    digest = hashlib.sha256()
    for module in LAYOUT_MODULES:
        spec = find_spec(module)
        digest.update(Path(str(spec and spec.origin)).read_bytes())
    return digest.hexdigest()


def pdf_key(*parts: str) -> str:
    # ReportLab stamps $SOURCE_DATE_EPOCH, when set, as the PDF's creation date (else a fixed one).
    epoch = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    digest = hashlib.sha256(layout_code_hash().encode() + b"\0" + epoch.encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8"))
    return digest.hexdigest()


def is_stored(folder: Path, key: str) -> bool:
    return (folder / f"{key}.pdf").is_file()


def stored(folder: Path, key: str) -> bytes | None:
    """The PDF stored under `key` (marked as used), or None."""
    path = folder / f"{key}.pdf"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    used(path)
    return data


def used(path: Path) -> None:
    """Mark a PDF of the cache (or a hard link to it) as used now: its modification time, which `keep_recent`
    orders by (the bytes of a cached PDF never change)."""
    with suppress(OSError):
        os.utime(path)


def keep_recent(folder: Path, in_use: Set[str], kept: int | None = None) -> None:
    """Past `kept` PDFs in `folder`, delete the least recently used down to four fifths of `kept`, never one whose
    key is `in_use` (the build's own, which count towards `kept`); and PDFs being written for longer than
    `ABANDONED` seconds. Only the folder's names are read, unless it holds more than `kept` (`KEPT`) PDFs."""
    kept = KEPT if kept is None else kept
    try:
        names = os.listdir(folder)
    except OSError:
        return
    abandoned = time.time() - ABANDONED
    for name in names:
        if name.endswith(".partial") and modified(folder / name) < abandoned:
            with suppress(OSError):
                os.unlink(folder / name)
    delete_oldest([name for name in names if name.endswith(".pdf")], kept, lambda name: modified(folder / name),
                  lambda name: os.unlink(folder / name), spared=lambda name: name[:-4] in in_use)


def delete_oldest(names: list[str], kept: int, last_modified: Callable[[str], float], delete: Callable[[str], None],
                  spared: Callable[[str], bool] = lambda name: False) -> None:
    """Past `kept` of `names`, delete the least recently modified down to four fifths of `kept`, never a `spared`
    one (which counts towards `kept`): the bound of the user cache's folders, the PDFs' and the compiled templates'
    (adapters/stored_templates.py)."""
    if len(names) <= kept:
        return
    oldest = sorted((last_modified(name), name) for name in names if not spared(name))
    for _, name in oldest[:len(names) - kept * 4 // 5]:
        with suppress(OSError):
            delete(name)


def modified(path: str | Path, dir_fd: int | None = None) -> float:
    """When a file of the cache was last modified (or used); infinity if it is gone meanwhile: nothing to delete."""
    try:
        return os.stat(path, dir_fd=dir_fd, follow_symlinks=False).st_mtime
    except OSError:
        return float("inf")


def cached(folder: Path, key: str, make: Callable[[], bytes]) -> bytes:
    """The PDF stored under `key`, else `make()`, stored for the next build (atomically: builds may overlap)."""
    data = stored(folder, key)
    if data is not None:
        return data
    data = make()
    store(folder, key, data)
    return data


def store(folder: Path, key: str, data: bytes) -> None:
    """Keep `data` under `key` for the next build, atomically (builds may overlap), replacing what was there by a
    rename (never in place: a preview's site may hold a hard link to it). A cache that cannot be written is skipped."""
    path = folder / f"{key}.pdf"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{key}.{os.getpid()}.partial")
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:
        pass


def link_stored(folder: Path, key: str, target: Path) -> bool:
    """Put the PDF stored under `key` at `target` as a hard link to the cache's file; False where the file
    system refuses (another device, no links), and the caller writes a copy instead.

    A link is not a copy: it *is* the cache's file, so anything later written into `target` in place would
    change the cached PDF for every later build. So only a folder whose every writer replaces a file rather
    than writes into it may hold links (a preview's: the plugin removes its links before MkDocs, which
    writes files in place, touches the folder again). `target` itself is removed first, never written
    through; the cache replaces its files whole (`cached`), so a linked file never changes.
    """
    try:
        target.unlink(missing_ok=True)
        os.link(folder / f"{key}.pdf", target)
    except OSError:
        return False
    return True
