"""`notices validate` with a warm cache reports exactly what it reports with a cold one.

The checks of one version (references, facts against prose) are kept in `.cache/notices/` by the
version file's bytes; YAML is parsed with a resolver that picks its rules once per load. None of it
may change a single byte of what the user is told, or the exit code.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import cache_entries
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor

from generator.adapters.cli import main
from generator.analyses.citations import check as citations_check
from generator.library import loader
from generator.source import cache as cache_module
from generator.source import parallel, yamlio
from generator.source.cache import CACHE_DIR, ContentCache, cache_key, project_cache, yaml_key
from generator.source.inputs import DEFAULT_LIMITS
from generator.source.lock import DIGEST, content_hash
from generator.source.problems import PendingProblem
from generator.source.yamlio import _safe_yaml
from tests.project import NOTICE, SITE, VERSION, make_project

NOTICES = Path(sys.executable).parent / "notices"
AS_OF = "2026-12-01"
RETENTION = "retention:\n  - id: keep-account\n    period: 2 years\n    section: details\n"
DETAILS = ("  - id: details\n    title: Details <b>bold</b>\n    blocks:\n"
           "      - text: We keep your account data for five years. See [our terms](#nowhere)"
           " and [the old site](http://example.org/).\n")


def version(day: str, *, announced: str = "") -> str:
    """A version whose retention fact contradicts its text, with a dangling anchor, an http:// link and raw HTML."""
    text = VERSION.replace("effective: 2021-01-01\n", f"effective: {day}\n{announced}")
    return text.replace("sections:\n", RETENTION + "sections:\n") + DETAILS


WITHOUT_ANCHOR = (" See [our terms](#nowhere)", "")
HTTP_ALLOWED = SITE + "links:\n  http: true\n"
PROJECTS = {
    # name: (site.yaml, version files, exit code, kinds of cache entries), from a dangling anchor and a
    # disallowed link that stop loading, to disagreements in unpublished versions (errors) and in a published
    # one (a warning); where http:// links are allowed, each is a warning that does not stop a strict build.
    "loading errors": (SITE, {"2027-01-01.yaml": version("2027-01-01"), "2027-02-01.yaml": version("2027-02-01")},
                       1, {"yaml", "digest", "regions", "references", "positions"}),
    "citation errors": (HTTP_ALLOWED, {"2027-01-01.yaml": version("2027-01-01").replace(*WITHOUT_ANCHOR),
                                       "2027-02-01.yaml": version("2027-02-01").replace(*WITHOUT_ANCHOR)},
                        1, {"yaml", "digest", "regions", "references", "citations", "positions"}),
    "warnings only": (HTTP_ALLOWED, {"2026-01-01.yaml": version("2026-01-01").replace(*WITHOUT_ANCHOR)},
                      0, {"yaml", "digest", "regions", "references", "citations", "positions"}),
}


def project(folder: Path, name: str) -> Path:
    site, files, _, _ = PROJECTS[name]
    return make_project(folder, site=site, notices={"privacy": {"notice.yaml": NOTICE, **files}})


def run_validate(root: Path) -> tuple[int, str, str]:
    done = subprocess.run([str(NOTICES), "validate", "--as-of", AS_OF], cwd=root, capture_output=True, text=True,
                          timeout=300)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("name", PROJECTS)
def test_cold_and_warm_validate_report_byte_identical_problems(tmp_path: Path, name: str) -> None:
    _, _, code, kinds = PROJECTS[name]
    root = project(tmp_path, name)
    cold = run_validate(root)
    assert cache_entries.kinds(root) == kinds
    warm = run_validate(root)
    assert warm == cold
    assert cold[0] == code
    assert "text holds raw HTML, which will show literally" in cold[2]
    assert ("'nowhere' is not a known anchor id" in cold[2]) == (name == "loading errors")
    assert ("link target 'http://example.org/' is plain http://" in cold[2]) == (name != "loading errors")
    assert ("the fact says 2 years but the text of 'details' says \"five years\"" in cold[2]) == (
        name != "loading errors")
    # And both are what a run that cannot use the cache at all says.
    shutil.rmtree(root / CACHE_DIR)
    (root / CACHE_DIR.parent).mkdir(exist_ok=True)
    (root / CACHE_DIR).write_text("not a folder", encoding="utf-8")
    assert run_validate(root) == cold


def validate_in_process(root: Path) -> tuple[int, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        result = CliRunner().invoke(main, ["validate", "--as-of", AS_OF])
    return result.exit_code, result.output


def test_a_warm_validate_checks_no_version_again_and_an_edit_misses(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, "citation errors")
    cold = validate_in_process(root)
    with monkeypatch.context() as patch:
        patch.setattr(loader, "check_version", lambda *args: pytest.fail("references were checked again"))
        patch.setattr(citations_check, "version_citations", lambda *args: pytest.fail("citations checked again"))
        patch.setattr(yamlio, "place_in_file", lambda *args: pytest.fail("problems placed again"))
        assert validate_in_process(root) == cold
    edited = root / "notices" / "privacy" / "2027-02-01.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("period: 2 years", "period: 5 years"),
                      encoding="utf-8")
    code, output = validate_in_process(root)
    assert code == 1 and output.count("the fact says 2 years") == cold[1].count("the fact says 2 years") - 1


def test_a_tampered_entry_is_checked_again(tmp_path: Path) -> None:
    root = project(tmp_path, "citation errors")
    cold = validate_in_process(root)
    tampered = ['[{"loc": "sections", "message": 1}]', '[{"loc": [[1]], "message": "x", "severity": "error", '
                '"at_key": false, "also": null, "stops_strict_build": true}]', '{"not": "a list"}', "[1]"]
    entries = [(kind, key) for kind in ("citations", "references") for key in cache_entries.stored(root, kind)]
    assert entries
    for number, (kind, key) in enumerate(entries):
        cache_entries.overwrite(root, kind, key, tampered[number % len(tampered)])
    assert validate_in_process(root) == cold


SCALARS = """\
plain: words
booleans: [yes, no, on, off, true, false, True, FALSE]
sexagesimal: 1:20
numbers: [010, 0o10, 0x1f, 1_000, 1e3, 1.5, .inf, -.INF, .nan]
nothing: [null, ~, Null, '']
dates: [2021-01-01, 2021-02-30]
timestamp: 2001-12-14t21:59:43.10-05:00
quoted: ['yes', "010"]
"""


@pytest.mark.parametrize("directive", ["", "%YAML 1.1\n---\n", "%YAML 1.2\n---\n"])
def test_the_fast_resolver_reads_every_scalar_as_ruamels_own(directive: str) -> None:
    reference = YAML(typ="safe")
    reference.constructor.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)
    expected = reference.load(directive + SCALARS)
    assert expected["booleans"][0] == "yes" and expected["plain"] == "words"  # YAML 1.2's rules, as ruamel reads
    assert repr(_safe_yaml().load(directive + SCALARS)) == repr(expected)


def test_parsing_on_every_core_changes_nothing_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Versions parsed by worker processes are reported exactly as when the loader parses them itself, down
    to a malformed file, a symlink out of the project and one inside it (neither of which is ever cached)."""
    days = [f"2027-0{month}-01" for month in range(1, 9)]
    files = {f"{day}.yaml": version(day).replace(*WITHOUT_ANCHOR) for day in days}
    files[f"{days[3]}.yaml"] = files[f"{days[3]}.yaml"].replace("summary: First version.", "summary: [unclosed")
    root = make_project(tmp_path / "project", site=HTTP_ALLOWED, notices={"privacy": {"notice.yaml": NOTICE, **files}})
    folder = root / "notices" / "privacy"
    (tmp_path / "secret.yaml").write_text("effective: 2027-09-01\n", encoding="utf-8")
    (folder / "2027-09-01.yaml").symlink_to(tmp_path / "secret.yaml")
    (folder / "2027-10-01.yaml").symlink_to(folder / f"{days[0]}.yaml")
    monkeypatch.setattr(parallel, "available_cores", lambda: 1)
    alone = validate_in_process(root)
    assert alone[0] == 1 and "outside the project" in alone[1] and "malformed YAML" in alone[1]

    shutil.rmtree(root / CACHE_DIR)
    monkeypatch.setattr(parallel, "available_cores", lambda: 2)
    monkeypatch.setattr(parallel, "MIN_FILES", 2)
    paths = sorted(folder.glob("2*.yaml"))
    cache = project_cache(root)
    assert parallel.parse_into_cache(cache, paths, root) == len(days)  # the two symlinks are the loader's
    assert len(cache_entries.stored(root, "yaml")) == len(days) - 1  # all but the malformed one
    # And the content hash of each, which the loader then reads rather than hashing the version again.
    for path in paths[:len(days)]:
        key = yaml_key(path, str(path), root, DEFAULT_LIMITS)
        assert key is not None
        stored = cache.get(DIGEST, cache_key("content hash", key))
        assert stored == ((False, None) if path.name == f"{days[3]}.yaml" else
                          (True, content_hash(yamlio.load_data(path, str(path), root))))
    assert parallel.parse_into_cache(cache, paths, root) == 0  # nothing left to parse
    shutil.rmtree(root / CACHE_DIR)
    assert validate_in_process(root) == alone


def test_a_warm_load_reads_and_hashes_each_version_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    """The parse-ahead check hashes every version file to find those the cache lacks; the loader takes the keys it
    found there instead of reading and hashing each file again. A key whose entry is gone is worked out afresh, and
    none is kept past the load."""
    days = [f"2027-0{month}-01" for month in range(1, 9)]
    files = {f"{day}.yaml": version(day).replace(*WITHOUT_ANCHOR) for day in days}
    root = make_project(tmp_path / "project", site=HTTP_ALLOWED, notices={"privacy": {"notice.yaml": NOTICE, **files}})
    monkeypatch.setattr(parallel, "available_cores", lambda: 2)
    monkeypatch.setattr(parallel, "MIN_FILES", 2)
    cold = loader.load_library(root)
    hashed: list[str] = []
    real = cache_module.yaml_source

    def counted(path: Path, *args: Any) -> tuple[str, bytes] | None:
        hashed.append(path.name)
        return real(path, *args)

    monkeypatch.setattr(cache_module, "yaml_source", counted)  # `yaml_key` too, for the parse-ahead check
    warm = loader.load_library(root)
    assert sorted(name for name in hashed if name[0].isdigit()) == [f"{day}.yaml" for day in days]  # once each
    assert [v.data for v in warm.notices["privacy"].versions] == [v.data for v in cold.notices["privacy"].versions]

    folder = root / "notices" / "privacy"
    cache = project_cache(root)
    with parallel.parsing_ahead(cache, sorted(folder.glob("2*.yaml")), root):
        assert len(cache.known_yaml) == len(days)
    assert cache.known_yaml == {}
    path = folder / f"{days[0]}.yaml"
    cache.known_yaml[path, root] = (DEFAULT_LIMITS, "0" * 64)  # an entry that is not there: read and hashed afresh
    hashed.clear()
    data, key = cache.load_yaml_keyed(path, str(path), root)
    assert hashed == [path.name] and key != "0" * 64 and data == yamlio.load_data(path, str(path), root)

    # A file the cache lacks at the check and a worker parses meanwhile is read from the cache, hashed once.
    shutil.rmtree(root / CACHE_DIR)
    hashed.clear()
    assert not parallel._cached(cache, path, root, DEFAULT_LIMITS)
    assert hashed == [path.name]
    checked = cache.known_yaml[path, root][1]
    assert parallel._parse_all(str(cache.folder), str(root), DEFAULT_LIMITS, [(str(path), checked)]) == 1
    assert hashed == [path.name, path.name]  # the check's and the worker's, once each
    hashed.clear()
    assert cache.load_yaml_keyed(path, str(path), root) == (data, key) and hashed == []


def test_a_stored_problem_keeps_every_field(tmp_path: Path) -> None:
    problem = PendingProblem(tmp_path / "v.yaml", ("sections", 0, "text"), "the text says so", severity="warning",
                             at_key=True, also=("retention", 1, "period"), stops_strict_build=False,
                             advice="; quote the words")
    # Every field differs from its default, so a field added to PendingProblem fails here until it is set.
    assert all(getattr(problem, f.name) != f.default for f in dataclasses.fields(PendingProblem)
               if f.default is not dataclasses.MISSING)
    cache = ContentCache(tmp_path / "cache")
    assert cache.problems("citations", "key", problem.path, lambda: [problem]) == [problem]
    again = cache.problems("citations", "key", problem.path, lambda: pytest.fail("not kept"))
    assert again == [problem] and again[0].advice == "; quote the words"


def test_the_collector_skips_a_loaded_library_only_while_asked(tmp_path: Path) -> None:
    """`collector_skips_loaded` sets aside what is alive on entry (the checks after a load no longer walk a
    thousand versions), and gives it back on leaving: a cycle that became garbage inside is freed after."""
    import gc
    import weakref

    class Node:
        pair: Node

    def cycle() -> weakref.ref[Node]:
        first, second = Node(), Node()
        first.pair, second.pair = second, first
        return weakref.ref(first)

    alive: list[Node] = []
    reference = cycle()
    alive.append(reference())  # type: ignore[arg-type]
    thresholds = gc.get_threshold()
    with loader.collector_skips_loaded():
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == thresholds  # as often as ever: raising it cost a build with PDFs 11 MB
        alive.clear()
        gc.collect()
        assert reference() is not None  # set aside: not collected inside
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == thresholds
    gc.collect()
    assert reference() is None
    # And `notices validate` leaves the process as it found it.
    assert validate_in_process(project(tmp_path, "warnings only"))[0] == 0
    assert gc.get_freeze_count() == 0


def _dying_worker(*args: object) -> None:
    os._exit(1)


def test_workers_that_die_or_cannot_start_change_nothing_reported(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader reads every file the workers did not parse: a pool whose workers die (BrokenProcessPool)
    or that cannot start leaves the report as when this process parses everything itself."""
    days = [f"2027-{month:02d}-01" for month in range(1, 13)]
    files = {f"{day}.yaml": version(day).replace(*WITHOUT_ANCHOR) for day in days}
    root = make_project(tmp_path / "project", site=HTTP_ALLOWED, notices={"privacy": {"notice.yaml": NOTICE, **files}})
    monkeypatch.setattr(parallel, "available_cores", lambda: 1)
    alone = validate_in_process(root)
    assert alone[0] == 1 and alone[1].count("the fact says 2 years") == len(days)
    monkeypatch.setattr(parallel, "available_cores", lambda: 2)
    monkeypatch.setattr(parallel, "MIN_FILES", 2)
    monkeypatch.setattr(parallel, "_parse_all", _dying_worker)
    shutil.rmtree(root / CACHE_DIR)
    assert validate_in_process(root) == alone
    # parallel.py imports the pool class only when it starts one: a build that finds its files cached starts none.
    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor",
                        lambda *args, **kwargs: (_ for _ in ()).throw(OSError))
    shutil.rmtree(root / CACHE_DIR)
    assert validate_in_process(root) == alone


def test_a_load_leaves_nothing_for_the_young_generation_to_walk(tmp_path: Path) -> None:
    """What loading allocated goes to the oldest generation at once: the first collection after a load of a
    thousand versions would otherwise walk all of it (0.36 s)."""
    import gc

    root = project(tmp_path, "warnings only")
    library = loader.load_library(root)
    assert library.notices["privacy"].versions
    assert len(gc.get_objects(generation=0)) < 100 < len(gc.get_objects(generation=2))


def test_the_loader_and_a_worker_meet_in_a_task_and_parse_no_file_twice(tmp_path: Path) -> None:
    """A worker parses its task's files from the last and stops at the first the loader parsed (reading them from
    the first); a task no worker has started is the loader's once it reaches its files."""
    days = [f"2027-0{month}-01" for month in range(1, 7)]
    files = {f"{day}.yaml": version(day).replace(*WITHOUT_ANCHOR) for day in days}
    root = make_project(tmp_path / "project", site=HTTP_ALLOWED, notices={"privacy": {"notice.yaml": NOTICE, **files}})
    paths = [root / "notices" / "privacy" / name for name in files]
    cache = project_cache(root)
    cache.load_yaml_keyed(paths[1], str(paths[1]), root)  # the loader is at the second file
    files = [(str(path), yaml_key(path, str(path), root, DEFAULT_LIMITS) or "") for path in paths]
    assert parallel._parse_all(str(cache.folder), str(root), DEFAULT_LIMITS, files) == 4
    assert len(cache_entries.stored(root, "yaml")) == 5  # all but the first, which the loader parses next

    from concurrent.futures import Future

    pending, running = Future[int](), Future[int]()
    assert running.set_running_or_notify_cancel()
    ahead = parallel.Ahead({paths[0]: pending, paths[1]: running}, 2)
    ahead.reaching(paths[0])
    ahead.reaching(paths[1])
    ahead.reaching(paths[2])
    assert pending.cancelled() and not running.cancelled()
