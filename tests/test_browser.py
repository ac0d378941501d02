"""The example site in a real browser: navigation, search and accessibility, as readers meet them.

Runs Debian's Chromium through Playwright against the site served over HTTP (the search worker
needs http://, not file://). Requests to other hosts are blocked, so the tests need no network.
Full-page screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from conftest import ARTIFACTS

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips the tests (fails them on CI) and says why
    expect = None

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = pytest.mark.browser

EFFECTIVE = "Effective: January 1, 2021."
PAGES = {"home": "", "privacy": "privacy/", "live2coursera": "live2coursera/"}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def blocked_requests() -> list[str]:
    """URLs the page tried to fetch from hosts other than the local server."""
    return []


@pytest.fixture
def site(page: Page, blocked_requests: list[str]) -> Page:
    """The browser page, with every request to a host other than the local server blocked and recorded."""

    def local_only(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked_requests.append(route.request.url)
            route.abort()

    page.context.route("**/*", local_only)
    return page


def test_privacy_page_title(site: Page, served_site: str) -> None:
    site.goto(served_site + PAGES["privacy"])
    expect(site).to_have_title(re.compile("Privacy Notice"))


def test_effective_date_visible_at_top_and_bottom(site: Page, served_site: str) -> None:
    site.goto(served_site + PAGES["privacy"])
    dates = site.locator("article p", has_text=EFFECTIVE)
    expect(dates).to_have_count(2)
    top, bottom = dates.first, dates.last
    expect(top).to_have_text(EFFECTIVE)
    expect(top).to_be_visible()
    expect(top).to_be_in_viewport()  # readers see it without scrolling
    expect(bottom).to_have_text(EFFECTIVE)
    expect(bottom).to_be_visible()
    bottom.scroll_into_view_if_needed()
    expect(bottom).to_be_in_viewport()


def test_table_of_contents_link_moves_to_its_section(site: Page, served_site: str) -> None:
    site.goto(served_site + PAGES["privacy"])
    # Material renders the TOC twice (right-hand sidebar, and inside the drawer for narrow screens).
    link = site.locator('nav.md-nav--secondary a[href="#what-information-we-collect"]').locator("visible=true")
    expect(link).to_have_count(1)
    heading = site.locator("#what-information-we-collect")
    expect(heading).not_to_be_in_viewport()
    link.click()
    expect(site).to_have_url(re.compile(r"#what-information-we-collect$"))
    expect(heading).to_be_in_viewport()
    expect(heading).to_have_text(re.compile("^What Information We Collect"))


def test_privacy_and_supplement_link_to_each_other(site: Page, served_site: str) -> None:
    site.goto(served_site + PAGES["privacy"])
    site.locator("article").get_by_role("link", name="Live2Coursera Privacy Notice", exact=True).click()
    expect(site).to_have_url(served_site + PAGES["live2coursera"])
    expect(site).to_have_title(re.compile("^Live2Coursera Privacy Notice"))
    site.locator("article").get_by_role("link", name="Privacy Notice", exact=True).first.click()
    expect(site).to_have_url(served_site + PAGES["privacy"])
    expect(site).to_have_title(re.compile("^Privacy Notice"))


def test_search_finds_live2coursera(site: Page, served_site: str) -> None:
    site.goto(served_site + PAGES["privacy"])
    search = site.locator("input.md-search__input")
    site.keyboard.press("/")  # Material's shortcut; clicking the field works too
    if not search.evaluate("element => element === document.activeElement"):
        search.click()
    site.keyboard.type("Live2Coursera")
    results = site.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    hrefs = site.locator("a.md-search-result__link").evaluate_all("links => links.map(link => link.href)")
    paths = [urlsplit(href).path for href in hrefs]
    assert urlsplit(served_site).path + PAGES["live2coursera"] in paths, f"no result links to the supplement: {hrefs}"


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        nodes = len(violation["nodes"])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} [{nodes} node(s)]")
        for node in violation["nodes"][:10]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(site: Page, served_site: str, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    site.goto(served_site + PAGES[name])
    site.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    site.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    violations = Axe().run(site).response["violations"]
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(violations, indent=2), encoding="utf-8")
    if violations:
        print(f"\naxe on {name} ({PAGES[name] or '/'}):\n{describe(violations)}")
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe found serious or critical violations on {name}:\n{describe(blocking)}"


def test_pages_make_no_third_party_requests(site: Page, served_site: str, blocked_requests: list[str]) -> None:
    for path in PAGES.values():
        site.goto(served_site + path)
        site.wait_for_load_state("networkidle")
    assert not blocked_requests, f"requests to other hosts: {sorted(set(blocked_requests))}"
