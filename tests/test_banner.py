"""The change-notice banner: when it is up (unit tests at the exact boundaries), the standalone snippet, and
the announcement bar in a real browser at as-of dates before, during and after the notice period.

The example's revision is effective 2027-03-01, announced 2026-11-15 and marked material; the site keeps the
banner up for `banner_days_after` (default 30) days after it takes effect: until 2027-03-30 included.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ARTIFACTS, ROOT
from project import NOTICE, SITE, VERSION, make_project

from generator.adapters.build import build_site
from generator.library.loader import load_library
from generator.library.project import Library
from generator.outputs.banner import active_banners, banner_window, render_banner
from generator.outputs.render import make_environment

if TYPE_CHECKING:
    from playwright.sync_api import Page

ANNOUNCED = dt.date(2026, 11, 15)
EFFECTIVE = dt.date(2027, 3, 1)
LAST_DAY = dt.date(2027, 3, 30)  # effective + 30 days - 1
BAR = "[data-md-component=announce] .md-banner"
SITE_URL = "https://privacy.coursera.org/"


@pytest.fixture(scope="module")
def example() -> Library:
    return load_library(ROOT)


# --- when the banner is up -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "shown", "in_effect"), [
    (ANNOUNCED - dt.timedelta(days=1), False, None),
    (ANNOUNCED, True, False),
    (EFFECTIVE - dt.timedelta(days=1), True, False),
    (EFFECTIVE, True, True),
    (LAST_DAY, True, True),
    (LAST_DAY + dt.timedelta(days=1), False, None),
])
def test_banner_is_up_from_the_announcement_to_banner_days_after(
        example: Library, day: dt.date, shown: bool, in_effect: bool | None) -> None:
    banners = active_banners(example, day)
    assert [(b.notice.id, b.effective) for b in banners] == ([("privacy", EFFECTIVE)] if shown else [])
    if shown:
        assert banners[0].in_effect is in_effect
        assert (banners[0].start, banners[0].end) == (ANNOUNCED, LAST_DAY + dt.timedelta(days=1))


def test_first_versions_have_no_banner(example: Library) -> None:
    assert active_banners(example, dt.date(2021, 1, 1)) == []


def second_version(announced: str = "", change: str = "change:\n  material: true\n",
                   effective: str = "2022-03-01", text: str = "We collect your full name.") -> str:
    """A second version of tests/project.py's notice; the text of one item reworded (a legal decision)."""
    head = f"effective: {effective}\nsummary: Second version.\n{announced}{change}"
    return VERSION.replace("effective: 2021-01-01\nsummary: First version.\n", head).replace(
        "We collect your name.", text)


def project(tmp_path: Path, version: str, *, notice: str = NOTICE, site: str = SITE) -> Library:
    files = {"notice.yaml": notice, "2021-01-01.yaml": VERSION, "2022-03-01.yaml": version}
    return load_library(make_project(tmp_path, site=site, notices={"privacy": files}))


def window(library: Library) -> tuple[dt.date, dt.date]:
    notice = library.notices["privacy"]
    return banner_window(library, notice, notice.versions[-1])


def test_without_an_announcement_the_banner_starts_one_notice_period_ahead(tmp_path: Path) -> None:
    library = project(tmp_path / "site", second_version())
    assert window(library) == (dt.date(2022, 1, 30), dt.date(2022, 3, 31))  # the site's 30 days either side
    assert active_banners(library, dt.date(2022, 1, 29)) == []
    assert len(active_banners(library, dt.date(2022, 1, 30))) == 1


def test_notice_and_site_settings_set_the_window(tmp_path: Path) -> None:
    library = project(tmp_path, second_version(), notice=NOTICE + "notice_period_days: 60\n",
                      site=SITE + "banner_days_after: 7\n")
    assert window(library) == (dt.date(2021, 12, 31), dt.date(2022, 3, 8))


def test_a_notice_period_of_zero_days_is_not_the_site_default(tmp_path: Path) -> None:
    library = project(tmp_path, second_version(), notice=NOTICE + "notice_period_days: 0\n")
    assert window(library)[0] == dt.date(2022, 3, 1)


@pytest.mark.parametrize("change", ["", "change:\n  material: false\n"], ids=["editorial", "declared-editorial"])
def test_editorial_changes_get_no_banner(tmp_path: Path, change: str) -> None:
    # Punctuation alone is editorial by the tool's own reading; other words need the lawyer's `material: false`.
    text = "We collect your full name." if change else "We collect your name!"
    library = project(tmp_path, second_version(announced="announced: 2022-01-01\n", change=change, text=text))
    assert active_banners(library, dt.date(2022, 2, 1)) == []


def test_projects_without_a_custom_dir_get_the_banner_too(tmp_path: Path) -> None:
    files = {"notice.yaml": NOTICE, "2021-01-01.yaml": VERSION,
             "2022-03-01.yaml": second_version(announced="announced: 2022-01-01\n")}
    root = make_project(tmp_path / "project", notices={"privacy": files})  # its mkdocs.yml has no custom_dir
    html = (build_site(root, dt.date(2022, 2, 1), tmp_path / "site") / "index.html").read_text(encoding="utf-8")
    assert '<p class="notices-banner" id="banner-privacy-2022-03-01">Our Privacy Notice changes on' in html
    assert 'href="/privacy/2022-03-01/redline/"' in html


def test_banner_text_before_and_after_the_change(example: Library) -> None:
    env = make_environment(ROOT)

    def text(day: dt.date) -> str:
        return render_banner(env, active_banners(example, day), day, lambda src: "/" + src, standalone=False)

    before, after = text(ANNOUNCED), text(EFFECTIVE)
    assert "Our Privacy Notice changes on <time datetime=\"2027-03-01\">March 1, 2027</time>" in before
    assert ">see what changes</a>" in before
    assert "Our Privacy Notice changed on" in after and ">see what changed</a>" in after
    assert text(ANNOUNCED - dt.timedelta(days=1)) == ""


# --- the standalone snippet ------------------------------------------------------------------------------------


def test_snippet_during_the_notice_period(build_example: Callable[[dt.date], Path]) -> None:
    snippet = (build_example(dt.date(2026, 12, 1)) / "banner.html").read_text(encoding="utf-8")
    assert snippet.startswith("<!-- ") and "<aside " in snippet
    assert "Our Privacy Notice changes on" in snippet
    assert f'href="{SITE_URL}privacy/2027-03-01/"' in snippet
    assert f'href="{SITE_URL}privacy/2027-03-01/redline/"' in snippet
    assert 'style="' in snippet  # self-contained: no stylesheet of ours on the host page
    assert "<script" not in snippet.lower() and "class=" not in snippet


@pytest.mark.parametrize("day", [dt.date(2021, 6, 1), dt.date(2027, 5, 1)])
def test_snippet_is_only_a_comment_when_nothing_is_announced(build_example: Callable[[dt.date], Path],
                                                            day: dt.date) -> None:
    snippet = (build_example(day) / "banner.html").read_text(encoding="utf-8")
    assert re.fullmatch(r"<!-- No privacy notice change is being announced as of [\d-]+: nothing to show\. -->\n",
                        snippet)


# --- in the browser --------------------------------------------------------------------------------------------


@pytest.fixture
def site_at(build_example: Callable[[dt.date], Path], serve_site: Callable[[Path], str]) -> Callable[[str], str]:
    """Base URL of the example site built as of a date (YYYY-MM-DD)."""
    return lambda day: serve_site(build_example(dt.date.fromisoformat(day)))


@pytest.mark.browser
@pytest.mark.parametrize("day", ["2026-10-01", "2027-05-01"])
def test_no_banner_outside_the_notice_period(page: Page, site_at: Callable[[str], str], day: str) -> None:
    base = site_at(day)
    for path in ("", "privacy/history/"):
        page.goto(base + path)
        assert page.locator("[data-md-component=announce]").count() == 1  # Material's slot, left empty
        assert page.locator(BAR).count() == 0


@pytest.mark.browser
def test_banner_during_the_notice_period_links_and_dismisses(page: Page, site_at: Callable[[str], str]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    base = site_at("2026-12-01")
    page.goto(base)
    bar = page.locator(BAR)
    assert bar.is_visible()
    assert "Our Privacy Notice changes on March 1, 2027" in bar.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "banner-home.png")
    contrast = Axe().run(page, context=BAR).response["violations"]
    assert not [v["id"] for v in contrast if v["impact"] in {"serious", "critical"}]

    bar.get_by_role("link", name="read the updated notice").click()
    page.wait_for_url(base + "privacy/2027-03-01/")
    assert page.locator("#effective").inner_text() == "Effective: March 1, 2027."

    page.goto(base + "privacy/history/")  # a page two levels down: the same links must still work
    assert page.locator(BAR).is_visible()
    page.locator(BAR).get_by_role("link", name="see what changes").click()
    page.wait_for_url(base + "privacy/2027-03-01/redline/")
    assert page.locator("ins").count() > 0

    page.locator(BAR).get_by_role("button").click()  # Material's "Don't show this again"
    assert page.locator("[data-md-component=announce]").is_hidden()
    for path in ("", "privacy/", "privacy/2021-01-01/"):  # remembered on every page, at every depth
        page.goto(base + path)
        assert page.locator("[data-md-component=announce]").is_hidden(), f"dismissed banner back on /{path}"


@pytest.mark.browser
def test_banner_after_the_change_says_it_changed(page: Page, site_at: Callable[[str], str]) -> None:
    base = site_at("2027-03-15")
    page.goto(base + "live2coursera/")
    bar = page.locator(BAR)
    assert bar.is_visible()
    assert "Our Privacy Notice changed on March 1, 2027" in bar.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "banner-after.png")
    bar.get_by_role("link", name="see what changed").click()
    page.wait_for_url(base + "privacy/2027-03-01/redline/")
