"""Archival PDFs laid out after MkDocs has rendered the pages, or meanwhile in a worker process.

Laying out a PDF (ReportLab's line breaking and drawing) costs about 14 ms of CPU per version of a
long archive (20 ms before drawings were repeated, outputs/pdf_drawing.py): a fifth of its first build.
The pages do not need the PDFs' bytes, only their addresses, so a build writes every PDF into the site
when MkDocs has rendered everything else
(`PendingPdfs.laid_out`), one at a time: a 500-version archive's PDFs are 30 MB that no page needs
in memory. Those not cached yet (outputs/pdf_cache.py) are laid out then by the build's own process,
which by that time has freed the library and the pages and lays them out in that memory: at 100
versions its peak grows by about 5 MB. A worker on another core would save the wall time they take,
but its memory (a second Python with ReportLab, about 25–30 MB) adds to the build's for as long as it
runs, near the build's own peak; so only a long run of new PDFs (`WORKER_FROM`), in a build big
enough for the worker's memory to matter less than its time, goes to a worker.

The worker is `python -m generator.outputs.pdf_orders ORDERS RESULTS` (outputs/pdf_orders.py): it reads
the orders from a file (written by this process, one document at a time, in a private temporary folder)
and writes each PDF into the folder RESULTS. An order is a cache key and a `PdfDocument`
(outputs/pdf_document.py), plain strings and tuples, so the worker imports ReportLab but neither
pydantic nor the library. A plain subprocess rather than
`multiprocessing`, whose fresh interpreters import the caller's main script again (a script calling
`build_site` without a main guard would build forever), and whose forked ones would copy `mkdocs
serve`'s threads' locks. The worker runs the same `render_pdf` on the same document, and ReportLab's
invariant mode makes the output depend on nothing else, so a PDF is byte for byte the same either
way. If the worker fails, the PDFs are laid out here instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .frozen_pdf import FrozenJob
from .pdf_cache import cached, is_stored, keep_recent, used
from .pdf_document import PdfDocument, pdf_document
from .pdf_memo_file import keep as keep_memo
from .pdf_orders import ReadBack, laid_out, lay_out, write_orders

if TYPE_CHECKING:
    from ..library.project import NoticeVersion
    from .page import Page

WORKER_FROM = 200
"""From this many new PDFs, a worker lays them out while MkDocs renders; fewer are laid out by the build
itself once MkDocs is done. Measured (whole process tree, PSS, a busy machine): at 100 versions with the
worker a first build's peak was 1.1–1.25 × plain Material's, without it 0.9–1.0 ×; the worker can save the
PDFs' CPU time (about 2 s) from the wall time when a core is free. At 500 versions the build's own memory
dwarfs the worker's (below plain Material's either way), and the PDFs' time is about 17 s."""
WORKER = f"{__package__}.pdf_orders"
"""The worker's module, run as `python -m`."""
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
        """The PDF from the cache `folder`, else laid out (its document made only then) and kept there."""
        return cached(folder, self.key, lambda: laid_out(self.document()))


class CachedPdf(NamedTuple):
    """A PDF found in the cache: where it goes, its key, and its hard link in the scratch folder, or else its job."""

    src: str
    key: str
    source: Path | PdfJob


class PendingPdfs:
    """The archival PDFs a build writes into the site at its end, one at a time, so that none is held in memory.

    `frozen` are read from the notices' folders then (outputs/frozen_pdf.py), `cached` from the PDF cache;
    `new` are laid out then, in this process, from their documents, made now (while the library is alive) and
    written to a file of orders one at a time (outputs/pdf_orders.py); or, with `worker`, meanwhile by a worker
    process reading those orders, which writes each PDF into the scratch folder (and the cache). `laid_out`
    gives them. Nothing here holds a version: each would keep the library's models alive while MkDocs renders
    (about 20 MB at 100 versions). A cached PDF is hard-linked into the scratch folder at once, so that it is
    still there if its cache entry is deleted meanwhile; where a link cannot be made (another file system), its
    job is kept to lay it
    out again. If the worker fails, the documents it was given are read back from its orders, one at a time.
    """

    def __init__(self, cached: list[PdfJob], new: list[PdfJob], folder: Path, *, worker: bool = False,
                 frozen: tuple[FrozenJob, ...] = ()) -> None:
        self.folder = folder
        self.frozen = frozen
        self.scratch = tempfile.TemporaryDirectory(prefix="notices-pdf-")
        self.worker: subprocess.Popen[bytes] | None = None
        if new and worker:
            self.worker = self.start_worker(new)
        elif new:
            self.write_orders(new)
        self.new = [(job.src, job.key) for job in new]
        self.cached = [self.pin(number, job) for number, job in enumerate(cached)]
        self.keys = frozenset(job.key for job in (*cached, *new))
        """Every PDF of this build, kept in the cache whatever else happens to `cached` (a preview links some)."""

    @property
    def orders(self) -> Path:
        return Path(self.scratch.name) / "orders.pickle"

    def write_orders(self, jobs: list[PdfJob]) -> None:
        with self.orders.open("wb") as out:  # each document made, written and let go in turn
            write_orders(out, self.folder, ((job.key, job.document()) for job in jobs))

    def start_worker(self, jobs: list[PdfJob]) -> subprocess.Popen[bytes]:
        self.write_orders(jobs)
        path = os.pathsep.join(filter(None, [str(PACKAGE_PARENT), os.environ.get("PYTHONPATH")]))
        return subprocess.Popen([sys.executable, "-m", WORKER, str(self.orders), self.scratch.name],
                                env={**os.environ, "PYTHONPATH": path}, stdin=subprocess.DEVNULL)

    def pin(self, number: int, job: PdfJob) -> CachedPdf:
        """The cached PDF linked into the scratch folder; else its job is kept, to lay it out if need be."""
        pinned = Path(self.scratch.name) / f"cached-{number}.pdf"
        try:
            os.link(self.folder / f"{job.key}.pdf", pinned)
        except OSError:
            return CachedPdf(job.src, job.key, job)
        used(pinned)  # the cache's own file: a link is the same file
        return CachedPdf(job.src, job.key, pinned)

    @property
    def addresses(self) -> list[str]:
        return [job.src for job in self.frozen] + [pdf.src for pdf in self.cached] + [src for src, _ in self.new]

    def laid_out(self) -> Iterator[tuple[str, bytes]]:
        """Each PDF's address and bytes: frozen, from the cache or the worker, else laid out here from its order;
        then the cache is kept to its bound (`pdf_cache.keep_recent`), keeping every PDF of this build. A frozen PDF
        changed since the checks raises `FrozenPdfChanged`."""
        try:
            for job in self.frozen:
                yield job.src, job.read()
            for pdf in self.cached:
                source = pdf.source
                yield pdf.src, source.read_bytes() if isinstance(source, Path) else source.store(self.folder)
            done = self.worker is not None and self.worker.wait() == 0
            with ReadBack(self.orders) as orders:
                for number, (src, key) in enumerate(self.new):
                    data = self._result(number) if done else None
                    # No worker, or it failed, or its PDF is missing: laid out here from the order's document.
                    yield src, data if data is not None else lay_out(self.folder, key, orders.document(number))
            keep_memo()  # what the last PDF laid out here taught, for the next process (outputs/pdf_memo_file.py)
            keep_recent(self.folder, self.keys)
        finally:
            self.cancel()

    def _result(self, number: int) -> bytes | None:
        try:
            return (Path(self.scratch.name) / f"{number}.pdf").read_bytes()
        except OSError:
            return None

    def cancel(self) -> None:
        """Stop the worker (a failed build needs no PDFs); safe to call more than once."""
        if self.worker is not None and self.worker.poll() is None:
            self.worker.kill()
            self.worker.wait()
        self.scratch.cleanup()


def archive_pdfs(jobs: list[PdfJob], folder: Path, *, in_background: bool, frozen: list[FrozenJob] | None = None
                 ) -> tuple[list[Page], PendingPdfs | None]:
    """The PDFs of `jobs` and the `frozen` ones as pages, and those the build writes at its end (None when none are).

    Without `in_background`, every PDF is a page (read from its frozen file or the cache, or laid out now). With
    it, every PDF is written at the end, one at a time: the frozen and cached ones read then, the new ones laid
    out then (by a worker meanwhile, from `WORKER_FROM` of them).
    """
    from .page import Page  # not at the top: the worker process, which runs this module, needs no pages

    frozen = frozen or []
    if not in_background:
        pages = [Page(job.src, job.read()) for job in frozen] + [Page(job.src, job.store(folder)) for job in jobs]
        keep_memo()
        keep_recent(folder, {job.key for job in jobs})
        return pages, None
    cached = [job for job in jobs if is_stored(folder, job.key)]
    new = [job for job in jobs if not is_stored(folder, job.key)]
    pending = cached or new or frozen
    return [], (PendingPdfs(cached, new, folder, worker=len(new) >= WORKER_FROM, frozen=tuple(frozen))
                if pending else None)


