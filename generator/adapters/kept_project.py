"""What `mkdocs serve` keeps from one rebuild to the next: the loaded library and its checks.

MkDocs keeps a plugin that has `on_startup` for the whole `serve` process and calls `on_config` on
every rebuild. Loading is a function of the bytes under `notices/` and of `site_config/site.yaml`
(and of the working folder, which problems are named from), so while those hash the same the
library is reused, and with it its checks for the same as-of date: exact, not a guess from times.
When a file changed, the library is loaded again, and the content-addressed caches leave only what
the changed bytes affect to be done again: that file parsed and validated, the citation checks of
that version, the placing of its problems, the redlines and pages it is part of.

The fingerprint and the load read the files one after the other: a file saved between the two would
have the library of its new bytes kept under the fingerprint of its old ones, and reused once the file
holds the old bytes again (an undo). So a library is kept only when no entry it is loaded from changed
from just before the fingerprint was taken to the end of the load (`loaded_from`, `settled`), and the files
hash the same after the load as before it (for file systems whose times tick more coarsely than assumed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..library.loader import NOTICES, SITE_CONFIG, load_library
from ..library.project import Library
from ..library.reuse import LoadedVersions
from ..source.folder_walk import entries_under
from .build_checks import BuildChecks, run_build_checks


def inputs_fingerprint(root: Path) -> str:
    """A hash of everything a library is loaded from: every entry under notices/ (folders too, by name;
    files by name and bytes; links by target as well, and what is inside a linked folder) and site.yaml, the
    project folder and the working one."""
    digest = hashlib.sha256(f"{root.resolve()}\0{os.getcwd()}\0".encode())
    for path in [root / SITE_CONFIG, *entries_under(root / NOTICES)]:
        try:
            link = os.readlink(path) if path.is_symlink() else ""
            data = b"\0folder" if path.is_dir() else path.read_bytes()
        except OSError as error:  # missing or unreadable: the loader says so, and the hash notes it
            link, data = "", f"\0unreadable: {type(error).__name__}".encode()
        digest.update(f"{path.relative_to(root).as_posix()}\0{link}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


RACY_NS = 10_000_000
"""How far a file system's clock may lag behind this one's: it stamps a change with its last tick (every 1-10 ms),
so two changes within a tick may leave a file's times as they were."""

Entries = list[tuple[str, int, int, int, int]]


def loaded_from(root: Path) -> Entries:
    """The place, inode, size and modification and status-change times of every entry a library is loaded from:
    site.yaml, notices/ and everything in it (a folder's times change when an entry is added, removed or renamed
    in it), what a link there leads to and what is inside a linked folder. A write, rename or removal sets the
    status-change time, which no tool can set back."""
    entries = []
    for path in [root / SITE_CONFIG, root / NOTICES, *entries_under(root / NOTICES)]:
        for follow in (False, True) if path.is_symlink() else (False,):
            try:
                found = os.stat(path, follow_symlinks=follow)
            except OSError:
                entries.append((str(path), -1, -1, -1, -1))
                continue
            entries.append((str(path), found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns))
    return entries


def settled(before: Entries, after: Entries, started_ns: int) -> bool:
    """Whether no entry changed between the two states, taken at `started_ns` (`time.time_ns()`) and later, nor
    within a tick of the file system's clock before (a second change in that tick would leave the times alike)."""
    return before == after and all(entry[-1] < started_ns - RACY_NS for entry in after)


@dataclass
class KeptProject:
    """The last library loaded in this process and its checks by as-of date, while its files are unchanged."""

    fingerprint: str | None = None
    library: Library | None = None
    checks: dict[dt.date, BuildChecks] = field(default_factory=dict)
    versions: LoadedVersions = field(default_factory=LoadedVersions)
    """The version files of the last load: a load after an edit reads only the files whose bytes changed."""

    def library_of(self, root: Path) -> Library:
        """The project's library: the kept one when no file it comes from changed, else loaded again.

        Raises `InvalidContent` as `load_library` does; nothing is kept then, so the next rebuild loads again. Nor
        is a library loaded while a file changed (`settled`): the fingerprint may hash other bytes than it was loaded
        from.
        """
        started, before = time.time_ns(), loaded_from(root)
        fingerprint = inputs_fingerprint(root)
        if self.library is None or fingerprint != self.fingerprint or self.library.root != root:
            self.fingerprint, self.library, self.checks = None, None, {}
            library = load_library(root, reuse=self.versions)
            # The times catch a save undone within the load; hashing again, a save on a file system whose times
            # are coarser than `RACY_NS` (NFS, shared folders of virtual machines).
            if not settled(before, loaded_from(root), started) or inputs_fingerprint(root) != fingerprint:
                return library
            self.fingerprint, self.library = fingerprint, library
        return self.library

    def checks_of(self, library: Library, as_of: dt.date) -> BuildChecks:
        """`run_build_checks`, once per kept library and as-of date."""
        if library is not self.library:
            return run_build_checks(library, as_of)
        if as_of not in self.checks:
            self.checks[as_of] = run_build_checks(library, as_of)
        return self.checks[as_of]

    def forget(self) -> None:
        self.fingerprint, self.library, self.checks, self.versions = None, None, {}, LoadedVersions()
