"""The guards of frozen PDFs that no build of a well-kept project reaches: a record made from other content,
bytes changed after the checks, and a frozen PDF replaced by a link (review 13, finding 3)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.adapters.cli import main
from generator.library.loader import load_library
from generator.outputs.frozen_pdf import FrozenJob, FrozenPdfChanged, frozen_job, frozen_label
from tests.project import make_project


@pytest.fixture
def published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["publish", "--as-of", "2026-11-01"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return project


def frozen_file(project: Path) -> Path:
    (path,) = (project / "notices" / "privacy" / "pdf").glob("*.pdf")
    return path


def test_a_record_made_from_other_content_is_not_served(published: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notice = load_library(published).notices["privacy"]
    version = notice.versions[0]
    job = frozen_job(notice, version, frozen_label(version))
    assert job is not None and job.path.resolve() == frozen_file(published).resolve()
    record = notice.lock.pdfs[version.effective]
    monkeypatch.setitem(notice.lock.pdfs, version.effective, record.model_copy(update={"content_sha256": "0" * 64}))
    assert frozen_job(notice, version, frozen_label(version)) is None, "made from other content: laid out afresh"


def test_bytes_changed_after_the_checks_are_never_served(published: Path) -> None:
    path = frozen_file(published)
    job = FrozenJob("privacy/2021-01-01/x.pdf", path, hashlib.sha256(path.read_bytes()).hexdigest())
    assert job.read() == path.read_bytes()
    path.write_bytes(path.read_bytes() + b"\n")
    with pytest.raises(FrozenPdfChanged) as changed:
        job.read()
    assert str(changed.value).startswith(f"{path.relative_to(published)}:1:1: error: the frozen PDF changed")
    path.unlink()
    with pytest.raises(FrozenPdfChanged, match=r":1:1: error: the frozen PDF cannot be read"):
        job.read()


def test_a_frozen_pdf_replaced_by_a_link_to_the_same_bytes_is_an_error(published: Path, tmp_path: Path) -> None:
    path = frozen_file(published)
    copy = shutil.copy(path, tmp_path / "elsewhere.pdf")
    path.unlink()
    path.symlink_to(copy)
    result = CliRunner().invoke(main, ["validate", "--as-of", "2026-11-01"], catch_exceptions=False)
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if ": error: " in line and path.name in line], result.output
