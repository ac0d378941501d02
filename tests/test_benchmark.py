"""The build benchmark (`make bench`) runs, compares like with like and prints its table and goals."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import platform
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT

from generator.analyses.redline import to_json
from generator.analyses.redlines import redline_between
from generator.library.loader import load_library

SCRIPT = ROOT / "tests" / "benchmarks" / "build_speed.py"


def _benchmark():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_speed", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_speed", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_benchmark_versions_really_differ(tmp_path: Path) -> None:
    bench = _benchmark()
    project = bench.make_project(tmp_path / "project", 3)
    notice = load_library(project).notices["privacy"]
    first, second, third = notice.versions
    changed = [u for u in to_json(redline_between(load_library(project), notice, first, second))["units"]
               if u["status"] != "unchanged"]
    assert [u["key"] for u in changed] == ["purpose-and-who-we-are/block-1"]
    bench.edit_newest(project, " (edited)")
    assert "Please read revision 2 (edited) of this Privacy Notice" in third.path.read_text(encoding="utf-8")
    assert [v.effective for v in notice.versions] == sorted({v.effective for v in notice.versions})
    assert all(v.effective < dt.date(2100, 1, 1) for v in notice.versions)
    lock = (project / "notices" / "privacy" / "versions.lock").read_text(encoding="utf-8")
    locked = {v.effective.isoformat() for v in notice.versions if f"'{v.effective}':" in lock}
    assert locked == {first.effective.isoformat(), second.effective.isoformat()}  # the newest is the draft
    frozen = sorted(p.name for p in (project / "notices" / "privacy" / "pdf").glob("*.pdf"))
    assert frozen == [f"{first.effective}.pdf", f"{second.effective}.pdf"]


def test_plain_material_gets_the_same_pages_and_nav(tmp_path: Path) -> None:
    bench = _benchmark()
    project = bench.make_project(tmp_path / "project", 2)
    plain = bench.make_plain(project, tmp_path / "plain")
    docs = sorted(p.relative_to(plain / "docs").as_posix() for p in (plain / "docs").rglob("*.md"))
    assert {"index.md", "privacy/index.md", "privacy/history.md", "privacy/1990-01-31/redline.md"} <= set(docs)
    config = (plain / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- notices" not in config
    assert re.search(r'^nav: \[\{"Home": "index.md"\}, \{"Privacy Notice": "privacy/index.md"\}', config, re.M)
    pdfs = sorted(p.relative_to(plain / "docs").as_posix() for p in (plain / "docs").rglob("*.pdf"))
    assert pdfs == ["privacy/1990-01-01/privacy-1990-01-01.pdf", "privacy/1990-01-31/privacy-1990-01-31.pdf"]
    assert all((plain / "docs" / pdf).read_bytes().startswith(b"%PDF-") for pdf in pdfs)


def test_quick_benchmark_prints_the_table_and_the_goals() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--quick"], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    figures = r"[\d.]+ s / [\d.]+ s / \d+ MB"
    # versions, pages, then ours (published PDFs frozen), every PDF laid out, PDFs cached, and plain Material
    rows = re.findall(rf"^\| (\d+) \| (\d+) \| {figures} \| {figures} \| {figures} \| {figures} \|", out, re.M)
    assert [int(versions) for versions, _ in rows] == [2, 3, 5]
    assert all(int(pages) > 2 * int(versions) for versions, pages in rows)
    for goal in ("build at 5 versions vs plain Material", "PDFs cached (HTML alone)",
                 "peak memory (whole process tree)",
                 "cost per added version (published PDFs frozen)", "cost per added version (PDFs cached)",
                 "rebuild with nothing changed / first build with the PDFs cached",
                 "mkdocs serve rebuild after one edit",
                 "notices diff, large project / example", "notices validate of the large project, cache filled",
                 "notices validate of the large project, empty cache",
                 "notices --help / mkdocs --help"):
        assert re.search(rf"^- .*{re.escape(goal)}.*: (met|NOT met)", out, re.M), goal
    assert re.search(r"^- build at 5 versions .*every PDF laid out .*: [\d.]+ x CPU, [\d.]+ x peak$", out, re.M)


def test_the_peak_counts_a_build_and_its_workers_together(tmp_path: Path) -> None:
    # A build lays out PDFs in a worker beside it: both hold memory at once, and the peak says so.
    bench = _benchmark()  # its `measure`, with the benchmark's environment
    child = "import time; held = b'x' * (80 << 20); time.sleep(1)"
    parent = f"import subprocess, sys; held = b'x' * (60 << 20); subprocess.run([sys.executable, '-c', {child!r}])"
    run = bench.measure([sys.executable, "-c", parent], tmp_path)
    assert run.mb > 60 + 80, run.mb
    assert run.mb < 2 * (60 + 80), run.mb


def test_a_child_still_in_its_parents_memory_counts_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Between vfork and exec a child's /proc figures are its parent's; a forked worker's are its own.
    _benchmark()
    import measuring  # tests/benchmarks/, put on the path by build_speed

    monkeypatch.setattr(measuring, "shares_memory", lambda pid, other: (pid, other) == (11, 10))

    def process(pid: int, rollup: str, children: str = "") -> None:
        (tmp_path / str(pid) / "task" / str(pid)).mkdir(parents=True)
        (tmp_path / str(pid) / "smaps_rollup").write_text(rollup)
        (tmp_path / str(pid) / "task" / str(pid) / "children").write_text(children)

    build = "55d0c0de0000-7ffd00000000 ---p 00000000 00:00 0  [rollup]\nRss:  66000 kB\nPss:  61440 kB\n"
    process(10, build, "11 12")
    process(11, build)  # vfork'd, not yet running its program: the kernel says it shares 10's memory
    process(12, build.replace("61440", "30720"), "13")  # a worker with memory of its own, and its child
    process(13, build.replace("61440", "5120"))
    assert measuring.tree_mb(10, tmp_path) == 60 + 30 + 5


def test_the_kernel_tells_a_process_sharing_memory_from_a_forked_one() -> None:
    # A thread shares its process's memory as a vfork'd child does; a forked child has memory of its own.
    _benchmark()
    import measuring

    if platform.machine() not in measuring.KCMP:
        pytest.skip("kcmp(2)'s number is not known for this machine")
    started, done = threading.Event(), threading.Event()
    thread_ids: list[int] = []

    def run() -> None:
        thread_ids.append(threading.get_native_id())
        started.set()
        done.wait()

    thread = threading.Thread(target=run)
    thread.start()
    started.wait()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(5)"])
    try:
        assert measuring.shares_memory(thread_ids[0], os.getpid())
        assert not measuring.shares_memory(child.pid, os.getpid())
    finally:
        done.set()
        thread.join()
        child.kill()
        child.wait()
