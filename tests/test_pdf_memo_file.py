"""The layouts and drawings kept for the next process (outputs/pdf_memo_file.py) leave every PDF's bytes alone.

Each "process" below starts with empty memos, as a fresh one does (`fresh_process`): the one that lays out an
archive keeps the memo of its last document, the next one, after an edit, lays out from it.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
import reportlab
from reportlab import rl_config
from reportlab.lib import rl_accel
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from generator.outputs import archive_pdf, pdf_cache, pdf_drawing, pdf_memo_file
from generator.outputs.pdf_document import Bullets, Para, PdfDocument
from generator.outputs.pdf_paragraphs import Layouts, RepeatedParagraph
from tests.test_pdf_layout import example_documents


def fresh_process(monkeypatch: pytest.MonkeyPatch, *, load: bool = True) -> None:
    """The memos of a process that has laid out no PDF, and (with `load`) the memo kept by the one before."""
    monkeypatch.setattr(RepeatedParagraph, "LAYOUTS", Layouts())
    monkeypatch.setattr(pdf_drawing, "DRAWINGS", pdf_drawing.Drawings())
    monkeypatch.setattr(pdf_memo_file, "_loaded", None)
    if load:
        pdf_memo_file.load(archive_pdf._styles())


def memo_path() -> Path:
    """Where the memo of this process's layouts is."""
    return Path(pdf_memo_file.memo_folder()) / pdf_memo_file.memo_key(archive_pdf._styles())


def split_twice() -> PdfDocument:
    """Paragraphs of over a page, in the body and in a list: a part of each is split across pages again."""
    words = " ".join(f"<b>word</b> {number} of a long sentence that runs on," for number in range(150))
    blocks = (Para("body", words), Bullets(((Para("body", words),), (Para("body", "short"),)), numbered=False))
    return PdfDocument("Long", "A", "S", ("footer", "line"), blocks)


def edited(document: PdfDocument) -> PdfDocument:
    """`document` with one paragraph reworded, as an edit of a version does."""
    blocks = list(document.blocks)
    number = next(i for i, block in enumerate(blocks) if isinstance(block, Para) and block.style == "body")
    paragraph = blocks[number]
    assert isinstance(paragraph, Para)
    blocks[number] = Para("body", paragraph.markup + " Edited.")
    return dataclasses.replace(document, blocks=tuple(blocks))


def test_pdfs_laid_out_from_the_memo_of_the_process_before_are_the_pdfs_laid_out_afresh(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pdf_cache.CACHE_ENV, str(tmp_path))
    archive = [*example_documents(), split_twice()]
    newest = archive[0]  # the longest: paragraphs and list items split across pages
    fresh_process(monkeypatch)
    for document in [*archive[1:], newest]:  # a first build: the newest last
        archive_pdf.render_pdf(document)
    pdf_memo_file.keep()
    memo = memo_path()
    assert memo.is_file()
    kept = dict(pdf_drawing.DRAWINGS.newer)
    fresh_process(monkeypatch)
    assert pdf_drawing.DRAWINGS.newer == kept  # each with its fonts (by name) and what it drew

    broken = 0
    break_lines = Paragraph.breakLines

    def counted(self: Paragraph, width: object) -> object:
        nonlocal broken
        broken += 1
        return break_lines(self, width)

    monkeypatch.setattr(Paragraph, "breakLines", counted)
    later = [edited(newest), newest, edited(archive[-1])]  # an edit, a rebuild, then another version's edit
    fresh_process(monkeypatch, load=False)
    broken = 0
    afresh = [archive_pdf.render_pdf(later[0])]
    alone = broken
    afresh += [archive_pdf.render_pdf(document) for document in later[1:]]

    fresh_process(monkeypatch)
    broken = 0
    assert archive_pdf.render_pdf(later[0]) == afresh[0]
    assert 0 < broken < alone / 10  # the edited paragraph, not the rest
    assert [archive_pdf.render_pdf(document) for document in later[1:]] == afresh[1:]
    kept = memo.read_bytes()
    pdf_memo_file.keep()  # the memo served this process's last document little: kept anew
    assert memo.read_bytes() != kept

    fresh_process(monkeypatch)
    archive_pdf.render_pdf(later[2])
    kept = memo.read_bytes()
    pdf_memo_file.keep()  # nine in ten of its paragraphs came from the memo: not written again
    assert memo.read_bytes() == kept


def test_a_memo_is_read_only_by_the_same_layout_code_reportlab_settings_styles_and_fonts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    styles = archive_pdf._styles()
    same = pdf_memo_file.memo_key(styles)
    assert pdf_memo_file.memo_key(styles) == same
    with monkeypatch.context() as patched:
        patched.setattr(pdf_memo_file, "layout_modules_hash", lambda: "other layout code")
        assert pdf_memo_file.memo_key(styles) != same
    with monkeypatch.context() as patched:
        patched.setattr(reportlab, "Version", "0.1")
        assert pdf_memo_file.memo_key(styles) != same
    with monkeypatch.context() as patched:
        patched.setattr(rl_config, "hyphenationLang", "en_GB")  # a setting (RL_hyphenationLang) of line breaking
        assert pdf_memo_file.memo_key(styles) != same
    with monkeypatch.context() as patched:
        patched.setattr(rl_accel, "instanceStringWidthTTF", len)  # ReportLab's C accelerator, installed later
        assert pdf_memo_file.memo_key(styles) != same
    with monkeypatch.context() as patched:
        patched.setattr(styles["cell"], "leading", 12)
        assert pdf_memo_file.memo_key(styles) != same
    with monkeypatch.context() as patched:  # the regular font's name standing for the bold one
        patched.setitem(pdfmetrics._fonts, archive_pdf.FONT, pdfmetrics.getFont(archive_pdf.BOLD))
        assert pdf_memo_file.memo_key(styles) != same
    assert pdf_memo_file.memo_key(styles) == same


def test_a_process_that_lays_out_no_pdf_keeps_no_memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pdf_cache.CACHE_ENV, str(tmp_path))
    fresh_process(monkeypatch, load=False)
    pdf_memo_file.keep()
    assert not memo_path().parent.exists()


def test_a_memo_that_cannot_be_written_is_no_error_and_leaves_nothing(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pdf_cache.CACHE_ENV, str(tmp_path / "cache"))
    fresh_process(monkeypatch)
    archive_pdf.render_pdf(split_twice())
    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", failing)  # a full disk, say
        pdf_memo_file.keep()
    assert list(memo_path().parent.iterdir()) == []  # the partial memo removed
    RepeatedParagraph.LAYOUTS.put(("not", "picklable"), ((1.0, 1.0), {"frags": lambda: None}))
    pdf_memo_file.keep()
    assert list(memo_path().parent.iterdir()) == []
    (tmp_path / "file").write_text("")
    monkeypatch.setenv(pdf_cache.CACHE_ENV, str(tmp_path / "file"))  # a cache folder that cannot be made
    pdf_memo_file.keep()


def failing(*args: object, **named: object) -> None:
    raise OSError(28, "No space left on device")
