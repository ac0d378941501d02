"""Template files read once per environment: the page memo's key hashes the very bytes the pages are rendered from.

`PageMemo` keys every page by a hash of every file in the template folders (`page_memo.folders_digest`), and Jinja
reads a template when it first renders it. Were the two reads apart, a template saved between them (an editor under
`mkdocs serve`) would have pages rendered from its new bytes stored under the hash of its old ones, and given back
by every later build once the file holds the old bytes again (an undo). `FilesReadOnce` reads each file once and
gives both the same bytes. An environment lives for one build (every build and rebuild makes its own), so a
template changed during a build is read by the next.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader


class FilesReadOnce(FileSystemLoader):
    """Jinja's `FileSystemLoader`, each file's bytes read once (`read`) and a template's source made from them."""

    def __init__(self, searchpath: str | Path) -> None:
        super().__init__(searchpath)
        self.files: dict[str, bytes] = {}

    def read(self, path: str | Path) -> bytes:
        """The bytes of the file at `path`, read when first asked for."""
        name = os.path.normpath(path)
        data = self.files.get(name)
        if data is None:
            data = self.files[name] = Path(name).read_bytes()
        return data

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """The file Jinja's loader finds (its search, its errors), its source read from `read`'s bytes as Jinja reads
        a file (in the loader's encoding, with universal newlines). Up to date as long as the environment lives."""
        _, filename, _ = super().get_source(environment, template)
        source = io.TextIOWrapper(io.BytesIO(self.read(filename)), encoding=self.encoding).read()
        return source, filename, lambda: True
