"""What `mkdocs serve` keeps from one rebuild to the next: the loaded library and its checks.

MkDocs keeps a plugin that has `on_startup` for the whole `serve` process and calls `on_config` on
every rebuild. Loading is a function of the bytes under `notices/` and of `site_config/site.yaml`
(and of the working folder, which problems are named from), so while those hash the same the
library is reused, and with it its checks for the same as-of date: exact, not a guess from times.
When a file changed, the library is loaded again, and the content-addressed caches leave only what
the changed bytes affect to be done again: that file parsed and validated, the citation checks of
that version, the placing of its problems, the redlines and pages it is part of.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..library.loader import NOTICES, SITE_CONFIG, load_library
from ..library.project import Library
from ..library.reuse import LoadedVersions
from .build_checks import BuildChecks, run_build_checks


def inputs_fingerprint(root: Path) -> str:
    """A hash of everything a library is loaded from: every entry under notices/ (folders too, by name;
    files by name and bytes; links by target as well) and site.yaml, the project folder and the working one."""
    digest = hashlib.sha256(f"{root.resolve()}\0{os.getcwd()}\0".encode())
    for path in [root / SITE_CONFIG, *sorted((root / NOTICES).rglob("*"))]:
        try:
            link = os.readlink(path) if path.is_symlink() else ""
            data = b"\0folder" if path.is_dir() else path.read_bytes()
        except OSError as error:  # missing or unreadable: the loader says so, and the hash notes it
            link, data = "", f"\0unreadable: {type(error).__name__}".encode()
        digest.update(f"{path.relative_to(root).as_posix()}\0{link}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


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

        Raises `InvalidContent` as `load_library` does; nothing is kept then, so the next rebuild loads again.
        """
        fingerprint = inputs_fingerprint(root)
        if self.library is None or fingerprint != self.fingerprint or self.library.root != root:
            self.fingerprint, self.library, self.checks = None, None, {}
            library = load_library(root, reuse=self.versions)
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
