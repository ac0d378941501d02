"""The "At a glance" layer and the CCPA tables, checked in the built HTML against the facts of the YAML.

The facts are read here from the YAML files themselves (not through the code that builds the layer), so a
layer that drops, invents or misplaces a fact fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner
from conftest import ROOT
from project import SITE, make_project
from ruamel.yaml import YAML

from generator.adapters.build import build_site
from generator.adapters.cli import main
from generator.library.loader import load_library
from generator.outputs.glance import QUESTIONS
from generator.outputs.glance_layer import GLANCE_KEY
from generator.outputs.site import render_pages
from generator.source.fact_kinds import KINDS

ANNOUNCED = dt.date(2026, 12, 1)
"""The 2021 versions are in force, the illustrative 2027 revision is announced."""


def yaml_of(path: Path) -> Any:
    return YAML(typ="safe").load(path)


def units(sections: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every paragraph and item of a version's YAML (they carry the facets), in document order."""

    def items(entries: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for entry in entries:
            yield entry
            yield from items(entry.get("items") or [])

    for section in sections:
        for block in section.get("blocks") or []:
            if "items" in block:
                yield from items(block["items"])
            elif "text" in block:
                yield block
        yield from units(section.get("sections") or [])


def glance_of(html: str) -> Tag:
    glance = BeautifulSoup(html, "html.parser").select_one("section.notice-glance")
    assert glance is not None, "no At-a-glance layer"
    return glance


def row(glance: Tag, key: str) -> Tag:
    found = glance.select_one(f"tr#at-a-glance-{key} td")
    assert found is not None, f"no row {key!r}"
    return found


def anchors(tag: Tag) -> list[str]:
    return [str(a["href"])[1:] for a in tag.select("a[href^='#']")]


@pytest.fixture(scope="module")
def site(build_example: Callable[[dt.date], Path]) -> Path:
    return build_example(ANNOUNCED)


@pytest.fixture(scope="module")
def privacy_page(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / "privacy" / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def privacy_2021() -> Any:
    return yaml_of(ROOT / "notices" / "privacy" / "2021-01-01.yaml")


# --- the layer of the example, against its YAML ------------------------------------------------------


def test_the_layer_is_outside_the_article_and_every_link_reaches_the_notice_text(privacy_page: BeautifulSoup) -> None:
    glance = privacy_page.select_one("section.notice-glance")
    article = privacy_page.select_one("article.md-content__inner")
    assert glance is not None and article is not None
    assert article.select_one(".notice-glance") is None, "the layer is inside the notice's article"
    assert glance.find_next("article") is article, "the layer does not come before the notice"
    links = anchors(glance)
    assert len(links) > 40
    missing = sorted({anchor for anchor in links if article.find(id=anchor) is None
                      and glance.find(id=anchor) is None})
    assert not missing, f"links of the layer that reach nothing on the page: {missing}"


def test_information_and_sources_rows_name_every_collects_fact(privacy_page: BeautifulSoup, privacy_2021: Any) -> None:
    glance = privacy_page.select_one("section.notice-glance")
    assert glance is not None
    collecting = [unit for unit in units(privacy_2021["sections"]) if "collects" in unit]
    information = row(glance, "information")
    assert anchors(information) == [unit["id"] for unit in collecting]
    text = information.get_text(" ")
    for unit in collecting:
        for element in unit["collects"]["data"]:
            assert element in text, f"{element!r} of {unit['id']} is not in the information row"
    sources = row(glance, "sources")
    for unit in collecting:
        assert unit["id"] in anchors(sources), f"{unit['id']} has no source line"
    assert "From you:" in sources.get_text(" ") and "From our partners:" in sources.get_text(" ")


def test_purposes_legal_bases_and_recipients_rows_follow_the_facts(privacy_page: BeautifulSoup,
                                                                   privacy_2021: Any) -> None:
    glance = privacy_page.select_one("section.notice-glance")
    assert glance is not None
    uses = [unit for unit in units(privacy_2021["sections"]) if "use" in unit]
    purposes = row(glance, "purposes")
    assert [a.get_text(" ", strip=True) for a in purposes.select("a")] == [
        " ".join(unit["use"]["purpose"].split()) for unit in uses]
    bases = row(glance, "legal-bases")
    consent = next(li for li in bases.select("li") if "Your consent" in li.get_text())
    assert "for marketing" in consent.get_text(" "), "the use tied to consent is not named"
    untied = sum(1 for unit in uses if not unit["use"].get("legal_bases"))
    assert f"is not stated for {untied} of the {len(uses)} purposes" in bases.get_text(" ")
    recipients = row(glance, "recipients")
    disclosing = {unit["id"]: unit["discloses"]["recipients"] for unit in units(privacy_2021["sections"])
                  if "discloses" in unit}
    for recipient in privacy_2021["recipients"]:
        line = next(li for li in recipients.select("li") if recipient["name"] in li.get_text())
        expected = [unit for unit, names in disclosing.items() if recipient["id"] in names]
        assert anchors(line) == expected, f"{recipient['name']} links {anchors(line)}, expected {expected}"


def test_retention_transfers_rights_and_contacts_rows_follow_the_facts(privacy_page: BeautifulSoup,
                                                                       privacy_2021: Any) -> None:
    glance = privacy_page.select_one("section.notice-glance")
    assert glance is not None
    retention = row(glance, "retention")
    (rule,) = privacy_2021["retention"]
    assert " ".join(rule["criteria"].split()) in retention.get_text(" ")
    assert anchors(retention) == ["retention"] and "(all information)" in retention.get_text(" ")
    transfers = row(glance, "transfers").get_text(" ")
    assert "EU-U.S. Privacy Shield" in transfers and "Swiss-U.S. Privacy Shield" in transfers
    rights = row(glance, "rights")
    right_units = [unit["id"] for unit in units(privacy_2021["sections"]) if "right" in unit]
    assert set(anchors(rights)) == set(right_units)
    assert "mailto:privacy@coursera.org" in [a["href"] for a in rights.select("a")]
    contacts = row(glance, "contacts")
    mails = {a["href"] for a in contacts.select("a[href^='mailto:']")}
    assert mails == {f"mailto:{c['email']}" for c in privacy_2021["contacts"] if c.get("email")}
    text = contacts.get_text(" ")
    for authority in privacy_2021["supervisory_authorities"]:
        assert authority["name"] in text


def test_the_layer_of_each_version_shows_that_versions_facts(site: Path) -> None:
    upcoming = glance_of((site / "privacy" / "2027-03-01" / "index.html").read_text(encoding="utf-8"))
    current = glance_of((site / "privacy" / "index.html").read_text(encoding="utf-8"))
    assert "collect-skills-assessments" in anchors(row(upcoming, "information"))
    assert "collect-skills-assessments" not in anchors(row(current, "information"))
    assert "upcoming: takes effect March 1, 2027" in upcoming.get_text(" ")
    assert "mailto:dpo@coursera.org" in [a["href"] for a in row(upcoming, "contacts").select("a")]


def test_an_archived_version_keeps_the_layer_of_its_own_facts() -> None:
    pages = {page.src: page for page in render_pages(load_library(ROOT), dt.date(2027, 6, 1))}
    archived = glance_of(pages["privacy/2021-01-01.md"].meta[GLANCE_KEY])
    current = glance_of(pages["privacy/index.md"].meta[GLANCE_KEY])
    assert "archived: in force from January 1, 2021 to February 28, 2027" in archived.get_text(" ")
    assert "collect-skills-assessments" not in anchors(row(archived, "information"))
    assert "collect-skills-assessments" in anchors(row(current, "information"))
    assert "mailto:security@coursera.org" in [a["href"] for a in row(archived, "contacts").select("a")]


def test_a_supplement_without_a_fact_says_so_and_points_to_its_notice(site: Path) -> None:
    glance = glance_of((site / "live2coursera" / "index.html").read_text(encoding="utf-8"))
    rights = row(glance, "rights")
    assert "Not stated in this notice" in rights.get_text(" ")
    assert rights.select_one(".notice-glance__missing a")["href"] == "../privacy/"
    assert glance.select_one("details.notice-glance__california") is None, "the supplement does not address California"


# --- the CCPA tables ---------------------------------------------------------------------------------


def ccpa_rows(glance: Tag) -> list[dict[str, str]]:
    table = glance.select("details.notice-glance__california table")[0]
    return [{cell["data-label"]: cell.get_text(" ", strip=True) for cell in tr.select("[data-label]")}
            for tr in table.select("tbody tr")]


def sale_answers(glance: Tag) -> list[str]:
    table = glance.select("details.notice-glance__california table")[1]
    return [td.get_text(strip=True) for td in table.select("td[data-label='Answer']")]


def test_ccpa_tables_list_each_category_with_its_facts_and_never_say_no_without_a_fact(
        privacy_page: BeautifulSoup, privacy_2021: Any) -> None:
    glance = privacy_page.select_one("section.notice-glance")
    assert glance is not None
    assert "sale_and_sharing" not in privacy_2021
    collecting = [unit for unit in units(privacy_2021["sections"]) if "collects" in unit]
    rows = ccpa_rows(glance)
    assert len(rows) == len(collecting)
    sources = {"you": "From you", "automatic": "Collected automatically", "third-parties": "From third parties",
               "partners": "From our partners"}
    for unit, found in zip(collecting, rows, strict=True):
        for source in unit["collects"]["sources"]:
            assert sources[source] in found["Sources"]
        assert found["Sold or shared"] == "Not stated"
    site_use = rows[0]
    assert "statistical analysis to improve the Services, and security" in site_use["Business or commercial purposes"]
    assert "Content providers" in site_use["Categories of recipients"]
    assert sale_answers(glance) == ["Not stated", "Not stated"]


CALIFORNIA_VERSION = """\
effective: 2021-01-01
summary: First version.
jurisdictions: [us-ca]
contacts:
  - id: privacy-team
    role: privacy
    name: Privacy Team
    email: privacy@example.org
recipients:
  - id: ad-partners
    name: Advertising partners
    category: business-partner
retention:
  - id: account-retention
    information: [account]
    period: 2 years
    section: keeping
{sale}
sections:
  - id: collect
    title: What we collect
    blocks:
      - items:
          - id: account
            title: Account.
            text: We collect your name and email address.
            collects: {{data: [name, email address], sources: [you]}}
          - id: usage
            title: Usage.
            text: We record the pages you visit.
            collects: {{data: [pages visited], sources: [automatic]}}
  - id: uses
    title: How we use it
    blocks:
      - id: use-account
        text: We use your name to run your account.
        use: {{purpose: run your account, information: [account]}}
      - id: share-ads
        text: We give your contact details to advertising partners.
        discloses: {{recipients: [ad-partners], purpose: advertising, information: [account]}}
  - id: keeping
    title: How long we keep it
    blocks:
      - text: We keep account information for 2 years.
  - id: california
    title: California
    blocks:
      - text: {statement}
"""
NO_SALE = ("sale_and_sharing: {sells: false, shares_for_targeted_advertising: false, section: california}",
           "We do not sell your personal information, and we do not share it for cross-context behavioral "
           "advertising.")
SALE = ("sale_and_sharing: {sells: true, shares_for_targeted_advertising: false, recipients: [ad-partners], "
        "section: california}",
        "We sell your contact details to advertising partners. We do not share personal information for "
        "cross-context behavioral advertising.")
SILENT = ("", "Californians have rights.")


def california(root: Path, variant: tuple[str, str], notice: str = "") -> Path:
    sale, statement = variant
    version = CALIFORNIA_VERSION.format(sale=sale, statement=statement)
    meta = "title: Privacy Notice\nkind: notice\naudiences: [all-users]\n" + notice
    return make_project(root, site=SITE.replace("[eea]", "[us-ca]"),
                        notices={"privacy": {"notice.yaml": meta, "2021-01-01.yaml": version}})


def rendered_glance(root: Path) -> Tag | None:
    pages = render_pages(load_library(root), dt.date(2021, 6, 1))
    page = next(p for p in pages if p.src == "privacy/index.md")
    html = page.meta.get(GLANCE_KEY)
    return glance_of(html) if html else None


@pytest.mark.parametrize(("variant", "categories", "answers"), [
    (SILENT, ["Not stated", "Not stated"], ["Not stated", "Not stated"]),
    (NO_SALE, ["No", "No"], ["No", "No"]),
    (SALE, ["Yes: sold", "Not stated for this category"], ["Yes", "No"]),
])
def test_sold_or_shared_comes_from_the_sale_and_sharing_fact(tmp_path: Path, variant: tuple[str, str],
                                                             categories: list[str], answers: list[str]) -> None:
    glance = rendered_glance(california(tmp_path, variant))
    assert glance is not None
    assert [found["Sold or shared"] for found in ccpa_rows(glance)] == categories
    assert sale_answers(glance) == answers


def test_a_category_without_retention_is_named_as_such(tmp_path: Path) -> None:
    glance = rendered_glance(california(tmp_path, SILENT))
    assert glance is not None
    retention = row(glance, "retention")
    assert retention.select_one("li:not(.notice-glance__missing) a")["href"] == "#keeping"
    missing = retention.select_one("li.notice-glance__missing")
    assert missing is not None and missing.get_text(" ", strip=True).startswith("No retention stated for:")
    assert anchors(missing) == ["usage"]


def test_a_question_without_any_fact_says_not_stated(tmp_path: Path) -> None:
    glance = rendered_glance(make_project(tmp_path))
    assert glance is not None
    for key in ("information", "purposes", "recipients", "retention", "rights"):
        assert row(glance, key).get_text(" ", strip=True) == "Not stated in this notice", key
    assert glance.select_one("details.notice-glance__california") is None, "California is not addressed"


def test_each_layer_can_be_turned_off_per_notice(tmp_path: Path) -> None:
    only_ccpa = rendered_glance(california(tmp_path / "a", SALE, "at_a_glance: false\n"))
    assert only_ccpa is not None
    assert only_ccpa.select_one(".notice-glance__rows") is None and only_ccpa.select("table")
    assert rendered_glance(california(tmp_path / "b", SALE, "at_a_glance: false\nccpa_tables: false\n")) is None
    only_glance = rendered_glance(california(tmp_path / "c", SALE, "ccpa_tables: false\n"))
    assert only_glance is not None and only_glance.select_one("details.notice-glance__california") is None


def test_a_bad_setting_is_one_located_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    california(tmp_path, SALE, "at_a_glance: sometimes\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(lines) == 1 and lines[0].startswith("notices/privacy/notice.yaml:4:14: error: "), result.output


def test_a_strict_build_shows_the_tables_of_a_notice_that_sells(tmp_path: Path) -> None:
    root = california(tmp_path, SALE)
    site = build_site(root, dt.date(2021, 6, 1), tmp_path / "site")
    page = BeautifulSoup((site / "privacy" / "index.html").read_text(encoding="utf-8"), "html.parser")
    glance = page.select_one("section.notice-glance")
    assert glance is not None and page.select_one("article .notice-glance") is None
    assert [found["Sold or shared"] for found in ccpa_rows(glance)] == ["Yes: sold", "Not stated for this category"]
    sale = glance.select("details.notice-glance__california table")[1]
    assert "Advertising partners" in sale.get_text(" ")
    assert sale.select_one("td[data-label='Answer'] a")["href"] == "#california"


# --- the redline ------------------------------------------------------------------------------------


def redline_glance(site: Path, date: str) -> dict[tuple[str, str], tuple[list[str], list[str]]]:
    page = BeautifulSoup((site / "privacy" / date / "redline" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    section = page.select_one("article section.notice-glance-changes")
    assert section is not None, "the redline does not show the summary's changes"
    changes = {}
    for tr in section.select("tbody tr"):
        table, line = tr.select_one("td").get_text(strip=True), tr.select_one("th").get_text(strip=True)
        changes[(table, line)] = ([d.get_text(" ", strip=True).removeprefix("Removed: ") for d in tr.select("del")],
                                  [i.get_text(" ", strip=True).removeprefix("Added: ") for i in tr.select("ins")])
    return changes


def test_the_redline_shows_the_summary_rows_a_change_of_facts_changes(site: Path) -> None:
    changes = redline_glance(site, "2027-03-01")
    removed, added = changes[("At a glance", "What information we collect")]
    assert removed == [] and any(line.startswith("Skills Assessments") for line in added)
    assert ("At a glance", "Who we share it with") in changes
    removed, added = changes[("At a glance", "Who we are and how to reach us")]
    assert any("security@coursera.org" in line for line in removed)
    assert any("dpo@coursera.org" in line for line in added)
    removed, added = changes[("California: categories of personal information", "Skills Assessments")]
    assert "Sold or shared: Not stated" in added and removed == []
    assert ("At a glance", "How long we keep it") not in changes, "retention did not change"


def test_a_change_of_wording_alone_adds_no_summary_section(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    first = (root / "notices" / "privacy" / "2021-01-01.yaml").read_text(encoding="utf-8")
    second = first.replace("effective: 2021-01-01", "effective: 2021-03-01").replace(
        "We are Example Ltd.", "We are Example Limited.")
    (root / "notices" / "privacy" / "2021-03-01.yaml").write_text(
        second + "change: {material: false, decided_by: Jane Doe, decided_on: 2021-01-15}\n", encoding="utf-8")
    pages = render_pages(load_library(root), dt.date(2021, 6, 1))
    redline = next(p for p in pages if p.src.startswith("privacy/2021-03-01") and "redline" in p.src)
    assert isinstance(redline.content, str) and "We are Example Limited" in redline.content
    assert "notice-glance-changes" not in redline.content


# --- the facts come from the registry -----------------------------------------------------------------


def test_every_question_reads_registered_fact_kinds() -> None:
    for key, _question, kinds, _build in QUESTIONS:
        assert kinds and all(kind in KINDS for kind in kinds), f"{key}: {kinds}"



def test_a_project_overrides_the_templates_and_yaml_text_stays_text(tmp_path: Path) -> None:
    root = california(tmp_path, SALE)
    version = root / "notices" / "privacy" / "2021-01-01.yaml"
    version.write_text(version.read_text(encoding="utf-8").replace(
        "name: Advertising partners", "name: \"Ad <b>partners</b> {{ 7 * 7 }}\""), encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "glance_ccpa.html").write_text(
        '<p class="our-ccpa">{{ ccpa.categories | length }} categories</p>\n', encoding="utf-8")
    glance = rendered_glance(root)
    assert glance is not None
    assert glance.select_one("p.our-ccpa").get_text() == "2 categories"
    recipients = row(glance, "recipients")
    assert recipients.find("b") is None and "Ad <b>partners</b> {{ 7 * 7 }}" in recipients.get_text()


def test_turning_the_layer_off_takes_effect_in_a_rebuild_with_warm_caches(tmp_path: Path) -> None:
    root = california(tmp_path, SALE)
    site = tmp_path / "site"
    build_site(root, dt.date(2021, 6, 1), site)
    assert "notice-glance" in (site / "privacy" / "index.html").read_text(encoding="utf-8")
    meta = root / "notices" / "privacy" / "notice.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "at_a_glance: false\nccpa_tables: false\n", encoding="utf-8")
    build_site(root, dt.date(2021, 6, 1), site)
    assert "notice-glance" not in (site / "privacy" / "index.html").read_text(encoding="utf-8")
