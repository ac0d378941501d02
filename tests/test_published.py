"""Published history cannot vanish, and only `notices publish` writes the lock: builds are previews."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator.adapters.cli import main
from tests.project import VERSION, make_project

ROOT = Path(__file__).resolve().parent.parent
UPCOMING = VERSION.replace("effective: 2021-01-01", "announced: 2026-12-01\neffective: 2027-01-01").replace(
    "summary: First version.", "summary: Second version.")
"""A version of the minimal project announced on 2026-12-01, taking effect a month later."""


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line]


def line_of(path: Path, start: str) -> int:
    """The number of the first line of `path` that starts with `start` (the example's files may grow)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(start))


def test_deleting_a_published_version_is_an_error_naming_it_and_the_way_forward(project: Path) -> None:
    (project / "notices/privacy/2027-03-01.yaml").unlink()
    code, output = cli("validate")
    assert code == 1
    lock = (project / "notices/privacy/versions.lock").read_text().splitlines()
    line = lock.index("  '2027-03-01':", lock.index("versions:")) + 1  # not its frozen PDF's entry
    assert errors(output) == [
        f"notices/privacy/versions.lock:{line}:3: error: published version 2027-03-01 of 'privacy' is missing: "
        "notices/privacy/2027-03-01.yaml (locked on 2026-11-29) was deleted or renamed, and its address would "
        "vanish; a published version keeps its file name for good: restore it from version control (git checkout "
        "-- notices/privacy/2027-03-01.yaml); to take back a version not yet in force, restore it, then run notices "
        'withdraw privacy 2027-03-01 --reason "..."; to change it, add a new version (notices new-version privacy '
        "--effective YYYY-MM-DD)"
    ]
    # The version in force is protected the same way, in every command that reads the project.
    shutil.copy(ROOT / "notices/privacy/2027-03-01.yaml", project / "notices/privacy/2027-03-01.yaml")
    (project / "notices/privacy/2021-01-01.yaml").unlink()
    code, output = cli("build", "--site-dir", str(project / "out"))
    assert code == 1
    assert [line.split(": error: ")[1][:52] for line in errors(output)] == [
        "published version 2021-01-01 of 'privacy' is missing"]
    assert not (project / "out").exists()


def test_mkdocs_build_through_the_plugin_refuses_a_missing_published_version(project: Path) -> None:
    (project / "notices/privacy/2021-01-01.yaml").unlink()
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "out"))
    with pytest.raises(Abort, match="published version 2021-01-01 of 'privacy' is missing"):
        mkdocs_build(config)
    assert not (project / "out").exists()


def test_renaming_and_editing_a_published_version_is_caught(project: Path) -> None:
    old = project / "notices/privacy/2027-03-01.yaml"
    text = old.read_text().replace("effective: 2027-03-01", "effective: 2027-04-01")
    text = text.replace("introducing skills", "introducing new skills")
    assert "effective: 2027-04-01" in text and "new skills" in text
    (project / "notices/privacy/2027-04-01.yaml").write_text(text)
    old.unlink()
    code, output = cli("build", "--as-of", "2026-12-02", "--site-dir", str(project / "out"))
    assert code == 1
    assert len(errors(output)) == 1
    assert "published version 2027-03-01 of 'privacy' is missing" in output
    assert not (project / "out").exists()
    assert "2027-04-01" not in (project / "notices/privacy/versions.lock").read_text(), "nothing was re-locked"


def test_an_emptied_lock_with_an_edit_is_caught(project: Path) -> None:
    version = project / "notices/privacy/2021-01-01.yaml"
    version.write_text(version.read_text().replace("Delaware", "Nevada"))
    lock = project / "notices/privacy/versions.lock"
    lock.write_text("")
    code, output = cli("validate")
    assert code == 1
    assert errors(output) == [
        "notices/privacy/versions.lock:1:1: error: notices/privacy/versions.lock is empty, but the tool writes "
        "every lock with a seal: it was emptied or edited by hand, so published versions could change unnoticed; "
        "restore it from version control (git checkout -- notices/privacy/versions.lock)"
    ]
    # A deleted lock: the other notice's lock shows that a publish ran after these versions were published.
    lock.unlink()
    announced = line_of(project / "notices/privacy/2027-03-01.yaml", "announced:")
    code, output = cli("validate")
    assert code == 1
    assert errors(output) == [
        "notices/privacy/2021-01-01.yaml:6:12: error: version 2021-01-01 of 'privacy' was published (in force) on "
        "2021-01-01, before the last `notices publish` (2026-11-29), but notices/privacy/versions.lock does not "
        "record it: if its entry was lost, restore notices/privacy/versions.lock from version control (git "
        "checkout -- notices/privacy/versions.lock); if the version is new to the archive, record it with "
        "`notices publish`",
        f"notices/privacy/2027-03-01.yaml:{announced}:12: error: version 2027-03-01 of 'privacy' was published "
        "(announced) "
        "on 2026-11-15, before the last `notices publish` (2026-11-29), but notices/privacy/versions.lock does not "
        "record it: if its entry was lost, restore notices/privacy/versions.lock from version control (git "
        "checkout -- notices/privacy/versions.lock); if the version is new to the archive, record it with "
        "`notices publish`",
    ]


def test_a_lock_entry_removed_by_hand_breaks_the_seal(project: Path) -> None:
    lock = project / "notices/privacy/versions.lock"
    text = lock.read_text()
    entry = text[text.index("  '2027-03-01':", text.index("versions:")):text.index("withdrawals:")]
    lock.write_text(text.replace(entry, ""))
    seal = line_of(lock, "seal:")
    code, output = cli("validate")
    assert code == 1
    assert errors(output) == [
        f"notices/privacy/versions.lock:{seal}:7: error: notices/privacy/versions.lock was edited by hand: its entries "
        "no longer match its seal (an entry removed or changed); a published version's record cannot be removed; "
        "restore it from version control (git checkout -- notices/privacy/versions.lock)"
    ]


def test_publish_locks_each_published_version_with_its_path_once(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_project(tmp_path))
    lock = tmp_path / "notices/privacy/versions.lock"
    code, output = cli("publish", "--as-of", "2026-11-01")
    assert code == 0, output
    assert output.splitlines() == ["Locked version 2021-01-01 of 'privacy' (notices/privacy/2021-01-01.yaml)",
                                   "Froze the archival PDF of 1 published version(s) of 'privacy' in "
                                   "notices/privacy/pdf: builds serve these bytes from now on",
                                   "Updated notices/privacy/versions.lock; commit it and the frozen PDFs."]
    assert "'2021-01-01':\n    locked: '2026-11-01'\n    path: 2021-01-01.yaml\n" in lock.read_text()
    before = lock.read_bytes()
    assert cli("lock", "--as-of", "2030-01-01") == (0, "")
    assert lock.read_bytes() == before, "the deploy job's `notices lock` never rewrites a lock"


def test_a_preview_build_leaves_the_source_tree_unchanged(tmp_path: Path) -> None:
    """With a version announced today, `notices build` and `mkdocs build` report it and write nothing."""
    repo = make_project(tmp_path / "repo")
    run = {"cwd": repo, "check": True, "capture_output": True, "text": True}
    notices = [str(Path(sys.executable).parent / "notices")]
    subprocess.run([*notices, "publish", "--as-of", "2026-11-01"], **run)
    (repo / "notices/privacy/2027-01-01.yaml").write_text(UPCOMING)
    shutil.copy(ROOT / ".gitignore", repo / ".gitignore")
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org",
                                                     "commit", "-q", "-m", "project"]):
        subprocess.run(["git", *command], **run)

    built = subprocess.run([*notices, "build", "--as-of", "2026-12-01"], **run)
    assert "Built " in built.stdout
    assert ("note: notices/privacy/2027-01-01.yaml: version 2027-01-01 of 'privacy' is published (announced "
            "December 1, 2026) but not locked yet: this build did not lock it, and `notices publish` will"
            ) in built.stderr
    epoch = str(calendar.timegm(dt.date(2026, 12, 1).timetuple()))
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], env=env, **run)
    assert (repo / "site/privacy/2027-01-01/index.html").is_file()
    status = subprocess.run(["git", "status", "--porcelain", "--ignored=no"], **run).stdout
    assert status == ""

    # A review edit after the preview is still free; publishing makes the version final.
    version = repo / "notices/privacy/2027-01-01.yaml"
    version.write_text(UPCOMING.replace("Second version.", "Second version, reviewed."))
    subprocess.run([*notices, "validate", "--as-of", "2026-12-01"], **run)
    subprocess.run([*notices, "publish", "--as-of", "2026-12-01"], **run)
    version.write_text(UPCOMING)
    refused = subprocess.run([*notices, "validate", "--as-of", "2026-12-01"], **{**run, "check": False})
    assert refused.returncode == 1
    assert "version 2027-01-01 is published and has changed since it was locked" in refused.stderr
