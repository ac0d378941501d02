"""Archival PDFs laid out in a worker process while MkDocs renders the pages.

Laying out a PDF (ReportLab's line breaking and drawing) costs about 35 ms of CPU per version of a
long archive: about a third of its first build. The pages do not need the PDFs' bytes, only their addresses, so a
build hands the PDFs that are not cached yet (outputs/pdf_cache.py) to a worker on another core and
writes them into the site when MkDocs has rendered everything else (`PendingPdfs.laid_out`).

The worker is `python -m generator.outputs.pdf_worker JOBS RESULTS`: it reads the pickled jobs from
one file (written by this process, in a private temporary folder) and writes the PDFs to the other.
A job is a cache key and a `PdfDocument` (outputs/pdf_document.py), plain strings and tuples, so the
worker imports ReportLab but neither pydantic nor the library.
A plain subprocess rather than `multiprocessing`, whose fresh interpreters import the caller's main
script again (a script calling `build_site` without a main guard would build forever), and whose
forked ones would copy `mkdocs serve`'s threads' locks. The worker runs the same `render_pdf` on
the same document, and ReportLab's invariant mode makes the output depend on nothing else, so a PDF is
byte for byte the same either way. If the worker fails, the PDFs are laid out here instead.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .pdf_cache import cached, stored
from .pdf_document import PdfDocument, pdf_document

if TYPE_CHECKING:
    from ..library.project import NoticeVersion
    from .page import Page

WORKER_FROM = 8
"""Fewer new PDFs than this are laid out in the build's own process: starting the worker (a fresh
Python that imports ReportLab) costs about as much CPU as laying out that many."""
PACKAGE_PARENT = Path(__file__).resolve().parents[2]
"""The folder holding the `generator` package, put on the worker's import path."""


@dataclass(frozen=True)
class PdfJob:
    """One archival PDF: where it goes in the site, its cache key, and what it is laid out from."""

    src: str
    key: str
    notice_title: str
    version: NoticeVersion
    organisation: str
    label: str | None

    def document(self) -> PdfDocument:
        return pdf_document(self.notice_title, self.version, organisation=self.organisation, label=self.label)

    def store(self, folder: Path) -> bytes:
        """Lay the PDF out and keep it in the cache `folder`."""
        return _store(folder, self.key, self.document())


def _store(folder: Path, key: str, document: PdfDocument) -> bytes:
    from . import archive_pdf  # ReportLab is imported only where a PDF is laid out

    return cached(folder, key, lambda: archive_pdf.render_pdf(document))


class PendingPdfs:
    """PDFs being laid out by a worker process; `laid_out` waits for them."""

    def __init__(self, jobs: list[PdfJob], folder: Path) -> None:
        self.jobs, self.folder = jobs, folder
        self.scratch = tempfile.TemporaryDirectory(prefix="notices-pdf-")
        self.results = Path(self.scratch.name) / "results.pickle"
        orders = Path(self.scratch.name) / "jobs.pickle"
        orders.write_bytes(pickle.dumps((folder, [(job.key, job.document()) for job in jobs]),
                                        protocol=pickle.HIGHEST_PROTOCOL))
        path = os.pathsep.join(filter(None, [str(PACKAGE_PARENT), os.environ.get("PYTHONPATH")]))
        self.worker = subprocess.Popen([sys.executable, "-m", __name__, str(orders), str(self.results)],
                                       env={**os.environ, "PYTHONPATH": path}, stdin=subprocess.DEVNULL)

    @property
    def addresses(self) -> list[str]:
        return [job.src for job in self.jobs]

    def laid_out(self) -> Iterator[tuple[str, bytes]]:
        """Each PDF's address and bytes once the worker has laid it out (or this process, if the worker failed)."""
        try:
            pdfs = self._worker_results()
            for job, data in zip(self.jobs, pdfs or [job.store(self.folder) for job in self.jobs], strict=True):
                yield job.src, data
        finally:
            self.cancel()

    def _worker_results(self) -> list[bytes] | None:
        if self.worker.wait() != 0:
            return None
        try:
            pdfs = pickle.loads(self.results.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError):
            return None
        return pdfs if isinstance(pdfs, list) and len(pdfs) == len(self.jobs) else None

    def cancel(self) -> None:
        """Stop the worker (a failed build needs no PDFs); safe to call more than once."""
        if self.worker.poll() is None:
            self.worker.kill()
            self.worker.wait()
        self.scratch.cleanup()


def archive_pdfs(jobs: list[PdfJob], folder: Path, *, in_background: bool) -> tuple[list[Page], PendingPdfs | None]:
    """The PDFs of `jobs` that can be had now, and those left to a worker (None when none are).

    Cached PDFs are read at once; so are the others when they are few or `in_background` is false.
    """
    from .page import Page  # not at the top: the worker process, which runs this module, needs no pages

    ready, missing = [], []
    for job in jobs:
        data = stored(folder, job.key)
        if data is not None:
            ready.append(Page(job.src, data))
        else:
            missing.append(job)
    if not in_background or len(missing) < WORKER_FROM:
        return ready + [Page(job.src, job.store(folder)) for job in missing], None
    return ready, PendingPdfs(missing, folder)


def _work(orders: Path, results: Path) -> None:
    """The worker: lay out every job of `orders` (into the cache) and write their bytes to `results`."""
    folder, jobs = pickle.loads(orders.read_bytes())
    pdfs = [_store(folder, key, document) for key, document in jobs]
    results.write_bytes(pickle.dumps(pdfs, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _work(Path(sys.argv[1]), Path(sys.argv[2]))
