"""The site's frame and the reader's copies: footer, logo, 404 page, home page, jump links, tables that fit
small screens, and an archival PDF of every version that holds the version's text."""

from __future__ import annotations

import difflib
import itertools
import posixpath
import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLE_AS_OF, ROOT

from generator.adapters.build import build_site
from generator.library.loader import load_library
from generator.library.timeline import Timeline
from generator.outputs import paths
from generator.outputs.paths import pdf_src
from generator.outputs.site import render_version_text
from tests.project import NOTICE, SITE, make_project

ANNOUNCED = date(2026, 12, 1)
MIN_PDF_SIMILARITY = 0.99


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.translate(str.maketrans("‘’“”", "''\"\"")).casefold())


def test_footer_names_the_organisation_its_contact_and_the_notices(example_site: Path) -> None:
    footer = soup(example_site, "privacy/index.html").select_one("footer.md-footer")
    text = " ".join(footer.get_text(" ").split())
    assert "Coursera, Inc. 381 E. Evelyn Ave., Mountain View, CA 94041" in text
    assert footer.find("a", href="mailto:privacy@coursera.org") is not None
    assert [a["href"] for a in footer.select(".notices-footer__links a")] == [
        "./", "history/", "../live2coursera/", "../live2coursera/history/", "../feed.xml"]
    assert "© 2021 Coursera, Inc." in footer.select_one(".md-copyright").get_text()  # the as-of year


def test_header_logo_is_the_shipped_svg_named_by_the_organisation(example_site: Path) -> None:
    logo = soup(example_site, "index.html").select_one(".md-header .md-logo img")
    assert logo["src"] == "assets/logo.svg" and logo["alt"] == "Coursera, Inc."
    root = ET.parse(example_site / "assets" / "logo.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox") == "0 0 48 48"


def test_copyright_and_logo_come_from_site_yaml(tmp_path: Path) -> None:
    make_project(tmp_path, site=SITE + 'copyright: "© Example Ltd & partners"\nlogo: brand/mark.svg\n')
    (tmp_path / "site_config" / "pages" / "brand").mkdir()
    (tmp_path / "site_config" / "pages" / "brand" / "mark.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    site = build_site(tmp_path, EXAMPLE_AS_OF, tmp_path / "site")
    page = soup(site, "privacy/index.html")
    assert page.select_one(".md-header .md-logo img")["src"] == "../brand/mark.svg"
    assert page.select_one(".md-copyright__highlight").get_text(strip=True) == "© Example Ltd & partners"
    assert "Example Ltd" in page.select_one(".notices-footer__org").get_text()


def test_404_page_links_to_each_notice_and_its_history(example_site: Path) -> None:
    page = soup(example_site, "404.html")
    assert page.select_one("article h1").get_text(strip=True).startswith("Page not found")
    links = [a["href"] for a in page.select("ul.notices-not-found a")]
    assert links == ["/privacy/", "/privacy/history/", "/live2coursera/", "/live2coursera/history/"]
    assert page.find("a", href="mailto:privacy@coursera.org") is not None


def test_home_page_introduces_the_notices(example_site: Path) -> None:
    home = soup(example_site, "index.html")
    intro = home.select_one("p.notice-intro").get_text(" ")
    assert "what personal information Coursera, Inc. collects" in intro and "PDF copy" in intro
    hrefs = [a["href"] for a in home.select("ul.notice-index a")]
    assert {"privacy/", "privacy/history/", "live2coursera/", "live2coursera/history/"} <= set(hrefs)
    assert home.find("a", href="mailto:privacy@coursera.org") is not None


def test_long_notices_start_with_jump_links_to_every_section(example_site: Path) -> None:
    page = soup(example_site, "privacy/index.html")
    jump = page.select_one("article nav.notice-jump")
    targets = [a["href"].removeprefix("#") for a in jump.select("a")]
    headings = [h["id"] for h in page.select("article h2[id]") if h.find_parent(class_="notice-history") is None]
    assert targets == headings and len(targets) >= 10
    assert jump.find_previous("h2") is None, "the jump links come before the first section"
    # A short notice (the supplement, three sections) needs none.
    assert soup(example_site, "live2coursera/index.html").select_one("nav.notice-jump") is None


@pytest.mark.parametrize("table", ["notice-versions"])
def test_history_table_cells_carry_their_column_label(example_site: Path, table: str) -> None:
    page = soup(example_site, "privacy/history/index.html")
    labels = [th.get_text(strip=True) for th in page.select(f"table.{table} thead th")]
    for row in page.select(f"table.{table} tbody tr"):
        assert len(row.select("td[data-label]")) == len(labels)


# --- archival PDFs ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def announced_site(build_example: Callable[[date], Path]) -> Path:
    return build_example(ANNOUNCED)


def every_version() -> list[tuple[str, str]]:
    library = load_library(ROOT)
    return [(notice.id, version.effective.isoformat()) for notice in library.notices.values()
            for version in notice.versions]


@pytest.mark.parametrize(("notice_id", "day"), every_version())
def test_every_version_has_a_pdf_with_its_text_date_and_hash(announced_site: Path, notice_id: str, day: str) -> None:
    library = load_library(ROOT)
    notice = library.notices[notice_id]
    period = Timeline.of(notice, ANNOUNCED).period(day)
    assert period is not None
    reader = pypdf.PdfReader(announced_site / pdf_src(notice_id, day))
    pages = [page.extract_text() for page in reader.pages]
    for number, text in enumerate(pages, start=1):
        assert period.version.content_hash in text, f"page {number} has no content hash in its footer"
        assert f"version effective {period.since:%B} {period.since.day}, {period.since.year}" in text
        assert f"Page {number}" in text
    assert reader.metadata.title == f"{notice.title}, version effective {period.since:%B} {period.since.day}, " \
                                    f"{period.since.year}"
    # The words of the version, as `notices show` prints them, in the same order; the footers left out.
    body = "\n".join(re.sub(r"(?m)^(Coursera, Inc\.: .*|Page \d+|Content hash .*)$", "", text) for text in pages)
    expected = words(render_version_text(library, notice, period))
    ratio = difflib.SequenceMatcher(None, expected, words(body), autojunk=False).ratio()
    assert ratio >= MIN_PDF_SIMILARITY, f"{notice_id} {day}: PDF words match the version's at {ratio:.4f}"


def test_history_page_links_every_pdf(announced_site: Path) -> None:
    for notice_id in ("privacy", "live2coursera"):
        page = soup(announced_site, f"{notice_id}/history/index.html")
        links = [a["href"] for a in page.select("a.notice-pdf")]
        assert len(links) == len(page.select("tbody tr")) > 0
        for link in links:
            assert (announced_site / notice_id / "history" / link).resolve().is_file(), link


def test_illustrative_pdf_says_so(announced_site: Path) -> None:
    text = pypdf.PdfReader(announced_site / pdf_src("privacy", "2027-03-01")).pages[0].extract_text()
    assert "Illustrative version: not a published notice" in text
    assert "(illustrative)" in text


def test_pdf_holds_tables_nested_lists_and_text_after_them(tmp_path: Path) -> None:
    from tests.test_prose_model import LINKS_ALLOWED, RICH

    make_project(tmp_path, site=LINKS_ALLOWED, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": RICH}})
    site = build_site(tmp_path, EXAMPLE_AS_OF, tmp_path / "site", strict=False)
    text = " ".join(" ".join(page.extract_text().split()) for page in
                    pypdf.PdfReader(site / pdf_src("privacy", "2021-01-01")).pages)
    for expected in ("Categories of information we share", "Category Recipients", "Identifiers Service providers",
                     "Advertisers, for:", "showing you relevant ads", "and your e-mail address,",
                     "which we keep while your account is open.", "We do not sell your data."):
        assert expected in text, f"{expected!r} missing from the PDF"


def test_cached_pdfs_are_the_bytes_of_a_clean_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.outputs import archive_pdf
    from generator.outputs.pdf_cache import CACHE_ENV

    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    project = make_project(tmp_path / "project")
    clean = build_site(project, EXAMPLE_AS_OF, tmp_path / "clean") / pdf_src("privacy", "2021-01-01")
    assert len(list((cache / "pdf").glob("*.pdf"))) == 1

    def no_layout(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("the cached PDF was laid out again")

    monkeypatch.setattr(archive_pdf, "render_pdf", no_layout)
    cached = build_site(project, EXAMPLE_AS_OF, tmp_path / "cached") / pdf_src("privacy", "2021-01-01")
    assert cached.read_bytes() == clean.read_bytes()
    # Anything the PDF shows is in the key: another organisation name is laid out anew.
    settings = project / "site_config" / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("Example Ltd", "Example Group"), encoding="utf-8")
    with pytest.raises(Exception, match="laid out again"):
        build_site(project, EXAMPLE_AS_OF, tmp_path / "renamed")


def test_links_between_pages_are_what_relpath_gives_from_any_working_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(6)
    parts = ["privacy", "2021-01-01", "compare", "index.md", ".", "..", ""]
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)  # relpath resolves against it: `..` out of the site climbs into it
    climbing = 0
    for _ in range(2000):
        path, start = ("/" * (rng.random() < 0.1) + "/".join(rng.choices(parts, k=rng.randrange(1, 5)))
                       for _ in range(2))
        path, start = path or ".", start or "."
        assert paths._relpath(path, start) == posixpath.relpath(path, start), (path, start)
        climbing += ".." in start.split("/")
    assert climbing
    srcs = ["index.md", "privacy/index.md", "privacy/2021-01-01.md", "privacy/2021-01-01/redline.md", "feed.xml"]
    for source, target in itertools.product(srcs, srcs):
        for directory_urls in (True, False):
            url = paths.page_url(target, directory_urls)
            here = paths.page_url(source, directory_urls)
            base = posixpath.dirname(here) if not here.endswith("/") else here.rstrip("/")
            expected = posixpath.relpath(url or ".", base or ".")
            if url.endswith("/") or url == "":
                expected = "./" if expected == "." else expected + "/"
            assert paths.relative_url(source, target, directory_urls) == expected
