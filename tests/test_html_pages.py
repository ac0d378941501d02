"""Generated pages reach MkDocs as HTML and a table of contents: exactly what MkDocs' conversion gives."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from test_cache import copy_example, files_of
from test_withdraw import withdraw

from generator.adapters import converted_pages, headings, html_pages
from generator.adapters.build import build_site
from generator.adapters.headings import KeptConversions
from generator.adapters.html_pages import can_hand_over, layout
from generator.library.loader import load_library
from generator.outputs.site import render_pages
from generator.source.memo import TwoGenerations

DATES = (dt.date(2021, 6, 1), dt.date(2026, 12, 1), dt.date(2027, 6, 1))
"""The 2027 version as an unannounced draft, as announced and upcoming, and in force (2021 archived)."""
MAIN_PAGES = {"privacy/index.md", "live2coursera/index.md"}
"""Their Revisions section nests a Markdown heading in HTML (`markdown="1"`): MkDocs converts them."""

Rendered = tuple[str, list[Any], str | None, list[str], dict[str, dict[str, str]] | None]


def rendered(page: Page) -> Rendered:
    """Everything `Page.render` sets that the site, its search index and MkDocs' checks read."""
    def toc(items: Any) -> list[Any]:
        return [(i.title, i.id, i.level, toc(i.children)) for i in items]

    links = page.links_to_anchors
    return (page.content or "", toc(page.toc), page._title_from_render, sorted(page.present_anchor_ids or ()),
            None if links is None else {f.src_uri: dict(a) for f, a in links.items()})


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[Rendered, Rendered | None]]:
    """Per page handed over (or not, None): MkDocs' own conversion of it, then what was handed over."""
    pages: dict[str, tuple[Rendered, Rendered | None]] = {}

    def both(page: Page, config: MkDocsConfig, files: Files, kept: KeptConversions | None = None
             ) -> list[html_pages.HtmlPiece] | None:
        Page.render(page, config, files)
        converted = rendered(page)
        handed = html_pages.hand_over(page, config, files, kept)
        pages[page.file.src_uri] = (converted, rendered(page) if handed else None)
        return handed

    monkeypatch.setattr(converted_pages, "hand_over", both)
    return pages


def assert_same_as_converted(pages: dict[str, tuple[Rendered, Rendered | None]], generated: set[str]) -> None:
    assert set(pages) == generated
    handed = {src for src, (_, mine) in pages.items() if mine is not None}
    assert handed == generated - MAIN_PAGES
    for src in sorted(handed):
        assert pages[src][1] == pages[src][0], src


def generated_pages(project: Path, as_of: dt.date) -> set[str]:
    return {page.src for page in render_pages(load_library(project), as_of) if page.src.endswith(".md")}


@pytest.mark.parametrize("as_of", DATES, ids=str)
def test_every_generated_page_is_handed_over_as_mkdocs_would_convert_it(
        tmp_path: Path, compared: dict[str, tuple[Rendered, Rendered | None]], as_of: dt.date) -> None:
    project = copy_example(tmp_path / "project")
    # A hand-written page goes through Markdown, even one the shortcut could read.
    (project / "site_config" / "pages" / "about.md").write_text("# About\n\n<p>Hand-written.</p>\n", encoding="utf-8")
    build_site(project, as_of, tmp_path / "site")
    assert_same_as_converted(compared, generated_pages(project, as_of))
    assert "about.md" not in compared


def test_compliance_and_withdrawn_pages_are_handed_over_as_mkdocs_would_convert_them(
        project: Path, tmp_path: Path, compared: dict[str, tuple[Rendered, Rendered | None]]) -> None:
    assert withdraw(project).exit_code == 0
    site_yaml = project / "site_config" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "compliance:\n  publish_page: true\n",
                         encoding="utf-8")
    build_site(project, dt.date(2027, 6, 1), tmp_path / "site")
    generated = generated_pages(project, dt.date(2027, 6, 1))
    assert {"privacy/compliance.md", "privacy/2027-03-01.md", "privacy/2027-03-01/redline.md"} <= generated
    assert_same_as_converted(compared, generated)


def test_the_site_is_the_same_with_every_page_converted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_example(tmp_path / "project")
    handed = files_of(build_site(project, dt.date(2027, 6, 1), tmp_path / "handed"))
    monkeypatch.setattr(converted_pages, "hand_over", lambda page, config, files, kept=None: None)
    converted = files_of(build_site(copy_example(tmp_path / "again"), dt.date(2027, 6, 1), tmp_path / "converted"))
    assert handed.keys() == converted.keys()
    assert [name for name in handed if handed[name] != converted[name]] == []


@pytest.fixture(scope="module")
def snippet_config(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], MkDocsConfig]:
    """A plain MkDocs config with this site's Markdown extensions (and `more` of them)."""
    def load(more: str = "") -> MkDocsConfig:
        folder = tmp_path_factory.mktemp("snippets")
        (folder / "docs").mkdir()
        extensions = f"markdown_extensions:\n  - toc:\n      permalink: true\n  - attr_list\n  - md_in_html\n{more}"
        (folder / "mkdocs.yml").write_text(f"site_name: Snippets\n{extensions}", encoding="utf-8")
        return load_config(str(folder / "mkdocs.yml"))
    return load


def snippet_page(config: MkDocsConfig, markdown: str) -> tuple[Page, Files]:
    """A page of `markdown`, read as MkDocs reads it, alone among the site's files."""
    Path(config.docs_dir, "page.md").write_text(markdown, encoding="utf-8")
    file = File("page.md", config.docs_dir, config.site_dir, config.use_directory_urls)
    page = Page(None, file, config)
    page.read_source(config)
    return page, Files([file])


def both_ways(config: MkDocsConfig, markdown: str) -> tuple[Rendered, Rendered | None]:
    page, files = snippet_page(config, markdown)
    Page.render(page, config, files)
    converted = rendered(page)
    pieces = html_pages.hand_over(page, config, files)
    if pieces:  # they give the HTML back from the Markdown, for the page's cache entry (converted_pages.py)
        assert html_pages.assembled(page.markdown or "", pieces) == page.content
    return converted, rendered(page) if pieces else None


READ = {
    "blocks side by side": "<div>a</div>\n<div>b</div>\n",
    "blank lines kept or not": "# T\n<p>x</p>\n## H {#h}\n\n\n<p>y\n\n</p>\n\n\n\n<p>z</p>",
    "a title not first": "<p>lead</p>\n\n# Not first\n",
    "inline HTML in a heading": '# Title <span class="s">— state</span> {: #t }\n\n<p>x</p>\n',
    "escapes and references":
        '## Q&amp;A 1\\. more \\[x\\] {#qa}\n\n<div><p id="a&amp;b">x&#34;</p><a name="n">y</a></div>\n',
    "upper case and void tags":
        '<DIV ID="Up">x<br>y<br/>z<img src="i.png" alt=""></DIV>\n\n<ul>\n<li>a<ul><li>b</li></ul></li>\n</ul>\n',
    "a line of spaces": "<div>\n   \n<p>inside</p>\n</div>\n  \n<p>after</p>\n",
    "nested alike": "<div><div>a</div>\n\n<div>b</div></div>\n\n<p>c</p>\n",
    "an end tag closing more": "<div><p>unclosed</div>\n\n<p>x</p>\n",
    "headings only, slugs": "# Same\n\n## Same\n\n## Same\n",
    "a slug another heading's id": "# Intro\n\n## Other {#intro}\n\n<p>x</p>\n",
    "a slug like a suffix": "# A\n\n## A_1\n\n## A\n",
    "an empty slug twice": "# &#42;\n\n## &#42;\n",
    "an id in inline HTML": '# T <span id="other">x</span>\n\n## Other\n',
    "links in headings": "# Top [self](#top) {#top}\n\n## To [another page](page.md) {#b}\n\n## To [a place](#b)\n",
    "a heading Markdown reads otherwise (the page converted)": "# x\\\n\n<p>y</p>\n",
    "block syntax inside HTML": "<div>\n!!! note\n: a definition\n| a | b |\n|---|---|\n    indented\n</div>\n",
}
REFUSED = {
    "text outside HTML": "Text\n\n<p>x</p>\n",
    "Markdown in HTML": '<div markdown="1">\n# H\n</div>\n',
    "a tab": "<p>\ta tab</p>\n",
    "text after a block": "<p>a</p> tail\n",
    "a comment": "<!-- c -->\n<p>x</p>\n",
    "a bare ampersand": "<p>AT&T</p>\n",
    "a fence": "<div>\n```\ncode\n```\n</div>\n",
    "a bare <": "<p>a < b</p>\n",
    "an unclosed block": "<div>unclosed\n",
    "a script": "<div><script>x</script></div>\n",
    "a > in an attribute": "<p title='a>b'>x</p>\n",
    "an id without a value": "<div><p id>x</p></div>\n",
}


@pytest.mark.parametrize("extensions", ["", "  - admonition\n  - def_list\n"], ids=["site's", "more"])
@pytest.mark.parametrize("markdown", READ.values(), ids=READ.keys())
def test_html_blocks_and_headings_are_handed_over_exactly(
        snippet_config: Callable[[str], MkDocsConfig], markdown: str, extensions: str) -> None:
    assert layout(markdown) is not None
    converted, handed = both_ways(snippet_config(extensions), markdown)
    assert handed == converted


@pytest.mark.parametrize("markdown", REFUSED.values(), ids=REFUSED.keys())
def test_anything_else_is_left_to_mkdocs(snippet_config: Callable[[str], MkDocsConfig], markdown: str) -> None:
    assert layout(markdown) is None
    assert both_ways(snippet_config(""), markdown)[1] is None


def test_extensions_that_may_touch_html_turn_the_shortcut_off(snippet_config: Callable[[str], MkDocsConfig]) -> None:
    assert can_hand_over(snippet_config("  - admonition\n  - markdown.extensions.def_list\n"))
    assert not can_hand_over(snippet_config("  - smarty\n"))
    assert not can_hand_over(snippet_config("  - abbr\n"))


def test_pages_are_handed_over_only_while_mkdocs_converts_pages_as_mirrored(
        snippet_config: Callable[[str], MkDocsConfig], monkeypatch: pytest.MonkeyPatch) -> None:
    config = snippet_config("")
    assert headings.converts_as_mkdocs() and can_hand_over(config)
    render = Page.render

    def another_render(self: Page, config: MkDocsConfig, files: Files) -> None:  # another MkDocs' conversion
        render(self, config, files)

    monkeypatch.setattr(Page, "render", another_render)
    assert not can_hand_over(config)


def summary(markdown: str) -> tuple[list[html_pages.HtmlPiece], list[str]] | None:
    read = layout(markdown)
    return None if read is None else (read.pieces, sorted(read.anchors))


@pytest.mark.parametrize("limit", [4096, 2], ids=["lines kept", "lines forgotten"])
def test_lines_read_on_other_pages_are_read_the_same(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    """A line's reading is remembered by its text: a page reads the same after any other pages, in any order."""
    pages = [*READ.values(), *REFUSED.values(), *LINES_ALIKE.values()]
    alone = []
    for markdown in pages:
        monkeypatch.setattr(html_pages, "_LINES", TwoGenerations(limit))
        alone.append(summary(markdown))
    for markdown in pages:
        summary(markdown)
    assert [summary(markdown) for markdown in reversed(pages)] == alone[::-1]


LINES_ALIKE = {
    "a line inside a block, then a block alone": "<div>\n<p>a</p>\n</div>\n\n<p>a</p>\n",
    "a line closing what an earlier line opened": "<div>\n<p>a\n<em>b</em></p>\n</div>\n\n<p>a\n</p>\n",
    "a void tag on a line of its own": "<div>\n<br>\n<p id=\"x\">a</p>\n</div>\n\n<p id=\"x\">a</p>\n",
    "an end tag on a line of its own": "<div><div>\n</div>\n</div>\n\n<div>\n</div>\n",
}


@pytest.mark.parametrize("markdown", LINES_ALIKE.values(), ids=LINES_ALIKE.keys())
def test_lines_alike_in_and_out_of_blocks_are_handed_over_exactly(
        snippet_config: Callable[[str], MkDocsConfig], markdown: str) -> None:
    html_pages._LINES.value("<p>a</p>", html_pages._read_line)  # known before the page is read
    assert layout(markdown) is not None
    converted, handed = both_ways(snippet_config(""), markdown)
    assert handed == converted


def test_a_tag_over_two_lines_is_left_to_mkdocs(snippet_config: Callable[[str], MkDocsConfig]) -> None:
    markdown = '<div\n class="x">a</div>\n'
    assert layout(markdown) is None
    assert both_ways(snippet_config(""), markdown)[1] is None


def test_one_converter_serves_every_page_of_a_build(snippet_config: Callable[[str], MkDocsConfig]) -> None:
    """The headings of page after page, through one converter reset between them, as MkDocs converts each."""
    config = snippet_config("  - admonition\n  - def_list\n")
    converters = set()
    for markdown in (*READ.values(), *READ.values()):
        converted, handed = both_ways(config, markdown)
        assert handed == converted
        converters.add(id(headings._conversions(config).converter))
    assert len(converters) == 1


def test_the_headings_converted_go_with_their_build(snippet_config: Callable[[str], MkDocsConfig]) -> None:
    """The converter and the headings converted alone are the config's: once the next build has loaded its own
    config (MkDocs keeps the last one loaded until then), nothing keeps the earlier one, its plugins or files."""
    config = snippet_config("")
    converted, handed = both_ways(config, READ["escapes and references"])
    assert handed == converted
    earlier = weakref.ref(config)
    del config
    snippet_config("")
    gc.collect()
    assert earlier() is None


def test_a_heading_is_converted_once_per_build_and_reads_the_same_on_every_page(
        snippet_config: Callable[[str], MkDocsConfig], monkeypatch: pytest.MonkeyPatch) -> None:
    """Headings recurring on page after page are converted alone once, and each page is as MkDocs converts it."""
    config = snippet_config("")
    converted: list[str] = []
    convert = html_pages.markdown.Markdown.convert
    monkeypatch.setattr(html_pages.markdown.Markdown, "convert",
                        lambda md, source: converted.append(source) or convert(md, source))
    pages = [f"# Version {n} <span class=\"s\">— state</span> {{: #t }}\n\n<p>{n}</p>\n\n## Key {{#key}}\n\n"
             f"<p>x</p>\n\n### Shine the Light {{#shine}}\n\n## Changes\n" for n in range(3)]
    for markdown in pages:
        mkdocs, handed = both_ways(config, markdown)
        assert handed == mkdocs
    mine = [source for source in converted if "\n" not in source]  # MkDocs converts whole pages
    assert mine.count("## Key {#key}") == 1 and mine.count("## Changes") == 1
    assert sorted(source for source in mine if source.startswith("# ")) == [page.partition("\n")[0] for page in pages]
