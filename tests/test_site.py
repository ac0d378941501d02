"""Whole-site properties: determinism, strict MkDocs builds and the schema files (CLI help: test_cli_help.py)."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.adapters.cli import main
from generator.source.schema import SCHEMA_KINDS, schema_json

ROOT = Path(__file__).resolve().parent.parent


def test_same_inputs_and_as_of_give_byte_identical_sites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for name in ("a", "b"):
        result = CliRunner().invoke(main, ["build", "--root", str(ROOT), "--as-of", "2026-12-01",
                                           "--site-dir", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    comparison = filecmp.dircmp(tmp_path / "a", tmp_path / "b")
    stack, differing = [comparison], []
    while stack:
        current = stack.pop()
        differing += current.diff_files + current.left_only + current.right_only
        stack += current.subdirs.values()
    assert differing == []


def test_mkdocs_build_strict_prints_no_warning(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize("kind", sorted(SCHEMA_KINDS))
def test_committed_schemas_are_current(kind: str) -> None:
    committed = (ROOT / "site_config" / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(kind), "run `notices schema --out site_config/schema` and commit the result"


def test_pages_can_be_written_for_any_other_builder(tmp_path: Path) -> None:
    import datetime as dt

    from generator.library.loader import load_library
    from generator.outputs.page import write_pages
    from generator.outputs.site import render_pages

    pages = render_pages(load_library(ROOT), dt.date(2021, 6, 1))
    write_pages(pages, tmp_path)
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert written == sorted(page.src for page in pages)
    assert "Effective: January 1, 2021." in (tmp_path / "privacy" / "index.md").read_text(encoding="utf-8")
