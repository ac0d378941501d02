"""MkDocs' conversion of pages, cached by their Markdown: only what changed is converted, and nothing else differs."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import cache_entries
import pytest
from conftest import EXAMPLE_AS_OF
from markdown import Markdown
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from test_build_path import YEARS, versions_project
from test_cache import AS_OF, copy_example, files_of

from generator.adapters import converted_pages, html_pages
from generator.adapters.build import BuildFailed, build_site
from generator.adapters.converted_pages import KIND
from generator.adapters.headings import KeptConversions
from generator.adapters.plugin import NoticesPlugin
from generator.outputs import pdf_worker
from generator.outputs.pdf_cache import CACHE_ENV


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The first line of every page converted (by Python-Markdown, or handed over: html_pages.py)."""
    converted: list[str] = []
    convert, hand_over = Markdown.convert, converted_pages.hand_over

    def counted(self: Markdown, source: str) -> str:
        if not all(line.startswith("#") or not line for line in source.split("\n")):  # not headings handed over
            converted.append(source.partition("\n")[0])
        return convert(self, source)

    def handed(page: Page, config: MkDocsConfig, files: Files, kept: KeptConversions | None = None
               ) -> list[html_pages.HtmlPiece] | None:
        done = hand_over(page, config, files, kept)
        if done:
            converted.append((page.markdown or "").partition("\n")[0])
        return done

    monkeypatch.setattr(Markdown, "convert", counted)
    monkeypatch.setattr(converted_pages, "hand_over", handed)
    return converted


def test_after_an_edit_only_changed_pages_are_converted_and_the_site_is_a_clean_builds(
        tmp_path: Path, conversions: list[str]) -> None:
    project = versions_project(tmp_path / "project")
    build_site(project, EXAMPLE_AS_OF, tmp_path / "first")
    every_page = len(conversions)
    newest = project / "notices" / "privacy" / f"{YEARS[-1]}-01-01.yaml"
    newest.write_text(newest.read_text(encoding="utf-8").replace("since", "ever since"), encoding="utf-8")
    conversions.clear()
    edited = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "edited"))
    # The newest version's pages, its redline and comparisons, the notice's main page and history.
    assert 0 < len(conversions) < every_page / 2
    clean_project = versions_project(tmp_path / "clean-project")
    (clean_project / newest.relative_to(project)).write_text(newest.read_text(encoding="utf-8"), encoding="utf-8")
    clean = files_of(build_site(clean_project, EXAMPLE_AS_OF, tmp_path / "clean"))
    assert edited.keys() == clean.keys()
    assert [name for name in clean if clean[name] != edited[name]] == []


def test_what_a_conversion_logged_is_logged_again_from_the_cache(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, conversions: list[str]) -> None:
    project = copy_example(tmp_path / "project")
    (project / "site_config" / "pages" / "about.md").write_text("# About\n\nSee [the terms](terms.md).\n",
                                                               encoding="utf-8")
    for run in ("first", "cached"):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            build_site(project, AS_OF, tmp_path / run, strict=False)
        warned = [r for r in caplog.records if "terms.md" in r.getMessage()]
        assert [r.levelno for r in warned] == [logging.WARNING], run
    assert conversions.count("# About") == 1
    # A strict build fails on it as well, from the cache (the loggers' levels are part of the key).
    with caplog.at_level(logging.INFO, logger="mkdocs"), pytest.raises(BuildFailed):
        build_site(project, AS_OF, tmp_path / "strict")
    assert conversions.count("# About") == 1


def stored_pages(project: Path) -> dict[str, dict[str, Any]]:
    """The pages' conversions in the project's cache, by key: not the headings kept beside them (kept_headings.py),
    an entry whose keys are heading lines (each starts with `#`)."""
    entries = {key: json.loads(text) for key, text in cache_entries.stored(project, KIND).items()}
    return {key: entry for key, entry in entries.items() if "toc" in entry}


def test_a_damaged_entry_is_converted_again(tmp_path: Path, conversions: list[str]) -> None:
    project = copy_example(tmp_path / "project")
    clean = files_of(build_site(project, AS_OF, tmp_path / "clean"))
    entries = list(stored_pages(project))
    assert len(entries) == len(conversions)
    cache_entries.overwrite(project, KIND, entries[0], '{"content": 1}')
    cache_entries.overwrite(project, KIND, entries[1], "not json")
    conversions.clear()
    again = files_of(build_site(project, AS_OF, tmp_path / "again"))
    assert len(conversions) == 2
    assert again == clean


def test_a_build_whose_pdfs_came_from_the_worker_leaves_every_page_cached(
        tmp_path: Path, conversions: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # The site's files are part of every page's key: a PDF the worker writes counts as a file all the same.
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "pdf-cache"))
    monkeypatch.setattr(pdf_worker, "WORKER_FROM", 2)
    project = versions_project(tmp_path / "project")
    build_site(project, EXAMPLE_AS_OF, tmp_path / "first")
    assert len(list((tmp_path / "pdf-cache" / "pdf").glob("*.pdf"))) == len(YEARS)
    conversions.clear()
    build_site(project, EXAMPLE_AS_OF, tmp_path / "again")
    assert conversions == []


def test_a_serve_rebuild_keeps_the_plugin_and_its_caches_and_shows_the_edit(
        tmp_path: Path, conversions: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # What `mkdocs serve` does on each change: load the config again (MkDocs hands back the same plugin,
    # which has on_startup) and build into the same folder.
    project = versions_project(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1622505600")  # 2021-06-01
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "pdf-cache"))
    site = tmp_path / "served"

    def rebuild() -> tuple[NoticesPlugin, str]:
        config = load_config("mkdocs.yml", site_dir=str(site))
        if not started:
            config.plugins.on_startup(command="serve", dirty=False)
            started.append(True)
        mkdocs_build(config)
        plugin = config.plugins["notices"]
        assert isinstance(plugin, NoticesPlugin)
        return plugin, (site / "privacy" / "index.html").read_text(encoding="utf-8")

    started: list[bool] = []
    try:
        plugin, before = rebuild()
        every_page = len(conversions)
        newest = project / "notices" / "privacy" / f"{YEARS[-1]}-01-01.yaml"
        newest.write_text(newest.read_text(encoding="utf-8").replace("since 2021", "since the start of 2021"),
                          encoding="utf-8")
        conversions.clear()
        again, after = rebuild()
    finally:  # as serve ends: MkDocs keeps the plugin for the rest of the process, no longer serving
        load_config("mkdocs.yml").plugins.on_shutdown()
    assert again is plugin
    assert "since the start of 2021" in after and "since the start of 2021" not in before
    assert 0 < len(conversions) < every_page / 2
    assert not plugin.serving


def test_a_page_handed_over_is_stored_as_pieces_of_its_markdown(tmp_path: Path, conversions: list[str]) -> None:
    """Its HTML is not stored a second time beside the Markdown its key holds: its converted headings and where
    its HTML blocks are in the Markdown are, and a rebuild puts the same HTML together again."""
    project = versions_project(tmp_path / "project")
    first = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "first"))
    entries = list(stored_pages(project).values())
    handed = [entry for entry in entries if entry["pieces"] is not None]
    assert len(handed) >= len(YEARS) and all(entry["content"] is None for entry in handed)
    assert all(type(piece) is str or len(piece) == 2 for entry in handed for piece in entry["pieces"])
    assert [entry for entry in entries if entry["pieces"] is None and entry["content"] is None] == []
    conversions.clear()
    assert files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "again")) == first
    assert conversions == []


def test_blocks_that_follow_one_another_are_one_piece() -> None:
    markdown = "# T {#t}\n\n<div>a</div>\n\n\n<p>b</p>\n<p>c</p>\n  \n"
    read = html_pages.layout(markdown)
    assert read is not None
    assert read.pieces == ["# T {#t}", [10, 23], [25, 43]]  # the last two blocks as one piece
    assert html_pages.assembled(markdown, ["<h1 id=\"t\">T</h1>", *read.pieces[1:]]) == \
        "<h1 id=\"t\">T</h1>\n<div>a</div>\n\n<p>b</p>\n<p>c</p>"


def test_a_generated_page_is_keyed_by_the_text_it_was_read_from_while_its_markdown_is_what_was_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, conversions: list[str]) -> None:
    """A generated page's Markdown is not hashed again: the digest of the spooled text it was read from stands for
    it (page_files.py), unless a plugin gave the page other Markdown, which is converted as it is."""
    project = versions_project(tmp_path / "project")
    build_site(project, EXAMPLE_AS_OF, tmp_path / "first")
    keyed: list[tuple[str | bytes, ...]] = []
    cache_key = converted_pages.cache_key

    def recorded(*parts: str | bytes) -> str:
        keyed.append(parts)
        return cache_key(*parts)

    monkeypatch.setattr(converted_pages, "cache_key", recorded)
    conversions.clear()
    build_site(project, EXAMPLE_AS_OF, tmp_path / "again")
    assert conversions == []
    by_text = [str(parts[1]) for parts in keyed if parts[3] != "the text it was read from"]
    assert len(keyed) > 10 and by_text == []  # every page here is generated: no Markdown hashed
    on_page_markdown = NoticesPlugin.on_page_markdown

    def amended(self: NoticesPlugin, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        markdown = on_page_markdown(self, markdown, page=page, config=config, files=files)
        return markdown + "\n\nAmended by another plugin.\n" if page.file.src_uri == "privacy/index.md" else markdown

    monkeypatch.setattr(NoticesPlugin, "on_page_markdown", amended)
    site = build_site(project, EXAMPLE_AS_OF, tmp_path / "amended")
    assert "Amended by another plugin." in (site / "privacy" / "index.html").read_text(encoding="utf-8")
    assert len(conversions) == 1
    # A page's text given by another plugin, or set on its file, is not the spooled text: keyed by its Markdown.
    on_files = NoticesPlugin.on_files

    def read_source(self: NoticesPlugin, /, *, page: Page, config: MkDocsConfig) -> str | None:
        return page.file.content_string + "\n\nGiven *by* another plugin.\n" \
            if page.file.src_uri == "privacy/2015-01-01.md" else None

    def set_on_file(self: NoticesPlugin, files: Files, /, *, config: MkDocsConfig) -> Files:
        files = on_files(self, files, config=config)
        file = files.get_file_from_path("privacy/2016-01-01.md")
        assert file is not None
        file.content_string += "\n\nSet *on* its file.\n"
        return files

    monkeypatch.setattr(NoticesPlugin, "on_page_read_source", read_source, raising=False)
    monkeypatch.setattr(NoticesPlugin, "on_files", set_on_file)
    site = build_site(project, EXAMPLE_AS_OF, tmp_path / "given")
    assert "Given <em>by</em> another plugin." in (site / "privacy/2015-01-01/index.html").read_text(encoding="utf-8")
    assert "Set <em>on</em> its file." in (site / "privacy/2016-01-01/index.html").read_text(encoding="utf-8")
