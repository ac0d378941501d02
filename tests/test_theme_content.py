"""A page whose content alone changed is not rendered through the theme again (adapters/theme_content.py), and
every rebuilt site is byte for byte a clean build's; templates that use the content otherwise are keyed by it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from mkdocs.config import load_config
from test_build_path import YEARS, versions_project
from test_cache import copy_example
from test_page_memo import edit
from test_theme_memo import rebuilt, themed  # noqa: F401  # the fixture

from generator.adapters.theme_content import TrackedContent, content_tests, tracked_render

NEWEST = f"notices/privacy/{YEARS[-1]}-01-01.yaml"
COMPARISONS = {f"privacy/{YEARS[-1]}-01-01/compare/{year}-01-01.md" for year in YEARS[:-2]}
"""The newest version against each earlier one but the one before it (whose comparison is its redline)."""


def reword_newest(project: Path) -> None:
    edit(project / NEWEST, "since", "ever since")


def test_an_edit_of_the_version_in_force_renders_no_page_whose_content_alone_changed(
        tmp_path: Path, themed: list[str]) -> None:  # noqa: F811
    again = rebuilt(tmp_path, themed, reword_newest, versions_project)
    assert not again & {"privacy/index.md", f"privacy/{YEARS[-1]}-01-01.md", *COMPARISONS}


def test_material_reads_a_pages_content_only_to_insert_it_and_to_look_for_a_heading(tmp_path: Path) -> None:
    config = load_config(str(copy_example(tmp_path) / "mkdocs.yml"))
    assert content_tests(config.theme.get_env(), "main.html") == ("\u003ch1",)


def with_main(line: str) -> Callable[[Path], Path]:
    """A project of `YEARS` versions with the example's theme folder, whose main.html also holds `line` in a
    page's content block."""
    def make(folder: Path) -> Path:
        project = versions_project(folder)
        shutil.copytree(ROOT / "templates" / "theme", project / "templates" / "theme")
        edit(project / "mkdocs.yml", "name: material", "name: material\n  custom_dir: templates/theme")
        include = '{% include "partials/content.html" %}'
        edit(project / "templates" / "theme" / "main.html", include, include + line)
        return project
    return make


READ_OTHERWISE = {
    "length": "{{ page.content | length }}",
    "method": "{{ page.content.count('<p') }}",
    "another object's": "{% for item in pages %}{{ item.page.content if item.page == page }}{% endfor %}",
    "by string": "{{ page['content'] | length }}",
    "rebound": "{% set page = page.parent or page %}{{ page.content }}",
    "included by any name": "{% include page.meta.get('extra', 'partials/footer.html') %}",
}


@pytest.mark.parametrize("line", READ_OTHERWISE.values(), ids=READ_OTHERWISE.keys())
def test_a_theme_that_reads_the_content_otherwise_keys_pages_by_it(tmp_path: Path, line: str) -> None:
    config = load_config(str(with_main(line)(tmp_path) / "mkdocs.yml"))
    assert content_tests(config.theme.get_env(), "main.html") is None


def test_a_theme_that_reads_the_content_otherwise_is_rendered_with_each_content(
        tmp_path: Path, themed: list[str]) -> None:  # noqa: F811
    # Read by a name built at render time, which the templates' check cannot see: rendering shows it.
    make = with_main('{% set name = "con" ~ "tent" %}<p class="size">{{ page[name] | length }}</p>')
    again = rebuilt(tmp_path, themed, reword_newest, make)
    assert {"privacy/index.md", *COMPARISONS} <= again  # and the site is a clean build's: the sizes are the new ones


HOOK = """\
from pathlib import Path


def on_page_content(html, page, **kwargs):
    ending = Path(__file__).parent / "ending.html"
    return html + ending.read_text(encoding="utf-8") if page.file.src_uri == "about.md" else html
"""


def test_a_test_of_the_content_that_answers_otherwise_renders_the_page_again(
        tmp_path: Path, themed: list[str]) -> None:  # noqa: F811
    def make(folder: Path) -> Path:
        project = copy_example(folder)
        (project / "site_config" / "pages" / "about.md").write_text("---\ntitle: About\n---\nWho we are.\n",
                                                                   encoding="utf-8")
        (project / "hooks.py").write_text(HOOK, encoding="utf-8")  # the page's content ends with ending.html
        (project / "ending.html").write_text("<!-- <h1> -->", encoding="utf-8")
        with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write("hooks:\n  - hooks.py\n")
        return project

    # Only the content changed, and it no longer holds "<h1": Material gives the page its title as a heading
    # (`"<h1" not in page.content`).
    again = rebuilt(tmp_path, themed, lambda project: edit(project / "ending.html", "h1", "h2"), make)
    assert again == {"about.md"}
    assert "<h1>About</h1>" in (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")


class Page:
    def __init__(self, content: str) -> None:
        self.content = content


@pytest.mark.parametrize(("template", "kept_apart"), [
    # As Jinja writes `{{ page.content }}` (str) and `"<h1" in page.content`.
    (lambda page: "<main>" + str(page.content) + "</main>", True),
    (lambda page: f"<main>{'<h1' in page.content}" + str(page.content) + "</main>", True),
    (lambda page: f"<main>{'<h2' in page.content}" + str(page.content) + "</main>", False),  # not the templates' test
    (lambda page: "<main>" + str(page.content) + str(page.content) + "</main>", False),
    (lambda page: f"<main>{len(page.content)}" + str(page.content) + "</main>", False),
    (lambda page: f"<main>{page.content.upper()}" + str(page.content) + "</main>", False),
    (lambda page: f"<main>{page.content}</main>", False),  # formatted, not inserted as text
    (lambda page: "<main>" + page.content + "</main>", False),
    (lambda page: "<main>x</main>", False),
    (lambda page: "<main>" + str(page.content) + "<p>x</p></main>", False),  # the content occurs twice
])
def test_the_html_is_kept_apart_from_the_content_only_if_it_was_inserted_once_and_tested_as_the_templates_say(
        template: Callable[[Page], str], kept_apart: bool) -> None:
    page = Page("<p>x</p>")
    html, parts = tracked_render(lambda: template(page), page, ("<h1",))
    assert type(page.content) is str  # given back as it was
    assert html == template(Page("<p>x</p>"))
    assert (parts is not None) is kept_apart
    if parts is not None:
        assert parts[0] + page.content + parts[1] == html


def test_overlapping_occurrences_of_the_content_count() -> None:
    page = Page("aa")
    _, parts = tracked_render(lambda: "a" + str(page.content), page, ())  # "aaa": at 0 and at 1
    assert parts is None


def test_tracked_content_notes_what_is_done_with_it() -> None:
    tracked = TrackedContent("<p>x</p>")
    assert "<h1" not in tracked and str(tracked) == "<p>x</p>" and "<" + tracked == "<<p>x</p>"
    assert [what for what, _ in tracked.done] == ["in", "text", "__add__"]
