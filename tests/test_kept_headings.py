"""Headings converted alone kept from build to build (adapters/kept_headings.py): a heading taken from an earlier
build is what converting it gives, under the same settings only, and a rebuild after an edit converts none of the
headings an earlier build converted."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import cache_entries
import pytest
from conftest import EXAMPLE_AS_OF
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from test_build_path import versions_project
from test_cache import files_of
from test_html_pages import READ, rendered, snippet_config, snippet_page  # noqa: F401  # a fixture
from test_page_memo import edit_newest_text

from generator.adapters import headings
from generator.adapters.build import build_site
from generator.adapters.converted_pages import ConvertedPages
from generator.adapters.headings import Heading
from generator.adapters.kept_headings import KIND, heading_entry, heading_of
from generator.source.cache import CACHE_DIR, ContentCache

TITLES = {f"title {n}": f"# Changes from version {n} to 9 <span class=\"s\">— state</span>\n\n<p>{n}</p>\n\n"
          "## Key {#key}\n\n<p>x</p>\n\n### Shine the Light [#](#shine) {#shine}\n\n## Q&amp;A 1\\. more\n"
          for n in range(3)}
PAGES = {**READ, **TITLES}


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Heading | None]]:
    """The heading lines converted alone (headings._standalone), with what each gave."""
    seen: list[tuple[str, Heading | None]] = []
    standalone = headings._standalone

    def spy(file: File, config: MkDocsConfig, files: Files, line: str) -> Heading | None:
        heading = standalone(file, config, files, line)
        seen.append((line, heading))
        return heading

    monkeypatch.setattr(headings, "_standalone", spy)
    return seen


def a_build(config: MkDocsConfig, cache: ContentCache, pages: dict[str, str],
            conversions: list[tuple[str, Heading | None]]) -> set[str]:
    """Each page converted as a build converts a generated page (through the cache), checked against MkDocs'
    own conversion, then what a build does once every page is converted: the heading lines it converted alone."""
    conversions.clear()
    converted = ConvertedPages(cache, config)
    for name, markdown in pages.items():
        page, files = snippet_page(config, markdown)
        Page.render(page, config, files)
        mkdocs = rendered(page)
        converted.render(page, config, files, generated=True)
        assert rendered(page) == mkdocs, name
    converted.headings.finish()
    return {line for line, heading in conversions if heading is not None}


def edited(pages: dict[str, str]) -> dict[str, str]:
    """The pages with other HTML and the same headings: their conversions are not in the cache."""
    return {name: markdown + "\n<p>edited</p>\n" for name, markdown in pages.items()}


def test_a_later_build_takes_the_headings_an_earlier_one_converted(
        tmp_path: Path, snippet_config: Callable[[str], MkDocsConfig],  # noqa: F811
        conversions: list[tuple[str, Heading | None]]) -> None:
    cache = ContentCache(tmp_path / "cache")
    alone = a_build(snippet_config(""), cache, PAGES, conversions)
    assert "## Key {#key}" in alone and len(alone) > 20
    # Another build: another config, converter and memo; then the entry written again holds them too.
    assert a_build(snippet_config(""), cache, edited(PAGES), conversions) == set()
    assert a_build(snippet_config(""), cache, edited(edited(PAGES)), conversions) == set()


def test_headings_kept_under_other_settings_are_converted_again(
        tmp_path: Path, snippet_config: Callable[[str], MkDocsConfig],  # noqa: F811
        conversions: list[tuple[str, Heading | None]]) -> None:
    cache = ContentCache(tmp_path / "cache")
    alone = a_build(snippet_config(""), cache, PAGES, conversions)
    assert a_build(snippet_config("  - admonition\n"), cache, edited(PAGES), conversions) == alone
    config = snippet_config("")
    config.mdx_configs["toc"]["permalink"] = "#"
    assert a_build(config, cache, edited(PAGES), conversions) == alone


def test_a_heading_whose_conversion_logged_is_not_kept(
        tmp_path: Path, snippet_config: Callable[[str], MkDocsConfig],  # noqa: F811
        conversions: list[tuple[str, Heading | None]], monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ContentCache(tmp_path / "cache")
    standalone = headings._standalone

    def logging_one(file: File, config: MkDocsConfig, files: Files, line: str) -> Heading | None:
        if line == "## Key {#key}":
            logging.getLogger("mkdocs.structure.pages").warning("converting the key")
        return standalone(file, config, files, line)

    monkeypatch.setattr(headings, "_standalone", logging_one)
    a_build(snippet_config(""), cache, TITLES, conversions)
    monkeypatch.setattr(headings, "_standalone", standalone)
    assert a_build(snippet_config(""), cache, edited(TITLES), conversions) == {"## Key {#key}"}


DAMAGED = [None, "text", [], ["<h1>x</h1>", [], None, []], ["<h1>x</h1>", [{"level": [1]}], None, [], []],
           ["<h1>x</h1>", [], 1, [], []], ["<h1>x</h1>", [], None, [1], []], ["<h1>x</h1>", [], None, [], [["a"]]],
           [["<h1>x</h1>"], [], None, [], []], ["<h1>x</h1>", {}, None, [], []], ["<h1>x</h1>", [1], None, [], []]]


@pytest.mark.parametrize("value", DAMAGED)
def test_a_damaged_heading_is_converted_again(
        tmp_path: Path, snippet_config: Callable[[str], MkDocsConfig],  # noqa: F811
        conversions: list[tuple[str, Heading | None]], value: object) -> None:
    assert heading_of(value) is None
    alone = a_build(snippet_config(""), ContentCache(tmp_path / CACHE_DIR), TITLES, conversions)
    key = next(key for key, text in cache_entries.stored(tmp_path, KIND).items() if '"## Key {#key}":' in text)
    cache_entries.overwrite(tmp_path, KIND, key, json.dumps({line: value for line in alone}))
    assert a_build(snippet_config(""), ContentCache(tmp_path / CACHE_DIR), edited(TITLES), conversions) == alone


def test_a_heading_reads_back_as_it_was_kept(snippet_config: Callable[[str], MkDocsConfig]) -> None:  # noqa: F811
    config = snippet_config("")
    file = File("page.md", config.docs_dir, config.site_dir, config.use_directory_urls)
    for line in ("# Title <span class=\"s\">— state</span> {: #t }", "## Q&amp;A 1\\. more \\[x\\] {#qa}",
                 "### Shine the Light [#](#shine) {#shine}", "#### Deep"):
        heading = headings._standalone(file, config, Files([file]), line)
        assert heading is not None and heading_of(heading_entry(heading)) == heading


def test_a_rebuild_after_an_edit_converts_no_heading_an_earlier_build_converted(
        tmp_path: Path, conversions: list[tuple[str, Heading | None]]) -> None:
    """Through an unchanged rebuild between (which hands no page over, and must keep the entry from the sweep):
    the edit's pages are handed over with every heading from the entry, and the site is a clean build's."""
    project = versions_project(tmp_path / "project")
    build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    assert conversions
    conversions.clear()
    build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    assert conversions == []
    edit_newest_text(project)
    edited_site = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "site"))
    assert conversions == []
    clean_project = tmp_path / "clean-project"
    shutil.copytree(project, clean_project, ignore=shutil.ignore_patterns(CACHE_DIR.parts[0]))
    assert files_of(build_site(clean_project, EXAMPLE_AS_OF, tmp_path / "clean")) == edited_site
