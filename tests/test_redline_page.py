"""The example's redline page as readers see it: a summary in plain words, a table of contents, every entry linked."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import EXAMPLE_AS_OF, ROOT
from ruamel.yaml import YAML

from generator.adapters.build import build_site
from generator.adapters.cli import main
from generator.library.loader import load_library
from generator.library.project import Library
from generator.library.timeline import Timeline
from generator.outputs.comparisons import Comparisons
from generator.outputs.page import Page
from generator.outputs.site import render_pages
from tests.project import NOTICE, SITE, VERSION, make_project

REDLINE = "privacy/2027-03-01/redline/index.html"


def ids_in(data: Any) -> Iterator[str]:
    """Every `id` value anywhere in a version's data."""
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            yield data["id"]
        for value in data.values():
            yield from ids_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from ids_in(value)


@pytest.fixture(scope="module")
def page(build_example: Callable[[date], Path]) -> BeautifulSoup:
    html = (build_example(EXAMPLE_AS_OF) / REDLINE).read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_the_summary_names_things_and_shows_no_yaml_id_or_key(page: BeautifulSoup) -> None:
    # The entries, not the headings: "Summary of changes" is English, though "changes" is also a section's id.
    entries = page.select(".redline-summary .redline-change")
    assert entries
    text = " ".join(" ".join(entry.get_text(" ") for entry in entries).split())
    versions = load_library(ROOT).notices["privacy"].versions
    ids = {i for v in versions for i in ids_in(YAML(typ="safe").load(v.path.read_text(encoding="utf-8")))}
    assert len(ids) > 100
    # An id as a word of its own; "dpo" inside "dpo@coursera.org" is the address, not the id.
    leaked = sorted(i for i in ids if re.search(rf"(?<![\w@.\-]){re.escape(i)}(?![\w@\-])", text))
    assert leaked == []
    for key in ("category:", "position:", "legal bases:", "email:", "data:"):
        assert key not in text
    assert "e-mail address changed from security@coursera.org to dpo@coursera.org" in text
    assert "shared with: “Learning-analytics providers”" in text


def test_every_summary_entry_and_contents_entry_links_to_its_place(page: BeautifulSoup) -> None:
    anchors = {element["id"] for element in page.select("[id]")}
    entries = page.select(".redline-change")
    assert len(entries) == 9  # 8 changes of the revision, and the corrected UK Representative
    for entry in entries:
        link = entry.find("a")
        assert link is not None, entry.get_text()
        assert link["href"].lstrip("#") in anchors, link["href"]
    toc = page.select(".redline-toc a")
    assert [a.get_text() for a in toc][:2] == ["Summary of changes", "Information collected"]
    assert "External Links" in [a.get_text() for a in toc]
    assert all(a["href"].lstrip("#") in anchors for a in toc)
    contact = next(e for e in entries if "Data Protection Officer" in e.get_text())
    target = page.find(id=contact.find("a")["href"].lstrip("#"))
    assert target is not None and "dpo@coursera.org" in target.get_text()


def versions(count: int, *, first_year: int = 2021) -> dict[str, str]:
    """`count` versions a year apart, each rewording the one sentence of the one before (editorially)."""
    files = {"notice.yaml": NOTICE}
    for n in range(count):
        year = first_year + n
        decided = f"change:\n  material: false\n  decided_by: Jane Doe, Legal\n  decided_on: {year - 1}-12-01\n"
        files[f"{year}-01-01.yaml"] = VERSION.replace("effective: 2021-01-01", f"effective: {year}-01-01").replace(
            "We are Example Ltd.", f"We are Example Ltd, version {n + 1}.") + (decided if n else "")
    return files


def comparison_srcs(pages: list[Page]) -> list[str]:
    return [p.src for p in pages if re.fullmatch(r"privacy/[\d-]+/(redline|compare/[\d-]+)\.md", p.src)]


def test_each_version_is_compared_with_the_one_before_and_the_one_in_force_only(tmp_path: Path) -> None:
    """Ten versions, the sixth in force: 9 redlines, and 8 comparisons with the sixth (its neighbours have redlines)."""
    make_project(tmp_path, notices={"privacy": versions(10)})
    pages = render_pages(load_library(tmp_path), date(2026, 6, 1))
    srcs = comparison_srcs(pages)
    assert len(srcs) <= 2 * 10
    assert sorted(srcs) == sorted(
        [f"privacy/{year}-01-01/redline.md" for year in range(2022, 2031)]
        + [f"privacy/2026-01-01/compare/{year}-01-01.md" for year in range(2021, 2025)]
        + [f"privacy/{year}-01-01/compare/2026-01-01.md" for year in range(2028, 2031)])
    library = replace_site(tmp_path, "compare_all_versions: true\n")
    assert len(comparison_srcs(render_pages(library, date(2026, 6, 1)))) == 10 * 9 // 2


def replace_site(root: Path, extra: str) -> Library:
    (root / "site_config" / "site.yaml").write_text(SITE + extra, encoding="utf-8")
    return load_library(root)


@pytest.mark.parametrize("count", [1, 2, 5, 25])
def test_comparison_pages_grow_linearly_with_the_versions(tmp_path: Path, count: int) -> None:
    make_project(tmp_path, notices={"privacy": versions(count, first_year=1980)})
    for as_of in (date(1979, 1, 1), date(1980 + count // 2, 6, 1), date(2100, 1, 1)):
        assert len(comparison_srcs(render_pages(load_library(tmp_path), as_of))) <= 2 * count


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five versions, the third in force: two archived, two upcoming."""
    root = make_project(tmp_path_factory.mktemp("history"), notices={"privacy": versions(5)})
    return build_site(root, date(2023, 6, 1), root / "site")


def soup_of(site: Path, address: str) -> BeautifulSoup:
    return BeautifulSoup((site / address / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_an_archived_version_compares_with_the_version_in_force(history: Path) -> None:
    compared = soup_of(history, "privacy/2023-01-01/compare/2021-01-01")
    assert compared.h1 is not None
    assert compared.h1.get_text().startswith("Privacy Notice: changes from January 1, 2021 to January 1, 2023")
    assert [d.get_text() for d in compared.select(".redline-document del")] == ["[deleted: 1]"]
    assert [i.get_text() for i in compared.select(".redline-document ins")] == ["[inserted: 3]"]
    assert [(a.get_text(), a["href"]) for a in compared.select(".redline-compare a")] == [
        ("made by the version effective January 1, 2023", "../../redline/")]

    archived = soup_of(history, "privacy/2021-01-01").select_one(".notice-status")
    assert archived is not None
    assert [(a.get_text(), a["href"]) for a in archived.select("a")] == [
        ("Read the current Privacy Notice", "../"),
        ("see what the next version changed", "../2022-01-01/redline/"),
        ("see everything that changed from this version to the current one", "../2023-01-01/compare/2021-01-01/")]
    # The version just before the one in force: the next version's redline is that comparison.
    assert len(soup_of(history, "privacy/2022-01-01").select(".notice-status a")) == 2


def test_a_later_upcoming_version_compares_with_the_version_in_force(history: Path) -> None:
    compared = soup_of(history, "privacy/2025-01-01/compare/2023-01-01")
    assert [(a.get_text(), a["href"]) for a in compared.select(".redline-compare a")] == [
        ("made by the version effective January 1, 2025", "../../redline/")]
    redline = soup_of(history, "privacy/2025-01-01/redline")
    assert [(a.get_text(), a["href"]) for a in redline.select(".redline-compare a")] == [
        ("from the version in force to the version effective January 1, 2024", "../../2024-01-01/redline/"),
        ("from the version in force to the version effective January 1, 2025", "../compare/2023-01-01/")]
    upcoming = soup_of(history, "privacy/2025-01-01").select_one(".notice-status")
    assert upcoming is not None
    assert [a.get_text() for a in upcoming.select("a")] == [
        "current Privacy Notice", "See what changes", "everything that changes from the current version"]


def test_every_link_of_versions_and_comparisons_leads_to_a_built_page(history: Path) -> None:
    pages = [p for p in history.glob("privacy/**/index.html")]
    assert len(pages) > 10
    for page in pages:
        for link in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("article a[href]"):
            href = link["href"].split("#")[0]
            if not href or "://" in href or href.startswith("mailto:"):
                continue
            target = (page.parent / href).resolve()
            assert (target / "index.html" if href.endswith("/") else target).is_file(), (page, href)


def test_notices_diff_compares_any_two_versions_in_every_format(history: Path) -> None:
    """2021 against 2025: no page of the site compares them; the command line does, in every format."""
    assert not (history / "privacy/2025-01-01/compare/2021-01-01").exists()

    def diff(output_format: str) -> str:
        result = CliRunner().invoke(main, ["diff", "privacy", "2021-01-01", "2025-01-01", "--format",
                                           output_format, "--root", str(history.parent)])
        assert result.exit_code == 0, result.output
        return result.output

    assert "We are Example Ltd, version [-1-]{+5+}." in diff("text")
    assert "We are Example Ltd, version <del>1</del><ins>5</ins>." in diff("markdown")
    runs = json.loads(diff("json"))["units"][0]["text"]["runs"]
    assert [(r["op"], r["text"]) for r in runs if r["op"] != "equal"] == [("delete", "1"), ("insert", "5")]
    html = BeautifulSoup(diff("html"), "html.parser")
    assert [d.get_text() for d in html.select("del")] == ["[deleted: 1]"]
    assert [i.get_text() for i in html.select("ins")] == ["[inserted: 5]"]


@pytest.mark.parametrize("as_of", [date(2020, 6, 1), date(2021, 6, 1), date(2023, 6, 1), date(2027, 6, 1),
                                   date(2030, 6, 1)])
def test_pairs_are_the_redline_then_the_version_in_force_whichever_version_is_in_force(
        tmp_path: Path, as_of: date) -> None:
    """Each version's pairs, in order: the version before, then every other older version that is or is in force."""
    library = load_library(make_project(tmp_path, notices={"privacy": versions(10)}))
    timeline = Timeline.of(library.notices["privacy"], as_of)
    comparisons = Comparisons(timeline)
    for period in timeline.periods:
        older = [p.version for p in reversed(timeline.periods) if p.since < period.since]
        current = timeline.current.version if timeline.current else None
        expected = [old for old in older if old is period.previous or current in (period.version, old)]
        assert [old for _, old in comparisons.pairs_of(period)] == expected
        if timeline.current is None or period is timeline.current:
            assert comparisons.in_force_pair(period.version) is None
        elif period.since < timeline.current.since:
            assert comparisons.in_force_pair(period.version) == (timeline.current, period.version)
        else:
            assert comparisons.in_force_pair(period.version) == (period, timeline.current.version)
