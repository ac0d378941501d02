"""The PDF worker's orders, and the worker itself: `python -m generator.outputs.pdf_orders ORDERS RESULTS`.

A build hands the PDFs it must lay out to a worker process (outputs/pdf_worker.py) in a file of orders:
the PDF cache's folder, then one pickled `(key, PdfDocument)` per PDF, written one at a time as each
document is made. The worker reads them back one at a time too, lays each out (into the cache) and
writes it to RESULTS/<number>.pdf. So neither process ever holds every document: at 100 versions they
are about 7 MB of small strings, which would sit beside the build for as long as the worker runs.

The worker's peak memory adds to the build's, so this module imports only what laying out needs:
the standard library's `pickle`, the cache's writing and ReportLab (through outputs/archive_pdf.py,
when the first PDF is laid out). Not `subprocess` or the parent's side of the worker (outputs/pdf_worker.py),
which this process never uses, nor `urllib.request` or `importlib.metadata` (see pdf_document.escape and
pdf_cache.layout_code_hash).
"""

from __future__ import annotations

import itertools
import pickle
import sys
from collections.abc import Generator, Iterable
from pathlib import Path
from types import TracebackType
from typing import IO

from .pdf_cache import cached
from .pdf_document import PdfDocument
from .pdf_memo_file import keep as keep_memo


def write_orders(out: IO[bytes], folder: Path, documents: Iterable[tuple[str, PdfDocument]]) -> None:
    """Write the orders: the cache `folder`, then each `(key, document)` as it comes."""
    pickle.dump(folder, out, protocol=pickle.HIGHEST_PROTOCOL)
    for order in documents:
        pickle.dump(order, out, protocol=pickle.HIGHEST_PROTOCOL)
        del order  # let go before the next document is made


def read_orders(path: Path) -> tuple[Path, Generator[tuple[str, PdfDocument], None, None]]:
    """The cache folder of the orders at `path`, and their `(key, document)`s, read one at a time."""
    source = path.open("rb")
    folder: Path = pickle.load(source)

    def orders() -> Generator[tuple[str, PdfDocument], None, None]:
        with source:
            while source.peek(1):
                order: tuple[str, PdfDocument] = pickle.load(source)
                yield order

    return folder, orders()


class ReadBack:
    """The documents of the orders at `path`, read back as the build asks for them, in increasing order
    (where the worker failed): one at a time, as the worker reads them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.orders: Generator[tuple[str, PdfDocument], None, None] | None = None
        self.next = 0

    def document(self, number: int) -> PdfDocument:
        if self.orders is None:
            self.orders = read_orders(self.path)[1]
        _, document = next(itertools.islice(self.orders, number - self.next, None))
        self.next = number + 1
        return document

    def __enter__(self) -> ReadBack:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self.orders is not None:
            self.orders.close()


def lay_out(folder: Path, key: str, document: PdfDocument) -> bytes:
    """The PDF of `document` from the cache `folder`, else laid out and kept there."""
    return cached(folder, key, lambda: laid_out(document))


def laid_out(document: PdfDocument) -> bytes:
    from . import archive_pdf  # ReportLab is imported only where a PDF is laid out

    return archive_pdf.render_pdf(document)


def work(orders: Path, results: Path) -> None:
    """The worker: lay out every order (into the cache) and write each PDF to `results`/<number>.pdf."""
    folder, documents = read_orders(orders)
    for number, (key, document) in enumerate(documents):
        (results / f"{number}.pdf").write_bytes(lay_out(folder, key, document))
    keep_memo()


if __name__ == "__main__":
    work(Path(sys.argv[1]), Path(sys.argv[2]))
