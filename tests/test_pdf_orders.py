"""When and where new archival PDFs are laid out, and the orders that carry their documents.

A second process's memory adds to the build's (outputs/pdf_worker.py): the build lays its new PDFs out
itself once MkDocs is done, and only a long run of them goes to a worker meanwhile. The orders go one
document at a time (outputs/pdf_orders.py): neither process may hold every document, and a PDF the
worker did not lay out is still laid out, from its order, with the same bytes.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLE_AS_OF
from reportlab.platypus.doctemplate import LayoutError

from generator.adapters import plugin
from generator.adapters.build import build_site
from generator.library.loader import load_library
from generator.outputs import archive_pdf, pdf_orders, pdf_worker
from generator.outputs.pdf_cache import CACHE_ENV
from generator.outputs.pdf_document import PdfDocument
from generator.outputs.site import SiteRenderer
from tests.test_build_path import YEARS, expected_pdfs, versions_project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def documents(tmp_path: Path) -> list[tuple[str, PdfDocument]]:
    jobs, frozen = SiteRenderer(load_library(versions_project(tmp_path / "project")), EXAMPLE_AS_OF).pdf_jobs()
    assert frozen == []  # nothing published: every PDF laid out
    return [(job.key, job.document()) for job in jobs]


def alive_one_at_a_time(documents: list[tuple[str, PdfDocument]]) -> tuple[Iterator[tuple[str, PdfDocument]],
                                                                            list[weakref.ref[PdfDocument]]]:
    """Copies of `documents`, each made when asked for, and a weak reference to each made so far."""
    made: list[weakref.ref[PdfDocument]] = []

    def each() -> Iterator[tuple[str, PdfDocument]]:
        for key, document in documents:
            copy = PdfDocument(document.title, document.author, document.subject, document.footer,
                               document.blocks)
            assert sum(ref() is not None for ref in made) == 0, "an earlier document is still held"
            made.append(weakref.ref(copy))
            yield key, copy
            del copy

    return each(), made


def test_orders_are_written_and_read_back_one_document_at_a_time(tmp_path: Path,
                                                                 documents: list[tuple[str, PdfDocument]]) -> None:
    orders = tmp_path / "orders"
    each, made = alive_one_at_a_time(documents)
    with orders.open("wb") as out:
        pdf_orders.write_orders(out, tmp_path / "cache", each)
    assert len(made) == len(documents) >= 8
    folder, read = pdf_orders.read_orders(orders)
    assert folder == tmp_path / "cache"
    previous: weakref.ref[PdfDocument] | None = None
    for (key, document), (expected_key, expected) in zip(read, documents, strict=True):
        assert previous is None or previous() is None, "the worker holds the document before this one"
        assert (key, document) == (expected_key, expected)
        previous = weakref.ref(document)
        del document


def test_the_worker_lays_out_every_order_with_the_same_bytes(tmp_path: Path,
                                                              documents: list[tuple[str, PdfDocument]]) -> None:
    orders, results = tmp_path / "orders", tmp_path / "results"
    results.mkdir()
    buffer = io.BytesIO()
    pdf_orders.write_orders(buffer, tmp_path / "cache", documents)
    orders.write_bytes(buffer.getvalue())
    run = subprocess.run([sys.executable, "-m", pdf_worker.WORKER, str(orders), str(results)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for number, (key, document) in enumerate(documents):
        pdf = archive_pdf.render_pdf(document)
        assert (results / f"{number}.pdf").read_bytes() == pdf == (tmp_path / "cache" / f"{key}.pdf").read_bytes()


def test_pdfs_the_worker_did_not_write_are_laid_out_from_their_orders(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # A worker that stopped half way: its missing PDFs are read back from the orders, in order, and laid out.
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(pdf_worker, "WORKER_FROM", len(YEARS))
    project = versions_project(tmp_path / "project")
    renderer = SiteRenderer(load_library(project), EXAMPLE_AS_OF, pdfs_in_background=True)
    renderer.archive_pdfs()
    pending = renderer.pending_pdfs
    assert pending is not None and pending.worker is not None and pending.worker.wait() == 0
    for number in (0, 3, 4, 7):
        (Path(pending.scratch.name) / f"{number}.pdf").unlink()
    for entry in (tmp_path / "cache" / "pdf").glob("*.pdf"):
        entry.unlink()
    assert dict(pending.laid_out()) == expected_pdfs(project)
    assert len(list((tmp_path / "cache" / "pdf").glob("*.pdf"))) == 4


def test_the_worker_imports_neither_the_library_nor_the_parents_side(tmp_path: Path) -> None:
    heavy = ("pydantic", "generator.library.project", "generator.outputs.pdf_worker", "subprocess",
             "urllib.request", "importlib.metadata", "reportlab")
    code = (f"import sys; import {pdf_worker.WORKER}, generator.outputs.archive_pdf; "
            "generator.outputs.archive_pdf._memo_loaded(); "  # as before its first PDF
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={**os.environ, CACHE_ENV: str(tmp_path)})
    assert out.stdout.split() == ["['reportlab']"]


def test_new_pdfs_are_laid_out_by_the_build_once_mkdocs_has_written_every_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Below `WORKER_FROM`, no second process: the build lays them out in the memory MkDocs is done with.
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    events: list[str] = []
    on_post_page, render_pdf, start_worker = (plugin.NoticesPlugin.on_post_page, archive_pdf.render_pdf,
                                              pdf_worker.PendingPdfs.start_worker)

    def page_written(self: plugin.NoticesPlugin, output: str, /, **options: object) -> str:
        events.append("page")
        return on_post_page(self, output, **options)  # type: ignore[arg-type]

    def pdf(document: PdfDocument) -> bytes:
        events.append("pdf")
        return render_pdf(document)

    def worker(self: pdf_worker.PendingPdfs, jobs: list[pdf_worker.PdfJob]) -> object:
        events.append("worker")
        return start_worker(self, jobs)

    monkeypatch.setattr(plugin.NoticesPlugin, "on_post_page", page_written)
    monkeypatch.setattr(archive_pdf, "render_pdf", pdf)
    monkeypatch.setattr(pdf_worker.PendingPdfs, "start_worker", worker)
    project = versions_project(tmp_path / "project")
    site = build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    assert "worker" not in events and events.count("pdf") == len(YEARS) < pdf_worker.WORKER_FROM
    assert events.index("pdf") > len(events) - 1 - events[::-1].index("page"), "a PDF laid out before MkDocs was done"
    monkeypatch.setattr(archive_pdf, "render_pdf", render_pdf)
    for src, expected in expected_pdfs(project).items():
        assert (site / src).read_bytes() == expected, src


@pytest.mark.parametrize("worker", ["none", "failed"])
def test_a_pdf_that_cannot_be_laid_out_fails_the_build_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 worker: str) -> None:
    # ReportLab's error reaches the caller whichever process tried first; the previous site stays, and no
    # scratch folder is left behind.
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    project = versions_project(tmp_path / "project")
    site = build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    before = sorted(path.relative_to(site) for path in site.rglob("*"))
    if worker == "failed":
        monkeypatch.setattr(pdf_worker, "WORKER_FROM", 2)
        monkeypatch.setattr(pdf_worker.sys, "executable", "/bin/false")

    def too_large(document: PdfDocument) -> bytes:
        raise LayoutError("Flowable <Table> too large on page 3")

    monkeypatch.setattr(archive_pdf, "render_pdf", too_large)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1622505600")  # other keys: every PDF is new
    (tmp_path / "temp").mkdir()
    monkeypatch.setattr(pdf_worker.tempfile, "tempdir", str(tmp_path / "temp"))
    with pytest.raises(LayoutError, match="too large on page 3"):
        build_site(project, EXAMPLE_AS_OF, site)
    assert sorted(path.relative_to(site) for path in site.rglob("*")) == before
    assert not list((tmp_path / "temp").glob("notices-pdf-*"))
