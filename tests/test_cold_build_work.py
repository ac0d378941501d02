"""A cold build does each piece of the generator's own work once, and what it remembers gives the same bytes.

Inline prose is rendered once per text and link answers (`source/inline.py`), a page's anchors are gathered once
(`outputs/context.py`), the glance layer's units are worked out once per version (`outputs/glance.py`), and a
build whose archival PDFs are all cached never imports ReportLab (`outputs/pdf_worker.py`).
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup
from pydantic import BaseModel

from generator.library.loader import load_library
from generator.library.project import Notice, NoticeVersion
from generator.library.rules import previous_version
from generator.outputs import glance_layer
from generator.outputs.context import PageContext
from generator.outputs.glance import Units, glance_rows
from generator.outputs.glance_ccpa import california_applies, ccpa_tables
from generator.outputs.site import SiteRenderer
from generator.source import inline
from generator.source.index import node_attribute
from tests.conftest import EXAMPLE_AS_OF, ROOT
from tests.project import unfrozen_example


@pytest.fixture
def fresh_memo() -> Iterator[None]:
    inline._rendered.cache_clear()
    yield
    inline._rendered.cache_clear()


def example_texts() -> list[tuple[PageContext, str]]:
    """Every prose string of every version of the example, with the page context of its version's page."""
    library = load_library(ROOT)
    return [(PageContext(f"{notice.id}/{version.effective}.md", version.index), text)
            for notice in library.notices.values() for version in notice.versions
            for _, text in version.index.texts()]


def test_a_repeated_text_is_rendered_once(fresh_memo: None, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[str] = []
    render_afresh = inline.render_afresh

    def spy(text: str, resolve: inline.Resolver) -> Markup:
        rendered.append(text)
        return render_afresh(text, resolve)

    monkeypatch.setattr(inline, "render_afresh", spy)
    asked: list[str] = []

    def resolve(target: str) -> str:
        asked.append(target)
        return "../privacy/#" + target[1:]

    text = "See **[who we are](#intro)** or write to privacy@example.org."
    first = inline.render(text, resolve)
    assert rendered[0] == text  # then its bold part and the link's words, inside the same rendering
    once = list(rendered)
    assert inline.render(text, resolve) is first
    assert rendered == once
    # The resolver is still asked on every call: what it answers is part of the key.
    assert asked == ["#intro", "#intro"]
    assert first == ('See <strong><a href="../privacy/#intro">who we are</a></strong> or write to '
                     '<a href="mailto:privacy@example.org">privacy@example.org</a>.')


def test_the_same_text_with_other_link_answers_or_as_markup_is_not_confused(fresh_memo: None) -> None:
    text = "Read [the terms](link:terms) & [our notice](notice:privacy)."
    here = inline.render(text, {"link:terms": "/terms/", "notice:privacy": "../privacy/"}.get)
    elsewhere = inline.render(text, {"link:terms": "/terms/", "notice:privacy": "../../privacy/"}.get)
    unknown = inline.render(text, lambda target: None)
    assert here == 'Read <a href="/terms/">the terms</a> &amp; <a href="../privacy/">our notice</a>.'
    assert elsewhere == 'Read <a href="/terms/">the terms</a> &amp; <a href="../../privacy/">our notice</a>.'
    assert unknown == "Read the terms &amp; our notice."
    # A Markup equals its str, but is not escaped again: it is rendered afresh, never taken from the memo.
    assert inline.render(Markup("a & b"), lambda target: None) == "a & b"
    assert inline.render("a & b", lambda target: None) == "a &amp; b"
    assert inline.render(Markup("a & b"), lambda target: None) == "a & b"
    assert inline.render("plain words", lambda target: None) != inline.render("plain  words", lambda target: None)


def test_remembered_html_is_what_rendering_afresh_gives_for_every_example_text(fresh_memo: None) -> None:
    pairs = example_texts()
    assert len(pairs) > 200
    linked = [text for _, text in pairs if inline.resolved_targets(text)]
    assert linked, "no example text links an anchor, notice or document: the test proves less than it says"
    for page, text in pairs * 2:  # the second round is served from the memo
        asked: list[str] = []

        def resolve(target: str, page: PageContext = page, asked: list[str] = asked) -> str | None:
            asked.append(target)
            return page.resolve(target)

        expected_asks: list[str] = []

        def expected_resolve(target: str, page: PageContext = page, asked: list[str] = expected_asks) -> str | None:
            asked.append(target)
            return page.resolve(target)

        assert inline.render(text, resolve) == inline.render_afresh(text, expected_resolve)
        assert asked == expected_asks


def test_a_page_gathers_its_anchors_once_and_aliases_stay_link_targets() -> None:
    library = load_library(ROOT)
    version = library.notices["privacy"].versions[0]
    page = PageContext("privacy/index.md", version.index)
    assert page.anchors is page.anchors
    assert page.anchors == set(version.index.by_id) | version.index.aliases()
    some_id = next(iter(version.index.by_id))
    assert page.resolve(f"#{some_id}") == f"#{some_id}"
    assert page.resolve("#no-such-anchor") is None


def test_the_layer_and_the_tables_share_a_versions_units_and_give_the_same_facts() -> None:
    library = load_library(ROOT)
    versions = [version for notice in library.notices.values() for version in notice.versions]
    assert any(ccpa_tables(version.index) is not None for version in versions)
    for version in versions:
        units = Units(version.index)
        assert glance_rows(version.index, units) == glance_rows(version.index)
        assert ccpa_tables(version.index, units) == ccpa_tables(version.index)
        entry = units.with_facet("collects")[0] if units.with_facet("collects") else None
        if entry is not None:
            assert units.enclosing(entry) is units.enclosing(entry)
            assert units.covered(entry, [entry.id]) and not units.covered(entry, ["no-such-id"])


def test_a_build_whose_pdfs_are_all_cached_does_not_import_reportlab(tmp_path: Path) -> None:
    project = unfrozen_example(tmp_path / "project")  # the example's PDFs, frozen, would be laid out by no build
    script = (
        "import sys, datetime as dt; from pathlib import Path; from generator.adapters.build import build_site; "
        f"build_site(Path({str(project)!r}), dt.date(2021, 6, 1), Path(sys.argv[1])); "
        "print('reportlab' in sys.modules)"
    )
    env = {**os.environ, "NOTICES_CACHE_DIR": str(tmp_path / "cache")}

    def build(name: str) -> str:
        done = subprocess.run([sys.executable, "-c", script, str(tmp_path / name)], capture_output=True, text=True,
                              cwd=ROOT, env=env, check=True)
        return done.stdout.split()[-1]

    assert build("first") == "True"  # the example has few versions: its PDFs are laid out in the build's process
    assert build("second") == "False"
    assert sorted(p.name for p in (tmp_path / "second").rglob("*.pdf")) == sorted(
        p.name for p in (tmp_path / "first").rglob("*.pdf"))


def test_a_layer_equal_in_all_the_shipped_templates_read_is_rendered_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(glance_layer, "_SHOWN", OrderedDict())
    library = load_library(ROOT)
    # The supplement's layer links its notice where a question has no fact of its own.
    notice, parent = library.notices["live2coursera"], library.notices["privacy"]
    version = notice.versions[0]
    rendered: list[str] = []
    renderer = SiteRenderer(library, EXAMPLE_AS_OF)

    def render(template: str, **context: Any) -> str:
        rendered.append(context["page"].src)
        return renderer.render(template, **context)

    def layer(src: str, *, state: str = "in force", shipped: bool = True) -> str:
        page = PageContext(src, version.index)
        return glance_layer.glance_html(render, page, notice, version, state=state, parent=parent, shipped=shipped)

    main = layer("live2coursera/index.md")
    assert layer("live2coursera/index.md") == main
    assert layer("other/index.md") == main  # another page, the parent at the same address
    assert rendered == ["live2coursera/index.md"]
    dated = layer("live2coursera/2021-01-01.md")  # the parent's address differs from here
    assert dated != main and dated.replace('href="../../privacy/"', 'href="../privacy/"') == main
    archived = layer("live2coursera/index.md", state="archived: <from> & to")
    assert archived != main and len(rendered) == 2  # the state is put in the marker's place, not rendered again
    layer("live2coursera/index.md", shipped=False)
    layer("live2coursera/index.md", shipped=False)
    assert len(rendered) == 4  # an overridden template may read anything: rendered every time
    rows, tables = glance_layer.version_glance(version)
    for state, html in (("in force", main), ("archived: <from> & to", archived)):
        assert html == renderer.render("glance.html", page=PageContext("live2coursera/index.md", version.index),
                                       notice=notice, rows=rows, ccpa=tables, state=state, parent=parent)
    # A marker that the layer also holds elsewhere (here: a class name) is not replaced: the layer is rendered.
    monkeypatch.setattr(glance_layer, "_STATE", "notice-glance__lead")
    monkeypatch.setattr(glance_layer, "_SHOWN", OrderedDict())
    rendered.clear()
    assert layer("live2coursera/index.md", state="archived: <from> & to") == archived
    assert len(rendered) == 2


def linear_previous(notice: Notice, version: NoticeVersion) -> NoticeVersion | None:
    """The definition `previous_version` keeps to: the latest version effective before, the first listed of a day."""
    earlier = [v for v in notice.versions if v.effective < version.effective]
    return max(earlier, key=lambda v: v.effective) if earlier else None


def test_the_previous_version_is_found_by_bisection_as_the_definition_finds_it() -> None:
    library = load_library(ROOT)
    for notice in library.notices.values():
        for version in [*notice.versions, *notice.withdrawn]:
            assert previous_version(notice, version) is linear_previous(notice, version)
    notice = library.notices["privacy"]
    first, *rest = notice.versions
    twin = dataclasses.replace(first)  # another version on the same day, listed after the first
    notice.versions = [*reversed(rest), twin, first]  # any order: the lookup is worked out again
    for version in notice.versions:
        assert previous_version(notice, version) is linear_previous(notice, version)
    notice.versions.pop()  # the same list, changed in place
    for version in [*rest, first]:
        assert previous_version(notice, version) is linear_previous(notice, version)


def test_a_field_a_node_cannot_have_is_answered_without_asking_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """`node_attribute` gives what `getattr` gives, without pydantic's `__getattr__` raising for a model that has
    no such field (the index's aliases, the CCPA tables' regions: every entry of every version)."""
    library = load_library(ROOT)
    nodes = [entry.node for notice in library.notices.values() for version in notice.versions
             for entry in version.index.entries]
    names = ("aliases", "jurisdictions", "right", "text", "title", "after", "items", "id", "no_such_field")
    missing = object()
    assert [[node_attribute(n, name, missing) for name in names] for n in nodes] == [
        [getattr(n, name, missing) for name in names] for n in nodes]
    asked: list[str] = []
    model_getattr = BaseModel.__getattr__

    def recorded(self: BaseModel, name: str) -> Any:
        asked.append(name)
        return model_getattr(self, name)  # type: ignore[operator]

    monkeypatch.setattr(BaseModel, "__getattr__", recorded)
    for notice in library.notices.values():
        for version in notice.versions:
            version.index.aliases()
            california_applies(version.data, version.index)
    assert asked == []
