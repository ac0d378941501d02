"""Material's search index with the pages it indexed before taken from the cache (adapters/search_memo.py): a
rebuild indexes again only the pages whose HTML changed, and runs Material's attribute-removing expression on
no page that holds no such attribute; its site, search index included, is byte for byte a clean build's."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import cache_entries
import pytest
from conftest import EXAMPLE_AS_OF
from material.plugins.search import plugin as material
from test_build_path import versions_project
from test_cache import copy_example, files_of
from test_page_memo import edit_newest_text, rebuilt

from generator.adapters import search_memo
from generator.adapters.build import build_site
from generator.adapters.mirrored import is_mirrored
from generator.adapters.search_memo import KIND, MATERIAL_HANDLER, attributes_removed


@pytest.fixture
def indexed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages Material's own indexing parsed during a build (by source path)."""
    pages: list[str] = []
    index = material.SearchIndex.add_entry_from_context

    def spy(self: Any, page: Any) -> None:
        if not (page.meta.get("search") or {}).get("exclude"):
            pages.append(page.file.src_uri)
        index(self, page)

    monkeypatch.setattr(material.SearchIndex, "add_entry_from_context", spy)
    return pages


def search_index(site: Path) -> dict[str, Any]:
    index: dict[str, Any] = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return index


def test_an_unchanged_rebuild_indexes_no_page_again_and_writes_the_same_index(tmp_path: Path,
                                                                              indexed: list[str]) -> None:
    project = copy_example(tmp_path / "project")
    first = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "site"))
    assert "index.md" in indexed and "privacy/index.md" in indexed  # the home page and a notice's main page
    assert len(cache_entries.stored(project, KIND)) == len(set(indexed))
    assert any(doc["location"].startswith("privacy/#") for doc in search_index(tmp_path / "site")["docs"])
    indexed.clear()
    assert files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "again")) == first
    assert indexed == []


def searched_project(root: Path) -> Path:
    """A notice with a version a year, built with Material's search."""
    project = versions_project(root)
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("  - notices", "  - search\n  - notices"),
                        encoding="utf-8")
    return project


def test_an_edit_indexes_again_only_the_pages_whose_html_it_changes(tmp_path: Path, indexed: list[str]) -> None:
    build_site(searched_project(tmp_path / "every"), EXAMPLE_AS_OF, tmp_path / "every-site")
    every = set(indexed)
    # The newest version's text: the notice's main page shows it, the home page does not.
    again = rebuilt(tmp_path, indexed, edit_newest_text, make=searched_project)  # a clean build's site, too
    assert again == {"privacy/index.md"} and "index.md" in every


def stub_page(content: str) -> Any:
    return SimpleNamespace(content=content, meta={}, toc=[], url="p/", title="P")


@pytest.mark.parametrize("content", [
    '<p>Text</p>',
    '<h2 id="a" data-search-exclude="true">A</h2><p data-search-boost="2">x</p>',
    '<p>data-search- in prose, no attribute</p>\n <div\tdata-search-x="1">y</div>',
    '',
])
def test_attributes_are_removed_exactly_as_materials_handler_removes_them(content: str) -> None:
    pages, added = [stub_page(content), stub_page(content)], []
    plugin = SimpleNamespace(config=SimpleNamespace(enabled=True),
                             search_index=SimpleNamespace(add_entry_from_context=added.append))
    material.SearchPlugin.on_page_context(plugin, {}, page=pages[0], config=None, nav=None)
    attributes_removed(plugin)({}, page=pages[1], config=None, nav=None)
    assert pages[1].content == pages[0].content
    assert added == pages  # each indexed once, before its attributes go
    assert search_memo._ATTRIBUTES.pattern == material.SearchPlugin.on_page_context.__code__.co_consts[1]


def test_materials_handler_is_replaced_only_while_it_is_the_one_mirrored(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    assert is_mirrored(material.SearchPlugin.on_page_context, MATERIAL_HANDLER, "import re")
    # Another version of Material (here: a handler that also counts): its own handler runs on every page.
    ran: list[str] = []
    original = material.SearchPlugin.on_page_context

    def counting(self: Any, context: Any, *, page: Any, config: Any, nav: Any) -> None:
        ran.append(page.file.src_uri)
        original(self, context, page=page, config=config, nav=nav)

    project = copy_example(tmp_path / "project")
    clean = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "clean"))
    monkeypatch.setattr(material.SearchPlugin, "on_page_context", counting)
    assert files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "site")) == clean
    assert len(ran) == len(set(ran)) > 5 and "privacy/index.md" in ran
