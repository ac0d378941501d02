"""Small screens and paper in a real browser: at 390 px nothing is cut off or pushed off the side, the jump links
are there, and printing leaves only the notice."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ARTIFACTS, ROOT

from generator.adapters.build import build_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

ANNOUNCED = date(2026, 12, 1)
PHONE = {"width": 390, "height": 844}
PAGES = ["", "privacy/", "privacy/history/", "privacy/2027-03-01/", "privacy/2027-03-01/redline/",
         "live2coursera/history/", "privacy/compliance/", "404.html"]
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
    .filter(element => {
        const box = element.getBoundingClientRect();
        // Material keeps its closed drawer and search panel off-screen on purpose: only what shows counts.
        return box.width > 0 && box.height > 0 && element.checkVisibility({visibilityProperty: true})
            && !element.closest('.md-sidebar--primary, .md-search, [hidden]') && box.right > window.innerWidth + 0.5;
    })
    .map(element => `${element.tagName.toLowerCase()}.${element.className}: right edge ${Math.round(
        element.getBoundingClientRect().right)}`)"""


@pytest.fixture(scope="module")
def site_with_compliance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as of ANNOUNCED, with the compliance pages published (they are off by default)."""
    project = tmp_path_factory.mktemp("compliance-on")
    for name in ("notices", "site_config", "templates"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    settings = project / "site_config" / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "compliance:\n  publish_page: true\n",
                        encoding="utf-8")
    return build_site(project, ANNOUNCED, project / "site")


@pytest.fixture
def phone(browser: Browser) -> Page:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_nothing_overflows_a_390_px_screen(phone: Page, site_with_compliance: Path,
                                           serve_site: Callable[[Path], str], path: str) -> None:
    phone.goto(serve_site(site_with_compliance) + path)
    phone.wait_for_load_state("networkidle")
    for details in phone.locator("article details").all():  # folded rows must fit too
        details.evaluate("element => element.open = true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=ARTIFACTS / f"390-{path.strip('/').replace('/', '-') or 'home'}.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.evaluate(OVERFLOWING) == []


def test_history_rows_become_labelled_cards(phone: Page, site_with_compliance: Path,
                                            serve_site: Callable[[Path], str]) -> None:
    phone.goto(serve_site(site_with_compliance) + "privacy/history/")
    cell = phone.locator("tbody tr").first.locator("td").nth(3)
    label = cell.evaluate("element => getComputedStyle(element, '::before').content")
    assert label == '"Summary"'
    assert phone.locator("thead").evaluate("element => element.getBoundingClientRect().height") <= 1


def test_jump_links_show_on_a_phone_and_reach_their_section(phone: Page, site_with_compliance: Path,
                                                            serve_site: Callable[[Path], str]) -> None:
    phone.goto(serve_site(site_with_compliance) + "privacy/")
    jump = phone.locator("nav.notice-jump")
    jump.locator("summary").click()
    jump.get_by_role("link", name="Retention of Personally Identifiable Information").click()
    phone.wait_for_url("**/privacy/#retention")
    assert phone.locator("#retention").evaluate(
        "element => { const box = element.getBoundingClientRect(); return box.top >= 0 && box.top < innerHeight; }")


def test_jump_links_give_way_to_the_sidebar_on_a_wide_screen(page: Page, site_with_compliance: Path,
                                                             serve_site: Callable[[Path], str]) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(serve_site(site_with_compliance) + "privacy/")
    assert not page.locator("nav.notice-jump").is_visible()
    assert page.locator("nav.md-nav--secondary").locator("visible=true").count() == 1


def test_print_shows_the_notice_alone(page: Page, site_with_compliance: Path,
                                      serve_site: Callable[[Path], str]) -> None:
    page.goto(serve_site(site_with_compliance) + "privacy/")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-banner", "nav.notice-jump"):
        assert not page.locator(chrome).first.is_visible(), f"{chrome} is printed"
    assert page.locator("article h2#key-information").is_visible()
    assert page.locator("#effective-bottom").is_visible()
    link = page.locator("article a[href^='http']").first
    href = link.get_attribute("href")
    assert link.evaluate("element => getComputedStyle(element, '::after').content") == f'" <{href}>"'
