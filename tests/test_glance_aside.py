"""A build holds each page's "At a glance" layer only while its template renders it (adapters/glance_aside.py),
and the site is byte for byte what it is with every layer held throughout."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from conftest import EXAMPLE_AS_OF
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext
from test_build_path import versions_project
from test_cache import AS_OF, copy_example, files_of

from generator.adapters import theme_memo
from generator.adapters.build import build_site
from generator.adapters.glance_aside import GlanceAside
from generator.adapters.plugin import NoticesPlugin
from generator.outputs import glance_changes, glance_layer
from generator.outputs.glance_layer import GLANCE_KEY


def watched(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Per page with a layer, once its template has rendered it: its address and how many pages held a layer
    then (its own among them)."""
    pages: list[Page] = []
    seen: list[tuple[str, int]] = []
    put, drop = GlanceAside.put, GlanceAside.drop

    def putting(self: GlanceAside, page: Page) -> None:
        if GLANCE_KEY in page.meta:
            pages.append(page)
        put(self, page)

    def dropping(self: GlanceAside, page: Page) -> None:
        if page in pages:
            assert isinstance(page.meta.get(GLANCE_KEY), str) and page.meta[GLANCE_KEY]
            seen.append((page.file.src_uri, sum(GLANCE_KEY in other.meta for other in pages)))
        drop(self, page)

    monkeypatch.setattr(GlanceAside, "put", putting)
    monkeypatch.setattr(GlanceAside, "drop", dropping)
    return seen


def held_throughout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(GlanceAside, "put", lambda self, page: None)


def test_a_page_holds_its_layer_only_while_it_is_rendered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    held: list[int] = []
    forget_lines = glance_changes.forget_lines

    def forgetting() -> None:
        held.append(len(glance_changes._LINES))
        forget_lines()

    with monkeypatch.context() as patch:
        seen = watched(patch)
        patch.setattr(glance_changes, "forget_lines", forgetting)
        aside = files_of(build_site(copy_example(tmp_path / "project"), AS_OF, tmp_path / "aside"))
    assert held and held[0] > 0  # the redline pages' lines were held until then
    assert len(seen) >= 3 and all(holding == 1 for _, holding in seen)
    # the rows and tables, and the lines the redline pages compare, are let go once the pages are made
    assert glance_layer._FACTS == {} and not glance_changes._LINES
    held_throughout(monkeypatch)
    assert files_of(build_site(copy_example(tmp_path / "again"), AS_OF, tmp_path / "held")) == aside


def test_layers_stay_where_a_theme_template_may_read_another_pages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_example(tmp_path / "project")
    main = project / "templates" / "theme" / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + "{# nav_item.meta.notices_glance #}\n", encoding="utf-8")
    with monkeypatch.context() as patch:
        seen = watched(patch)
        kept = files_of(build_site(project, AS_OF, tmp_path / "kept"))
    assert len(seen) >= 3 and all(holding == len(seen) for _, holding in seen)  # every page's, all along
    assert glance_layer._FACTS == {} and not glance_changes._LINES  # what the pages were made from is let go
    held_throughout(monkeypatch)
    assert files_of(build_site(project, AS_OF, tmp_path / "held")) == kept


def test_a_layer_is_keyed_by_its_digest_while_the_page_holds_the_text_given_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The theme memo's key takes the digest of a page's layer, hashed as it was spooled, for its text; a layer
    another plugin changed is keyed by its text, and the page rendered with it."""
    project = versions_project(tmp_path / "project")
    build_site(project, EXAMPLE_AS_OF, tmp_path / "first")
    hashed: list[str] = []
    fingerprint = theme_memo.page_fingerprint

    def noted(page: Page, unread: frozenset[str], content: object = None,
              digests: Mapping[str, str] | None = None) -> list[str]:
        hashed.extend(page.file.src_uri for key in digests or {} if key == GLANCE_KEY)
        return fingerprint(page, unread, content, digests)

    monkeypatch.setattr(theme_memo, "page_fingerprint", noted)
    again = build_site(project, EXAMPLE_AS_OF, tmp_path / "again")
    assert "privacy/2021-01-01.md" in hashed and "privacy/index.md" in hashed
    on_page_context = NoticesPlugin.on_page_context

    def changed(self: NoticesPlugin, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                nav: Navigation) -> TemplateContext:
        context = on_page_context(self, context, page=page, config=config, nav=nav)
        if page.file.src_uri == "privacy/2021-01-01.md":
            page.meta[GLANCE_KEY] = page.meta[GLANCE_KEY].replace("at a glance", "at one glance")
        return context

    monkeypatch.setattr(NoticesPlugin, "on_page_context", changed)
    site = build_site(project, EXAMPLE_AS_OF, tmp_path / "changed")
    page = (site / "privacy" / "2021-01-01" / "index.html").read_text(encoding="utf-8")
    assert "at one glance" in page and "at one glance" not in (again / "privacy/2021-01-01/index.html").read_text(
        encoding="utf-8")
