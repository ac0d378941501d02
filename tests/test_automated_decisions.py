"""Automated decision-making as a fact kind: its materiality, its references and the GDPR Art. 13(2)(f)/22 row.

Each rule has a fixture that breaks it and one that satisfies it: a new automated decision is material,
so is the loss of human review or of the way to contest; stopping one narrows processing (editorial);
the compliance check reads the recorded decisions, their section and their safeguards.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.adapters.cli import main
from generator.analyses.changes import classify
from generator.analyses.compliance import Status, check_library
from generator.library.loader import load_library
from generator.source.model import Version
from tests.compliance_fixture import AS_OF, V2, VERSION, make_compliant
from tests.test_changes import BASE

ADM = "gdpr.art13.2.f.adm"
DECISION: dict[str, Any] = {
    "id": "certificate-revocation", "name": "Revocation of certificates",
    "logic": "a model compares submissions with earlier ones", "significance": "the certificate is withdrawn",
    "significant_effects": True, "human_review": True, "contest": "privacy-team", "section": "intro",
}


def with_decision(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["automated_decisions"] = [{**DECISION, **changes}]
    data["sections"][0]["blocks"].append({"text": "Certificates may be revoked by automated decision."})
    return data


def reasons(old: dict[str, Any], new: dict[str, Any]) -> set[tuple[str, bool]]:
    new = {**new, "effective": "2025-06-01"}
    result = classify(Version.model_validate(old), Version.model_validate(new))
    return {(r.rule, r.material) for r in result.reasons if r.rule not in ("added-text", "reworded", "wording")}


# --- materiality ---------------------------------------------------------------------------------------

def test_a_new_automated_decision_is_material() -> None:
    assert ("automated-decision", True) in reasons(BASE, with_decision())


def test_removing_human_review_is_material() -> None:
    found = reasons(with_decision(), with_decision(human_review=False))
    assert ("removed-protection", True) in found


def test_removing_the_way_to_contest_is_material() -> None:
    assert ("removed-protection", True) in reasons(with_decision(), with_decision(contest=None))


def test_adding_human_review_is_not_a_lost_protection() -> None:
    found = reasons(with_decision(human_review=False), with_decision())
    assert ("removed-protection", True) not in found


def test_stopping_an_automated_decision_narrows_processing() -> None:
    old = with_decision()
    new = copy.deepcopy(old)
    new["automated_decisions"] = []
    result = classify(Version.model_validate(old), Version.model_validate({**new, "effective": "2025-06-01"}))
    [reason] = [r for r in result.reasons if r.rule == "narrower"]
    assert not reason.material and reason.message == "no longer includes 'Revocation of certificates'"


def test_an_unchanged_decision_gives_no_reason() -> None:
    assert reasons(with_decision(), with_decision()) == set()


# --- references ----------------------------------------------------------------------------------------

def test_a_contest_contact_that_does_not_exist_is_a_located_error(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    version = VERSION.replace("key_information: key-information\n", DECISIONS.replace("privacy-team", "privacy"))
    make_compliant(tmp_path, version)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--root", ".", "--as-of", AS_OF.isoformat()])
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert result.exit_code == 1
    assert len(errors) == 1 and errors[0].startswith(f"notices/privacy/{V2}.yaml:")
    assert "'privacy'" in errors[0] and "contact" in errors[0]


# --- the facts cite their words (validate) -----------------------------------------------------------

SAFEGUARDS = "A member of our staff reviews a flagged exam on request, and you can contest it with our privacy team."


def validate_errors(tmp_path: Path, *edits: tuple[str, str]) -> list[str]:
    """What validate says about the decisions' section (warnings: the fixture's version is already published)."""
    version = VERSION.replace("key_information: key-information\n", DECISIONS)
    for old, new in edits:
        assert old in version
        version = version.replace(old, new)
    make_compliant(tmp_path, version)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        result = CliRunner().invoke(main, ["validate", "--root", ".", "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    return [line.split(";")[0] for line in result.output.splitlines() if "the text of 'how-we-use'" in line]


def test_the_text_states_the_review_and_the_contest_the_facts_claim(tmp_path: Path) -> None:
    assert validate_errors(tmp_path, ("order of recommendations.", "order of recommendations. " + SAFEGUARDS)) == []


def test_review_and_contest_the_text_does_not_state_are_errors_at_the_fact(tmp_path: Path) -> None:
    errors = validate_errors(tmp_path)
    assert [e.split(": warning: ")[1] for e in errors] == [
        "the fact says a person reviews the decision on request but the text of 'how-we-use' does not say so",
        "the fact says the decision can be contested but the text of 'how-we-use' does not say so"]
    assert all(e.startswith(f"notices/privacy/{V2}.yaml:") for e in errors)


def test_a_section_that_does_not_say_the_decision_is_automated_is_an_error(tmp_path: Path) -> None:
    profiling = ("We use profiling to recommend courses; the logic is a comparison with similar learners, and its\n"
                 "          significance and consequences are limited to the order of recommendations.")
    errors = validate_errors(tmp_path, (profiling, "We recommend courses. " + SAFEGUARDS))
    assert len(errors) == 2 and all("is decided by automated means or profiling but the text of 'how-we-use' does "
                                    "not say so" in e for e in errors)


# --- the compliance check ------------------------------------------------------------------------------

DECISIONS = """\
automated_decisions:
  - id: recommendations
    name: Course recommendations
    logic: a comparison with similar learners
    significance: the order of recommendations
    profiling: true
    section: how-we-use
  - id: proctoring
    name: Exam integrity review
    logic: a model flags answers that match other submissions
    significance: a flagged exam is not graded
    significant_effects: true
    human_review: true
    contest: privacy-team
    section: how-we-use
key_information: key-information
"""


def adm_findings(root: Path) -> list[Any]:
    report = check_library(load_library(root), AS_OF)
    return [f for f in report.findings if f.check_id == ADM and f.version == V2]


def check_with(tmp_path: Path, *edits: tuple[str, str]) -> list[Any]:
    version = VERSION.replace("key_information: key-information\n", DECISIONS)
    for old, new in edits:
        assert old in version
        version = version.replace(old, new)
    return adm_findings(make_compliant(tmp_path, version))


def test_recorded_decisions_with_their_safeguards_pass(tmp_path: Path) -> None:
    [finding] = check_with(tmp_path)
    assert finding.status is Status.PASSED
    assert finding.message.startswith("2 automated decision(s)")


def test_a_significant_decision_without_review_or_contest_fails_at_its_entry(tmp_path: Path) -> None:
    [finding] = check_with(tmp_path, ("    human_review: true\n    contest: privacy-team\n", ""))
    assert finding.status is Status.FAILED and finding.item == "proctoring"
    assert ("offers no human review (`human_review: true`) and no way to contest it (a `contest` contact), as "
            "Art. 22(3) asks") in finding.message


def test_a_decision_whose_section_does_not_describe_it_fails(tmp_path: Path) -> None:
    last = "    section: how-we-use\nkey_information"
    [finding] = check_with(tmp_path, (last, last.replace("how-we-use", "retention")))
    assert finding.status is Status.FAILED and finding.item == "proctoring"
    assert "section 'retention' does not say that 'Exam integrity review' is decided by automated means" \
        in finding.message


def test_a_decision_without_a_section_fails(tmp_path: Path) -> None:
    [finding] = check_with(tmp_path, ("    profiling: true\n    section: how-we-use\n", "    profiling: true\n"))
    assert finding.status is Status.FAILED and finding.item == "recommendations"


def test_the_check_applies_to_a_recorded_decision_the_text_does_not_mention(tmp_path: Path) -> None:
    profiling = ("We use profiling to recommend courses; the logic is a comparison with similar learners, and its\n"
                 "          significance and consequences are limited to the order of recommendations.")
    [finding] = check_with(tmp_path, (profiling, "We recommend courses."))
    assert finding.status is Status.FAILED
    assert finding.message == "sections do not say that their decisions are automated (2 places, listed below)"
    assert [o.item for o in finding.occurrences] == ["recommendations", "proctoring"]
    assert "does not say that 'Course recommendations' is decided by automated means" in finding.occurrences[0].message
