"""The "At a glance" layer and the CCPA tables in a real browser, on a phone (390 px) and a desktop (1280 px):
nothing pushes the page sideways, the tables fit or scroll inside their own region, and every link of the layer
lands on the words of the notice it names."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ARTIFACTS
from test_browser_mobile import OVERFLOWING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

ANNOUNCED = date(2026, 12, 1)
WIDTHS = {"phone": 390, "desktop": 1280}
OPEN_FOLDS = "document.querySelectorAll('.notice-glance details').forEach(d => d.open = true)"
# A region scrolls what it cannot fit; its content may be wider than the region, never the page.
UNSCROLLABLE = """() => [...document.querySelectorAll('.notice-glance [role=region]')]
    .filter(region => region.scrollWidth > region.clientWidth + 1 && getComputedStyle(region).overflowX !== 'auto')
    .map(region => region.getAttribute('aria-label') || region.getAttribute('aria-labelledby'))"""


@pytest.fixture(scope="module")
def site_url(build_example: Callable[[date], Path], serve_site: Callable[[Path], str]) -> str:
    return serve_site(build_example(ANNOUNCED))


@pytest.fixture(params=list(WIDTHS))
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page]]:
    width = WIDTHS[request.param]
    phone = request.param == "phone"
    context = browser.new_context(viewport={"width": width, "height": 844 if phone else 900}, device_scale_factor=1,
                                  is_mobile=phone, has_touch=phone)
    context.set_default_timeout(10_000)
    try:
        yield request.param, context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["privacy/", "privacy/2027-03-01/", "live2coursera/"])
def test_the_layer_fits_the_screen_and_its_tables_scroll_in_place(screen: tuple[str, Page], site_url: str,
                                                                  path: str) -> None:
    name, tab = screen
    tab.goto(site_url + path)
    tab.wait_for_load_state("networkidle")
    tab.evaluate(OPEN_FOLDS)
    glance = tab.locator("section.notice-glance")
    assert glance.is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    glance.screenshot(path=ARTIFACTS / f"glance-{WIDTHS[name]}-{path.strip('/').replace('/', '-')}.png")
    assert tab.evaluate("document.documentElement.scrollWidth") <= WIDTHS[name]
    assert tab.evaluate(OVERFLOWING) == []
    assert tab.evaluate(UNSCROLLABLE) == []


def test_on_a_phone_rows_and_ccpa_cells_are_stacked_and_labelled(screen: tuple[str, Page], site_url: str) -> None:
    name, tab = screen
    tab.goto(site_url + "privacy/")
    tab.evaluate(OPEN_FOLDS)
    question = tab.locator("tr#at-a-glance-purposes th")
    answer = tab.locator("tr#at-a-glance-purposes td")
    sources = tab.locator(".notice-glance__ccpa td[data-label='Sources']").first
    label = sources.evaluate("element => getComputedStyle(element, '::before').content")
    question_box, answer_box = question.bounding_box(), answer.bounding_box()
    assert question_box is not None and answer_box is not None
    if name == "phone":
        assert answer_box["y"] >= question_box["y"] + question_box["height"] - 1, "the answer is not under its question"
        assert label == '"Sources"'
    else:
        assert answer_box["x"] > question_box["x"] + question_box["width"] - 1, "the answer is not beside its question"
        assert label in ("none", "normal")
        region = tab.locator(".notice-glance__ccpa").first
        assert region.evaluate("element => element.scrollWidth - element.clientWidth") <= 1, (
            "the CCPA table does not fit a desktop screen")


@pytest.mark.parametrize(("row", "target"), [
    ("information", "collect-site-use"), ("rights", "withdraw-consent"), ("retention", "retention"),
])
def test_a_link_of_the_layer_brings_its_words_into_view(screen: tuple[str, Page], site_url: str, row: str,
                                                         target: str) -> None:
    _, tab = screen
    tab.goto(site_url + "privacy/")
    tab.locator("#at-a-glance > summary").click()
    tab.locator(f"tr#at-a-glance-{row} a[href='#{target}']").first.click()
    tab.wait_for_function(f"location.hash === '#{target}'")
    element = tab.locator(f"article #{target}")
    tab.wait_for_function(f"""() => {{ const box = document.querySelector('article [id="{target}"]')
        .getBoundingClientRect(); return box.top >= 0 && box.top < window.innerHeight; }}""")
    assert element.is_visible()


def test_the_fold_leaves_the_notice_title_in_the_first_screen_and_opens_on_a_tap(screen: tuple[str, Page],
                                                                                 site_url: str) -> None:
    name, tab = screen
    tab.goto(site_url + "privacy/")
    fold = tab.locator("details#at-a-glance")
    assert fold.get_attribute("open") is None
    assert tab.locator("tr#at-a-glance-information").is_hidden()
    title_box = tab.locator("article h1").bounding_box()
    assert title_box is not None and title_box["y"] + title_box["height"] <= tab.viewport_size["height"], (
        "the notice's title is pushed out of the first screen")
    if name == "desktop":
        effective = tab.locator("article p#effective").bounding_box()
        assert effective is not None and effective["y"] + effective["height"] <= tab.viewport_size["height"]
    tab.locator("#at-a-glance > summary").click()
    assert fold.get_attribute("open") is not None
    assert tab.locator("tr#at-a-glance-information").is_visible()


def test_the_open_layer_has_no_serious_accessibility_violation(page: Page, site_url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site_url + "privacy/")
    page.evaluate(OPEN_FOLDS)
    violations = Axe().run(page, context=".notice-glance").response["violations"]
    serious = [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in violations
               if v["impact"] in ("serious", "critical")]
    assert not serious, serious
