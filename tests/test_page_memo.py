"""Rendered pages kept by content (outputs/page_memo.py): a rebuild renders again exactly the pages whose
inputs changed, and its site is byte for byte a clean build's."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cache_entries
import pytest
from conftest import EXAMPLE_AS_OF
from test_build_path import YEARS, versions_project
from test_cache import AS_OF, copy_example, files_of

from generator.adapters.build import build_site
from generator.library.loader import load_library
from generator.library.project import Notice, NoticeVersion
from generator.outputs.page import Page
from generator.outputs.page_memo import KIND, PageMemo, Shared, from_plain, to_plain
from generator.outputs.paths import compare_src, history_src, notice_src, redline_src, version_src
from generator.outputs.render import default_templates_dir, make_environment
from generator.outputs.site import SiteRenderer
from generator.source.cache import CACHE_DIR, ContentCache

NEWEST = f"{YEARS[-1]}-01-01"
DATES = [f"{year}-01-01" for year in YEARS]
DATED = {version_src("privacy", date) for date in DATES}
COMPARISONS = {redline_src("privacy", date) for date in DATES[1:]} | {
    compare_src("privacy", NEWEST, date) for date in DATES[:-2]}
EVERY_PAGE = {notice_src("privacy"), history_src("privacy")} | DATED | COMPARISONS
WITH_THE_NEWEST = {notice_src("privacy"), history_src("privacy"), version_src("privacy", NEWEST)} | {
    src for src in COMPARISONS if f"/{NEWEST}/" in src}
"""The pages that show the newest version: its own, the notice's address, the history, its comparisons."""


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The pages a build renders through Jinja (by source path): those the memo did not have."""
    pages: set[str] = set()
    render = SiteRenderer.render

    def spy(self: SiteRenderer, template: str, **context: Any) -> str:
        if template in ("notice.md", "history.md", "redline.md"):
            pages.add(context["page"].src)
        return render(self, template, **context)

    monkeypatch.setattr(SiteRenderer, "render", spy)
    return pages


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_newest_text(project: Path) -> None:
    edit(project / "notices" / "privacy" / f"{NEWEST}.yaml", "since 2021", "ever since 2021")


def edit_newest_summary(project: Path) -> None:
    edit(project / "notices" / "privacy" / f"{NEWEST}.yaml", "summary: First version.", "summary: Newest words.")


def edit_title(project: Path) -> None:
    edit(project / "notices" / "privacy" / "notice.yaml", "title: Privacy Notice", "title: Our Privacy Notice")


def edit_site(project: Path) -> None:
    edit(project / "site_config" / "site.yaml", "organisation: Example Ltd", "organisation: Example plc")


def override_template(project: Path) -> None:
    (project / "templates").mkdir(exist_ok=True)
    shipped = (default_templates_dir() / "status.html").read_text(encoding="utf-8")
    (project / "templates" / "status.html").write_text(shipped.replace("It is kept for the record.",
                                                                       "It stays published."), encoding="utf-8")


def rebuilt(tmp_path: Path, spy: set[str] | list[str], change: Callable[[Path], None], *,
            as_of: dt.date = EXAMPLE_AS_OF, first_as_of: dt.date = EXAMPLE_AS_OF,
            make: Callable[[Path], Path] = versions_project, same_folder: bool = False) -> set[str]:
    """Build, make `change`, build again with the first build's cache (into the same site folder if
    `same_folder`): what `spy` saw during the second build. Its site must be byte for byte a clean build's
    of the changed project."""
    project = make(tmp_path / "project")
    build_site(project, first_as_of, tmp_path / ("site" if same_folder else "first"))
    change(project)
    spy.clear()
    cached = files_of(build_site(project, as_of, tmp_path / ("site" if same_folder else "cached")))
    again = set(spy)
    clean_project = tmp_path / "clean-project"
    shutil.copytree(project, clean_project, ignore=shutil.ignore_patterns(CACHE_DIR.parts[0]))
    clean = files_of(build_site(clean_project, as_of, tmp_path / "clean"))
    assert cached.keys() == clean.keys()
    assert [name for name in clean if clean[name] != cached[name]] == []
    return again


def test_an_unchanged_rebuild_renders_no_page_again(tmp_path: Path, rendered: set[str]) -> None:
    project = versions_project(tmp_path / "project")
    first = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "first"))
    assert rendered == EVERY_PAGE
    assert len(cache_entries.stored(project, KIND)) == len(EVERY_PAGE)
    rendered.clear()
    again = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "again"))
    assert rendered == set()
    assert again == first


@pytest.mark.parametrize(("change", "again"), [
    (edit_newest_text, WITH_THE_NEWEST - {history_src("privacy")}),  # the history shows no text
    (edit_newest_summary, WITH_THE_NEWEST),
    (edit_title, EVERY_PAGE),
    (edit_site, EVERY_PAGE),
    (override_template, EVERY_PAGE),
])
def test_a_change_renders_again_exactly_the_pages_that_show_it(
        tmp_path: Path, rendered: set[str], change: Callable[[Path], None], again: set[str]) -> None:
    assert rebuilt(tmp_path, rendered, change) == again


def test_the_as_of_date_keeps_dated_pages_until_it_crosses_an_effective_date(
        tmp_path: Path, rendered: set[str]) -> None:
    # Within one period, only the pages whose context holds the date itself are rendered again.
    assert rebuilt(tmp_path / "within", rendered, lambda project: None,
                   as_of=EXAMPLE_AS_OF + dt.timedelta(days=30)) == {notice_src("privacy")}
    # Across an effective date (the example's 2027 version takes effect), the two versions' states change;
    # the supplement's only version stays as it was.
    again = rebuilt(tmp_path / "across", rendered, lambda project: None, as_of=AS_OF, make=copy_example)
    assert {version_src("privacy", "2021-01-01"), version_src("privacy", "2027-03-01")} <= again
    assert version_src("live2coursera", "2021-01-01") not in again


def test_the_history_is_rendered_again_when_an_edit_changes_an_outcome_it_shows(
        tmp_path: Path, rendered: set[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The history is kept by what it shows, the versions' outcomes among it: an edit of a version's text that
    changes the version's outcome (here, as if its classification changed) renders the history again."""
    project = versions_project(tmp_path / "project")
    build_site(project, EXAMPLE_AS_OF, tmp_path / "first")
    edit_newest_text(project)
    real = SiteRenderer.outcome
    shown = {"material": "Material change", "editorial": "Editorial change"}
    outcomes: list[str | None] = []

    def other(self: SiteRenderer, notice: Notice, version: NoticeVersion) -> str | None:
        outcome = real(self, notice, version)
        if version.effective.isoformat() == NEWEST:
            outcomes.append(outcome)
            return "editorial" if outcome == "material" else "material"
        return outcome

    monkeypatch.setattr(SiteRenderer, "outcome", other)
    rendered.clear()
    site = build_site(project, EXAMPLE_AS_OF, tmp_path / "edited")
    assert history_src("privacy") in rendered
    history = (site / "privacy" / "history" / "index.html").read_text(encoding="utf-8")
    assert shown["editorial" if outcomes[0] == "material" else "material"] in history


def test_an_overridden_template_is_handed_the_whole_library_and_stays_exact(tmp_path: Path, rendered: set[str]) -> None:
    """A project's notice.md may show anything its context reaches, such as the newest version's summary
    on every dated page: those pages are then keyed by the whole library, and an edit renders them all."""
    def show_newest_summary(project: Path) -> None:
        (project / "templates").mkdir()
        shipped = (default_templates_dir() / "notice.md").read_text(encoding="utf-8")
        (project / "templates" / "notice.md").write_text(
            shipped + "\n<p>Latest: {{ timeline.periods[-1].version.data.summary }}</p>\n", encoding="utf-8")
        edit_newest_summary(project)

    project = versions_project(tmp_path / "project")
    show_newest_summary(project)
    build_site(project, EXAMPLE_AS_OF, tmp_path / "first")
    edit(project / "notices" / "privacy" / f"{NEWEST}.yaml", "summary: Newest words.", "summary: Newer words.")
    rendered.clear()
    site = build_site(project, EXAMPLE_AS_OF, tmp_path / "edited")
    assert rendered >= DATED
    oldest = (site / "privacy" / DATES[0] / "index.html").read_text(encoding="utf-8")
    assert "Latest: Newer words." in oldest


def test_a_damaged_entry_is_rendered_again(tmp_path: Path, rendered: set[str]) -> None:
    project = versions_project(tmp_path / "project")
    first = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "first"))
    first_key, second_key = list(cache_entries.stored(project, KIND))[:2]
    cache_entries.overwrite(project, KIND, first_key, '{"src": 1}')
    cache_entries.overwrite(project, KIND, second_key, "{not json")
    rendered.clear()
    assert files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "again")) == first
    assert len(rendered) == 2


def test_a_page_survives_the_trip_through_the_cache() -> None:
    page = Page("privacy/index.md", "# Title\n", "Privacy", True, {"title": "T", "search": {"exclude": True}})
    assert from_plain(to_plain(page)) == page and from_plain(to_plain(page)).meta == page.meta
    assert to_plain(Page("a.pdf", b"%PDF")) is None
    assert from_plain({**to_plain(page), "in_nav": "yes"}) is None  # type: ignore[dict-item]


def test_only_the_shipped_templates_are_read_narrowly(tmp_path: Path) -> None:
    project = versions_project(tmp_path / "project")
    memo = PageMemo(ContentCache(None), make_environment(project), load_library(project), EXAMPLE_AS_OF)
    assert memo.is_shipped("notice.md") and memo.is_shipped("redline.md")
    (project / "templates").mkdir()
    (project / "templates" / "blocks.html").write_text("{% macro section(page, s, l) %}{% endmacro %}",
                                                      encoding="utf-8")
    memo = PageMemo(ContentCache(None), make_environment(project), load_library(project), EXAMPLE_AS_OF)
    assert not memo.is_shipped("notice.md")  # it imports blocks.html
    assert memo.is_shipped("redline.md")
    assert memo.key_of("a", narrow=["x"], templates=["notice.md"]) == memo.key_of("a")
    assert memo.key_of("a", narrow=["x"], templates=["redline.md"]) != memo.key_of("a")


def test_a_comparison_page_is_stored_without_its_redline_and_put_together_again(
        tmp_path: Path, rendered: set[str]) -> None:
    """The cache holds a comparison's redline once, as a redline: the comparison page's entry holds what is around
    it, and a rebuild puts the page together again from both, byte for byte; without the redline it renders."""
    project = versions_project(tmp_path / "project")
    first = files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "first"))
    redlines = cache_entries.stored(project, "redline")
    entries = [json.loads(text) for text in cache_entries.stored(project, KIND).values()]
    shared = [entry for entry in entries if "shared" in entry]
    assert {entry["src"] for entry in shared} == COMPARISONS
    for entry in shared:
        kind, key = entry["shared"]
        assert kind == "redline" and len(entry["content"]) == 2
        assert json.loads(redlines[key]) not in "".join(entry["content"])
    contents = ["".join(entry["content"]) if "shared" in entry else entry["content"] for entry in entries]
    assert not [src for src in map(json.loads, redlines.values()) for content in contents if src in content]
    rendered.clear()
    assert files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "again")) == first
    assert rendered == set()
    missing = shared[0]["shared"][1]
    cache_entries.overwrite(project, "redline", missing, "{not json")
    assert files_of(build_site(project, EXAMPLE_AS_OF, tmp_path / "without")) == first
    assert rendered == {entry["src"] for entry in shared if entry["shared"][1] == missing}


def test_a_page_without_its_shared_text_once_is_stored_whole() -> None:
    page = Page("privacy/x/redline.md", "<p>a</p>\n<p>a</p>\n", "T")
    assert to_plain(page, Shared("redline", "k", "<p>a</p>")) == to_plain(page)
    assert to_plain(page, Shared("redline", "k")) == to_plain(page)
    once = to_plain(page, Shared("redline", "k", "<p>a</p>\n<p>"))
    assert once is not None and once["content"] == ["", "a</p>\n"] and once["shared"] == ["redline", "k"]
    assert from_plain(once) is None  # no cache to take the shared text from
