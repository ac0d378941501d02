"""The content-addressed cache: a cached build is byte-identical to a clean one, and stays out of notices/."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cache_entries
import pytest
from conftest import ROOT
from markdown import Markdown

from generator.adapters.build import build_site
from generator.analyses import redlines
from generator.analyses.citations import check as citations_check
from generator.library import loader
from generator.library.loader import load_library
from generator.outputs import site
from generator.source import index, lock
from generator.source.cache import CACHE_DIR, ContentCache, cache_key, is_plain
from generator.source.lock import DIGEST

AS_OF = dt.date(2027, 6, 1)


def copy_example(folder: Path) -> Path:
    for name in ("notices", "site_config", "templates"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_cached_build_is_byte_identical_to_a_clean_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_example(tmp_path / "project")
    notices_before = files_of(project / "notices")
    clean = files_of(build_site(project, AS_OF, tmp_path / "clean"))
    expected = {"yaml", "digest", "regions", "redline", "references", "citations", "outcome", "page", "rendered",
                "theme", "search", "glance"}
    assert expected <= cache_entries.kinds(project) <= expected | {"positions"}  # positions: if any problem
    assert not any(path.is_dir() for path in (project / CACHE_DIR).iterdir())  # one pack, no folder of entries

    # The second build parses no YAML, checks no version's references or citations again, compares no
    # versions and converts no Markdown: everything comes from the cache.
    parsed: list[Path] = []
    monkeypatch.setattr("generator.source.yamlio.load_data", lambda path, shown: parsed.append(path))
    monkeypatch.setattr(redlines, "redline_between", lambda *args: pytest.fail("a cached redline was compared again"))
    monkeypatch.setattr(loader, "check_version", lambda *args: pytest.fail("references were checked again"))
    monkeypatch.setattr(citations_check, "version_citations", lambda *args: pytest.fail("citations checked again"))
    monkeypatch.setattr(site, "classify_version", lambda *args: pytest.fail("a cached change was classified again"))
    monkeypatch.setattr(Markdown, "convert", lambda *args: pytest.fail("a cached page was converted again"))
    monkeypatch.setattr(index, "walk_sections", lambda *args: pytest.fail("a version was indexed, none is read"))
    monkeypatch.setattr(lock, "content_hash", no_version_hashed(lock.content_hash))
    cached = files_of(build_site(project, AS_OF, tmp_path / "cached"))
    assert parsed == []
    assert cached.keys() == clean.keys()
    assert [name for name in clean if clean[name] != cached[name]] == []
    assert files_of(project / "notices") == notices_before


def no_version_hashed(real: Callable[[Any], str]) -> Callable[[Any], str]:
    """`lock.content_hash` that fails the test when given a version's data (a lock's seal is hashed as before)."""
    def hashed(data: Any) -> str:
        if type(data) is dict and "effective" in data:
            pytest.fail("a version was hashed again")
        return real(data)
    return hashed


def test_an_edit_misses_the_cache_and_a_broken_entry_is_computed_again(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "project")
    first = load_library(project).notices["privacy"].versions[0]
    for key in cache_entries.stored(project, "yaml"):
        cache_entries.overwrite(project, "yaml", key, "{not json")
    assert load_library(project).notices["privacy"].versions[0].data == first.data
    path = first.path
    path.write_text(path.read_text(encoding="utf-8").replace("summary: Privacy Notice as", "summary: The notice as"),
                    encoding="utf-8")
    edited = load_library(project, check_locks=False).notices["privacy"].versions[0]
    assert edited.data.summary.startswith("The notice as") and edited.content_hash != first.content_hash


def test_a_version_s_content_hash_is_computed_once_per_file_and_read_back_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_example(tmp_path / "project")
    notice = load_library(project).notices["privacy"]
    first = {version.path: version.content_hash for version in notice.versions}
    # The lock records what a version's content hashed to when it was published.
    assert [notice.lock.expected_hash(v.effective) for v in notice.versions if notice.lock.expected_hash(v.effective)] \
        == [first[v.path] for v in notice.versions if notice.lock.expected_hash(v.effective)] != []
    assert len(cache_entries.stored(project, DIGEST)) == 3  # every version of the two notices
    monkeypatch.setattr(lock, "content_hash", no_version_hashed(lock.content_hash))
    assert {v.path: v.content_hash for v in load_library(project).notices["privacy"].versions} == first


def test_only_json_data_is_stored(tmp_path: Path) -> None:
    cache = ContentCache(tmp_path)
    cache.put("yaml", "a", {"text": "x", "n": [1, 2.5, True, None]})
    cache.put("yaml", "b", {1: "a number as a key"})
    cache.put("yaml", "c", {"set": {1, 2}})
    assert cache.get("yaml", "a") == (True, {"text": "x", "n": [1, 2.5, True, None]})
    assert cache.get("yaml", "b") == cache.get("yaml", "c") == (False, None)
    assert not is_plain((1, 2)) and not is_plain(b"bytes")
    assert cache_key("ab", "c") != cache_key("a", "bc")


def _plain_afresh(value: Any) -> bool:
    """`is_plain` as it reads: a JSON value, its mappings keyed by text."""
    if value is None or type(value) in (str, int, float, bool):
        return True
    if type(value) is list:
        return all(_plain_afresh(item) for item in value)
    if type(value) is dict:
        return all(type(key) is str and _plain_afresh(item) for key, item in value.items())
    return False


def test_is_plain_answers_as_its_definition() -> None:
    """Each example file's data, and that data with one value or key made something JSON does not keep."""
    from generator.source.yamlio import load_data

    values: list[Any] = [None, 1, 1.5, True, "s", [], {}, (1,), b"x", {1, 2}, {None: 1}, {True: 1}, [[[[{"x": ()}]]]]]
    for path in sorted((ROOT / "notices").rglob("*.yaml")) + sorted((ROOT / "site_config").rglob("*.yaml")):
        data = load_data(path, str(path), ROOT)
        values.append(data)
        if type(data) is dict:
            for odd in ((1,), b"x", {1}, {2: "x"}, dt.date(2021, 1, 1), "text"):
                values += [{**data, "odd": odd}, {**data, 3: "x"}, [*data.values(), [odd]]]
    assert sum(map(_plain_afresh, values)) > 10 and [is_plain(v) for v in values] == [_plain_afresh(v) for v in values]


def test_the_cache_folder_is_git_ignored_and_safe_to_delete(tmp_path: Path) -> None:
    assert f"/{CACHE_DIR.parts[0]}/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    project = copy_example(tmp_path / "project")
    library = load_library(project)
    shutil.rmtree(project / CACHE_DIR)
    assert json.dumps(str(load_library(project).notices["privacy"].versions[0].data)) == \
        json.dumps(str(library.notices["privacy"].versions[0].data))
