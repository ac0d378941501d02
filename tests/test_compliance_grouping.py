"""One finding per problem: a problem found in several places is reported once, with its places listed.

The broken fixture takes the legal basis away from three purposes of the compliant notice: one
problem ("purposes name no legal basis") in three places. It must be one finding in the text,
JSON and SARIF reports and on the internal compliance page, each listing the three places; the
compliant notice gives one passed finding with no places listed.
"""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner, Result

from generator.adapters.cli import main
from tests.compliance_fixture import AS_OF, NOTICE, V2, VERSION, make_compliant
from tests.test_compliance_report import validate_sarif

LEGAL_BASIS = "gdpr.art13.1.c.legal_basis_per_purpose"
WITHOUT_BASES = [("legal_bases: [basis-interests], information: [collect-usage]}", "information: [collect-usage]}"),
                 ("legal_bases: [basis-explicit], ", "")]
"""Three purposes lose their basis: use-security and use-analytics (basis-interests), use-verify."""
PLACES = ["use-security", "use-verify", "use-analytics"]


def broken() -> str:
    text = VERSION
    for old, new in WITHOUT_BASES:
        assert old in text
        text = text.replace(old, new)
    return text


def check(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--root", str(root), "--as-of", AS_OF.isoformat(), *args],
                              catch_exceptions=False)


def findings(result: Result, version: str = V2) -> list[dict[str, object]]:
    document = json.loads(result.output)
    return [f for f in document["findings"] if f["check_id"] == LEGAL_BASIS and f["version"] == version]


def test_one_problem_in_three_places_is_one_finding_in_json(tmp_path: Path) -> None:
    result = check(make_compliant(tmp_path, broken()), "--format", "json")
    [finding] = findings(result)
    assert finding["status"] == "failed"
    assert finding["message"] == "purposes name no legal basis (3 places, listed below)"
    places = finding["occurrences"]
    assert [p["item"] for p in places] == PLACES  # type: ignore[union-attr]
    assert all(p["path"] == f"notices/privacy/{V2}.yaml" and p["line"] > 1 for p in places)  # type: ignore[union-attr]
    assert (finding["line"], finding["column"]) == (places[0]["line"], places[0]["column"])  # type: ignore[index]
    assert "'security' names no legal basis" in places[0]["message"]  # type: ignore[index]
    assert json.loads(result.output)["summary"]["failed"] == 1


def test_the_compliant_notice_has_one_passed_finding_and_no_places(tmp_path: Path) -> None:
    result = check(make_compliant(tmp_path), "--format", "json")
    [finding] = findings(result)
    assert finding["status"] == "passed" and finding["occurrences"] == []


def test_the_text_report_lists_the_places_under_the_finding(tmp_path: Path) -> None:
    out = check(make_compliant(tmp_path, broken())).output
    lines = out.splitlines()
    heads = [i for i, line in enumerate(lines) if f"failed [required] {LEGAL_BASIS}" in line]
    assert len(heads) == 1
    listed = lines[heads[0] + 2: heads[0] + 5]
    assert [line.split("(")[1].split(")")[0] for line in listed] == PLACES
    assert all(line.startswith("    - ") and f"notices/privacy/{V2}.yaml:" in line for line in listed)


def test_sarif_has_one_result_with_a_location_per_place(tmp_path: Path) -> None:
    log = validate_sarif(check(make_compliant(tmp_path, broken()), "--format", "sarif").output)
    results = [r for r in log["runs"][0]["results"] if r["ruleId"] == LEGAL_BASIS]  # type: ignore[index]
    assert len(results) == 1
    names = [loc["logicalLocations"][0]["name"] for loc in results[0]["locations"]]
    assert names == PLACES


def test_a_waived_place_is_reported_apart_from_those_still_failing(tmp_path: Path) -> None:
    notice = (f"{NOTICE}waivers:\n  - check: {LEGAL_BASIS}\n    item: use-verify\n    reason: The basis is in the "
              "processing record.\n    approved_by: Jane Doe, Legal\n    until: 2026-01-01\n")
    result = check(make_compliant(tmp_path, broken(), notice=notice), "--format", "json")
    by_status = {f["status"]: f for f in findings(result)}
    assert by_status["waived"]["item"] == "use-verify" and by_status["waived"]["occurrences"] == []
    assert [p["item"] for p in by_status["failed"]["occurrences"]] == ["use-security", "use-analytics"]  # type: ignore[union-attr]


def test_the_compliance_page_lists_the_places_with_links(tmp_path: Path) -> None:
    root = make_compliant(tmp_path / "project", broken())
    out = tmp_path / "report"
    assert check(root, "--html", str(out)).exit_code == 1
    soup = BeautifulSoup((out / "privacy.html").read_text(encoding="utf-8"), "html.parser")
    rows = [tr for tr in soup.select("tr.compliance-failed") if LEGAL_BASIS in tr.get_text()]
    rows = [tr for tr in rows if "purposes name no legal basis" in tr.get_text()]
    assert len(rows) == 1
    places = rows[0].select("ul.compliance-occurrences li")
    assert [li.a.get_text() for li in places if li.a] == PLACES
    assert all(li.a["href"].endswith(f"#{item}") for li, item in zip(places, PLACES, strict=True))
