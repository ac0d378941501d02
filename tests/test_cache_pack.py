"""The cache's pack (source/cache_pack.py): one SQLite file shared by builds and workers, each entry whole or
absent, a damaged pack made again silently, and no file per entry."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import cache_entries
import pytest
from click.testing import CliRunner
from test_cache import AS_OF, copy_example, files_of

from generator.adapters.cli import main
from generator.source.cache import CACHE_DIR, ContentCache
from generator.source.cache_pack import PACK, close_packs, pack_of, place_of

WRITERS = 3
ENTRIES = 60


def value_of(writer: int, number: int) -> dict[str, object]:
    """An entry of its own for each writer and number; every fifth spans many of SQLite's pages."""
    size = 64 * 1024 + number if number % 5 == 0 else number
    return {"writer": writer, "number": number, "text": f"{writer}:{number}:" + "x" * size}


def write_and_read(folder: str, writer: int) -> list[str]:
    """Store this writer's entries while the others store theirs, reading every entry of every writer as it
    goes; what was read that is not exactly what its writer stores (a half entry would be)."""
    cache = ContentCache(Path(folder))
    wrong = []
    for number in range(ENTRIES):
        cache.put("test", f"{writer}-{number}", value_of(writer, number))
        for other in range(WRITERS):
            hit, value = cache.get("test", f"{other}-{number}")
            if hit and value != value_of(other, number):
                wrong.append(f"{other}-{number}")
    return wrong


def build(project: Path, site: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--root", str(project), "--as-of", AS_OF.isoformat(),
                                       "--site-dir", str(site)])
    return result.exit_code, result.output


def test_concurrent_writers_share_the_pack_and_never_see_half_an_entry(tmp_path: Path) -> None:
    pack_of(tmp_path).put("test", "before", b"1")  # opened before the fork: the children open their own
    with multiprocessing.get_context("fork").Pool(WRITERS) as pool:
        wrong = pool.starmap(write_and_read, [(str(tmp_path), writer) for writer in range(WRITERS)])
    assert wrong == [[]] * WRITERS
    cache = ContentCache(tmp_path)
    assert all(cache.get("test", f"{writer}-{number}") == (True, value_of(writer, number))
               for writer in range(WRITERS) for number in range(ENTRIES))
    assert cache.get("test", "before") == (True, 1)  # the parent's connection still works after the fork
    with sqlite3.connect(tmp_path / PACK) as connection:  # the JSON text, as the README says
        key, value = connection.execute("SELECT key, value FROM entries WHERE kind = 'test' LIMIT 1").fetchone()
    assert json.loads(value.decode("utf-8")) == value_of(*map(int, key.split("-")))
    assert [path.name for path in tmp_path.iterdir() if path.is_dir()] == []


def test_a_damaged_pack_is_made_again_silently_and_the_site_is_the_same(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "project")
    code, said = build(project, tmp_path / "clean")
    assert code == 0 and "Built" in said
    clean = files_of(tmp_path / "clean")
    pack = cache_entries.pack_path(project)
    whole = pack.read_bytes()
    for number, damage in enumerate([b"not a database at all" * 100, whole[:len(whole) // 2],
                                     whole[:4096] + b"\xff" * (len(whole) - 4096)]):
        close_packs()  # as another process would find it
        cache_entries.delete_pack(pack, journals_only=True)
        pack.write_bytes(damage)
        site = tmp_path / f"site{number}"
        assert build(project, site) == (0, said.replace("clean", site.name))  # no traceback, no other message
        assert files_of(site) == clean
        assert "rendered" in cache_entries.kinds(project)  # a pack again, filled by that build
    assert build(project, tmp_path / "again") == (0, said.replace("clean", "again"))
    assert files_of(tmp_path / "again") == clean


def test_a_pack_deleted_while_in_use_is_made_again(tmp_path: Path) -> None:
    cache = ContentCache(tmp_path / "cache")
    cache.put("test", "a", [1])
    cache_entries.delete_pack(tmp_path / "cache" / PACK)
    assert cache.get("test", "a") == (False, None)
    cache.put("test", "b", [2])
    close_packs()
    assert ContentCache(tmp_path / "cache").get("test", "b") == (True, [2])


def test_a_cache_that_cannot_be_opened_caches_nothing_and_says_nothing(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    (tmp_path / "cache").write_text("a file where the folder should be", encoding="utf-8")
    cache = ContentCache(tmp_path / "cache")
    cache.put("test", "a", [1])
    assert cache.get("test", "a") == (False, None) and not cache.has("test", "a")
    assert (tmp_path / "cache").read_text(encoding="utf-8") == "a file where the folder should be"
    assert caplog.records == [] and capfd.readouterr() == ("", "")  # the README: "without a message"


def test_the_folders_of_one_file_per_entry_are_removed_when_the_pack_is_made(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "project")
    older = project / CACHE_DIR / "rendered"
    older.mkdir(parents=True)
    (older / f"{'0' * 64}.json").write_text(json.dumps({"src": "stale"}), encoding="utf-8")
    (project / CACHE_DIR / "notes").mkdir()
    (project / CACHE_DIR / "notes" / "mine.txt").write_text("not an entry", encoding="utf-8")
    assert build(project, tmp_path / "site")[0] == 0
    assert sorted(path.name for path in (project / CACHE_DIR).iterdir() if path.is_dir()) == ["notes"]
    assert os.path.getsize(project / CACHE_DIR / PACK) > 0


def test_a_pack_of_another_format_is_made_again_and_a_foreign_value_is_a_miss(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / PACK) as connection:  # the first pack's layout: compressed values
        connection.execute("CREATE TABLE entries (kind TEXT NOT NULL, key TEXT NOT NULL, packed INTEGER NOT NULL, "
                           "value BLOB NOT NULL, PRIMARY KEY (kind, key))")
        connection.execute("INSERT INTO entries VALUES ('test', 'a', 1, x'789c')")
    cache = ContentCache(tmp_path)
    assert cache.get("test", "a") == (False, None)
    cache.put("test", "b", {"b": 1})
    with sqlite3.connect(tmp_path / PACK) as connection:
        connection.execute("INSERT INTO entries VALUES ('test', 'c', x'ff00')")  # not UTF-8
    assert cache.get("test", "c") == (False, None)
    assert cache.get("test", "b") == (True, {"b": 1})  # the rest of the pack is kept


def test_two_builds_at_once_share_the_pack_and_each_makes_the_clean_site(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "project")
    assert build(project, tmp_path / "clean")[0] == 0
    clean = files_of(tmp_path / "clean")
    close_packs()
    cache_entries.delete_pack(cache_entries.pack_path(project))
    command = [str(Path(sys.executable).parent / "notices"), "build", "--as-of", AS_OF.isoformat(), "--site-dir"]
    running = [subprocess.Popen([*command, str(tmp_path / name)], cwd=project, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True) for name in ("one", "two")]
    said = [process.communicate(timeout=600)[0] for process in running]
    assert [process.returncode for process in running] == [0, 0], said
    assert not any("Traceback" in text for text in said)
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two") == clean
    assert "rendered" in cache_entries.kinds(project)
    assert build(project, tmp_path / "after")[0] == 0  # from the pack the two filled
    assert files_of(tmp_path / "after") == clean


def test_a_cache_folder_is_placed_as_abspath_places_it_from_whatever_working_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folders = [Path(".cache/notices"), Path("p/../.cache//notices/"), Path("."), tmp_path / "x" / ".." / "y"]
    for working in (tmp_path / "one", tmp_path / "two", tmp_path / "one"):
        working.mkdir(exist_ok=True)
        monkeypatch.chdir(working)  # a relative folder is another place from another working folder
        for folder in folders * 2:  # the second time from the memo
            assert place_of(folder) == os.path.abspath(folder)
    assert place_of(Path(".cache")) == str(tmp_path / "one" / ".cache")
