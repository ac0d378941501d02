"""Every check of the legal checklist: one fixture that passes it and one that fails it.

The passing fixture is one notice in which every check passes (every condition holds, so no
check passes by not applying); each failing fixture is the smallest edit of it that breaks one
check. Conditions are tested separately: a conditional check does not apply when its condition
does not hold.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.analyses.compliance import Status, check_library
from generator.analyses.compliance.catalog import LEFT_OUT, checks, rows
from generator.analyses.compliance.findings import Finding
from generator.analyses.compliance.shared import mechanism_problem
from generator.library.loader import load_library
from tests.compliance_fails import AS_OF_FAILS, FAILS, apply
from tests.compliance_fixture import AS_OF, SITE, V2, VERSION, make_compliant


def findings_of(root: Path, check_id: str, as_of: dt.date = AS_OF) -> list[Finding]:
    report = check_library(load_library(root), as_of)
    return [f for f in report.findings if f.check_id == check_id and f.version == V2]


@pytest.fixture(scope="module")
def compliant(tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    root = make_compliant(tmp_path_factory.mktemp("compliant"))
    report = check_library(load_library(root), AS_OF)
    return [f for f in report.findings if f.version == V2]


def test_every_row_of_the_checklist_is_checked_or_left_out_with_a_reason() -> None:
    registered, listed = set(checks()), set(rows())
    assert registered | set(LEFT_OUT) == listed
    assert not registered & set(LEFT_OUT)
    assert all(len(reason) > 40 for reason in LEFT_OUT.values())


def test_every_check_has_a_failing_fixture() -> None:
    assert set(FAILS) == set(checks())


@pytest.mark.parametrize("check_id", sorted(checks()))
def test_passes_on_the_compliant_notice(compliant: list[Finding], check_id: str) -> None:
    found = [f for f in compliant if f.check_id == check_id]
    assert [f.status for f in found] == [Status.PASSED], [f.message for f in found]


@pytest.mark.parametrize("check_id", sorted(FAILS))
def test_fails_on_its_broken_fixture(tmp_path: Path, check_id: str) -> None:
    make_compliant(tmp_path, apply(VERSION, FAILS[check_id]))
    found = findings_of(tmp_path, check_id, AS_OF_FAILS.get(check_id, AS_OF))
    assert found and all(f.status is Status.FAILED for f in found), [(f.status, f.message) for f in found]
    for finding in found:
        assert finding.path == f"notices/privacy/{V2}.yaml"
        assert finding.line >= 1 and finding.column >= 1
        assert finding.message and finding.citation and finding.requirement


@pytest.mark.parametrize(("check_id", "edits"), [
    ("gdpr.art13.1.b.dpo_contact", [("role: dpo", "role: support")]),
    ("gdpr.art13.1.d.legitimate_interests", [("legal_basis: {basis: legitimate-interests}",
                                              "legal_basis: {basis: vital-interests}")]),
    ("gdpr.art13.1.c.art9_condition", [("sources: [you], sensitive: true", "sources: [you]")]),
    ("gdpr.art13.1.f.safeguards_copy", [("mechanism: standard-contractual-clauses", "mechanism: adequacy"),
                                        ("mechanism: uk-idta", "mechanism: adequacy")]),
    ("gdpr.art13.1.a.eu_representative", [("country: United States", "country: Netherlands")]),
    ("ccpa.1798_135.links", [("for targeted advertising, and share it", "for advertising"),
                             ("purpose: targeted advertising and their own marketing",
                              "purpose: their own marketing"),
                             ("We sell or share personal information with advertising partners for cross-context "
                              "behavioral\n          advertising;", "We do not sell personal information;")]),
    ("ca.civ_1798_83.shine_the_light", [("purpose: targeted advertising and their own marketing",
                                         "purpose: targeted advertising")]),
    ("coppa.312_4d.online_notice", [("minimum_age: 8\n  directed_to_children: true", "minimum_age: 16")]),
    ("gdpr.art26.2.joint_controllers", [("Example Inc. and Example Partner Ltd are\n          joint controllers for "
                                         "course certificates; under our arrangement Example Inc. answers all "
                                         "requests.", "")]),
])
def test_a_conditional_check_does_not_apply_when_its_condition_does_not_hold(
    tmp_path: Path, check_id: str, edits: list[tuple[str, str]]
) -> None:
    make_compliant(tmp_path, apply(VERSION, edits))
    found = findings_of(tmp_path, check_id)
    assert [f.status for f in found] == [Status.NOT_APPLICABLE]
    assert found[0].message.startswith("applies only when")


def test_transfers_apply_when_the_controller_is_outside_even_if_none_is_recorded(tmp_path: Path) -> None:
    block = VERSION[VERSION.index("transfers:\n"):VERSION.index("retention:\n")]
    make_compliant(tmp_path, apply(VERSION, [(block, "")]))
    messages = [f.message for f in findings_of(tmp_path, "gdpr.art13.1.f.transfers")]
    assert len(messages) == 2
    assert "controller is in United States" in messages[0] and "origins [eea]" in messages[0]
    assert "origins [ch]" in messages[1]


def test_a_rule_is_not_applied_to_versions_before_it_took_effect(tmp_path: Path) -> None:
    make_compliant(tmp_path)
    report = check_library(load_library(tmp_path), dt.date(2024, 6, 1))
    spi = [f for f in report.findings if f.check_id == "ccpa.7011.e1K.spi_use"]
    assert [f.status for f in spi] == [Status.PASSED, Status.PASSED]
    assert [f.version for f in spi] == ["2024-01-01", V2]
    assert mechanism_problem("uk-idta", "uk", dt.date(2021, 1, 1)) is not None
    assert mechanism_problem("eu-us-data-privacy-framework", "eea", dt.date(2023, 7, 10)) is None
    assert mechanism_problem("eu-us-privacy-shield", "eea", dt.date(2020, 7, 15)) is None


def test_object_right_only_for_marketing_fails_where_legitimate_interests_are_used(tmp_path: Path) -> None:
    edits = [("information, including processing based on legitimate interests.", "information for direct marketing.")]
    make_compliant(tmp_path, apply(VERSION, edits))
    found = findings_of(tmp_path, "gdpr.art13.2.b.right_object")
    assert [f.status for f in found] == [Status.FAILED]
    assert "only for direct marketing" in found[0].message and found[0].item == "right-access"


def test_only_the_selected_jurisdictions_are_checked(tmp_path: Path) -> None:
    make_compliant(tmp_path, site=SITE.replace("jurisdictions: [eea, uk, ch, us-ca, us]", "jurisdictions: [uk]")
                   .replace("  jurisdictions: [us-states, us-co, br, ca-pipeda]\n", "  fail_on: recommended\n"))
    report = check_library(load_library(tmp_path), AS_OF)
    assert report.families == ["eu", "uk"]
    assert {f.jurisdiction for f in report.findings} == {"eu", "uk"}
    # The EU representative is required for the EEA, which this site does not address.
    rep = [f for f in report.findings if f.check_id == "gdpr.art13.1.a.eu_representative" and f.version == V2]
    assert rep[0].status is Status.NOT_APPLICABLE
    assert check_library(load_library(tmp_path), AS_OF, ["+br"]).families == ["eu", "uk", "br"]
    assert check_library(load_library(tmp_path), AS_OF, ["us-ca"]).families == ["us-ca", "us-coppa", "us-ftc"]


def test_the_sale_and_sharing_fact_decides_whether_the_opt_out_checks_apply(tmp_path: Path) -> None:
    """The fact is what the checks read (`notices validate` checks that the text agrees with it)."""
    def links(sells: str) -> list[Status]:
        fact = f"sale_and_sharing:\n  sells: {sells}\n  shares_for_targeted_advertising: false\n"
        root = make_compliant(tmp_path / sells, apply(VERSION, [("retention:\n", fact + "retention:\n")]))
        return [f.status for f in findings_of(root, "ccpa.1798_135.links")]

    assert links("false") == [Status.NOT_APPLICABLE]
    assert links("true") == [Status.PASSED]


def test_the_notice_period_binds_material_changes_only(tmp_path: Path) -> None:
    """WP260: an editorial version (here declared so by legal) may take effect without the notice period."""
    late = "announced: 2024-12-20\n"
    editorial = late + "change:\n  material: false\n  decided_by: Jane Doe, Legal\n  decided_on: 2024-12-01\n"

    def statuses(announced: str) -> list[Status]:
        root = make_compliant(tmp_path / str(len(announced)), apply(VERSION, [("announced: 2024-11-01\n", announced)]))
        return [f.status for f in findings_of(root, "gdpr.wp260.material_change_notice")]

    assert statuses(late) == [Status.FAILED]
    assert statuses(editorial) == [Status.PASSED]
