"""The cache's entries packed in one SQLite file, `.cache/notices/entries.sqlite`, rather than a file each.

A cold build at 100 versions stores about 1,300 entries; as files, each cost a create, a write and a
rename (about 0.33 ms of mostly system CPU in a build). In the pack, an entry is a row of the table
`entries (kind, key, value)`: `value` is the entry's JSON text in UTF-8. Entries are not compressed:
zlib at level 1 made the pack of a 500-version site 107 MB rather than 270, but cost more CPU than it
saved (cold build +3 s, unchanged rebuild +3.5 s of CPU at 500 versions; measured in the pack alone at
100 versions, 0.3 s more to store and 0.15 s more to read). SQLite (the standard library's) keeps the
cache's promises:

- no reader ever sees half an entry: every entry is written in a transaction of its own, at once
  visible to the other builds and to the parse-ahead workers (`parallel.py`) sharing the pack. In WAL
  mode readers never wait for a writer, and a writer waits up to `BUSY_SECONDS` for another;
- no entry is synced to the disk on its own (`synchronous=NORMAL`: WAL mode syncs at checkpoints
  only): a crash of the machine may lose the last entries written, which are simply computed again;
- a pack that is not a database, is damaged or is of another format (`FORMAT`) is deleted and made
  again; one that cannot be opened at all (a read-only folder) leaves the cache empty. Either way every
  entry is computed again, silently.

A connection is never carried into a forked process: every pack is closed before a fork (the child
opens its own) and opened again, lazily, when next used.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any

PACK = "entries.sqlite"
BUSY_SECONDS = 10.0
CACHE_KB = 256
"""SQLite's page cache per connection (2 MB by default): a build reads each entry once, so a larger one only
adds to the build's peak memory."""
FORMAT = 2
"""The pack's layout, as SQLite's `user_version`: a pack of another layout is made again."""

_SCHEMA = "CREATE TABLE IF NOT EXISTS entries (kind TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, " \
          "PRIMARY KEY (kind, key))"


class Pack:
    """The entries under one cache folder, for this process; every method gives up quietly on a failure."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / PACK
        self.connection: sqlite3.Connection | None = None
        self.inode = 0
        """The pack file's inode number when opened: a pack deleted meanwhile (by hand, or replaced by another
        process) is opened again, not written into unseen."""
        self.usable = True
        """False once the pack could be neither opened nor made again: the cache is empty for this process."""
        self.lock = threading.Lock()  # `mkdocs serve` builds in more than one thread

    def get(self, kind: str, key: str) -> bytes | None:
        """The entry's JSON text in UTF-8, as stored; None if there is none (or it cannot be read)."""
        with self.lock:
            row = self._run("SELECT value FROM entries WHERE kind = ? AND key = ?", (kind, key))
        return row[0] if row is not None and type(row[0]) is bytes else None  # else not what `put` stores

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Store an entry's JSON text in UTF-8."""
        with self.lock:
            self._run("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", (kind, key, data))

    def has(self, kind: str, key: str) -> bool:
        with self.lock:
            return self._run("SELECT 1 FROM entries WHERE kind = ? AND key = ?", (kind, key)) is not None

    def delete_except(self, kind: str, kept: set[str]) -> int:
        """Delete the entries of `kind` whose keys are not in `kept`, in one transaction; how many went."""
        with self.lock:
            connection = self._connect()
            if connection is None:
                return 0
            try:
                connection.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
                connection.execute("BEGIN IMMEDIATE")
                try:
                    connection.execute("DELETE FROM temp.kept")
                    connection.executemany("INSERT OR IGNORE INTO temp.kept VALUES (?)", ((key,) for key in kept))
                    deleted = connection.execute("DELETE FROM entries WHERE kind = ? AND key NOT IN temp.kept",
                                                 (kind,)).rowcount
                    connection.execute("COMMIT")
                except sqlite3.Error:
                    connection.rollback()
                    raise
                return deleted
            except sqlite3.Error as error:
                self._failed(error)
                return 0

    def shrink(self) -> None:
        """Give the file system back the space of deleted entries when it is more than half the pack. SQLite
        keeps it for new entries otherwise, so a pack stays as large as the most it ever held. VACUUM rewrites
        the pack (about 0.15 s of CPU for a 57 MB pack half free); busy or failing, the pack is left as it is."""
        with self.lock:
            connection = self._connect()
            with contextlib.suppress(sqlite3.Error):
                if connection is not None and 2 * connection.execute("PRAGMA freelist_count").fetchone()[0] \
                        > connection.execute("PRAGMA page_count").fetchone()[0]:
                    connection.execute("VACUUM")
                    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the copy VACUUM wrote to the log

    def close(self) -> None:
        """Close the connection; the next use opens the pack again (and tries again if it could not)."""
        with self.lock:
            self._close()
            self.usable = True

    def _run(self, statement: str, parameters: tuple[str | bytes, ...]) -> tuple[Any, ...] | None:
        connection = self._connect()
        if connection is None:
            return None
        try:
            row: tuple[Any, ...] | None = connection.execute(statement, parameters).fetchone()
            return row
        except sqlite3.Error as error:
            self._failed(error)
            return None

    def _connect(self) -> sqlite3.Connection | None:
        if self.connection is not None and _inode(self.path) != self.inode:
            self._close()
        if self.connection is None and self.usable:
            try:
                self.connection, self.inode = _open(self.path), _inode(self.path)
            except (sqlite3.Error, OSError) as error:
                self._failed(error)
        return self.connection

    def _failed(self, error: sqlite3.Error | OSError) -> None:
        """Opening the pack or a statement failed: while another process holds the pack longer than
        `BUSY_SECONDS`, this entry is given up; anything else (not a database, damaged, unreadable) has the
        pack deleted and made again, or the cache left empty if that fails too (a read-only folder)."""
        if getattr(error, "sqlite_errorcode", None) not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            self._replace()

    def _replace(self) -> None:
        self._close()
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.connection, self.inode = _open(self.path), _inode(self.path)
        except (sqlite3.Error, OSError):
            self.usable = False

    def _close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                connection.close()


def _inode(path: Path) -> int:
    try:
        return os.stat(path).st_ino
    except OSError:
        return -1


def _open(path: Path) -> sqlite3.Connection:
    """A connection to the pack at `path`, made (and the folders of the one-file-per-entry layout before it
    removed) if there is none; sqlite3.DatabaseError if the file is not a pack of this `FORMAT`."""
    fresh = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(f"PRAGMA cache_size=-{CACHE_KB}")
        if connection.execute("PRAGMA user_version").fetchone()[0] != FORMAT:
            if connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise sqlite3.DatabaseError("a pack of another format")
            connection.execute(_SCHEMA)
            connection.execute(f"PRAGMA user_version={FORMAT}")
        connection.execute("SELECT key, value FROM entries LIMIT 1").fetchall()
    except BaseException:
        connection.close()
        raise
    if fresh:
        _remove_entry_folders(path.parent)
    return connection


def _remove_entry_folders(folder: Path) -> None:
    """Remove the `<kind>/<key>.json` folders an older version of the tool wrote (nothing reads them now)."""
    for kind in folder.iterdir():
        if kind.is_dir() and not kind.is_symlink() \
                and all(entry.suffix in (".json", ".tmp") and entry.is_file() for entry in kind.iterdir()):
            shutil.rmtree(kind, ignore_errors=True)


_PACKS: dict[str, Pack] = {}
_PLACES: dict[tuple[str, str], str] = {}
PLACES_KEPT = 1024


def place_of(folder: Path) -> str:
    """`os.path.abspath(folder)`, remembered by the folder and the working folder it is resolved against: every
    entry read or written asks for it twice (2,300 times in an edited rebuild at 100 versions), and joining and
    normalising the paths took about 4 us each time, the look-up 1."""
    name = os.fspath(folder)
    cwd = "" if name.startswith("/") else os.getcwd()
    place = _PLACES.get((name, cwd))
    if place is None:
        if len(_PLACES) >= PLACES_KEPT:
            _PLACES.clear()
        place = _PLACES[name, cwd] = os.path.normpath(os.path.join(cwd, name))
    return place


def pack_of(folder: Path) -> Pack:
    """This process's pack of the cache in `folder`."""
    name = place_of(folder)
    pack = _PACKS.get(name)
    if pack is None:
        pack = _PACKS[name] = Pack(Path(name))
    return pack


def close_packs() -> None:
    """Close every pack's connection (each opens again when next used): before a fork, and as a build starts."""
    for pack in _PACKS.values():
        pack.close()


os.register_at_fork(before=close_packs)
