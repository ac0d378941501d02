"""The prose model holds real notices: tables, emphasis, text after nested lists, anchor aliases,
redirects from old paths, relative and http:// links where allowed, date lines, several controllers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.adapters.build import build_site
from generator.adapters.cli import main
from generator.analyses.redline import compare, to_html
from generator.library.loader import load_library
from tests.project import NOTICE, SITE, VERSION, make_project

RICH = """\
effective: 2021-01-01
summary: First version.
date_line: "Last updated: *January 1, 2021*"
announcement: https://blog.example.org/new-notice
contacts:
  - id: us-office
    role: controller
    name: Example Inc.
    email: privacy@example.org
  - id: eu-office
    role: controller
    name: Example B.V.
    email: privacy-eu@example.org
controller:
  name: Example Inc.
  contact: us-office
  regions: [North America]
controllers:
  - name: Example B.V.
    contact: eu-office
    regions: [outside North America]
sections:
  - id: intro
    aliases: [Intro_Old, who-we-were]
    title: Who we are
    blocks:
      - text: We *do not* sell your data. See [our terms](/terms) and [the archive](http://archive.example.org/).
      - items:
          - id: account
            aliases: [Account-Data]
            title: Account.
            text: We collect your name.
            items:
              - id: account-email
                text: and your e-mail address,
            after: which we keep while your account is open.
      - caption: Categories of information we share
        header: [Category, Recipients]
        row_headers: true
        rows:
          - [Identifiers, Service providers]
          - - Usage information
            - text: "Advertisers, for:"
              items:
                - id: ads-measurement
                  text: measuring ads
                - id: ads-targeting
                  text: showing you *relevant* ads
"""

LINKS_ALLOWED = SITE + "links:\n  relative: true\n  http: true\n"
REDIRECTS = NOTICE + "redirect_from: [/privacy-policy, /articles/privacy-statement]\n"


@pytest.fixture
def rich_site(tmp_path: Path) -> Path:
    make_project(tmp_path, site=LINKS_ALLOWED, notices={"privacy": {"notice.yaml": REDIRECTS, "2021-01-01.yaml": RICH}})
    build_site(tmp_path, dt.date(2021, 6, 1), strict=False)
    return tmp_path / "site"


def article(site: Path, path: str = "privacy/index.html") -> BeautifulSoup:
    soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
    found = soup.select_one("article")
    assert found is not None
    return found


def test_table_is_an_accessible_responsive_table(rich_site: Path) -> None:
    page = article(rich_site)
    region = page.select_one("div.notice-table")
    assert region is not None and region["role"] == "region" and region["tabindex"] == "0"
    assert region["aria-label"] == "Categories of information we share"
    table = region.find("table")
    assert table.caption.get_text(strip=True) == "Categories of information we share"
    assert [(th.get_text(), th["scope"]) for th in table.thead.find_all("th")] == [
        ("Category", "col"), ("Recipients", "col")]
    rows = table.tbody.find_all("tr")
    assert [row.th.get_text() for row in rows] == ["Identifiers", "Usage information"]
    assert all(row.th["scope"] == "row" for row in rows)
    last = rows[1].find("td")
    assert last.p.get_text() == "Advertisers, for:"
    assert [li.get_text(" ", strip=True) for li in last.find_all("li")] == ["measuring ads", "showing you relevant ads"]
    assert last.find("em").get_text() == "relevant"


def test_emphasis_after_text_aliases_date_line_and_links(rich_site: Path) -> None:
    page = article(rich_site)
    assert page.find(string="We ").find_parent("p").em.get_text() == "do not"
    effective = page.select_one("#effective")
    assert effective.get_text() == "Last updated: January 1, 2021"
    assert page.select_one("#effective-bottom").get_text() == "Last updated: January 1, 2021"
    assert page.select_one(".notice-announcement a")["href"] == "https://blog.example.org/new-notice"
    item = page.select_one("li#account")
    assert [p.get_text() for p in item.find_all("p", recursive=False)] == [
        "Account. We collect your name.", "which we keep while your account is open."]
    assert item.find("ul").find_next_sibling("p").get_text() == "which we keep while your account is open."
    for alias, owner in (("Intro_Old", "intro"), ("who-we-were", "intro"), ("Account-Data", "account")):
        anchor = page.find(id=alias)
        assert anchor is not None, alias
        if owner == "intro":
            # (the minimal project's mkdocs.yml has no attr_list, so the heading's own id is not checked here)
            assert anchor.find_parent("div").find_next_sibling("h2").get_text().startswith("Who we are")
        else:
            assert anchor.find_parent("li")["id"] == owner
    hrefs = {a.get_text(): a["href"] for a in page.find_all("a")}
    assert hrefs["our terms"] == "/terms"
    assert hrefs["the archive"] == "http://archive.example.org/"


def test_redirects_from_old_paths(rich_site: Path) -> None:
    for old, target in (("privacy-policy", "../privacy/"), ("articles/privacy-statement", "../../privacy/")):
        soup = BeautifulSoup((rich_site / old / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
        assert soup.find("link", rel="canonical")["href"] == target
        assert soup.body.a["href"] == target


def test_http_links_warn_and_relative_links_need_the_site_setting(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    make_project(tmp_path, site=LINKS_ALLOWED, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": RICH}})
    monkeypatch.chdir(tmp_path)
    allowed = CliRunner().invoke(main, ["validate", "--root", str(tmp_path), "--as-of", "2021-06-01"])
    assert allowed.exit_code == 0, allowed.output
    assert ("notices/privacy/2021-01-01.yaml:27:15: warning: link target 'http://archive.example.org/' is plain "
            "http://; use https:// if the site offers it") in allowed.output
    make_project(tmp_path, site=SITE, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": RICH}})
    refused = CliRunner().invoke(main, ["validate", "--root", str(tmp_path), "--as-of", "2021-06-01"])
    assert refused.exit_code == 1
    assert "27:15: error: link target '/terms' is not allowed" in refused.output
    assert "27:15: error: link target 'http://archive.example.org/' is not allowed" in refused.output


def test_several_controllers_with_regions(tmp_path: Path) -> None:
    make_project(tmp_path, site=LINKS_ALLOWED, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": RICH}})
    version = load_library(tmp_path).notices["privacy"].versions[0].data
    assert version.controller is not None and version.controller.regions == ["North America"]
    assert [(c.name, c.regions) for c in version.controllers] == [("Example B.V.", ["outside North America"])]
    broken = RICH.replace("contact: eu-office", "contact: eu-ofice")
    make_project(tmp_path, site=LINKS_ALLOWED, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": broken}})
    result = CliRunner().invoke(main, ["validate", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "2021-01-01.yaml:20:14: error: 'eu-ofice' is not a known contact id; did you mean 'eu-office'?" \
        in result.output


def test_redirect_onto_a_served_path_is_an_error(tmp_path: Path) -> None:
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE + "redirect_from: [/privacy/old, /assets]\n",
                                                "2021-01-01.yaml": VERSION}})
    result = CliRunner().invoke(main, ["validate", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert ("notices/privacy/notice.yaml:4:17: error: '/privacy/old' is already used by the site; redirect only "
            "from paths the site does not serve") in result.output
    assert "notices/privacy/notice.yaml:4:31: error: '/assets' is already used by the site" in result.output


def _table_version(rows: str) -> str:
    return VERSION + f"""\
      - header: [Category, Recipients]
        rows:
{rows}"""


def test_table_redline_is_cell_by_cell(tmp_path: Path) -> None:
    old = _table_version("          - [Identifiers, Service providers]\n          - [Usage information, Advertisers]\n"
                         "          - [Payment data, Banks]\n")
    new = _table_version("          - [Identifiers, Service providers and affiliates]\n"
                         "          - [Payment data, Banks]\n          - [Inferences, Nobody]\n")
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": old,
                                                "2022-01-01.yaml": new.replace("2021-01-01", "2022-01-01")}})
    versions = load_library(tmp_path).notices["privacy"].versions
    redline = compare(versions[0].data, versions[1].data)
    html = BeautifulSoup(str(to_html(redline)), "html.parser")
    table = html.select_one("table.redline-table")
    assert [th.get_text() for th in table.thead.find_all("th")] == ["Category", "Recipients"]
    rows = table.tbody.find_all("tr")
    assert [r["class"][1] for r in rows] == ["redline-unchanged", "redline-removed", "redline-unchanged",
                                             "redline-added"]
    first_cells = rows[0].find_all("td")
    assert first_cells[0].find("ins") is None and first_cells[0].get_text() == "Identifiers"
    assert first_cells[1].ins.get_text() == "[inserted:  and affiliates]"
    assert [d.get_text() for d in rows[1].find_all("del")] == ["[deleted: Usage information]",
                                                             "[deleted: Advertisers]"]
    assert rows[2].find("ins") is None and rows[2].find("del") is None
    summary = {(c.kind.value, c.label) for c in redline.changes}
    assert ("removed", "Table row: Usage information") in summary
    assert ("added", "Table row: Inferences") in summary
    assert ("reworded", "Service providers and affiliates") in summary


def test_a_table_row_with_more_cells_than_columns_is_an_error_at_the_table(tmp_path: Path) -> None:
    """`[Identifiers, Service providers, such as hosts]` is three cells to YAML: the slip is named, with its fix."""
    version = _table_version("          - [Identifiers, Service providers]\n"
                             "          - [Usage information, Advertisers, such as ad networks]\n")
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": version}})
    result = CliRunner().invoke(main, ["validate", "--root", str(tmp_path)])
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if ": error: " in line]
    assert line.startswith(f"{tmp_path / 'notices/privacy/2021-01-01.yaml'}:17:9: error: ")  # the table
    assert "row 2 has 3 cell(s) but the header names 2 column(s)" in line
    assert "must be quoted inside [ ]" in line
    assert "Traceback" not in result.output


def test_every_table_row_of_the_wrong_width_is_named_at_once(tmp_path: Path) -> None:
    """Too few cells as well as too many, every such row in the one run."""
    version = _table_version("          - [Identifiers]\n"
                             "          - [Usage information, Advertisers]\n"
                             "          - [Inferences, Analytics, such as measurement]\n")
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": version}})
    result = CliRunner().invoke(main, ["validate", "--root", str(tmp_path)])
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if ": error: " in line]
    assert "row 1 has 1, row 3 has 3 cell(s) but the header names 2 column(s)" in line
