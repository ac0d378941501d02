"""Readers find the right version, and internal pages stay internal: titles that say the state, the canonical
address, the sitemap, the search index, illustrative and draft labels, and the compliance report kept off the site.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import ROOT

from generator.adapters.build import build_site
from generator.adapters.cli import main
from tests.project import MKDOCS, NOTICE, SITE, VERSION, make_project

SITE_URL = "https://privacy.coursera.org/"
BEFORE, ANNOUNCED, AFTER = date(2021, 6, 1), date(2026, 12, 1), date(2027, 6, 1)


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def title(site: Path, path: str) -> str:
    return soup(site, path).title.get_text()


def heading(site: Path, path: str) -> str:
    return soup(site, path).select_one("article h1").get_text(" ", strip=True).removesuffix("¶").strip()


def sitemap(site: Path) -> list[str]:
    return re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))


def searchable(site: Path) -> set[str]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["location"].split("#")[0] for doc in index["docs"]}


@pytest.mark.parametrize(("as_of", "path", "state"), [
    (BEFORE, "privacy", "in force since January 1, 2021"),
    (BEFORE, "privacy/2021-01-01", "in force since January 1, 2021"),
    (ANNOUNCED, "privacy/2027-03-01", "upcoming: takes effect March 1, 2027 (illustrative)"),
    (AFTER, "privacy", "in force since March 1, 2027 (illustrative)"),
    (AFTER, "privacy/2021-01-01", "archived: in force from January 1, 2021 to February 28, 2027"),
])
def test_title_and_heading_say_the_state(build_example: Callable[[date], Path], as_of: date, path: str,
                                         state: str) -> None:
    site = build_example(as_of)
    assert title(site, path) == f"Privacy Notice — {state} - Coursera Privacy Center"
    assert heading(site, path) == f"Privacy Notice — {state}"


def test_dated_copy_of_the_version_in_force_points_to_the_notice(build_example: Callable[[date], Path]) -> None:
    site = build_example(BEFORE)
    canonical = soup(site, "privacy/2021-01-01").find("link", rel="canonical")["href"]
    assert canonical == SITE_URL + "privacy/"
    assert soup(site, "privacy").find("link", rel="canonical")["href"] == SITE_URL + "privacy/"
    # An archived version is its own address: its canonical is itself, and the sitemap lists it.
    archived = build_example(AFTER)
    own = soup(archived, "privacy/2021-01-01").find("link", rel="canonical")["href"]
    assert own == SITE_URL + "privacy/2021-01-01/"
    assert SITE_URL + "privacy/2021-01-01/" in sitemap(archived)
    locations = sitemap(site)
    assert locations.count(SITE_URL + "privacy/") == 1, "the dated copy must not repeat the notice's address"
    assert SITE_URL + "privacy/2027-03-01/" in locations


def test_search_index_holds_the_versions_in_force_only(build_example: Callable[[date], Path]) -> None:
    site = build_example(ANNOUNCED)
    assert searchable(site) == {"", "privacy/", "privacy/history/", "live2coursera/", "live2coursera/history/"}
    assert (site / "privacy" / "2027-03-01" / "redline" / "index.html").exists()  # published, only not indexed


def test_revisions_list_on_the_main_page_only(build_example: Callable[[date], Path]) -> None:
    site = build_example(ANNOUNCED)
    main_page, dated = soup(site, "privacy"), soup(site, "privacy/2027-03-01")
    assert [li["id"] for li in main_page.select("ul.notice-revisions li")] == ["revision-2027-03-01",
                                                                                "revision-2021-01-01"]
    assert dated.find(id="revisions") is None and not dated.select("ul.notice-revisions")
    assert dated.select_one("p.notice-history a")["href"] == "../history/"


def test_illustrative_version_is_labelled_at_the_top_in_the_banner_and_in_the_feed(
        build_example: Callable[[date], Path]) -> None:
    site = build_example(ANNOUNCED)
    article = soup(site, "privacy/2027-03-01").select_one("article")
    label = article.select_one("#label-illustrative")
    assert label is not None and "Illustrative version: not a real Coursera, Inc. notice" in label.get_text()
    assert label.find_previous("h2") is None and label.find_next("h2") is not None
    banner = soup(site, "privacy").select_one(".md-banner .notices-banner").get_text(" ", strip=True)
    assert banner.startswith("Illustrative example, not a real change: Our Privacy Notice changes on")
    assert "Illustrative example" in (site / "banner.html").read_text(encoding="utf-8")
    upcoming = soup(site, "privacy").select_one("#upcoming-2027-03-01").get_text(" ", strip=True)
    assert "(an illustrative example, not a real change)" in upcoming
    entries = {e.link: e.title for e in feedparser.parse((site / "privacy" / "feed.xml").read_bytes()).entries}
    assert entries[SITE_URL + "privacy/2027-03-01/redline/"].endswith("(illustrative)")
    assert entries[SITE_URL + "privacy/2021-01-01/"] == "Privacy Notice: version effective January 1, 2021"
    assert soup(site, "privacy/2021-01-01").select(".notice-label") == []


def test_unannounced_upcoming_version_is_labelled_draft(tmp_path: Path) -> None:
    draft = VERSION.replace("effective: 2021-01-01", "effective: 2030-01-01").replace("First version.", "Next.")
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": VERSION,
                                                "2030-01-01.yaml": draft}})
    site = build_site(tmp_path, date(2029, 1, 1), tmp_path / "site")
    assert heading(site, "privacy/2030-01-01") == "Privacy Notice — upcoming: takes effect January 1, 2030 (draft)"
    assert "Draft: not yet announced" in soup(site, "privacy/2030-01-01").select_one("#label-draft").get_text()
    assert soup(site, "privacy").select(".notice-label") == []


def test_compliance_page_is_off_by_default(build_example: Callable[[date], Path]) -> None:
    site = build_example(BEFORE)
    assert not (site / "privacy" / "compliance").exists()
    assert not [loc for loc in sitemap(site) if "compliance" in loc]


def test_a_published_compliance_page_is_noindex_and_out_of_sitemap_and_search(tmp_path: Path) -> None:
    make_project(tmp_path, site=SITE + "compliance:\n  publish_page: true\n")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS.replace("  - notices", "  - search\n  - notices"), encoding="utf-8")
    site = build_site(tmp_path, date(2021, 6, 1), tmp_path / "site")
    page = soup(site, "privacy/compliance")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "Privacy Notice: compliance" in page.select_one("article h1").get_text()
    assert not [loc for loc in sitemap(site) if "compliance" in loc]
    assert "privacy/compliance/" not in searchable(site)
    assert soup(site, "privacy").find("meta", attrs={"name": "robots"}) is None


def test_check_html_writes_an_internal_report(tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["check", "--html", str(out), "--as-of", "2021-06-01", "--root", str(ROOT)])
    assert result.exit_code == 1, result.output  # the example fails required checks
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "live2coursera.html", "privacy.html"]
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    assert [a["href"] for a in index.select("tbody a")] == ["live2coursera.html", "privacy.html"]
    report = BeautifulSoup((out / "privacy.html").read_text(encoding="utf-8"), "html.parser")
    assert report.find(id="jurisdiction-eu").name == "h2"
    assert report.select("tr.compliance-failed")
    links = [a["href"] for a in report.select("td a")]
    # Items of the version in force and of the upcoming one, on the published site.
    pages = {link.split("#")[0] for link in links}
    assert pages == {SITE_URL + "privacy/2021-01-01/", SITE_URL + "privacy/2027-03-01/"}
    assert not report.find("script") and "<link" not in str(report)
