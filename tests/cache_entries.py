"""The cache's entries as its pack holds them (README, "The cache"), read and damaged through SQLite itself."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from generator.source.cache import CACHE_DIR
from generator.source.cache_pack import PACK


def pack_path(project: Path) -> Path:
    return project / CACHE_DIR / PACK


def delete_pack(pack: Path, *, journals_only: bool = False) -> None:
    """Delete the pack's files (or only its write-ahead log and index), as another process may."""
    for suffix in ("-wal", "-shm") if journals_only else ("", "-wal", "-shm"):
        Path(f"{pack}{suffix}").unlink(missing_ok=True)


def stored(project: Path, kind: str) -> dict[str, str]:
    """The JSON text of every entry of `kind` in the project's cache, by key (in key order)."""
    with sqlite3.connect(pack_path(project)) as connection:
        rows = connection.execute("SELECT key, value FROM entries WHERE kind = ? ORDER BY key", (kind,)).fetchall()
    return {key: value.decode("utf-8") for key, value in rows}


def kinds(project: Path) -> set[str]:
    with sqlite3.connect(pack_path(project)) as connection:
        return {kind for (kind,) in connection.execute("SELECT DISTINCT kind FROM entries")}


def overwrite(project: Path, kind: str, key: str, text: str) -> None:
    """Store `text` as the entry, as a damaged or foreign entry would be."""
    with sqlite3.connect(pack_path(project)) as connection:
        connection.execute("UPDATE entries SET value = ? WHERE kind = ? AND key = ?", (text.encode("utf-8"), kind, key))
