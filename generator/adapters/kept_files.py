"""The last site's files kept where a build writes the very same bytes: a rebuild writes only what changed.

A build writes every file of the site into the folder beside it (`sitedir.py`), which holds the site before
last. Those files used to be deleted after the swap and written again by the next build: about 450 files and
25 MB at 100 versions, most of them unchanged. Creating a file and writing its data cost an unchanged rebuild
about 0.1 s of CPU (system time, in a folder whose files were just deleted), where reading the old file and
comparing it costs a tenth of that. So:

- after the swap, each file of the old site is renamed to a hidden name beside it (`KEPT` + its name), not
  deleted (`keep_files`): the folder then holds folders and kept files only, which `sitedir.py` takes for
  a folder to build into (anything else there is a build that stopped before its swap, and is removed);
- when MkDocs writes a file (`mkdocs.utils.write_file`) and the build writes an archival PDF, a kept file of
  that name is renamed back instead if it holds exactly the bytes to be written and is what writing them
  would make: a regular file of this user with no other link, with the permissions a new file gets
  (`written`); otherwise the file is written as before;
- once everything is written, the kept files left (the files not written again) are deleted (`drop_kept`),
  before the folders no file was written into are removed and before the site is swapped in.

The site then holds exactly the files this build wrote, with its bytes: a file written any other way (by
another plugin, say) is written as before, and its kept copy is deleted at the end. Only for builds beside
the site (`notices build`, `mkdocs build`); a preview's folder keeps none (`served_folder.py` deletes every
file). A file kept keeps its modification time, as a file copied with its times does.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import mkdocs.utils

from .mirrored import is_mirrored

KEPT = ".notices-kept."
"""The prefix of a kept file's name: hidden, so that MkDocs' clean of the site folder's top leaves it alone."""

_WRITE_FILE = '''
def write_file(content: bytes, output_path: str) -> None:
    """Write content to output_path, making sure any parent directories exist."""
    output_dir = os.path.dirname(output_path)
    os.makedirs(output_dir, exist_ok=True)
    with open(output_path, 'wb') as f:
        f.write(content)
'''
"""MkDocs 1.6's `write_file`, which `written` stands in for: what a file it writes is."""


def kept_name(path: str) -> str:
    folder, name = os.path.split(path)
    return os.path.join(folder, KEPT + name)


def is_kept(name: str) -> bool:
    return name.startswith(KEPT)


def keep_files(folder: str | os.PathLike[str]) -> None:
    """Rename every file of `folder` and the folders in it to its kept name, keeping the folders; links, and
    files kept before, are deleted (a kept file is never a link, and never older than the last build)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                keep_files(entry.path)
            elif entry.is_file(follow_symlinks=False) and not is_kept(entry.name):
                os.rename(entry.path, kept_name(entry.path))
            else:
                os.unlink(entry.path)


def drop_kept(folder: str | os.PathLike[str]) -> None:
    """Delete the kept files left in `folder` and the folders in it: those no file of this build replaced."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                drop_kept(entry.path)
            elif is_kept(entry.name):
                os.unlink(entry.path)


def _new_file_mode() -> int:
    """The permissions `open(path, "wb")` gives a new file: 0o666 less the process's umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def written(content: bytes, path: str, mode: int) -> bool:
    """Put the kept file of `path` back as `path` if it is what writing `content` there would make (the same bytes,
    a regular file of this user with no other link and the permissions `mode`); whether it was."""
    kept = kept_name(path)
    try:
        handle = os.open(kept, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode) or found.st_nlink != 1 or found.st_uid != os.geteuid() \
                or stat.S_IMODE(found.st_mode) != mode or found.st_size != len(content):
            return False
        with open(handle, "rb", closefd=False) as file:
            if file.read(len(content) + 1) != content:
                return False
        os.rename(kept, path)
        return True
    except OSError:
        return False
    finally:
        os.close(handle)


def write_or_keep(content: bytes, path: str, write: Callable[[bytes, str], object], mode: int) -> None:
    if not written(content, path, mode):
        write(content, path)


def keep_identical_writes() -> Callable[[bytes, str], None] | None:
    """Make MkDocs' `write_file` put a kept file back where it holds the bytes to be written (see the module);
    the function that writes a file so from now on, or None where MkDocs' `write_file` is not the one mirrored
    (it then writes every file itself)."""
    current = mkdocs.utils.write_file
    original = getattr(current, "original", current)
    if not is_mirrored(original, _WRITE_FILE, "from __future__ import annotations\nimport os"):
        return None
    mode = _new_file_mode()

    def write_file(content: bytes, output_path: str) -> None:
        write_or_keep(content, output_path, original, mode)

    write_file.original = original  # type: ignore[attr-defined]  # the next build wraps MkDocs' own again
    mkdocs.utils.write_file = write_file
    return write_file


def write_bytes(path: Path, data: bytes) -> None:
    """`path.write_bytes(data)`, or the kept file of `path` put back if it holds `data` (see `written`)."""
    write_or_keep(data, str(path), lambda content, target: Path(target).write_bytes(content), _new_file_mode())
