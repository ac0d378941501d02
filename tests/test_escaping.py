"""Every text field of every YAML kind carries a script payload; the built site has no live markup from it."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from pydantic import ValidationError

from generator.adapters.build import build_site
from generator.adapters.plugin import BuildState
from generator.library.loader import load_library
from generator.source.model import NoticeMeta, SiteConfig, Version
from generator.source.problems import InvalidContent
from generator.source.yamlio import load_data
from tests.conftest import ROOT

PAYLOAD = " </title><img src=x onerror=alert(13)><script>alert(13)</script>"
MARK = "alert(13)"
UNION_TAGS = {"paragraph", "list", "contact"}


def strings(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every text value in `data` (keys excluded)."""
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in strings(value, (*path, key))]
    if isinstance(data, list):
        return [p for index, value in enumerate(data) for p in strings(value, (*path, index))]
    return [path] if isinstance(data, str) else []


def get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def put(data: Any, path: tuple[Any, ...], value: Any) -> None:
    get(data, path[:-1])[path[-1]] = value


def poison(data: Any, model: type) -> int:
    """Append the payload to every text value the schema accepts it in; return how many took it."""
    originals = {path: get(data, path) for path in strings(data)}
    for path, value in originals.items():
        put(data, path, value + PAYLOAD)
    for _ in range(20):
        try:
            model.model_validate(data)
            break
        except ValidationError as error:
            for problem in error.errors():
                # Ids, e-mails, dates and choices refuse the payload: put their value back.
                loc = problem["loc"]
                where = tuple(part for i, part in enumerate(loc)  # a union's tag follows a list index
                              if not (part in UNION_TAGS and i and isinstance(loc[i - 1], int)))
                if where in originals:
                    put(data, where, originals[where])
    else:
        raise AssertionError("the payload could not be placed")
    return sum(get(data, path) != originals[path] for path in originals)


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("poisoned")
    for name in ("notices", "site_config", "templates", "mkdocs.yml"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    kinds = [(root / "site_config" / "site.yaml", SiteConfig)]
    for folder in sorted((root / "notices").iterdir()):
        (folder / "versions.lock").unlink(missing_ok=True)
        kinds.append((folder / "notice.yaml", NoticeMeta))
        kinds += [(path, Version) for path in sorted(folder.glob("2*.yaml"))]
    counts = {}
    for path, model in kinds:
        data = load_data(path, str(path), root)
        counts[path.name] = poison(data, model)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")  # JSON is YAML
    try:
        library = load_library(root)
    except InvalidContent as error:
        raise AssertionError(f"the poisoned project does not load:\n{error.format_message()}") from None
    assert all(counts.values()), counts
    assert counts["2021-01-01.yaml"] > 200, counts
    # Upcoming versions and the banner are on show too.
    # Prose with literal HTML is warned about (a strict build would stop); the point here is what it shows.
    day = dt.date(2027, 2, 15)
    return build_site(root, day, root / "site", strict=False, given=BuildState(library, day))


def test_no_markup_from_data_is_live_anywhere_in_the_site(poisoned_site: Path, example_site: Path) -> None:
    baseline = {name for page in example_site.rglob("*.html") for tag in _soup(page).find_all(True)
                for name in tag.attrs if name.startswith("on")}
    pages = sorted(poisoned_site.rglob("*.html"))
    assert len(pages) > 10
    shown = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for title in re.findall(r"<title>(.*?)</title>", html, flags=re.DOTALL):
            assert "<" not in title, f"{page}: <title>{title}</title>"
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup.find_all(True):
            events = {name for name in tag.attrs if name.startswith("on")} - baseline
            assert not events, f"{page}: <{tag.name} {events}>"
            if tag.name == "script":
                assert MARK not in (tag.string or ""), f"{page}: {tag}"
            assert not (tag.name == "img" and tag.get("src") == "x"), f"{page}: {tag}"
        shown += soup.get_text().count(MARK)
    assert shown > 1000, "the payload must show on the pages as text"


def test_the_payload_is_escaped_in_navigation_titles_and_headers(poisoned_site: Path) -> None:
    soup = _soup(poisoned_site / "privacy" / "index.html")
    nav_titles = [link.get_text(" ", strip=True) for link in soup.select("nav.md-nav a.md-nav__link")]
    assert any(f"Privacy Notice{PAYLOAD}" == title for title in nav_titles), nav_titles
    assert "<script>alert(13)</script>" in soup.title.get_text()
    header = soup.select_one(".md-header__topic:last-child")
    assert header is not None and "<img src=x" in header.get_text()


def test_feeds_and_the_embeddable_banner_keep_the_payload_as_text(poisoned_site: Path) -> None:
    feeds = [poisoned_site / "feed.xml", *poisoned_site.glob("*/feed.xml")]
    assert len(feeds) >= 2
    texts = 0
    for feed in feeds:
        for element in ElementTree.parse(feed).iter():
            assert element.tag.rsplit("}", 1)[-1] not in ("script", "img"), feed
            if element.get("type") == "html":
                # type="html" content is HTML that a feed reader renders: the payload must be text in it.
                html = BeautifulSoup(element.text or "", "html.parser")
                assert html.find("script") is None and html.find("img") is None, f"{feed}: {element.text}"
            texts += MARK in (element.text or "")
    assert texts > 0
    banner = _soup(poisoned_site / "banner.html")
    assert banner.find("script") is None and banner.find("img") is None


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
