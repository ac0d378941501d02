"""A site folder built again keeps its folders: only the files are written again (each rebuild, previews too).

Before each build MkDocs empties the site folder, and then makes every folder again: at 100 versions about
300 folders for 450 files, and making a folder is the costliest thing a build asks of the file system here
(about 0.8 ms each on ext4, against 0.3 ms to make a file in an existing folder): a quarter of a second of
every preview rebuild. So:

- before MkDocs cleans the folder (`empty_files`), every file of the last build is deleted and the folders,
  now holding nothing but folders, are set aside in a hidden folder, which MkDocs' clean leaves alone as it
  leaves every hidden entry;
- once MkDocs has cleaned, before it writes anything (`put_back`), they are put back;
- once the build has written everything (`prune_empty`), the folders no file was written into are removed.

The folder then holds exactly the files this build wrote, in the folders they need, as after a clean build:
no file of the last build survives (they are deleted before anything is written), and a clean build has no
empty folder (MkDocs makes a folder only to write a file into it). The hidden folder, left empty while the
build writes, says that folders were put back. A build that fails leaves it behind, and the next build then
removes it and keeps nothing, leaving the site folder to MkDocs' clean: whatever made a build fail, the
next one starts clean. `notices build` and `mkdocs build` build beside the site and swap it in; the old
site's folders, emptied of files, are what their next build writes into (`sitedir.py`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from mkdocs.structure.files import Files

SET_ASIDE = ".notices-folders"
"""Where the folders wait while MkDocs cleans; hidden, as MkDocs' clean skips names starting with a dot."""


def empty_files(site_dir: Path) -> None:
    """Delete every file of the site folder's visible entries and set its folders aside, ready for MkDocs' clean."""
    aside = site_dir / SET_ASIDE
    if aside.is_dir():  # the last build failed: this one starts from a clean folder, as MkDocs' own builds do
        shutil.rmtree(aside)
        return
    try:
        entries = list(os.scandir(site_dir))
    except OSError:  # no site folder yet: MkDocs makes it
        return
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
            continue  # hidden entries are not the build's (MkDocs' clean keeps them); files are cleaned by MkDocs
        delete_files(entry.path)
        aside.mkdir(exist_ok=True)
        os.rename(entry.path, aside / entry.name)


def delete_files(folder: str | os.PathLike[str]) -> None:
    """Delete every file and link in `folder` and in the folders in it, keeping the folders."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                delete_files(entry.path)
            else:  # a file, or a link (never followed)
                os.unlink(entry.path)


def put_back(site_dir: Path, files: Files) -> None:
    """Put the set-aside folders back, except where a file of this build (`files`) is to be written instead."""
    aside = site_dir / SET_ASIDE
    if not aside.is_dir():
        return
    for entry in os.scandir(aside):
        target = site_dir / entry.name
        if target.exists() or target.is_symlink():  # written meanwhile: the folder is not needed
            shutil.rmtree(entry.path)
        else:
            os.rename(entry.path, target)
    for file in files:  # a file where the last build had a folder (which holds no file now)
        if os.path.isdir(file.abs_dest_path) and not os.path.islink(file.abs_dest_path):
            shutil.rmtree(file.abs_dest_path)


def prune_empty(site_dir: Path) -> None:
    """Remove the visible folders no file was written into, deepest first, if folders were put back."""
    aside = site_dir / SET_ASIDE
    if not aside.is_dir():
        return
    aside.rmdir()
    for entry in list(os.scandir(site_dir)):
        if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False) and _prune(entry.path):
            os.rmdir(entry.path)


def _prune(folder: str) -> bool:
    """Remove the empty folders inside `folder`; whether it is empty now."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and _prune(entry.path):
                os.rmdir(entry.path)
            else:
                empty = False
    return empty
