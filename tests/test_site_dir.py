"""The output folder: never the project or its sources, one build at a time, never a moment without a site."""

from __future__ import annotations

import fcntl
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.adapters.cli import main
from generator.adapters.sitedir import MARKER
from tests.project import make_project

NOTICES = [sys.executable, "-c", "from generator.adapters.cli import main; main()"]
AS_OF = ["--as-of", "2021-06-01"]


def build(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--root", str(root), *AS_OF, *args])
    return result.exit_code, result.output


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the project but the cache folder, which any command may fill (README, "Speed")."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).as_posix().startswith(".cache/")}


@pytest.mark.parametrize("site_dir", [".", "notices", "notices/privacy", "site_config", "site_config/pages",
                                      "templates", "..", "/"])
def test_build_refuses_the_project_its_sources_and_their_parents(tmp_path: Path, site_dir: str) -> None:
    root = make_project(tmp_path / "project")
    (root / "templates").mkdir()
    (root / "templates" / "notice.md").write_text("# {{ notice.title }}\n", encoding="utf-8")
    before = snapshot(root)
    code, output = build(root, "--site-dir", str(root / site_dir) if site_dir != "/" else "/")
    assert code == 1, output
    assert "choose a folder of its own" in output
    assert "Traceback" not in output
    assert snapshot(root) == before, "a refused build must not change the project"


def test_build_refuses_a_folder_that_holds_something_else(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    other = tmp_path / "documents"
    other.mkdir()
    (other / "thesis.docx").write_text("years of work", encoding="utf-8")
    code, output = build(root, "--site-dir", str(other))
    assert code == 1
    assert f"--site-dir {other} holds files that are not a site built by this tool" in output
    assert (other / "thesis.docx").read_text(encoding="utf-8") == "years of work"


def test_build_replaces_its_own_previous_build_and_marks_it(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    site = tmp_path / "out" / "site"
    assert build(root, "--site-dir", str(site))[0] == 0
    assert (site / MARKER).is_file()
    (site / "stale.html").write_text("old", encoding="utf-8")
    assert build(root, "--site-dir", str(site))[0] == 0
    assert not (site / "stale.html").exists()
    assert sorted(p.name for p in site.parent.iterdir()) == [".site.building", ".site.lock", "site"]
    assert files_in(site.parent / ".site.building") == [], "the old site's folders are kept, none of its files"


def _said(run: subprocess.Popen[bytes], text: bytes, timeout: float = 120) -> bytes:
    """What `run` printed until it printed `text` (which must come within `timeout`). Read unbuffered: a buffered
    readline may take the line in with the one before and leave select() nothing to wait for."""
    assert run.stdout is not None
    seen, deadline = b"", time.monotonic() + timeout
    while text not in seen:
        assert select.select([run.stdout], [], [], max(0.0, deadline - time.monotonic()))[0], seen
        chunk = os.read(run.stdout.fileno(), 65536)
        assert chunk, f"ended without saying {text!r}: {seen!r}"
        seen += chunk
    return seen


def test_two_concurrent_builds_run_one_after_the_other_and_leave_a_whole_site(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    assert build(root)[0] == 0
    expected = sorted(str(p.relative_to(root / "site")) for p in (root / "site").rglob("*"))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    # The test holds the lock until both builds wait for it: a cached build is fast enough to finish before the
    # other one starts, which would test nothing.
    with open(root / ".site.lock", "a+", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        runs = [subprocess.Popen([*NOTICES, "build", *AS_OF], cwd=root, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(2)]
        waited = [_said(run, b"waiting for the build by pid") for run in runs]
        fcntl.flock(lock, fcntl.LOCK_UN)
    outputs = [(seen + run.communicate(timeout=300)[0]).decode() for seen, run in zip(waited, runs, strict=True)]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert sorted(str(p.relative_to(root / "site")) for p in (root / "site").rglob("*")) == expected


def test_a_rebuild_never_leaves_a_moment_without_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rename during a rebuild is followed by a check that the site is whole."""
    root = make_project(tmp_path / "project")
    assert build(root)[0] == 0
    index = root / "site" / "index.html"
    missing: list[str] = []
    rename = Path.rename

    def watched_rename(self: Path, target: str | Path) -> Path:
        result = rename(self, target)
        if not index.is_file():
            missing.append(f"{self} -> {target}")
        return result

    monkeypatch.setattr(Path, "rename", watched_rename)
    assert build(root)[0] == 0
    assert missing == []
    assert (root / "site" / MARKER).is_file() and files_in(root / ".site.building") == []


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())


def folders_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_dir() and not p.is_symlink())


def test_a_rebuild_writes_into_the_last_sites_folders_and_publishes_nothing_left_there(tmp_path: Path) -> None:
    """The old site's folders, emptied of files, are the next build's; anything else found there is not published."""
    root = make_project(tmp_path / "project")
    assert build(root)[0] == 0
    first = snapshot(root / "site")
    staging = root / ".site.building"
    assert files_in(staging) == [] and folders_in(staging) == []  # no old site yet: nothing kept
    assert build(root)[0] == 0
    assert snapshot(root / "site") == first
    assert files_in(staging) == [] and folders_in(staging) == folders_in(root / "site")
    kept = {p: p.stat().st_ino for p in staging.rglob("*")}
    assert build(root)[0] == 0
    assert snapshot(root / "site") == first
    assert {p: p.stat().st_ino for p in (root / "site").rglob("*") if p.is_dir()} == {
        root / "site" / p.relative_to(staging): inode for p, inode in kept.items()}  # written into, not made again
    # A build stopped before its swap leaves files there: the folder is built anew, and none of them is published.
    (staging / "privacy" / "stray.html").write_text("<p>draft</p>", encoding="utf-8")
    (staging / "leak").symlink_to(tmp_path)
    (staging / ".draft.html").write_text("<p>draft</p>", encoding="utf-8")  # MkDocs' clean leaves hidden files
    assert build(root)[0] == 0
    assert snapshot(root / "site") == first
    assert files_in(staging) == []


def test_a_page_gone_since_the_last_build_leaves_no_folder(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    page = root / "site_config" / "pages" / "extra.md"
    page.write_text("# Extra\n\nMore.\n", encoding="utf-8")
    assert build(root)[0] == 0
    assert build(root)[0] == 0
    assert (root / "site" / "extra" / "index.html").is_file()
    page.unlink()
    assert build(root)[0] == 0
    assert not (root / "site" / "extra").exists()
    clean = make_project(tmp_path / "clean")
    assert build(clean)[0] == 0
    assert folders_in(root / "site") == folders_in(clean / "site")


def test_a_failed_build_keeps_the_previous_site(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    assert build(root)[0] == 0
    before = snapshot(root / "site")
    (root / "site_config" / "pages" / "broken.md").write_text("[x](missing.md)\n", encoding="utf-8")
    code, output = build(root)
    assert code == 1, output
    assert "the previous site was left as it was" in output
    assert snapshot(root / "site") == before


def mkdocs_build(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1622505600", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *(options or ("--strict",))], cwd=root, env=env,
                          text=True, capture_output=True, timeout=300)


def test_mkdocs_build_through_the_plugin_keeps_the_previous_site_on_failure(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    first = mkdocs_build(root)
    assert first.returncode == 0, first.stderr
    assert (root / "site" / MARKER).is_file()
    before = snapshot(root / "site")
    (root / "site_config" / "pages" / "broken.md").write_text("# Broken\n\n[x](missing.md)\n", encoding="utf-8")
    failed = mkdocs_build(root)
    assert failed.returncode == 1
    assert "Aborted with 1 warnings in strict mode" in failed.stdout + failed.stderr
    assert snapshot(root / "site") == before
    assert not (root / ".site.building").exists()


def test_a_dirty_mkdocs_build_through_the_plugin_builds_the_same_site(tmp_path: Path) -> None:
    """`--dirty` asks each generated page whether it changed (MkDocs asserted on the pages the plugin spools)."""
    root = make_project(tmp_path / "project")
    assert mkdocs_build(root).returncode == 0
    before = snapshot(root / "site")
    dirty = mkdocs_build(root, "--dirty", "--no-strict")
    assert dirty.returncode == 0, dirty.stderr
    assert "Traceback" not in dirty.stderr
    assert snapshot(root / "site") == before


def test_mkdocs_build_refuses_a_site_dir_holding_other_files(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / "site").mkdir()
    (root / "site" / "notes.txt").write_text("mine", encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "holds files that are not a site built by this tool" in result.stdout + result.stderr
    assert (root / "site" / "notes.txt").read_text(encoding="utf-8") == "mine"
