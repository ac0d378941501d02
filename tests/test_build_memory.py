"""What a build lets go of, and when: its peak memory is what MkDocs holds plus what we still hold.

Each release must leave the site the same; the byte-identical tests (test_build_path.py, the cache tests)
check that, these check that the memory is let go.
"""

from __future__ import annotations

import gc
import os
import weakref
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_AS_OF
from mkdocs.config import load_config
from mkdocs.structure.files import File

from generator.adapters import page_files, plugin
from generator.adapters.cli import main
from generator.adapters.page_files import PageFiles, Spool, SpooledFile
from generator.library import loader
from generator.library.project import Library
from generator.outputs import pdf_worker
from generator.outputs.page import Page
from generator.outputs.pdf_cache import CACHE_ENV
from tests.project import make_project


def build(project: Path, site: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--root", str(project), "--as-of", EXAMPLE_AS_OF.isoformat(),
                                       "--site-dir", str(site)])
    assert result.exit_code == 0, result.output


@pytest.fixture
def pdf_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache" / "pdf"


@pytest.mark.parametrize("pdfs", ["laid out", "cached"])
def test_the_library_is_freed_before_mkdocs_converts_the_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               pdf_cache: Path, pdfs: str) -> None:
    project = make_project(tmp_path / "project")
    monkeypatch.setattr(pdf_worker, "WORKER_FROM", 1)  # the example's PDFs go to a worker, as a long archive's do
    if pdfs == "cached":
        build(project, tmp_path / "first")
    loaded: list[weakref.ref[Library]] = []
    alive_when_converting: list[bool] = []
    load, on_page_markdown = loader.load_library, plugin.NoticesPlugin.on_page_markdown

    def spy_load(*args: Any, **options: Any) -> Library:
        library = load(*args, **options)
        loaded.append(weakref.ref(library))
        return library

    def spy_markdown(self: plugin.NoticesPlugin, markdown: str, /, **options: Any) -> str:
        alive_when_converting.append(loaded[0]() is not None)
        return on_page_markdown(self, markdown, **options)

    monkeypatch.setattr(loader, "load_library", spy_load)
    monkeypatch.setattr(plugin.NoticesPlugin, "on_page_markdown", spy_markdown)
    gc.disable()  # freed by reference counting: the collector may not run before MkDocs is done
    try:
        build(project, tmp_path / "site")
    finally:
        gc.enable()
    assert len(loaded) == 1 and alive_when_converting
    assert not any(alive_when_converting), "something holds the library while MkDocs converts the pages"
    assert sorted(p.name for p in (tmp_path / "site" / "privacy").rglob("*.pdf"))


def test_cached_pdfs_are_written_even_if_the_cache_is_emptied_meanwhile(tmp_path: Path, pdf_cache: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "project")
    build(project, tmp_path / "first")
    on_files = plugin.NoticesPlugin.on_files

    def emptying(self: plugin.NoticesPlugin, files: Any, /, **options: Any) -> Any:
        for entry in pdf_cache.glob("*.pdf"):
            entry.unlink()
        return on_files(self, files, **options)

    monkeypatch.setattr(plugin.NoticesPlugin, "on_files", emptying)
    build(project, tmp_path / "site")
    pdfs = sorted(p.relative_to(tmp_path / "first") for p in (tmp_path / "first").rglob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        assert (tmp_path / "site" / pdf).read_bytes() == (tmp_path / "first" / pdf).read_bytes(), pdf


def test_a_cache_on_another_file_system_keeps_the_jobs(tmp_path: Path, pdf_cache: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # A hard link cannot cross file systems: the job is kept, and lays the PDF out again if its entry goes.
    project = make_project(tmp_path / "project")
    build(project, tmp_path / "first")

    def no_link(source: object, target: object) -> None:
        raise OSError(18, os.strerror(18))  # EXDEV

    monkeypatch.setattr(pdf_worker.os, "link", no_link)
    on_files = plugin.NoticesPlugin.on_files

    def emptying(self: plugin.NoticesPlugin, files: Any, /, **options: Any) -> Any:
        assert self.pending_pdfs is not None
        assert all(isinstance(pdf.source, pdf_worker.PdfJob) for pdf in self.pending_pdfs.cached)
        for entry in pdf_cache.glob("*.pdf"):
            entry.unlink()
        return on_files(self, files, **options)

    monkeypatch.setattr(plugin.NoticesPlugin, "on_files", emptying)
    build(project, tmp_path / "site")
    for pdf in (tmp_path / "first").rglob("*.pdf"):
        assert (tmp_path / "site" / pdf.relative_to(tmp_path / "first")).read_bytes() == pdf.read_bytes()


def test_a_build_keeps_each_generated_page_on_disk_until_mkdocs_reads_it(tmp_path: Path, pdf_cache: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # All the pages' texts held at once, beside the library that made them, were the build's peak. The
    # site (search index included) must be byte for byte the one built with the pages in memory.
    project = make_project(tmp_path / "project")
    settings = project / "mkdocs.yml"  # with search, which indexes each page's HTML before the theme renders it
    settings.write_text(settings.read_text(encoding="utf-8").replace("  - notices", "  - search\n  - notices"),
                        encoding="utf-8")
    build(project, tmp_path / "in-memory-first")  # the same caches for both builds below
    monkeypatch.setattr(page_files, "PageFiles", lambda on_disk: PageFiles(on_disk=False))
    monkeypatch.setattr(plugin, "PageFiles", page_files.PageFiles)
    build(project, tmp_path / "in-memory")
    monkeypatch.undo()
    monkeypatch.setenv(CACHE_ENV, str(pdf_cache.parent))
    made: list[weakref.ref[Page]] = []
    backed: dict[str, bool] = {}
    spools: list[Spool] = []
    add, on_files = PageFiles.add, plugin.NoticesPlugin.on_files

    def spy_add(self: PageFiles, page: Page) -> None:
        made.append(weakref.ref(page))
        add(self, page)

    def spy_files(self: plugin.NoticesPlugin, files: Any, /, **options: Any) -> Any:
        assert made and not any(ref() for ref in made), "a generated page outlived the writing of its text"
        assert all(not src.endswith(".md") for src in self.pages.held), "a page's text is held in memory"
        assert self.pages.spool is not None
        spools.append(self.pages.spool)
        files = on_files(self, files, **options)
        # A spooled page's text is in no File until MkDocs reads it.
        backed.update((f.src_uri, isinstance(f, SpooledFile) and f._content is None)
                      for f in files if f.src_uri.endswith(".md") and f.src_uri in self.generated)
        return files

    # Between conversion and the theme, a generated page's HTML waits on disk too; written, it is let go.
    waiting: list[bool] = []
    on_page_context, on_post_page = plugin.NoticesPlugin.on_page_context, plugin.NoticesPlugin.on_post_page

    def spy_context(self: plugin.NoticesPlugin, context: Any, /, *, page: Any, **options: Any) -> Any:
        if page.file.src_uri in self.generated:
            waiting.append(page.content == "")
        context = on_page_context(self, context, page=page, **options)
        assert page.content, page.file.src_uri
        return context

    def spy_post_page(self: plugin.NoticesPlugin, output: str, /, *, page: Any, **options: Any) -> str:
        output = on_post_page(self, output, page=page, **options)
        assert (page.content is None) == (page.file.src_uri in self.generated), page.file.src_uri
        return output

    spy_context.mkdocs_priority = getattr(on_page_context, "mkdocs_priority", 0)  # type: ignore[attr-defined]
    monkeypatch.setattr(PageFiles, "add", spy_add)
    monkeypatch.setattr(plugin.NoticesPlugin, "on_files", spy_files)
    monkeypatch.setattr(plugin.NoticesPlugin, "on_page_context", spy_context)
    monkeypatch.setattr(plugin.NoticesPlugin, "on_post_page", spy_post_page)
    build(project, tmp_path / "site")
    assert backed and all(backed.values())
    assert waiting and all(waiting)
    assert spools and all(spool.file.closed for spool in spools), "the pages' spool outlived the build"
    built = sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*") if p.is_file())
    assert built == sorted(p.relative_to(tmp_path / "in-memory") for p in (tmp_path / "in-memory").rglob("*")
                           if p.is_file())
    assert Path("search", "search_index.json") in built
    for path in built:
        assert (tmp_path / "site" / path).read_bytes() == (tmp_path / "in-memory" / path).read_bytes(), path


def test_a_spooled_page_reads_back_exactly_the_text_it_was_given(tmp_path: Path) -> None:
    # MkDocs would read a page's file with universal newlines and drop a byte-order mark; a spooled page
    # gives its text as a page held in memory does. Files that are not pages are held, as MkDocs copies them.
    config = load_config(str(make_project(tmp_path / "project") / "mkdocs.yml"))
    config.plugins._current_plugin = "notices"  # as while MkDocs runs the plugin's on_files
    pages = PageFiles(on_disk=True)
    texts = {"plain.md": "# Title\n\nText.\n", "returns.md": "a\r\nb\rc\n", "marked.md": "\ufeff# Title\n",
             "accents.md": "Données « personnelles » \u2014 ok\n", "logo.svg": "<svg/>\n", "data.bin": b"\r\n\x00"}
    for src, text in texts.items():
        pages.add(Page(src, text))
    assert set(pages.held) == {"logo.svg", "data.bin"}
    files = {file.src_uri: file for file in pages.files(config)}
    assert list(files) == list(texts)
    for src, text in texts.items():
        assert (files[src].content_bytes if isinstance(text, bytes) else files[src].content_string) == text, src
        assert files[src].abs_src_path is None, src
    assert files["accents.md"].content_bytes == texts["accents.md"].encode()  # type: ignore[union-attr]
    assert pages.put_html("plain.md", "<p>Données</p>\r\n") and pages.put_html("marked.md", "")
    assert pages.take_html("plain.md") == "<p>Données</p>\r\n" and pages.take_html("marked.md") == ""
    assert pages.take_html("plain.md") is None  # let go once taken
    files["plain.md"].content_string = ""  # as the plugin does once a page is converted
    assert files["plain.md"].content_string == "" and files["returns.md"].content_string == texts["returns.md"]
    # Then it is any generated file held in memory, to whatever reads its attributes (the theme memo's keys do).
    assert vars(files["plain.md"]) == vars(File.generated(config, "plain.md", content=""))
    assert not pages.held
    spool = pages.spool
    assert spool is not None
    pages.close()
    assert spool.file.closed
