"""Reading the cache back: entries decoded by pydantic-core's JSON parser where it reads them as `json.loads`
does (source/cache.decoded), the region ids each version names kept by its file's bytes, and no process
pool imported by a build that finds its files in the cache."""

from __future__ import annotations

import json
import random
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_AS_OF
from test_cache import copy_example, files_of

from generator.adapters.build import build_site
from generator.adapters.cli import main
from generator.library import loader
from generator.library.loader import NAMED_REGIONS, load_library
from generator.library.reuse import LoadedVersions
from generator.source import cache, regions
from generator.source.cache import CACHE_DIR, ContentCache, decoded


def same(first: Any, second: Any) -> bool:
    """Equal, and of the same types throughout (True is not 1, a list not a tuple), keys in the same order."""
    if type(first) is not type(second):
        return False
    if type(first) is dict:
        return list(first) == list(second) and all(same(first[key], second[key]) for key in first)
    if type(first) is list:
        return len(first) == len(second) and all(same(a, b) for a, b in zip(first, second, strict=True))
    return first == second or (first != first and second != second)  # NaN


def stored_entries(project: Path) -> list[tuple[str, bytes]]:
    with sqlite3.connect(project / CACHE_DIR / "entries.sqlite") as connection:
        return list(connection.execute("SELECT kind, value FROM entries"))


def test_every_entry_a_build_stores_decodes_as_json_loads_reads_it(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "project")
    build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    entries = stored_entries(project)
    kinds = {kind for kind, _ in entries}
    assert {"yaml", "digest", NAMED_REGIONS, "page", "rendered", "theme", "redline"} <= kinds
    for kind, data in entries:
        assert same(decoded(data), json.loads(data.decode("utf-8"))), kind


@pytest.mark.parametrize("text", [
    '"\\ud800"', '"\\udc00 \\ud83d\\ude00"', "[" * 260 + "]" * 260, "NaN", "[Infinity, -Infinity, -0.0, 1e400]",
    "123456789012345678901234567890", "[0.1, 1e-300, 2.5E+10, -3]", '{"a": 1, "a": [true, false, null]}',
    '"\\u00e9\\n\\t\\"\\\\\\/"', '"é—😀\u2028"', ' {"k" : "v"} ', "{}", "[]", '""',
])
def test_decoded_reads_what_json_loads_reads(text: str) -> None:
    assert same(decoded(text.encode("utf-8")), json.loads(text))


@pytest.mark.parametrize("data", [b'"\xff"', b"\xef\xbb\xbf[1]", b"[1,]", b'"a\x01"', b"", b"[1] x", b'{"a" 1}'])
def test_decoded_refuses_what_json_loads_refuses(data: bytes) -> None:
    with pytest.raises(ValueError):
        json.loads(data.decode("utf-8"))
    with pytest.raises(ValueError):
        decoded(data)


def test_a_rebuild_reads_its_entries_with_the_fast_parser_and_writes_the_same_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_example(tmp_path / "project")
    first = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "first"))
    parsed: list[int] = []
    fast = cache.from_json

    def counted(data: bytes) -> Any:
        parsed.append(len(data))
        return fast(data)

    monkeypatch.setattr(cache, "from_json", counted)
    assert files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "again")) == first
    assert len(parsed) > 50

    def refused(data: bytes) -> Any:
        raise ValueError("refused")

    monkeypatch.setattr(cache, "from_json", refused)  # every entry then read by json.loads: the same site
    assert files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "slow")) == first


def test_the_region_ids_of_a_version_are_kept_by_its_bytes_and_found_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_example(tmp_path / "project")
    library = load_library(project)
    versions = [v for n in library.notices.values() for v in n.versions]
    walked: list[object] = []
    walk = regions.region_ids

    def counted(document: Any, loc: Any = ()) -> Any:
        if loc == ():
            walked.append(document)
        return walk(document, loc)

    monkeypatch.setattr(regions, "region_ids", counted)
    monkeypatch.setattr(loader, "region_ids", counted)
    again = load_library(project)  # new objects: the ids of each version come from the cache
    assert walked and not any(type(document).__name__ == "Version" for document in walked)
    assert again.warnings == library.warnings
    for version in versions:
        key = loader.cache_key("named regions", version.source_key or "")
        hit, stored = loader.project_cache(project).get(NAMED_REGIONS, key)
        assert hit and [tuple(loc) for loc, _ in stored] == [loc for loc, _ in walk(version.data)]
        assert [region for _, region in stored] == [region for _, region in walk(version.data)]


def test_an_unknown_region_is_reported_from_the_cache_as_when_found(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "project")
    version = project / "notices" / "privacy" / "2027-03-01.yaml"
    text = version.read_text(encoding="utf-8")
    version.write_text(text.replace("jurisdictions: [eea, uk,", "jurisdictions: [eea, atlantis, uk,", 1),
                       encoding="utf-8")
    runs = [CliRunner().invoke(main, ["validate", "--root", str(project)]) for _ in range(2)]  # found, then cached
    assert [(run.exit_code, run.output) for run in runs] == [(runs[0].exit_code, runs[0].output)] * 2
    assert runs[0].exit_code == 1
    assert "notices/privacy/2027-03-01.yaml:134:" in runs[0].output and "'atlantis'" in runs[0].output


def test_a_build_from_the_cache_imports_no_process_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_example(tmp_path / "project")
    monkeypatch.setenv("NOTICES_CACHE_DIR", str(tmp_path / "user-cache"))
    script = ("import sys, datetime as dt; from pathlib import Path; from generator.adapters.build import build_site\n"
              "build_site(Path(sys.argv[1]), dt.date(2021, 6, 1), Path(sys.argv[2]))\n"
              "print(sorted(m for m in sys.modules if m.startswith(('multiprocessing', 'concurrent'))))")
    runs = [subprocess.run([sys.executable, "-c", script, str(project), str(tmp_path / "site")],
                           capture_output=True, text=True, check=True).stdout.splitlines()[-1] for _ in range(2)]
    assert runs[1] == "[]"


def test_a_version_kept_from_the_last_load_reads_its_region_ids_from_no_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_example(tmp_path / "project")
    reuse = LoadedVersions()
    load_library(project, reuse=reuse)
    read: list[str] = []
    get = ContentCache.get

    def counted(self: ContentCache, kind: str, key: str) -> Any:
        read.append(kind)
        return get(self, kind, key)

    monkeypatch.setattr(ContentCache, "get", counted)
    again = load_library(project, reuse=reuse)  # as under `mkdocs serve`: the same version objects
    assert again.notices and NAMED_REGIONS not in read
    load_library(project)  # new objects: the ids come from the cache
    assert NAMED_REGIONS in read


def test_a_load_checks_each_version_s_regions_as_it_reads_it_and_keeps_no_ids(tmp_path: Path) -> None:
    """Without `reuse` (one load: validate, build), each version's region ids are checked as the version is read,
    while the parse-ahead workers run, and not remembered (6 MB at 1,000 versions held beside the workers); with
    it (`mkdocs serve`), they are remembered for the next load, as before."""
    project = copy_example(tmp_path / "project")
    versions = [v for n in load_library(project).notices.values() for v in n.versions]
    assert versions and all(regions.remembered_regions(v.data) is None for v in versions)
    reuse = LoadedVersions()
    kept = [v for n in load_library(project, reuse=reuse).notices.values() for v in n.versions]
    assert all(regions.remembered_regions(v.data) == tuple(regions.region_ids(v.data)) for v in kept)


def _nested(depth: int) -> Any:
    value: Any = "bottom"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


PLAIN_VALUES: list[Any] = [
    "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000),  # every character UTF-8 holds
    [float("inf"), float("-inf"), -0.0, 0.0, 1e-7, 5e-05, 1e16, 1e22, 5e-324, 1.7976931348623157e308, 0.1],
    [10**400, -(2**64), 2**63, 0, -1, True, False, None],
    {"b": 1, "a": {"z": [], "y": {}}, "": "", "é": "\u2028\x7f\x00"},
    _nested(100), _nested(300),  # the latter deeper than pydantic-core writes: json.dumps writes it
]


@pytest.mark.parametrize("value", PLAIN_VALUES)
def test_encoded_reads_back_as_the_value_and_is_json_dumps_text_but_for_floats(value: Any) -> None:
    data = cache.encoded(value)
    assert same(decoded(data), value) and same(json.loads(data.decode("utf-8")), value)
    if not (type(value) is list and any(type(item) is float for item in value)):
        assert data == json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def test_encoded_floats_read_back_exactly() -> None:
    """Random bit patterns: every finite double and NaN read back as itself (pydantic-core writes its own shortest
    form, `1e-7` where json.dumps writes `1e-07`)."""
    rng = random.Random(12)
    values = [struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0] for _ in range(20_000)]
    values += [rng.uniform(-1e-3, 1e-3) for _ in range(5_000)]
    assert same(decoded(cache.encoded(values)), values)
    assert same(json.loads(cache.encoded(values)), values)
    nan = decoded(cache.encoded([float("nan")]))[0]
    assert nan != nan


def test_an_entry_with_a_lone_surrogate_is_refused_as_before() -> None:
    with pytest.raises(UnicodeEncodeError):
        cache.encoded(["\ud800"])


def test_a_named_regions_entry_of_another_shape_is_worked_out_again() -> None:
    good = [[["sections", 0, "blocks", 1], "eea"], [[], "uk"]]
    assert loader._stored_regions(good) == ((("sections", 0, "blocks", 1), "eea"), ((), "uk"))
    damaged = [{"a": 1}, [[["x"], "eea", "uk"]], [["x", "eea"]], [[("x",), "eea"]], [[["x"], 3]],
               [[["x", True], "eea"]], [[["x", 1.0], "eea"]], [[["x", None], "eea"]], [good[0], "uk"]]
    assert [entry for entry in damaged if loader._stored_regions(entry) is not None] == []
