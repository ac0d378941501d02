"""Date-aware citations: each finding cites what was in force for its version, and no decision after the as-of date.

California's regulations were 11 CCR §999.300 ff. from 2020-08-14 and §7000 ff. from 2023-03-29; the
CJEU decided C-203/22 on 2025-02-27. Checked on real reports: the example (effective 2021) and the
compliant fixture (effective 2025), as of days before and after each date.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from generator.analyses.compliance import check_library
from generator.analyses.compliance.catalog import CHECKLIST
from generator.analyses.compliance.citation_dates import SEPARATOR, cite, dated_parts
from generator.analyses.compliance.findings import Finding
from generator.library.loader import load_library
from tests.compliance_fixture import AS_OF, V2, make_compliant

ROOT = Path(__file__).resolve().parent.parent
SOURCES = "ccpa.7011.e1B.sources"
ADM = "gdpr.art13.2.f.adm"


def citations(findings: list[Finding], check_id: str, version: str) -> set[str]:
    return {f.citation for f in findings if f.check_id == check_id and f.version == version}


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_compliant(tmp_path_factory.mktemp("compliant"))


def test_a_2021_version_cites_the_regulations_then_in_force() -> None:
    report = check_library(load_library(ROOT), dt.date(2021, 6, 1))
    assert citations(report.findings, SOURCES, "2021-01-01") == {"11 CCR 999.308(c)"}
    cited = {part for f in report.findings if f.version == "2021-01-01" for part in f.citation.split(SEPARATOR)}
    assert not [part for part in cited if re.match(r"11 CCR 7\d{3}", part) and "(in force from 2023-" not in part]
    assert "11 CCR 7011(e)(1)(K) (in force from 2023-03-29)" in cited


def test_a_version_after_the_renumbering_cites_section_7011(fixture_root: Path) -> None:
    report = check_library(load_library(fixture_root), AS_OF)
    assert citations(report.findings, SOURCES, V2) == {"11 CCR 7011(e)(1)(B)"}


def test_a_decision_after_the_as_of_date_is_not_cited(fixture_root: Path) -> None:
    before = check_library(load_library(fixture_root), dt.date(2024, 12, 1))  # V2 is upcoming then
    after = check_library(load_library(fixture_root), AS_OF)
    assert citations(before.findings, ADM, V2) == {"GDPR 13(2)(f), 14(2)(g)"}
    assert citations(after.findings, ADM, V2) == {"GDPR 13(2)(f), 14(2)(g); CJEU C-203/22"}


@pytest.mark.parametrize(("effective", "as_of", "expected"), [
    # Before the 2020 regulations: the statute alone.
    ("2020-01-01", "2020-06-01", "Civ 1798.130(a)(5)(B)"),
    ("2020-08-14", "2021-01-01", "Civ 1798.130(a)(5)(B); 11 CCR 999.308(c)"),
    ("2023-03-28", "2024-01-01", "Civ 1798.130(a)(5)(B); 11 CCR 999.308(c)"),
    ("2023-03-29", "2024-01-01", "Civ 1798.130(a)(5)(B); 11 CCR 7011(e)(1)(A)"),
    # An upcoming version checked before the renumbering was known cites what was known.
    ("2023-06-01", "2023-03-01", "Civ 1798.130(a)(5)(B); 11 CCR 999.308(c)"),
])
def test_the_california_regulations_by_date(effective: str, as_of: str, expected: str) -> None:
    citation = "Civ 1798.130(a)(5)(B); 11 CCR 7011(e)(1)(A)"
    assert cite(citation, dt.date.fromisoformat(effective), dt.date.fromisoformat(as_of)) == expected


def test_a_decision_counts_from_the_as_of_date_whatever_the_version() -> None:
    citation = "GDPR 13(2)(f), 14(2)(g); CJEU C-203/22"
    old_version = dt.date(2021, 1, 1)
    assert cite(citation, old_version, dt.date(2025, 2, 26)) == "GDPR 13(2)(f), 14(2)(g)"
    assert cite(citation, old_version, dt.date(2025, 2, 27)) == citation


def test_a_requirement_not_yet_in_force_says_from_when() -> None:
    assert cite("7011(e)(1)(K)", dt.date(2021, 1, 1), dt.date(2021, 6, 1)) == \
        "11 CCR 7011(e)(1)(K) (in force from 2023-03-29)"


def test_every_dated_looking_part_of_the_checklist_is_dated() -> None:
    """A part citing the CCPA regulations (a four-digit 7xxx section) or a year-stamped decision has an entry."""
    with CHECKLIST.open(encoding="utf-8", newline="") as handle:
        parts = {p for row in csv.DictReader(handle) for p in row["citation"].split(SEPARATOR)}
    dated = dated_parts()
    undated = [p for p in parts if re.match(r"^(11 CCR )?7\d{3}\b", p) and p not in dated]
    assert not undated
    assert all(entry.day.year >= 2000 for wordings in dated.values() for entry in wordings)
    assert set(dated) <= parts, "an entry of citation_dates.yaml names no part of the checklist"
