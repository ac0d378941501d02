"""A folder of the user's cache from which the tool loads what could run code (compiled templates, the PDF memo).

Whoever can write such a folder runs code in every build, so it is used only when it is this user's own and closed
to others (made with mode 0o700, as Jinja's own default cache folder), checked on the opened folder so that it cannot
be swapped after the check; each entry is opened through that folder without following links and read only when it
is a regular file of this user's. Where the system cannot refuse links or tell owners (not POSIX), nothing is used.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from pathlib import Path

PRIVATE = stat.S_IRWXU


def unsafe(info: os.stat_result) -> str | None:
    """Why a folder is not one to run code from, or None: it must be this user's own, closed to others."""
    if not stat.S_ISDIR(info.st_mode):
        return "not a folder"
    if info.st_uid != os.getuid():
        return "owned by another user"
    if stat.S_IMODE(info.st_mode) & ~PRIVATE:
        return f"open to other users (mode {stat.S_IMODE(info.st_mode):o}, must be 700)"
    return None


def open_private(path: Path, make: bool = True) -> tuple[int | None, str | None]:
    """The folder at `path` (made if missing and `make`), opened: its descriptor to close, or None and why it is not
    used."""
    if not (all(hasattr(os, name) for name in ("O_NOFOLLOW", "O_DIRECTORY", "getuid"))
            and os.open in os.supports_dir_fd):
        return None, "this system cannot refuse links or tell owners"
    try:
        if make:
            path.parent.mkdir(parents=True, exist_ok=True)
            with suppress(FileExistsError):
                path.mkdir(mode=PRIVATE)
        folder = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as error:
        return None, error.strerror or "cannot be opened"
    reason = unsafe(os.fstat(folder))
    if reason:
        os.close(folder)
        return None, reason
    return folder, None


def read_entry(folder: int, name: str) -> bytes | None:
    """The bytes of entry `name` of the opened private `folder`, if it is a regular file of this user's."""
    try:
        with os.fdopen(os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=folder), "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
                return None
            return file.read()
    except OSError:
        return None  # not stored yet (or a link, refused)


def write_entry(folder: int, name: str, data: bytes) -> bool:
    """Write entry `name` of the opened private `folder`, aside and then renamed, so that a build running beside this
    one never reads half an entry; False if it could not be written."""
    partial = f".{name}.{os.getpid()}"
    try:
        entry = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600, dir_fd=folder)
        with os.fdopen(entry, "wb") as file:
            file.write(data)
        os.replace(partial, name, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError:
        with suppress(OSError):
            os.unlink(partial, dir_fd=folder)
        return False
    return True
