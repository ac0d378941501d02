"""The archival PDFs' layout shortcuts leave every byte as plain ReportLab lays it out.

Paragraphs repeated from a version laid out before take their lines from it, and fonts remember the
widths they measured (outputs/archive_pdf.py); the worker gets plain data (outputs/pdf_document.py).
"""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.lib import rl_accel
from reportlab.pdfbase import pdfdoc
from reportlab.platypus import Paragraph

from generator.library.loader import load_library
from generator.outputs import archive_pdf, pdf_encoding
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


def test_the_pdf_cache_key_does_not_load_reportlab() -> None:
    # Every build computes the keys; one whose PDFs are all cached never lays one out.
    code = ("import sys; from generator.outputs.pdf_cache import pdf_key; "
            "print(len(pdf_key('hash', 'title')), 'reportlab' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["64", "False"]


def test_reportlabs_helpers_stand_ins_give_the_same_strings() -> None:
    originals = {name: getattr(rl_accel, f"_py_{name}") for name in ("fp_str", "escapePDF", "asciiBase85Encode")}
    stand_ins = pdf_encoding.stand_ins() or pytest.skip("ReportLab's C accelerator is installed: nothing replaced")
    rng = random.Random(12)
    numbers = [0, 1, -1, 0.5, 1e-8, -1e-8, 2.0, 595.2756, 1e6, 123456.789, -0.25, *(
        rng.choice([rng.uniform(-1000, 1000), rng.uniform(-1, 1), float(rng.randint(-900, 900))]) for _ in range(3000))]
    for number in numbers:
        assert stand_ins["fp_str"](number) == originals["fp_str"](number), number
    for group in (numbers[:6], tuple(numbers[6:9])):
        assert stand_ins["fp_str"](group) == originals["fp_str"](group)
        assert stand_ins["fp_str"](*group) == originals["fp_str"](*group)
    texts = ["", "plain", "(paren) \\ back\\slash", "".join(map(chr, range(256))), "caf\xe9"]
    texts += ["".join(rng.choice("ab()\\\r\n\t\x00\xe9") for _ in range(rng.randint(0, 40))) for _ in range(300)]
    for text in texts:
        assert stand_ins["escapePDF"](text) == originals["escapePDF"](text), text
    blobs = [b"", b"\0", b"\0\0\0\0", b"\0\0\0\0\0", b"\xff" * 7, bytes(range(256)),
             *(rng.randbytes(rng.randint(0, 64)) for _ in range(500)),
             *(bytes(rng.choice([0, 0, 0, rng.randint(0, 255)]) for _ in range(rng.randint(0, 40)))
               for _ in range(300))]
    for blob in blobs:
        assert stand_ins["asciiBase85Encode"](blob) == originals["asciiBase85Encode"](blob), blob
    assert stand_ins["asciiBase85Encode"]("text") == originals["asciiBase85Encode"]("text")


def test_the_stand_ins_leave_every_pdf_byte_as_reportlab_writes_it() -> None:
    # The example's PDFs laid out in a process where ReportLab keeps its own helpers, and in this one.
    code = ("import hashlib; from generator.outputs import pdf_encoding; pdf_encoding.install = lambda: None; "
            "from generator.outputs.archive_pdf import render_pdf; "
            "from tests.test_pdf_layout import example_documents; "
            "from reportlab.lib import rl_accel; from reportlab.pdfbase import pdfdoc; "
            "assert pdfdoc.asciiBase85Encode is rl_accel.asciiBase85Encode; "
            "print(*(hashlib.sha256(render_pdf(d)).hexdigest() for d in example_documents()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert pdfdoc.asciiBase85Encode is pdf_encoding.ascii85 or not pdf_encoding.stand_ins()
    here = [hashlib.sha256(archive_pdf.render_pdf(document)).hexdigest() for document in example_documents()]
    assert out.stdout.split() == here
