"""The Atom feeds of changes, read by a real feed parser (feedparser), and the Revisions list on notice pages.

At 2021-06-01 only the first versions are published; at 2026-12-01 the revision effective 2027-03-01 has
been announced (2026-11-15), so it heads the feeds, dated by its announcement and linking to its redline.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from generator.library.loader import load_library
from generator.outputs.feed import feed_entries

SITE_URL = "https://privacy.coursera.org/"
BEFORE, DURING = dt.date(2021, 6, 1), dt.date(2026, 12, 1)


def parse(site: Path, path: str) -> Any:
    feed = feedparser.parse((site / path).read_bytes())
    assert not feed.bozo, f"{path} is not a well-formed feed: {feed.get('bozo_exception')}"
    assert feed.version == "atom10"
    return feed


def day(struct: time.struct_time) -> dt.date:
    return dt.date(struct.tm_year, struct.tm_mon, struct.tm_mday)


def local_page(site: Path, url: str) -> Path:
    """The built file an absolute URL of the site points to."""
    assert url.startswith(SITE_URL), url
    return site / url.removeprefix(SITE_URL) / "index.html"


def alternate(entry: Any) -> str:
    return next(link.href for link in entry.links if link.rel == "alternate")


@pytest.mark.parametrize(("as_of", "path", "expected"), [
    (BEFORE, "feed.xml", [("live2coursera", "2021-01-01"), ("privacy", "2021-01-01")]),
    (BEFORE, "privacy/feed.xml", [("privacy", "2021-01-01")]),
    (DURING, "feed.xml", [("privacy", "2027-03-01"), ("live2coursera", "2021-01-01"), ("privacy", "2021-01-01")]),
    (DURING, "privacy/feed.xml", [("privacy", "2027-03-01"), ("privacy", "2021-01-01")]),
    (DURING, "live2coursera/feed.xml", [("live2coursera", "2021-01-01")]),
])
def test_feed_lists_published_versions_newest_first(build_example: Callable[[dt.date], Path], as_of: dt.date,
                                                    path: str, expected: list[tuple[str, str]]) -> None:
    site = build_example(as_of)
    feed = parse(site, path)
    assert [e.id.rsplit(":", 1)[1].split("/") for e in feed.entries] == [list(pair) for pair in expected]
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link == SITE_URL + path
    assert feed.feed.author == "Coursera, Inc."
    assert day(feed.feed.updated_parsed) == max(day(e.updated_parsed) for e in feed.entries)
    for entry in feed.entries:
        title = r"(Live2Coursera )?Privacy Notice: version effective \w+ \d{1,2}, \d{4}( \(illustrative\))?"
        assert re.fullmatch(title, entry.title)
        assert entry.summary
        assert local_page(site, alternate(entry)).exists(), f"{alternate(entry)} is not a page of the site"


def test_announced_revision_links_to_its_redline(build_example: Callable[[dt.date], Path]) -> None:
    site = build_example(DURING)
    latest = parse(site, "privacy/feed.xml").entries[0]
    assert latest.title == "Privacy Notice: version effective March 1, 2027 (illustrative)"
    assert day(latest.updated_parsed) == dt.date(2026, 11, 15)  # announced, not effective
    assert alternate(latest) == SITE_URL + "privacy/2027-03-01/redline/"
    assert "skills assessments" in latest.summary
    first = parse(site, "privacy/feed.xml").entries[1]
    assert alternate(first) == SITE_URL + "privacy/2021-01-01/"  # nothing to compare a first version with
    assert day(first.updated_parsed) == dt.date(2021, 1, 1)


def test_unannounced_future_version_is_not_in_the_feed() -> None:
    library = load_library(ROOT)
    announced = dt.date(2026, 11, 15)
    notices = list(library.notices.values())
    assert all(e.version.effective.year == 2021 for e in feed_entries(notices, announced - dt.timedelta(days=1)))
    assert feed_entries(notices, announced)[0].version.effective == dt.date(2027, 3, 1)


def test_pages_link_their_feeds(build_example: Callable[[dt.date], Path]) -> None:
    site = build_example(DURING)
    head = BeautifulSoup((site / "privacy" / "history" / "index.html").read_text(encoding="utf-8"), "html.parser")
    feeds = {link["title"]: link["href"] for link in head.select('link[rel=alternate][type="application/atom+xml"]')}
    assert feeds == {"Coursera, Inc. privacy notices: changes": "../../feed.xml",
                     "Privacy Notice: changes": "../feed.xml"}
    visible = head.select_one("article a[type='application/atom+xml']")
    assert visible is not None and visible["href"] == "../feed.xml"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [link["href"] for link in home.select('link[type="application/atom+xml"]')] == ["feed.xml"]


# --- the Revisions list ------------------------------------------------------------------------------------------


def revisions(site: Path, page: str) -> list[tuple[str, bool]]:
    """(text, is the version shown) of each item of a notice page's Revisions list."""
    html = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    heading = html.select_one("article h2#revisions")
    assert heading is not None and heading.find_parent(class_="notice-history") is not None
    return [(" ".join(li.get_text(" ").split()), li.get("aria-current") == "page")
            for li in html.select("article ul.notice-revisions > li")]


def test_revisions_list_every_version_newest_first(build_example: Callable[[dt.date], Path]) -> None:
    items = revisions(build_example(DURING), "privacy")
    assert [text.split(" : ")[0] for text, _ in items] == ["March 1, 2027", "January 1, 2021"]
    assert items[0][0].endswith("(upcoming) (illustrative)") and not items[0][1]
    assert items[1][0].endswith("(this version)") and items[1][1]
    later = revisions(build_example(dt.date(2027, 6, 1)), "privacy")
    assert [shown for _, shown in later] == [True, False]
    assert revisions(build_example(BEFORE), "live2coursera") == [
        ("January 1, 2021 : Live2Coursera Privacy Notice as published by Coursera, effective January 1, 2021. "
         "(this version)", True)]
