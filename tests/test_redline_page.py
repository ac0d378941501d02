"""The example's redline page as readers see it: a summary in plain words, a table of contents, every entry linked."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLE_AS_OF, ROOT
from ruamel.yaml import YAML

from generator.adapters.build import build_site
from generator.library.loader import load_library
from tests.project import NOTICE, VERSION, make_project

REDLINE = "privacy/2027-03-01/redline/index.html"


def ids_in(data: Any) -> Iterator[str]:
    """Every `id` value anywhere in a version's data."""
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            yield data["id"]
        for value in data.values():
            yield from ids_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from ids_in(value)


@pytest.fixture(scope="module")
def page(build_example: Callable[[date], Path]) -> BeautifulSoup:
    html = (build_example(EXAMPLE_AS_OF) / REDLINE).read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_the_summary_names_things_and_shows_no_yaml_id_or_key(page: BeautifulSoup) -> None:
    # The entries, not the headings: "Summary of changes" is English, though "changes" is also a section's id.
    entries = page.select(".redline-summary .redline-change")
    assert entries
    text = " ".join(" ".join(entry.get_text(" ") for entry in entries).split())
    versions = load_library(ROOT).notices["privacy"].versions
    ids = {i for v in versions for i in ids_in(YAML(typ="safe").load(v.path.read_text(encoding="utf-8")))}
    assert len(ids) > 100
    # An id as a word of its own; "dpo" inside "dpo@coursera.org" is the address, not the id.
    leaked = sorted(i for i in ids if re.search(rf"(?<![\w@.\-]){re.escape(i)}(?![\w@\-])", text))
    assert leaked == []
    for key in ("category:", "position:", "legal bases:", "email:", "data:"):
        assert key not in text
    assert "e-mail address changed from security@coursera.org to dpo@coursera.org" in text
    assert "shared with: “Learning-analytics providers”" in text


def test_every_summary_entry_and_contents_entry_links_to_its_place(page: BeautifulSoup) -> None:
    anchors = {element["id"] for element in page.select("[id]")}
    entries = page.select(".redline-change")
    assert len(entries) == 8
    for entry in entries:
        link = entry.find("a")
        assert link is not None, entry.get_text()
        assert link["href"].lstrip("#") in anchors, link["href"]
    toc = page.select(".redline-toc a")
    assert [a.get_text() for a in toc][:2] == ["Summary of changes", "Information collected"]
    assert "External Links" in [a.get_text() for a in toc]
    assert all(a["href"].lstrip("#") in anchors for a in toc)
    contact = next(e for e in entries if "Data Protection Officer" in e.get_text())
    target = page.find(id=contact.find("a")["href"].lstrip("#"))
    assert target is not None and "dpo@coursera.org" in target.get_text()


def test_the_site_compares_any_two_versions_not_only_neighbours(tmp_path: Path) -> None:
    """Three versions: 2023 against 2021 has a page of its own, linked from 2023's redline, and back."""
    first = VERSION
    second = VERSION.replace("effective: 2021-01-01", "effective: 2022-01-01").replace(
        "We are Example Ltd.", "We are Example Limited.")
    third = second.replace("effective: 2022-01-01", "effective: 2023-01-01").replace(
        "We are Example Limited.", "We are Example Limited, of 1 Main Street, London.")
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": first,
                                                "2022-01-01.yaml": second, "2023-01-01.yaml": third}})
    site = build_site(tmp_path, date(2024, 1, 1), tmp_path / "site")

    def soup(address: str) -> BeautifulSoup:
        return BeautifulSoup((site / address / "index.html").read_text(encoding="utf-8"), "html.parser")

    compared = soup("privacy/2023-01-01/compare/2021-01-01")
    assert compared.h1 is not None
    assert compared.h1.get_text().startswith("Privacy Notice: changes from January 1, 2021 to January 1, 2023")
    assert [d.get_text() for d in compared.select(".redline-document del")] == ["[deleted: Ltd]"]
    assert [i.get_text() for i in compared.select(".redline-document ins")] == [
        "[inserted: Limited, of 1 Main Street, London]"]
    back = compared.select_one(".redline-compare a")
    assert back is not None and back.get_text() == "January 1, 2022" and back["href"] == "../../redline/"

    redline = soup("privacy/2023-01-01/redline")
    link = redline.select_one(".redline-compare a")
    assert link is not None and link.get_text() == "January 1, 2021" and link["href"] == "../compare/2021-01-01/"
    assert soup("privacy/2022-01-01/redline").select_one(".redline-compare") is None, "nothing else to compare"
