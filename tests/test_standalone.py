"""A clone of the repository alone passes the tests: no test reads a file outside the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REFERENCE, ROOT


def tracked_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the files a clone holds are unknown")
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True)
    return [name for name in listing.stdout.split("\0") if name]


def test_reference_text_is_tracked_in_the_repository() -> None:
    assert REFERENCE.is_relative_to(ROOT / "tests" / "data")
    assert REFERENCE.relative_to(ROOT).as_posix() in tracked_files()


def test_fidelity_passes_in_a_copy_of_the_tracked_files_alone(tmp_path: Path) -> None:
    """What a fresh clone holds, nested two folders deep, so nothing beside the repository can be found."""
    clone = tmp_path / "nowhere" / "clone"
    for name in tracked_files():
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    # The clone's package comes first on the path, ahead of the editable install of this checkout.
    env = {**os.environ, "PYTHONPATH": str(clone)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fidelity.py"],
        cwd=clone, env=env, capture_output=True, text=True, timeout=300,
    )
    # A file the change needs but git does not track yet fails here too: `git add` it.
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout
