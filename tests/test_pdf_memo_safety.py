"""A PDF memo (outputs/pdf_memo_file.py) is read only when this code wrote it for this process, and then gives the
PDFs a process without it lays out: across real processes, and never running what a planted memo names.

A memo that is hostile, damaged, foreign or in a folder others may use reads as none: nothing of it is loaded,
and the PDF is the one laid out afresh.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.outputs import archive_pdf, pdf_cache, pdf_memo_file
from generator.outputs.pdf_paragraphs import RepeatedParagraph
from tests.test_pdf_layout import example_documents
from tests.test_pdf_memo_file import edited, fresh_process, memo_path

ROOT = Path(__file__).resolve().parent.parent

PROCESS = """
import hashlib, sys
from generator.outputs import archive_pdf, pdf_memo_file
from generator.outputs.pdf_paragraphs import RepeatedParagraph
from tests.test_pdf_layout import example_documents
from tests.test_pdf_memo_file import edited
documents = example_documents()
if sys.argv[1] == "archive":  # a first build: every version, the newest last
    for document in [*documents[1:], documents[0]]:
        archive_pdf.render_pdf(document)
    pdf_memo_file.keep()
else:  # the build after the newest version is edited
    archive_pdf._memo_loaded()
    print(len(RepeatedParagraph.LAYOUTS.newer))
    print(hashlib.sha256(archive_pdf.render_pdf(edited(documents[0]))).hexdigest())
"""


def run(step: str, cache: Path) -> list[str]:
    environment = {**os.environ, pdf_cache.CACHE_ENV: str(cache)}
    done = subprocess.run([sys.executable, "-c", PROCESS, step], capture_output=True, text=True, cwd=ROOT,
                          env=environment, check=True)
    return done.stdout.split()


def test_the_pdf_a_process_lays_out_from_the_memo_of_the_one_before_is_a_clean_builds(tmp_path: Path) -> None:
    run("archive", tmp_path / "built")
    loaded, with_memo = run("edit", tmp_path / "built")
    none, clean = run("edit", tmp_path / "clean")
    assert int(loaded) > 0 and int(none) == 0
    assert with_memo == clean


def test_every_module_laying_out_a_pdf_imports_is_in_the_layout_code_hash() -> None:
    code = ("import sys, generator.outputs.archive_pdf\n"
            "print(*(name for name, module in sys.modules.items()"
            " if name.startswith('generator.') and not hasattr(module, '__path__')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    imported = set(done.stdout.split())
    assert {"generator.outputs.archive_pdf", "generator.outputs.pdf_encoding"} <= imported
    assert imported <= set(pdf_cache.LAYOUT_MODULES)


class Gadget:
    """What a planted pickle would run: `open(marker, "w")`, which leaves the marker."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., object], tuple[str, str]]:
        return open, (str(self.marker), "w")


def sealed(data: bytes) -> bytes:
    """A memo's file holding the pickle `data`, with its header and checksum as the module writes them."""
    return pdf_memo_file.HEADER + hashlib.sha256(data).digest() + data


def with_drawing(memo: bytes, drawing: tuple[object, ...]) -> bytes:
    """The memo `memo` with one more drawing, as the module writes one (in the place of a real one's key)."""
    layouts, drawings = pickle.loads(memo[len(pdf_memo_file.HEADER) + 32:])
    return sealed(pickle.dumps((layouts, {**drawings, next(iter(drawings)): drawing})))


@pytest.fixture
def written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """A real memo, written by a process that laid out the example's newest PDF (the file's bytes)."""
    monkeypatch.setenv(pdf_cache.CACHE_ENV, str(tmp_path / "cache"))
    fresh_process(monkeypatch)
    archive_pdf.render_pdf(example_documents()[0])
    pdf_memo_file.keep()
    return memo_path().read_bytes()


def loads_none_and_lays_out_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    document = edited(example_documents()[0])
    fresh_process(monkeypatch, load=False)
    afresh = archive_pdf.render_pdf(document)
    fresh_process(monkeypatch)
    assert RepeatedParagraph.LAYOUTS.newer == {}
    assert archive_pdf.render_pdf(document) == afresh


def test_a_real_memo_is_loaded(written: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh_process(monkeypatch)  # what each test below changes is all that keeps it from loading
    assert RepeatedParagraph.LAYOUTS.newer


def test_a_planted_pickle_is_not_run(written: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "ran"
    memo_path().write_bytes(sealed(pickle.dumps(({("key",): Gadget(marker)}, {}))))
    loads_none_and_lays_out_afresh(monkeypatch)
    assert not marker.exists()


@pytest.mark.parametrize("damage", [
    lambda memo: memo.replace(b"the ", b"thE ", 1),  # a changed byte: the checksum differs
    lambda memo: memo[:len(memo) // 2],  # cut short
    lambda memo: memo.replace(pdf_memo_file.HEADER, b"notices pdf-memo 1\n"),  # another format
    lambda memo: sealed(memo[len(pdf_memo_file.HEADER) + 32:][:-100]),  # a damaged pickle, checksum and all
    lambda memo: sealed(pickle.dumps(([], {}))),  # pickles of another shape
    lambda memo: sealed(pickle.dumps(({("key",): (1, 2)}, {}))),
    lambda memo: sealed(pickle.dumps(({("key",): (({"style": "no such style"},), False)}, {}))),
    lambda memo: with_drawing(memo, ((), (), (("no such font", frozenset()),), {}, (1, 4))),
    lambda memo: with_drawing(memo, ((), (), (("Helvetica", frozenset()),), {}, (1, 4))),  # not one of the PDFs'
], ids=["changed", "cut", "format", "pickle", "shape", "layout", "style", "font", "not-vera"])
def test_a_damaged_memo_reads_as_none(damage: Callable[[bytes], bytes], written: bytes,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    memo_path().write_bytes(damage(written))
    loads_none_and_lays_out_afresh(monkeypatch)


def test_a_memo_in_a_folder_others_may_use_reads_as_none(written: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    memo_path().parent.chmod(0o755)
    loads_none_and_lays_out_afresh(monkeypatch)


def test_a_memo_through_a_link_reads_as_none(written: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    memo_path().rename(elsewhere)
    memo_path().symlink_to(elsewhere)
    loads_none_and_lays_out_afresh(monkeypatch)


def test_a_memo_of_other_reportlab_settings_is_not_read(written: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "hyphenationLang", "en_GB")
    loads_none_and_lays_out_afresh(monkeypatch)


def test_where_links_and_owners_cannot_be_checked_no_memo_is_read_or_written(
        written: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "O_NOFOLLOW")  # not POSIX
    loads_none_and_lays_out_afresh(monkeypatch)
    memo_path().unlink()
    pdf_memo_file.keep()
    assert not memo_path().exists()
