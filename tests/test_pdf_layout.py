"""The archival PDFs' layout shortcuts leave every byte as plain ReportLab lays it out.

Paragraphs repeated from a version laid out before take their lines from it, and fonts remember the
widths they measured (outputs/archive_pdf.py); the worker gets plain data (outputs/pdf_document.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph

from generator.library.loader import load_library
from generator.outputs import archive_pdf
from generator.outputs.pdf_document import PdfDocument, pdf_document

ROOT = Path(__file__).resolve().parent.parent


def example_documents() -> list[PdfDocument]:
    """The example's PDFs, the Coursera notice first: long enough for paragraphs and lists to split across pages."""
    library = load_library(ROOT)
    return [pdf_document(notice.title, version, organisation=library.site.organisation)
            for notice in sorted(library.notices.values(), key=lambda n: n.id != "privacy")
            for version in notice.versions]


def test_repeated_paragraphs_are_laid_out_as_reportlab_lays_them_out(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = example_documents()
    monkeypatch.setattr(archive_pdf._RepeatedParagraph, "LAID_OUT", {})
    splits: list[str] = []
    split = archive_pdf._RepeatedParagraph.split

    def counted(self: archive_pdf._RepeatedParagraph, width: float, height: float) -> list[object]:
        splits.append(self.markup)
        return split(self, width, height)  # type: ignore[no-any-return]

    monkeypatch.setattr(archive_pdf._RepeatedParagraph, "split", counted)
    # Cold, then warm: the second round takes every paragraph's lines from the first.
    first = [archive_pdf.render_pdf(document) for document in documents]
    second = [archive_pdf.render_pdf(document) for document in reversed(documents)][::-1]
    assert splits, "no paragraph was split across pages: the test proves less than it says"
    assert archive_pdf._RepeatedParagraph.LAID_OUT
    # Plain ReportLab: every paragraph broken into lines anew.
    monkeypatch.setattr(archive_pdf, "_RepeatedParagraph", lambda markup, style: Paragraph(markup, style))
    plain = [archive_pdf.render_pdf(document) for document in documents]
    assert first == plain
    assert second == plain


def test_the_worker_loads_reportlab_but_not_the_library() -> None:
    code = ("import sys; import generator.outputs.pdf_worker, generator.outputs.archive_pdf; "
            "print(sorted(m for m in ('pydantic', 'generator.library.project', 'reportlab') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["['reportlab']"]


def test_the_pdf_cache_key_does_not_load_reportlab() -> None:
    # Every build computes the keys; one whose PDFs are all cached never lays one out.
    code = ("import sys; from generator.outputs.pdf_cache import pdf_key; "
            "print(len(pdf_key('hash', 'title')), 'reportlab' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["64", "False"]
