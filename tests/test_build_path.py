"""The build path's shortcuts: checks run once per `notices build`, archival PDFs laid out by a worker.

Each shortcut must leave the site exactly as the plain path makes it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_AS_OF

from generator.adapters.build import BuildFailed, build_site
from generator.adapters.build_checks import BuildChecks
from generator.adapters.cli import main
from generator.adapters.plugin import BuildState
from generator.analyses import changes, citations
from generator.library.loader import load_library
from generator.outputs import pdf_worker
from generator.outputs.archive_pdf import render_pdf
from generator.outputs.paths import pdf_src
from generator.outputs.pdf_cache import CACHE_ENV
from generator.outputs.pdf_document import pdf_document
from generator.outputs.site import SiteRenderer
from generator.source.problems import Problem
from tests.project import NOTICE, VERSION, make_project

YEARS = tuple(range(2014, 2022))
"""Eight versions, laid out by a worker when a test lowers `WORKER_FROM`."""


def versions_project(root: Path) -> Path:
    """A notice with one version a year, each saying something of its own."""
    files = {"notice.yaml": NOTICE}
    for year in YEARS:
        files[f"{year}-01-01.yaml"] = (VERSION.replace("effective: 2021-01-01", f"effective: {year}-01-01")
                                       .replace("We are Example Ltd.", f"We are Example Ltd, since {year}."))
    return make_project(root, notices={"privacy": files})


@pytest.fixture
def check_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the change and the citation checks ran."""
    calls = {"changes": 0, "citations": 0}

    def counted(name: str, check: object) -> object:
        def run(*args: object) -> object:
            calls[name] += 1
            return check(*args)  # type: ignore[operator]
        return run

    monkeypatch.setattr(changes, "check_changes", counted("changes", changes.check_changes))
    monkeypatch.setattr(citations, "check_citations", counted("citations", citations.check_citations))
    return calls


def test_notices_build_runs_the_checks_once(tmp_path: Path, check_calls: dict[str, int]) -> None:
    project = make_project(tmp_path / "project")
    result = CliRunner().invoke(main, ["build", "--root", str(project), "--as-of", EXAMPLE_AS_OF.isoformat(),
                                       "--site-dir", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "privacy" / "index.html").is_file()
    assert check_calls == {"changes": 1, "citations": 1}


def test_a_build_without_checks_given_runs_them(tmp_path: Path, check_calls: dict[str, int]) -> None:
    # As `mkdocs build` and `mkdocs serve` do: nobody ran the checks before the plugin.
    build_site(make_project(tmp_path / "project"), EXAMPLE_AS_OF, tmp_path / "site")
    assert check_calls == {"changes": 1, "citations": 1}


def test_the_plugin_acts_on_the_checks_it_is_given(tmp_path: Path, check_calls: dict[str, int]) -> None:
    project = make_project(tmp_path / "project")
    given = BuildChecks([Problem("notices/privacy/2021-01-01.yaml", 3, 1, "a finding the caller made")], [], [])
    with pytest.raises(BuildFailed, match=r"2021-01-01\.yaml:3:1: error: a finding the caller made"):
        build_site(project, EXAMPLE_AS_OF, tmp_path / "site",
                   given=BuildState(load_library(project), EXAMPLE_AS_OF, given))
    assert check_calls == {"changes": 0, "citations": 0}
    assert not (tmp_path / "site").exists()


# --- archival PDFs laid out by a worker -----------------------------------------------------------


@pytest.fixture
def worker_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[int]:
    """An empty PDF cache, a worker for as few as two PDFs, and the number of PDFs each worker was given."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(pdf_worker, "WORKER_FROM", 2)
    runs: list[int] = []
    start = pdf_worker.PendingPdfs.start_worker

    def spy(self: pdf_worker.PendingPdfs, jobs: list[pdf_worker.PdfJob]) -> subprocess.Popen[bytes]:
        runs.append(len(jobs))
        return start(self, jobs)

    monkeypatch.setattr(pdf_worker.PendingPdfs, "start_worker", spy)
    return runs


def expected_pdfs(project: Path) -> dict[str, bytes]:
    """Every version's PDF laid out in this process, as a build without a worker does."""
    notice = load_library(project).notices["privacy"]
    return {pdf_src("privacy", str(version.effective)):
            render_pdf(pdf_document(notice.title, version, organisation="Example Ltd")) for version in notice.versions}


def test_pdfs_laid_out_by_the_worker_are_the_same_bytes(tmp_path: Path, worker_runs: list[int]) -> None:
    project = versions_project(tmp_path / "project")
    site = build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    assert worker_runs == [len(YEARS)]
    for src, pdf in expected_pdfs(project).items():
        assert (site / src).read_bytes() == pdf, src
    # The worker filled the cache: the next build lays nothing out.
    assert len(list((tmp_path / "cache" / "pdf").glob("*.pdf"))) == len(YEARS)
    again = build_site(project, EXAMPLE_AS_OF, tmp_path / "again")
    assert worker_runs == [len(YEARS)]
    assert all((again / src).read_bytes() == (site / src).read_bytes() for src in expected_pdfs(project))


def test_mkdocs_build_gets_the_workers_pdfs(tmp_path: Path, worker_runs: list[int],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # `mkdocs build` in a subprocess, with `WORKER_FROM` lowered there so that eight versions reach it.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1622505600")  # the as-of date, and the PDFs' creation date
    project = versions_project(tmp_path / "project")
    mkdocs = ("from generator.outputs import pdf_worker; pdf_worker.WORKER_FROM = 2; "
              "from mkdocs.__main__ import cli; cli()")
    out = subprocess.run([sys.executable, "-c", mkdocs, "build", "-q", "--site-dir", str(tmp_path / "site")],
                         cwd=project, capture_output=True, text=True, env=os.environ.copy())
    assert out.returncode == 0, out.stderr
    for src, pdf in expected_pdfs(project).items():
        assert (tmp_path / "site" / src).read_bytes() == pdf, src


def test_a_failed_worker_leaves_the_pdfs_to_the_build(tmp_path: Path, worker_runs: list[int],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_worker.sys, "executable", "/bin/false")
    project = versions_project(tmp_path / "project")
    site = build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    assert worker_runs == [len(YEARS)]
    for src, pdf in expected_pdfs(project).items():
        assert (site / src).read_bytes() == pdf, src


def test_a_cached_pdf_is_not_used_under_another_creation_date(tmp_path: Path, worker_runs: list[int],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # ReportLab writes $SOURCE_DATE_EPOCH into the PDF, so it is part of the cache key.
    project = versions_project(tmp_path / "project")
    build_site(project, EXAMPLE_AS_OF, tmp_path / "plain")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1622505600")
    dated = build_site(project, EXAMPLE_AS_OF, tmp_path / "dated")
    assert worker_runs == [len(YEARS), len(YEARS)]
    for src, pdf in expected_pdfs(project).items():
        assert (dated / src).read_bytes() == pdf, src
        assert b"/CreationDate (D:20210601000000+00'00')" in pdf


def test_cached_pdfs_are_written_at_the_end_one_at_a_time(tmp_path: Path, worker_runs: list[int]) -> None:
    project = versions_project(tmp_path / "project")
    build_site(project, EXAMPLE_AS_OF, tmp_path / "site")  # fills the PDF cache
    renderer = SiteRenderer(load_library(project), EXAMPLE_AS_OF, pdfs_in_background=True)
    assert not [page.src for page in renderer.pages() if page.src.endswith(".pdf")], "PDF bytes held as pages"
    expected = expected_pdfs(project)
    assert renderer.pending_pdfs is not None and sorted(renderer.pending_pdfs.addresses) == sorted(expected)
    # A cache entry deleted during the build is laid out again, the same bytes.
    next((tmp_path / "cache" / "pdf").glob("*.pdf")).unlink()
    assert dict(renderer.pending_pdfs.laid_out()) == expected
    assert worker_runs == [len(YEARS)]  # the first build's: cached PDFs need no worker


def test_a_build_with_every_pdf_cached_describes_none(tmp_path: Path, worker_runs: list[int],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # A PDF's document (its text as ReportLab takes it) is made only to lay it out: about 2 ms a version.
    project = versions_project(tmp_path / "project")
    site = build_site(project, EXAMPLE_AS_OF, tmp_path / "site")  # fills the PDF cache
    described: list[str] = []

    def counted(notice_title: str, version: object, **options: object) -> object:
        described.append(str(getattr(version, "effective", "")))
        return pdf_document(notice_title, version, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_worker, "pdf_document", counted)
    again = build_site(project, EXAMPLE_AS_OF, tmp_path / "again")
    assert described == []
    assert worker_runs == [len(YEARS)]
    assert all((again / src).read_bytes() == (site / src).read_bytes() for src in expected_pdfs(project))
