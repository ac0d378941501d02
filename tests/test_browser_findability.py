"""Readers find the right version in a real browser: the site search and the titles of each version's page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

ANNOUNCED = date(2026, 12, 1)
"""The 2021 versions are in force, the illustrative 2027 revision is announced: every kind of page exists."""
INTERNAL = re.compile(r"/(compliance|redline|\d{4}-\d{2}-\d{2})/")


def search(page: Page, phrase: str) -> list[str]:
    """The paths of the search results for `phrase`, in the order shown."""
    page.keyboard.press("/")
    field = page.locator("input.md-search__input")
    if not field.evaluate("element => element === document.activeElement"):
        field.click()
    # The whole phrase at once, then one key released: Material searches on keyup, so typing it key by key
    # searched its beginnings too, and a slow machine could show their results first.
    field.fill(phrase)
    field.press("End")
    page.locator(".md-search-result__item").first.wait_for()
    hrefs = page.locator("a.md-search-result__link").evaluate_all("links => links.map(link => link.href)")
    return [urlsplit(href).path for href in hrefs]


@pytest.mark.parametrize("phrase", ["delete your account", "skills assessment", "Live2Coursera instructors"])
def test_search_finds_the_version_in_force_first_and_no_internal_page(
        page: Page, build_example: Callable[[date], Path], serve_site: Callable[[Path], str], phrase: str) -> None:
    base = serve_site(build_example(ANNOUNCED))
    page.goto(base + "privacy/")
    paths = search(page, phrase)
    root = urlsplit(base).path
    assert paths, f"no result for {phrase!r}"
    assert not [p for p in paths if INTERNAL.search(p)], f"archived, upcoming, redline or internal results: {paths}"
    if phrase != "skills assessment":  # a phrase of the upcoming version only: not in force, so not found in it
        assert paths[0] in {root + "privacy/", root + "live2coursera/"}, paths


@pytest.mark.parametrize(("as_of", "path", "expected"), [
    (ANNOUNCED, "privacy/", "Privacy Notice — in force since January 1, 2021"),
    (ANNOUNCED, "privacy/2027-03-01/", "Privacy Notice — upcoming: takes effect March 1, 2027 (illustrative)"),
    (date(2027, 6, 1), "privacy/2021-01-01/",
     "Privacy Notice — archived: in force from January 1, 2021 to February 28, 2027"),
])
def test_each_state_has_its_own_title(page: Page, build_example: Callable[[date], Path],
                                      serve_site: Callable[[Path], str], as_of: date, path: str, expected: str) -> None:
    page.goto(serve_site(build_example(as_of)) + path)
    assert page.title() == f"{expected} - Coursera Privacy Center"
    assert " ".join(page.locator("article h1").inner_text().replace("¶", "").split()) == expected

