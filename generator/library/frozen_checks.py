"""Frozen archival PDFs cannot vanish or be swapped: each one the lock records is there with its bytes, and none
is there that the lock does not record.

`notices publish` writes a published version's PDF into `notices/<id>/pdf/` and records its SHA-256 in the lock,
under the seal (so an entry edited by hand breaks the seal: `source.lock.lock_problems`). A build serves those
bytes (outputs/frozen_pdf.py), so one deleted or altered would change or lose what readers download: it is an
error, as is a file there that no entry records (served by nothing, checked by nothing, yet looking like the
record). `notices build`, `mkdocs build` and `notices validate` report them through their checks
(adapters/build_checks.py). Reading every frozen PDF is cheap: about 66 KB a version (measured: README, Speed).
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from ..source.lock import LOCK_FILE, PDF_FOLDER, frozen_pdf_path
from ..source.problems import PendingProblem, Problem, display_path
from .project import Library, Notice


def frozen_pdf_problems(library: Library) -> list[Problem]:
    """Every frozen PDF of the library missing, changed, or not recorded by its notice's lock; one line each."""
    pending: list[PendingProblem] = []
    strays: list[Problem] = []
    for notice in library.notices.values():
        recorded = _recorded_problems(notice)
        pending += recorded
        strays += _folder_problems(notice)
    if not pending:  # the YAML reader, which places problems, is imported only for some
        return strays
    from ..source.yamlio import place_problems

    return place_problems(pending) + strays


def _sha256(path: Path) -> str | None:
    """The SHA-256 of the regular file at `path` (a link is not one), or None."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as file:
        try:  # streamed: a huge file put in its place is not read into memory
            return hashlib.file_digest(file, "sha256").hexdigest() if stat.S_ISREG(os.fstat(handle).st_mode) else None
        except OSError:
            return None


def _recorded_problems(notice: Notice) -> list[PendingProblem]:
    lock = notice.path / LOCK_FILE
    problems = []
    for effective, record in notice.lock.pdfs.items():
        path = frozen_pdf_path(notice.path, effective)
        shown = display_path(path)
        digest = _sha256(path)
        if digest == record.sha256:
            continue
        what = ("was changed: its bytes differ from the SHA-256 the lock records" if digest is not None else
                "is a link, not the file itself" if path.is_symlink() else "is missing")
        problems.append(PendingProblem(
            lock, ("pdfs", effective.isoformat()),
            f"the frozen archival PDF of version {effective} of '{notice.id}' {what} ({shown}); a published "
            f"version's PDF is the record readers downloaded and never changes: restore it from version control: "
            f"git checkout -- {shown}" + (f" (never committed? `notices publish` lays it out again if that gives the "
                                          f"recorded bytes; else git checkout -- {display_path(lock)}, then "
                                          "`notices publish`)" if digest is None else ""),
            at_key=True,
        ))
    return problems


def _folder_problems(notice: Notice) -> list[Problem]:
    """The folder of the notice's PDFs if it is a link, whatever the lock holds (`notices publish` would write
    through it, out of the project perhaps); else its files that the lock records no PDF by. Hidden ones (".name":
    a `.DS_Store`, a killed publish's `.partial`) look like no record and are left alone. Not while the lock is
    missing, emptied or edited by hand: its own error says to restore it, which may record them, and "delete it"
    would mislead."""
    folder = notice.path / PDF_FOLDER
    if folder.is_symlink():
        return [Problem(display_path(folder), 1, 1, "is a link, but the frozen PDFs are kept in a folder of the "
                        "notice's own, which `notices publish` writes into: replace the link with a folder holding "
                        "the PDFs the lock records (restore it from version control: git checkout -- "
                        f"{display_path(folder)})")]
    if notice.lock.seal is None or notice.lock.seal != notice.lock.expected_seal():
        return []
    try:
        names = sorted(os.listdir(folder))
    except OSError:  # no folder (nothing frozen yet), or not one: the recorded PDFs' checks say what is missing
        return []
    recorded = {frozen_pdf_path(notice.path, effective).name for effective in notice.lock.pdfs}
    lock = display_path(notice.path / LOCK_FILE)
    return [
        Problem(display_path(folder / name), 1, 1,
                f"{lock} records no frozen PDF by this name: only `notices publish` writes this folder, and a PDF "
                f"it did not record is checked and served by nothing; delete it (or move it out of "
                f"{display_path(folder)}): `notices publish` freezes and records the PDF of every published version")
        for name in names if name not in recorded and not name.startswith(".")
    ]
