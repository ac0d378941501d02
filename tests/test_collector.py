"""The cycle collector paused while `notices build` imports its modules (source/collector.py)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_cache import copy_example

from generator.source.collector import collector_paused


def test_nothing_is_collected_while_paused_and_the_collector_runs_again_after() -> None:
    collections: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(note)
    try:
        with collector_paused():
            kept = [[n] for n in range(200_000)]  # thousands of allocations: collections, were the collector on
            assert not gc.isenabled()
        assert collections == [] and gc.isenabled()
        assert gc.get_count()[0] < 700  # what was allocated joined the oldest generation: no collection is due
        gc.disable()
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
        gc.callbacks.remove(note)
    assert len(kept) == 200_000


SCRIPT = """
import contextlib, gc, json, sys
from generator.source import collector
paused = collector.collector_paused
imported = []

@contextlib.contextmanager
def noted():
    with paused():
        before = set(sys.modules)
        yield
        imported.append(sorted(set(sys.modules) - before))
        assert not gc.isenabled()

collector.collector_paused = noted
from generator.adapters.cli import main
try:
    main(["build", "--root", sys.argv[1], "--as-of", "2021-06-01", "--site-dir", sys.argv[2]])
except SystemExit as stop:
    assert not stop.code, stop.code
print(json.dumps(imported))
"""


def test_a_build_imports_its_modules_with_the_collector_paused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    project = copy_example(tmp_path / "project")
    monkeypatch.setenv("NOTICES_CACHE_DIR", str(tmp_path / "user-cache"))
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(project), str(tmp_path / "site")],
                          capture_output=True, text=True, check=True)
    imported = json.loads(done.stdout.splitlines()[-1])
    assert len(imported) == 2 and (tmp_path / "site" / "index.html").is_file()  # the imports, then loading
    assert {"generator.adapters.build", "generator.library.loader", "mkdocs.commands.build", "pydantic",
            "jinja2"} <= set(imported[0])


EXIT_SCRIPT = """
import atexit, gc, sys
atexit.register(lambda: print("tracked at exit:", len(gc.get_objects()), flush=True))  # runs after the command's
from generator.adapters.cli import main
try:
    main(["validate", "--root", sys.argv[1], "--as-of", "2021-06-01"])
except SystemExit as stop:
    assert not stop.code, stop.code
"""


def test_a_commands_exit_walks_nothing_it_leaves_alive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Python's exit runs full collections over every live object (a loaded project's modules, caches); a
    `notices` command sets them aside first, so those collections have next to nothing to walk."""
    project = copy_example(tmp_path / "project")
    monkeypatch.setenv("NOTICES_CACHE_DIR", str(tmp_path / "user-cache"))
    done = subprocess.run([sys.executable, "-c", EXIT_SCRIPT, str(project)], capture_output=True, text=True,
                          check=True)
    tracked = int(done.stdout.split("tracked at exit:")[1])
    assert tracked < 1_000, tracked  # tens of thousands without `set_aside_at_exit`, for the example alone
