"""The theme's HTML of each page kept by its context (adapters/theme_memo.py): a rebuild renders through
Material only the pages whose context changed, and its site is byte for byte a clean build's."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cache_entries
import pytest
from conftest import EXAMPLE_AS_OF
from jinja2 import Template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from test_build_path import YEARS, versions_project
from test_cache import copy_example, files_of
from test_page_memo import edit
from test_page_memo import rebuilt as rebuilt_and_checked

from generator.adapters.build import BuildFailed, build_site
from generator.adapters.theme_memo import KIND, describe, page_fingerprint


@pytest.fixture
def themed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages a build renders through the theme's templates (by source path)."""
    pages: list[str] = []
    render = Template.render

    def spy(self: Template, *args: Any, **kwargs: Any) -> str:
        page = args[0].get("page") if args and isinstance(args[0], dict) else None
        if page is not None:
            pages.append(page.file.src_uri)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(Template, "render", spy)
    return pages


def rebuilt(tmp_path: Path, themed: list[str], change: Callable[[Path], None],
            make: Callable[[Path], Path] = copy_example, as_of: dt.date = EXAMPLE_AS_OF) -> set[str]:
    """Build the project, make `change`, build again into the same folder: the pages the second build rendered
    through the theme (the site is checked against a clean build's, see test_page_memo.rebuilt)."""
    return rebuilt_and_checked(tmp_path, themed, change, as_of=as_of, make=make, same_folder=True)


def test_an_unchanged_rebuild_renders_no_page_through_the_theme(tmp_path: Path, themed: list[str]) -> None:
    project = copy_example(tmp_path / "project")
    first = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "site"))
    every_page = set(themed)
    assert len(every_page) > 5 and len(themed) == len(every_page)
    # Every page and the theme's page-less 404.html and sitemap.xml (what main.html tests a page's content for is
    # kept in the user's cache: test_theme_tests_cached.py).
    assert len(cache_entries.stored(project, KIND)) == len(every_page) + 2
    themed.clear()
    # Another output folder: where the site goes is not part of a page's key (no theme file reads it).
    assert files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "elsewhere")) == first
    assert themed == []


def test_an_entry_holds_a_page_around_its_content_and_a_damaged_one_is_rendered_again(
        tmp_path: Path, themed: list[str]) -> None:
    """A page's content is in the converted pages' cache already: the theme's entry holds what surrounds it."""
    project = copy_example(tmp_path / "project")
    first = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "site"))
    entries = [json.loads(text) for text in cache_entries.stored(project, KIND).values()]
    around = [entry["around"] for entry in entries if "around" in entry]
    # All but 404.html and sitemap.xml, which have no page content.
    assert len(around) == len(entries) - 2
    assert all("<html" in before and "</html>" in after for before, after in around)
    for key, text in cache_entries.stored(project, KIND).items():
        entry = json.loads(text)
        if "around" in entry:
            cache_entries.overwrite(project, KIND, key, json.dumps({"around": entry["around"][:1], "logged": []}))
    themed.clear()
    assert files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "again")) == first
    assert len(themed) == len(around)


def test_editing_a_version_renders_again_only_the_pages_it_changes(tmp_path: Path, themed: list[str]) -> None:
    def retitle(project: Path) -> None:  # the title of a section: the table of contents of the version's pages
        edit(project / "notices" / "privacy" / f"{YEARS[-1]}-01-01.yaml", "title: Who we are", "title: About us")

    again = rebuilt(tmp_path, themed, retitle, versions_project)
    assert {"privacy/index.md", f"privacy/{YEARS[-1]}-01-01.md"} <= again
    assert f"privacy/{YEARS[0]}-01-01.md" not in again


@pytest.mark.parametrize("change", [
    # The config: every page's header.
    lambda project: edit(project / "mkdocs.yml", "primary: indigo", "primary: teal"),
    # A theme template of the project's custom_dir.
    lambda project: edit(project / "templates" / "theme" / "main.html", "{% extends", "{#- edited -#}\n{% extends"),
    # A hand-written page: a new entry in every page's navigation.
    lambda project: (project / "site_config" / "pages" / "about.md").write_text("# About\n\nWho we are.\n",
                                                                               encoding="utf-8"),
], ids=["config", "theme template", "navigation"])
def test_what_every_page_shows_renders_every_page_again(
        tmp_path: Path, themed: list[str], change: Callable[[Path], None]) -> None:
    again = rebuilt(tmp_path, themed, change)
    assert {"index.md", "privacy/index.md", "privacy/2021-01-01.md", "live2coursera/index.md"} <= again


def test_another_as_of_date_dates_every_page_and_the_sitemap_anew(tmp_path: Path, themed: list[str]) -> None:
    # The same versions in force, but every page's date (the sitemap's lastmod) is the as-of date.
    again = rebuilt(tmp_path, themed, lambda project: None, as_of=EXAMPLE_AS_OF + dt.timedelta(days=1))
    assert {"index.md", "privacy/2021-01-01.md"} <= again
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert (EXAMPLE_AS_OF + dt.timedelta(days=1)).isoformat() in sitemap


def test_a_theme_that_reads_the_build_date_is_rendered_every_time(tmp_path: Path, themed: list[str]) -> None:
    project = copy_example(tmp_path / "project")
    edit(project / "templates" / "theme" / "main.html", "{% extends", "{#- build_date_utc -#}\n{% extends")
    build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    themed.clear()
    build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    assert "privacy/index.md" in themed



def navigation_project(folder: Path) -> Path:
    """The example with a hand-written page in the navigation, with an icon in its front matter."""
    project = copy_example(folder)
    (project / "site_config" / "pages" / "about.md").write_text(
        "---\nicon: material/account\n---\n# About\n\nWho we are.\n", encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("nav:\n  - index.md\n  - about.md\n  - privacy/index.md\n")
    return project


def test_another_pages_front_matter_shown_in_the_navigation_renders_every_page_again(
        tmp_path: Path, themed: list[str]) -> None:
    """Material's navigation shows each page's `icon`, `subtitle` and `status` from its front matter."""
    again = rebuilt(tmp_path, themed, lambda project: edit(
        project / "site_config" / "pages" / "about.md", "material/account", "material/home"), navigation_project)
    assert {"index.md", "privacy/index.md"} <= again


BODY = ("Who we are.", "Who we are, and what we do.")
OWNER = ("owner: Legal", "owner: Privacy office")


@pytest.mark.parametrize(("reading", "changes", "shown_elsewhere"), [
    ("", [BODY, OWNER], False),
    ("{% for file in pages %}{{ file.page.content | length }}{% endfor %}", [BODY], True),
    ("{% for file in pages %}{{ file.page.meta.owner }}{% endfor %}", [OWNER], True),
    ("{% for file in pages %}{{ file.page.meta | tojson }}{% endfor %}", [OWNER], True),
], ids=["nothing", "texts", "front matter by name", "front matter as a whole"])
def test_a_theme_reading_other_pages_renders_them_again_when_they_change(
        tmp_path: Path, themed: list[str], reading: str, changes: list[tuple[str, str]], shown_elsewhere: bool) -> None:
    """A project's own theme template may show every page's texts or front matter on each page; one that does
    not has a hand-written page's edit render that page alone."""
    def make(folder: Path) -> Path:
        project = copy_example(folder)
        edit(project / "templates" / "theme" / "main.html", "{% block announce %}", "{% block announce %}" + reading)
        (project / "site_config" / "pages" / "about.md").write_text(
            f"---\n{OWNER[0]}\n---\n# About\n\n{BODY[0]}\n", encoding="utf-8")
        return project

    def change(project: Path) -> None:
        for old, new in changes:
            edit(project / "site_config" / "pages" / "about.md", old, new)

    again = rebuilt(tmp_path, themed, change, make)
    assert "about.md" in again
    assert ("live2coursera/index.md" in again) is shown_elsewhere


def test_a_key_names_objects_by_value_not_by_address() -> None:
    def function() -> None:
        return None

    class Opaque:
        __slots__ = ()

    assert describe(function) == ["function", {}]
    assert describe(Opaque()) == ["test_a_key_names_objects_by_value_not_by_address.<locals>.Opaque",
                                  describe(Opaque())[1]]
    assert " at 0x" not in describe(Opaque())[1]
    assert describe({3, 1}) == ["1", "3"]


def test_a_warning_logged_while_rendering_is_logged_again_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_example(tmp_path / "project")
    render = Template.render

    def warning(self: Template, *args: Any, **kwargs: Any) -> str:
        page = args[0].get("page") if args and isinstance(args[0], dict) else None
        if page is not None and page.file.src_uri == "privacy/index.md":
            logging.getLogger("mkdocs.theme").warning("a theme's own warning")
        return render(self, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(Template, "render", warning)
        with pytest.raises(BuildFailed):
            build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    # The theme no longer warns, but the page comes from the cache with its warning: a strict build still fails.
    with pytest.raises(BuildFailed):
        build_site(project, EXAMPLE_AS_OF, tmp_path / "site")
    build_site(project, EXAMPLE_AS_OF, tmp_path / "site", strict=False)


def test_a_digest_in_a_key_is_no_value_a_page_could_hold() -> None:
    """A front-matter text the key takes by its digest (`hashed`) is not spelled as a value: a page whose front
    matter holds, literally, what a digest would look like as a value has another key (review 11, finding 11)."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "test"})

    def page(value: object) -> Page:
        made = Page("Title", File("a.md", src_dir=None, dest_dir="site", use_directory_urls=True), config)
        made.meta = {"layer": value, "title": "Title"}
        return made

    digest = "0" * 64
    hashed = page_fingerprint(page("the layer's text"), frozenset(), None, {"layer": digest})
    spelled = [["TextDigest", {"sha256": digest}], ["TextDigest", f"TextDigest(sha256='{digest}')"],
               ["TextDigest", digest], {"sha256": digest}, digest, [["layer", digest]]]
    assert all(page_fingerprint(page(value), frozenset()) != hashed for value in spelled)
    assert page_fingerprint(page("another text"), frozenset(), None, {"layer": digest}) == hashed
    assert page_fingerprint(page("the layer's text"), frozenset(), None, {"layer": "1" * 64}) != hashed
