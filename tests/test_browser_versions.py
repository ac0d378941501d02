"""Versions in a real browser: the upcoming-version notice, the archived banner and the redline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_current_page_announces_the_upcoming_version(page: Page, build_example: Callable[[date], Path],
                                                     serve_site: Callable[[Path], str]) -> None:
    base = serve_site(build_example(date(2026, 12, 1)))
    page.goto(base + "privacy/")
    banner = page.locator("#upcoming-2027-03-01")
    assert banner.is_visible()
    assert "An updated Privacy Notice takes effect on March 1, 2027" in banner.inner_text()
    assert page.locator("#effective").inner_text() == "Effective: January 1, 2021."
    banner.get_by_role("link", name="see what changes").click()
    page.wait_for_url("**/privacy/2027-03-01/redline/")
    assert page.locator("ins").count() > 0
    assert page.locator("del").count() > 0
    assert "dpo" in page.locator("ins", has_text="dpo").first.inner_text()
    assert "security" in page.locator("del", has_text="security").first.inner_text()
    page.goto(base + "privacy/2027-03-01/")
    assert "This version takes effect on March 1, 2027" in page.locator(".notice-status").inner_text()


def test_archived_version_is_marked_and_links_to_the_current_one(
        page: Page, build_example: Callable[[date], Path], serve_site: Callable[[Path], str]) -> None:
    base = serve_site(build_example(date(2027, 6, 1)))
    page.goto(base + "privacy/")
    assert page.locator(".notice-status").count() == 0
    assert page.locator("#effective").inner_text() == "Effective: March 1, 2027."
    page.goto(base + "privacy/2021-01-01/")
    status = page.locator(".notice-status")
    assert "This version was in force from January 1, 2021 to February 28, 2027" in status.inner_text()
    status.get_by_role("link", name="Read the current Privacy Notice").click()
    page.wait_for_url("**/privacy/")
    assert page.locator("#effective").inner_text() == "Effective: March 1, 2027."
    page.goto(base + "privacy/history/")
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    assert "Archived" in rows.nth(1).inner_text()
    nav = page.locator("nav.md-nav--primary").inner_text()
    assert "2021" not in nav and "history" not in nav.lower()


# The height of the title's words (everything before its permalink), and of the title's box: a hidden
# permalink wrapping onto a line of its own made the box a blank line taller than the words.
TITLE_HEIGHTS = """() => {
    const title = document.querySelector('article h1');
    const words = document.createRange();
    words.selectNodeContents(title);
    const permalink = title.querySelector('.headerlink');
    if (permalink) words.setEndBefore(permalink);
    return [words.getBoundingClientRect().height, title.getBoundingClientRect().height];
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_no_blank_line_under_the_redline_title(page: Page, build_example: Callable[[date], Path],
                                               serve_site: Callable[[Path], str], width: int) -> None:
    """At 1280 px the redline's title just fits its line, as the history page's title does at 390 px."""
    base = serve_site(build_example(date(2026, 12, 1)))
    page.set_viewport_size({"width": width, "height": 900})
    for address in ("privacy/2027-03-01/redline/", "privacy/history/", "privacy/"):
        page.goto(base + address)
        text, title = page.evaluate(TITLE_HEIGHTS)
        assert title - text < 10, (address, text, title)
