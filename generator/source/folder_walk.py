"""Every entry under a folder, folders that are links entered as the code that reads them enters them.

Jinja's loader finds a template through a link to a folder, and the loader reads a notice folder that is a link;
a hash of what they read walks into such folders too (`Path.rglob` does not, before Python 3.13), or an edit
inside one would go unseen. A folder the walk is already inside of (a link back up: a cycle) is not entered
again, so the walk ends.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def entries_under(root: Path, enter: Callable[[str], bool] = lambda name: True) -> list[Path]:
    """Every entry under `root` (folders, files and links, each named as it is reached), in the order of
    `sorted(root.rglob("*"))`. Folders, linked ones too, are entered unless `enter(name)` is false, a folder
    cannot be listed, or the walk is already inside it."""
    found: list[Path] = []

    def visit(folder: Path, inside: frozenset[tuple[int, int]]) -> None:
        try:
            here = os.stat(folder)
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:  # gone or unreadable: what reads it finds the same
            return
        if (here.st_dev, here.st_ino) in inside:
            return
        inside |= {(here.st_dev, here.st_ino)}
        for entry in entries:
            path = folder / entry.name
            found.append(path)
            if _is_folder(entry) and enter(entry.name):
                visit(path, inside)

    visit(root, frozenset())
    return found


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
