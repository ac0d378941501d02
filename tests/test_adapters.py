"""The adapters stay thin and leave no trace: MkDocs validates the plugin's options, a build leaves
the environment and logging as it found them, and every command shares the date and root options."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.adapters.build import build_site
from generator.adapters.cli import main
from tests.project import MKDOCS, make_project


def mkdocs_build(root: Path, as_of: str) -> subprocess.CompletedProcess[str]:
    (root / "mkdocs.yml").write_text(MKDOCS.replace("  - notices\n", f"  - notices:\n      as_of: {as_of}\n"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site")],
                          cwd=root, capture_output=True, text=True, env=env)


def test_mkdocs_reports_a_bad_as_of_as_a_config_error(tmp_path: Path) -> None:
    result = mkdocs_build(make_project(tmp_path), '"June 1"')
    assert result.returncode == 1
    assert ("Config value 'plugins': Plugin 'notices' option 'as_of': 'June 1' is not a date; write it as "
            "YYYY-MM-DD, e.g. 2021-06-01") in result.stderr
    assert "Traceback" not in result.stderr


def test_as_of_in_mkdocs_yml_dates_the_build(tmp_path: Path) -> None:
    result = mkdocs_build(make_project(tmp_path), "2021-06-01")
    assert result.returncode == 0, result.stderr
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text()
    assert sitemap.count("<lastmod>") == sitemap.count("<lastmod>2021-06-01</lastmod>") > 0


def test_a_build_leaves_environment_and_logging_as_they_were(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    make_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    # Material sets NO_MKDOCS_2_WARNING the first time it is imported: its doing, not the build's.
    importlib.import_module("material.templates")
    environment = dict(os.environ)
    handlers = list(logging.getLogger("mkdocs").handlers)
    site = build_site(tmp_path, dt.date(2021, 6, 1))
    assert dict(os.environ) == environment
    assert logging.getLogger("mkdocs").handlers == handlers
    assert "<lastmod>2021-06-01</lastmod>" in (site / "sitemap.xml").read_text()


@pytest.mark.parametrize("command", ["validate", "build", "publish", "check"])
def test_every_command_reads_as_of_the_same_way(command: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [command, "--root", str(make_project(tmp_path)), "--as-of", "June 1"])
    assert result.exit_code == 2
    assert "Invalid value for '--as-of': 'June 1' is not a date; write it as YYYY-MM-DD" in result.output
