"""A section's HTML is made once per build for every page that shows it alike (outputs/section_memo.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import EXAMPLE_AS_OF
from jinja2 import ChoiceLoader, FileSystemLoader
from test_build_path import versions_project
from test_cache import copy_example

from generator.library.loader import load_library
from generator.outputs.context import PageContext
from generator.outputs.paths import version_src
from generator.outputs.render import default_templates_dir
from generator.outputs.section_memo import SectionMemo
from generator.outputs.site import SiteRenderer

SHOWN = ('{% import "blocks.html" as blocks %}'
         "{% for s in sections %}{{ page.section(blocks.section, s, 2) }}{% endfor %}")


def every_version_page(renderer: SiteRenderer) -> dict[str, str]:
    notice = renderer.library.notices["privacy"]
    return {period.date: renderer.render_notice_page(notice, period, version_src("privacy", period.date), main=False)
            .content for period in renderer.timelines["privacy"].periods}


def test_version_pages_are_the_same_with_sections_made_once(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "project")  # two versions sharing most of their sections
    library = load_library(project)
    memoised = SiteRenderer(library, EXAMPLE_AS_OF)
    pages = every_version_page(memoised)
    alone = SiteRenderer(library, EXAMPLE_AS_OF)
    # The project's copy of the shipped blocks.html, byte for byte: vouched for like the shipped file.
    assert alone.memo.shipped_file("blocks.html") == (project / "templates" / "blocks.html").resolve()
    alone.sections.shipped_blocks = lambda: None  # every section rendered for its page
    assert every_version_page(alone) == pages
    assert alone.sections.hits == 0
    sections = sum(len(period.version.data.sections) for period in memoised.timelines["privacy"].periods)
    assert sections / 3 <= memoised.sections.hits < sections  # the 2027 version reuses most of 2021's


def test_a_page_answering_otherwise_gets_its_own_html(tmp_path: Path) -> None:
    """A link declared differently, an anchor the version lacks, another depth: each page's section is its own."""
    library = load_library(copy_example(tmp_path / "project"))
    renderer = SiteRenderer(library, dt.date(2021, 6, 1))
    version = library.notices["privacy"].versions[0]
    template = renderer.env.from_string(SHOWN)
    linked = [s for s in version.data.sections if "link:terms-of-use" in s.model_dump_json()]
    anchored = [s for s in version.data.sections if "](#what-information-we-collect)" in s.model_dump_json()]
    assert linked and anchored
    pages = {
        "declared": PageContext("privacy/index.md", links={"terms-of-use": "https://example.com/terms"}),
        "declared otherwise": PageContext("privacy/index.md", links={"terms-of-use": "https://example.com/other"}),
        "with the anchor": PageContext("privacy/index.md", version.index),
        "deeper": PageContext("privacy/2021-01-01.md", version.index),
    }
    for page in pages.values():
        page.sections = renderer.sections
    shown = {name: template.render(page=page, sections=[*linked, *anchored]) for name, page in pages.items()}
    for name, page in pages.items():
        page.sections = None
        assert template.render(page=page, sections=[*linked, *anchored]) == shown[name], name
    assert "https://example.com/terms" in shown["declared"] and "https://example.com/other" in shown[
        "declared otherwise"]
    assert 'href="#what-information-we-collect"' in shown["with the anchor"]
    assert 'href="#what-information-we-collect"' not in shown["declared"]


def test_a_macro_reading_more_of_the_page_is_not_memoised(tmp_path: Path) -> None:
    """Only a blocks.html that is the shipped one is vouched for; and a macro that reads anything but the page's
    known methods (here its address) has each page's HTML made for it, even from a vouched-for file."""
    folder = tmp_path / "templates"
    folder.mkdir()
    shipped = (default_templates_dir() / "blocks.html").read_text(encoding="utf-8")
    (folder / "blocks.html").write_text(
        shipped.replace("{% macro section(page, sec, level) -%}", "{% macro section(page, sec, level) -%}\n"
                        "<p>{{ page.src }}</p>"), encoding="utf-8")
    library = load_library(versions_project(tmp_path / "project"))
    renderer = SiteRenderer(library, EXAMPLE_AS_OF)
    assert isinstance(renderer.env.loader, ChoiceLoader)
    renderer.env.loader.loaders.insert(0, FileSystemLoader(folder))
    assert renderer.memo.shipped_file("blocks.html") is None
    renderer.sections = SectionMemo(lambda: (folder / "blocks.html").resolve())  # vouched for, wrongly
    pages = every_version_page(renderer)
    assert all(f"<p>{version_src('privacy', date)}</p>" in content for date, content in pages.items())
    assert renderer.sections.hits == 0


def test_the_sections_made_are_let_go_once_a_notices_pages_are_made(tmp_path: Path) -> None:
    """The build's peak memory comes later (its archival PDFs): a notice's sections are not kept past its pages."""
    renderer = SiteRenderer(load_library(copy_example(tmp_path / "project")), EXAMPLE_AS_OF)
    held = []
    for page in renderer.notice_pages():
        held.append(len(renderer.sections.made))
        assert page.src
    assert max(held) > 0 and renderer.sections.hits > 0
    assert renderer.sections.made == {}
