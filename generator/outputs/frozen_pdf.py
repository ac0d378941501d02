"""Archival PDFs frozen at publish: written into the notice's folder once, served by every later build as is.

An archival PDF is the record of what was published, so `notices publish` lays it out when it locks the version
(`freeze`, with the code a build uses, so its bytes are the ones a build made then) and the
lock records its SHA-256 (`source.lock.FrozenPdf`). From then on a build copies the committed file
(`frozen_job`) instead of laying it out: a template, font, ReportLab or organisation-name change no longer makes
an archived PDF anew, and a first build on a fresh machine reads about 66 KB per published version instead of
laying out each one (about 14 ms of CPU). A PDF whose version is shown as a draft at the build's as-of date (the
label differs), or whose content changed since it was frozen, is laid out as before.
"""

from __future__ import annotations

import hashlib
import os
import stat
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..source.lock import FrozenPdf, frozen_pdf_path
from ..source.problems import InvalidContent, Problem, display_path
from .paths import pdf_src
from .pdf_cache import cache_dir, pdf_key, store
from .pdf_document import pdf_document
from .pdf_orders import laid_out

if TYPE_CHECKING:
    from ..library.project import Notice, NoticeVersion


class FrozenPdfChanged(Exception):
    """A frozen PDF went missing or changed after the build's checks; the message is one `path: error:` line."""


@dataclass(frozen=True)
class FrozenJob:
    """A version's frozen PDF: where it goes in the site, the committed file and the SHA-256 the lock records."""

    src: str
    path: Path
    sha256: str

    def read(self) -> bytes:
        """The committed bytes, checked against the lock: a build never serves a PDF that is not the record."""
        shown = display_path(self.path)
        try:
            data = self.path.read_bytes()
        except OSError as error:
            raise FrozenPdfChanged(f"{shown}:1:1: error: the frozen PDF cannot be read ({error.strerror}) while "
                                   "the site was built; restore it from version control: "
                                   f"git checkout -- {shown}") from None
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise FrozenPdfChanged(f"{shown}:1:1: error: the frozen PDF changed while the site was built: its bytes no "
                                   "longer match the SHA-256 in versions.lock; restore it from version control: "
                                   f"git checkout -- {shown}")
        return data


def frozen_label(version: NoticeVersion) -> str | None:
    """The label a PDF frozen at publish carries: a published version is no draft (`page_meta.version_label`)."""
    return "illustrative" if version.data.illustrative else None


def frozen_job(notice: Notice, version: NoticeVersion, label: str | None) -> FrozenJob | None:
    """The frozen PDF a build serves for `version` shown with `label`, or None if it must be laid out: none was
    frozen, or it was made from other content, or it is shown with another label (a draft at an earlier date)."""
    record = notice.lock.pdfs.get(version.effective)
    if record is None or record.content_sha256 != version.content_hash or label != frozen_label(version):
        return None
    return FrozenJob(pdf_src(notice.id, version.effective.isoformat()), frozen_pdf_path(notice.path,
                                                                                        version.effective),
                     record.sha256)


def freeze(notice: Notice, version: NoticeVersion, organisation: str) -> FrozenPdf:
    """Lay out `version`'s PDF afresh and write it into the notice's folder, atomically (a temporary file renamed):
    the lock's record of it is returned. Never taken from the user's PDF cache, which is keyed by its inputs, not
    its bytes: an entry damaged there would become the sealed record for good; the fresh one is stored in it.

    Raises `InvalidContent` (one `path:1:1: error:` line) when it cannot be written, or when `pdf/` is not a folder
    of the notice's own (a link would carry the record out of the project): nothing is written then."""
    data = _fresh(notice, version, organisation)
    _write(frozen_pdf_path(notice.path, version.effective), data)
    return FrozenPdf(sha256=hashlib.sha256(data).hexdigest(), content_sha256=version.content_hash)


def restore_missing(notice: Notice, organisation: str) -> list[Path]:
    """Write again each recorded PDF of `notice` that is missing, when a fresh layout gives the very bytes the lock
    records (then it is the record, nothing swapped): a publish whose PDFs never reached version control (`git
    commit -a`, `git clean`) can be mended. The others stay missing, and an error."""
    restored = []
    for effective, record in notice.lock.pdfs.items():
        path = frozen_pdf_path(notice.path, effective)
        version = next((v for v in (*notice.versions, *notice.withdrawn)
                        if v.effective == effective and v.content_hash == record.content_sha256), None)
        if version is None or os.path.lexists(path):
            continue
        data = _fresh(notice, version, organisation)
        if hashlib.sha256(data).hexdigest() == record.sha256:
            _write(path, data)
            restored.append(path)
    return restored


def _fresh(notice: Notice, version: NoticeVersion, organisation: str) -> bytes:
    """`version`'s PDF laid out now, and kept in the user's PDF cache for the builds."""
    label = frozen_label(version)
    data = laid_out(pdf_document(notice.title, version, organisation=organisation, label=label))
    store(cache_dir(), pdf_key(version.content_hash, notice.title, organisation, label or ""), data)
    return data


def _write(path: Path, data: bytes) -> None:
    _own_folder(path.parent)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        # O_NOFOLLOW|O_EXCL: never through a link, nor into a file already there (not this run's to replace).
        handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except OSError as error:
        raise _unwritable(path, error) from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        partial.replace(path)
    except OSError as error:
        raise _unwritable(path, error) from None
    finally:
        partial.unlink(missing_ok=True)


def _own_folder(folder: Path) -> None:
    """Make sure `folder` (the notice's `pdf/`) is a real folder, not a link, creating it if it is missing."""
    try:
        with suppress(FileExistsError):  # a name already there, a link perhaps, is left as it is
            folder.mkdir()
        mode = os.lstat(folder).st_mode
    except OSError as error:
        raise _unwritable(folder, error) from None
    if not stat.S_ISDIR(mode):
        what = "a link" if stat.S_ISLNK(mode) else "not a folder"
        raise InvalidContent([Problem(display_path(folder), 1, 1, f"is {what}, but the frozen PDFs are written into a "
                                      "folder of the notice's own (a link could carry them out of the project); "
                                      "nothing was written: replace it with a folder, then run the command again")])


def _unwritable(path: Path, error: OSError) -> InvalidContent:
    return InvalidContent([Problem(display_path(path), 1, 1, f"cannot write the frozen PDF ({error.strerror}); "
                                   "nothing was recorded: free the space or make the folder writable, then run the "
                                   "command again")])
