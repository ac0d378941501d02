"""The archival PDFs' layout shortcuts leave every byte as plain ReportLab lays it out.

Paragraphs repeated from a version laid out before take their lines from it, and fonts remember the
widths they measured (outputs/archive_pdf.py); the worker gets plain data (outputs/pdf_document.py).
"""

from __future__ import annotations

import hashlib
import random
import re
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.lib import rl_accel
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFDocument, PDFZCompress
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile
from reportlab.platypus import Paragraph

from generator.adapters.cli import main
from generator.library.loader import load_library
from generator.outputs import archive_pdf, pdf_encoding, pdf_fonts
from generator.outputs.pdf_document import Bullets, Grid, Para, PdfDocument, pdf_document
from generator.outputs.pdf_paragraphs import Layouts, RepeatedParagraph
from tests.project import NOTICE, VERSION, make_project

ROOT = Path(__file__).resolve().parent.parent


def example_documents() -> list[PdfDocument]:
    """The example's PDFs, the Coursera notice first: long enough for paragraphs and lists to split across pages."""
    library = load_library(ROOT)
    return [pdf_document(notice.title, version, organisation=library.site.organisation)
            for notice in sorted(library.notices.values(), key=lambda n: n.id != "privacy")
            for version in notice.versions]


def test_repeated_paragraphs_are_laid_out_as_reportlab_lays_them_out(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = [*example_documents(), long_paragraphs_document()]
    monkeypatch.setattr(RepeatedParagraph, "LAYOUTS", Layouts())
    splits: list[tuple[object, ...]] = []
    split = RepeatedParagraph.split

    def counted(self: RepeatedParagraph, width: float, height: float) -> list[object]:
        splits.append(self.steps)
        return split(self, width, height)  # type: ignore[no-any-return]

    monkeypatch.setattr(RepeatedParagraph, "split", counted)
    # Each document after the one before, as a build lays them out (the first one cold), then at once again:
    # the second time, every paragraph's lines, and its parts split across pages, come from the first.
    first, second = [], []
    for document in documents:
        first.append(archive_pdf.render_pdf(document))
        second.append(archive_pdf.render_pdf(document))
    assert splits, "no paragraph was split across pages: the test proves less than it says"
    assert any(len(steps) >= 2 for steps in splits), "no part of a paragraph was split again"

    class PlainParagraph(Paragraph):  # type: ignore[misc]  # plain ReportLab: every paragraph broken anew
        @classmethod
        def next_document(cls) -> None:
            pass

    monkeypatch.setattr(archive_pdf, "RepeatedParagraph", PlainParagraph)
    plain = [archive_pdf.render_pdf(document) for document in documents]
    assert first == plain
    assert second == plain


def long_paragraphs_document() -> PdfDocument:
    """Paragraphs of several pages each: in the body, in a list and in a table's cell (laid out with rows split
    across pages), so that the parts of a split paragraph are split again."""
    words = " ".join(f"<b>word</b> {number} of a long sentence that runs on," for number in range(900))
    blocks = (Para("body", words), Bullets(((Para("body", words),), (Para("body", "short"),)), numbered=False),
              Grid(("Who", "What"), (((Para("cell", "x"),), (Para("cell", words),)),)))
    return PdfDocument("Long", "A", "S", ("footer", "line"), blocks)


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


def test_pdfdoc_encoding_gives_the_bytes_of_reportlabs_codec() -> None:
    codec = pdf_encoding._pdfdoc_codec
    assert pdfdoc.pdfdocEnc is pdf_encoding.pdfdoc_encoded  # installed with the layout code

    def encoded(encode: Callable[[object], object], text: object) -> object:
        try:
            return encode(text)
        except UnicodeEncodeError as error:  # characters PDFDocEncoding lacks: refused alike
            return (error.start, error.end)

    rng = random.Random(5)
    alphabet = [chr(c) for c in range(0x250)] + ["\u2013", "\u2022", "\u20ac", "\u4e00"]
    texts = [*alphabet, "", "/Name", "0 0 1 rg", b"bytes", *("".join(rng.choice(alphabet[:rng.choice([128, 600])])
                                                              for _ in range(rng.randint(0, 30))) for _ in range(3000))]
    for text in texts:
        assert encoded(pdf_encoding.pdfdoc_encoded, text) == encoded(codec, text), text


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


def test_font_programs_are_made_and_compressed_once_as_reportlab_makes_them() -> None:
    face = TTFont("NoticesTestSubsetVera", "Vera.ttf").face
    make_subset = TTFontFile.__dict__["makeSubset"]
    assert isinstance(make_subset, pdf_encoding.RememberedSubsets)  # installed with the layout code
    subsets = [list(range(32, 127)), [32, 0xE9, 65, 66], list(range(32, 127))]
    programs = [face.makeSubset(subset) for subset in subsets]
    assert [bytes(program) for program in programs] == [make_subset.original(face, subset) for subset in subsets]
    assert programs[0] is programs[2]  # made once
    compressed = PDFZCompress.encode(programs[0])
    assert compressed == zlib.compress(programs[0]) and PDFZCompress.encode(programs[2]) is compressed
    page = b"BT /F1 10 Tf 12 TL ET\n" * 400  # any other stream: compressed every time
    assert PDFZCompress.encode(page) == zlib.compress(page)
    assert PDFZCompress.encode(page) is not PDFZCompress.encode(page)


def test_the_fonts_give_characters_the_codes_reportlab_gives_them() -> None:
    # The shortcut for text whose characters all have codes: the same runs as ReportLab's own, character by
    # character, as a document's codes fill up (past 256, into a second subset), with characters the font
    # lacks and no-break spaces.
    ours = pdf_fonts.VeraFont("NoticesTestVera", "Vera.ttf")
    plain = TTFont("NoticesTestPlainVera", "Vera.ttf")
    ours_doc, plain_doc = PDFDocument(), PDFDocument()  # the fonts' codes are per document
    for font, doc in ((ours, ours_doc), (plain, plain_doc)):  # Vera has too few characters to pass 256 itself
        font.splitString("Privacy", doc)
        font.state[doc].nextCode = 200
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(32, 127)] + ["\xa0", "—", "€", "\u4e00"] + [
        chr(c) for c in range(0xA1, 0x17F)] + [chr(c) for c in range(0x391, 0x3C9)]
    texts = ["", " ", "\xa0", "Privacy notice"] + ["".join(rng.choice(alphabet[:rng.choice([60, 100, 400])])
                                                     for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    runs = [(ours.splitString(text, ours_doc), plain.splitString(text, plain_doc)) for text in texts]
    assert all(mine == theirs for mine, theirs in runs)
    assert any(subset for split, _ in runs for subset, _ in split), "never past the first subset"
    assert ours.state[ours_doc].assignments == plain.state[plain_doc].assignments


def test_the_example_pdfs_are_the_bytes_of_reportlabs_own_font_code(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = example_documents()
    ours = [archive_pdf.render_pdf(document) for document in documents]
    monkeypatch.setattr(pdf_fonts.VeraFont, "splitString", TTFont.splitString)
    assert [archive_pdf.render_pdf(document) for document in documents] == ours


def test_paragraphs_are_taken_from_the_document_laid_out_just_before_and_no_earlier(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Memory: what a paragraph's lines hold is kept for two documents, not for every document of an archive.
    documents = example_documents()
    first, other = documents[0], documents[-1]  # two notices: few paragraphs in common
    monkeypatch.setattr(RepeatedParagraph, "LAYOUTS", Layouts())
    broken = 0
    break_lines = Paragraph.breakLines

    def counted(self: Paragraph, width: object) -> object:  # every paragraph, parts of split ones too
        nonlocal broken
        broken += 1
        return break_lines(self, width)

    monkeypatch.setattr(Paragraph, "breakLines", counted)

    def broken_laying_out(document: PdfDocument) -> int:
        nonlocal broken
        broken = 0
        archive_pdf.render_pdf(document)
        return broken

    alone = broken_laying_out(first)
    assert alone and broken_laying_out(first) == 0  # every paragraph, and every split, from the document before
    assert broken_laying_out(other) and broken_laying_out(other) == 0
    again = broken_laying_out(first)  # two documents later: broken into lines again, but what `other` shares
    assert 0 < again <= alone


def test_a_table_row_taller_than_a_page_is_split_across_pages_not_a_failed_build(tmp_path: Path) -> None:
    """ReportLab keeps a table row on one page and gives up on a row taller than a page (a long cell): such a
    version's PDF is laid out with the row split where pages end, and the build succeeds."""
    long_cell = " ".join(["Service providers who host, back up and secure the data of every learner."] * 400)
    version = VERSION + ("      - header: [Category, Recipients]\n        rows:\n"
                         f"          - [Identifiers, '{long_cell}']\n          - [Usage information, Advertisers]\n")
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": version}})
    result = CliRunner().invoke(main, ["build", "--root", str(tmp_path), "--as-of", "2021-06-01"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    [pdf] = (tmp_path / "site").rglob("*.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = int(re.search(rb"/Count (\d+)", data)[1])  # type: ignore[index]
    assert pages >= 5  # the cell's ~30,000 characters run over several pages
    # Only a document that cannot otherwise be laid out is laid out with split rows: the others keep their bytes.
    # Rows of ~10 lines each, some falling across a page end: split, they would lay out otherwise.
    text = "Service providers who host, back up and secure the data of every learner, and nobody else. " * 10
    rows = tuple(((Para("cell", f"row {n}"),), (Para("cell", text),)) for n in range(12))
    plain = PdfDocument("T", "A", "S", ("f", "f"), (Grid(("Who", "What"), rows),))
    assert archive_pdf._laid_out(plain, split_rows=True) != archive_pdf._laid_out(plain, split_rows=False)
    assert archive_pdf.render_pdf(plain) == archive_pdf._laid_out(plain, split_rows=False)
