"""Template folders taken once per environment: the hash pages are kept under is made of the very files, names and
bytes, that Jinja renders them from.

`PageMemo` keys every page by a hash of every file in the template folders (`page_memo.folders_digest`), and the
theme memo by a hash of the theme folders of the project's own (`theme_memo.theme_files`), while Jinja finds and
reads a template when it first renders it. Were the two apart, a template saved, added or removed between them (an
editor under `mkdocs serve`, a `git checkout`) would have pages rendered from other templates stored under the
hash of the files hashed, and given back by every later build once the folder holds those files again (an undo).
So each folder is listed and read once (`FolderSnapshot`), when first asked for, and both the hash and Jinja's
lookup (`SnapshotLoader`) use that snapshot: a file is found only if it was there, with the bytes it had. An
environment lives for one build (every build and rebuild makes its own), so a change during a build is read by
the next.
"""

from __future__ import annotations

import io
import os
import posixpath
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, TemplateNotFound
from jinja2.loaders import split_template_path

from ..source.folder_walk import entries_under
from .template_errors import NotUtf8Template


class FolderSnapshot:
    """Every file under `folder` by its name there (`a/b.html`) and its bytes, as they were when first asked for."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @cached_property
    def files(self) -> dict[str, bytes]:
        """In the order of the names' parts (as `sorted(folder.rglob("*"))`)."""
        found = {}
        for path in entries_under(self.folder):
            try:
                if path.is_file():
                    found[path.relative_to(self.folder).as_posix()] = path.read_bytes()
            except FileNotFoundError:  # removed since listed: not there for Jinja either
                continue
        return found


class SnapshotLoader(FileSystemLoader):
    """Jinja's `FileSystemLoader` (its search order, its errors), a folder's templates read from its snapshot, for
    the folders `snapshot` accepts (those the memos hash byte for byte), else as Jinja reads them."""

    def __init__(self, searchpath: str | Path | Sequence[str | Path], encoding: str = "utf-8",
                 snapshot: Callable[[Path], bool] = lambda folder: True) -> None:
        super().__init__(searchpath, encoding)
        self.snapshots = {path: FolderSnapshot(Path(path)) if snapshot(Path(path)) else None
                          for path in self.searchpath}

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """The template's source (decoded as Jinja decodes a file: the loader's encoding, universal newlines) and
        file name. Up to date as long as the environment lives."""
        pieces = split_template_path(template)
        for searchpath in self.searchpath:
            filename = posixpath.join(searchpath, *pieces)
            snapshot = self.snapshots[searchpath]
            if snapshot is not None:
                data = snapshot.files.get("/".join(pieces))
            else:
                data = Path(filename).read_bytes() if os.path.isfile(filename) else None
            if data is not None:
                try:
                    source = io.TextIOWrapper(io.BytesIO(data), encoding=self.encoding).read()
                except UnicodeDecodeError as error:
                    raise NotUtf8Template(os.path.normpath(filename), template, data, error) from None
                return source, os.path.normpath(filename), lambda: True
        plural = "path" if len(self.searchpath) == 1 else "paths"
        raise TemplateNotFound(template, f"{template!r} not found in search {plural}: "
                                         + ", ".join(repr(path) for path in self.searchpath))
