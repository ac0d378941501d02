"""Facts cite their words: each agreement rule, with a version that breaks it and one that satisfies it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.adapters.cli import main
from tests.project import NOTICE, VERSION, make_project

PATH = "notices/privacy/2027-01-01.yaml"


def version(facts: str, text: str, *, announced: str = "") -> str:
    """The minimal project's version, effective 2027, with top-level facts and a section 'details' holding `text`."""
    head = VERSION.replace("effective: 2021-01-01\n", f"effective: 2027-01-01\n{announced}")
    return head.replace("sections:\n", facts + "sections:\n") + (
        "  - id: details\n    title: Details\n    blocks:\n      - text: " + text + "\n")


def run(tmp_path: Path, second: str, command: str = "validate") -> tuple[int, str]:
    """Run `notices COMMAND` on the minimal project with `second` as its 2027 version: exit code and output."""
    root = make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2027-01-01.yaml": second}})
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        args = [command, "--as-of", "2026-12-01"] + (["--fail-on", "never"] if command == "check" else [])
        result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


def assert_breaks_and_holds(tmp_path: Path, broken: str, fixed: str, message: str) -> None:
    """The broken version fails validate with `message` at the version's file; the fixed one passes."""
    code, output = run(tmp_path / "broken", broken)
    assert code == 1
    assert f"{PATH}:" in output and f": error: {message}" in output, output
    code, output = run(tmp_path / "fixed", fixed)
    assert code == 0, output


RETENTION = "retention:\n  - id: retention-account\n    period: {period}\n    section: details\n"
TRANSFER = ("transfers:\n  - id: to-us\n    origins: [{origins}]\n    destination: United States\n"
            "    mechanism: {mechanism}\n    section: details\n")
POLICY = "change_policy:\n  channels: [{channels}]\n  advance_notice: {advance}\n  section: details\n"
KEEP = "We keep your account data for five years after you close your account."
PS = "We participate in the EU-U.S. Privacy Shield Framework."
DPF = "We participate in the EU-U.S. Data Privacy Framework."
IMMEDIATE = "Changes are effective immediately upon posting on our Site, and we e-mail you about them."
AHEAD = "We e-mail you about material changes at least 30 days before they take effect."

SALE = "sale_and_sharing:\n  sells: {sells}\n  shares_for_targeted_advertising: {shares}\n  section: details\n"
ADM = ("automated_decisions:\n  - id: grading\n    name: Automated grading\n    logic: a model scores answers\n"
       "    significance: the grade you receive\n    human_review: true\n    section: details\n")
NO_SALE = "We do not sell your personal information, and we do not share it for targeted advertising."

RULES = {
    # rule: (facts and text that break it, the same fixed, the start of the error)
    "retention period equals the text": (
        (RETENTION.format(period="2 years after closure"), KEEP),
        (RETENTION.format(period="5 years after closure"), KEEP),
        "the fact says 2 years after closure but the text of 'details' says \"five years\""),
    "a stated period is in the text": (
        (RETENTION.format(period="2 years after closure"), "We keep your data while you need it."),
        (RETENTION.format(period="2 years after closure") + "    unstated_reason: Stated in the records schedule "
         "we publish with the notice.\n", "We keep your data while you need it."),
        "the fact says 2 years after closure but the text of 'details' states no period"),
    "a period in the text is a fact": (
        (RETENTION.replace("period: {period}", "criteria: while needed"), KEEP),
        (RETENTION.format(period="five years"), KEEP),
        "the text of 'details' says \"five years\" but the fact states no period: add 'period'"),
    "the mechanism is named in the text": (
        (TRANSFER.format(origins="eea", mechanism="eu-us-data-privacy-framework"), PS),
        (TRANSFER.format(origins="eea", mechanism="eu-us-data-privacy-framework"), DPF),
        "the fact says the Data Privacy Framework but the text of 'details' does not name it"),
    "a mechanism the text names is a fact": (
        (TRANSFER.format(origins="eea", mechanism="standard-contractual-clauses"),
         "We rely on Standard Contractual Clauses and the EU-U.S. Privacy Shield."),
        (TRANSFER.format(origins="eea", mechanism="standard-contractual-clauses"),
         "We rely on Standard Contractual Clauses."),
        "the text names the EU-U.S. Privacy Shield (\"EU-U.S. Privacy Shield\") but no fact in 'transfers' relies"),
    "the DPF variant is named": (
        (TRANSFER.format(origins="eea, uk", mechanism="eu-us-data-privacy-framework"), DPF),
        (TRANSFER.format(origins="eea, uk", mechanism="eu-us-data-privacy-framework"),
         DPF + " UK data goes under the UK Extension to it."),
        "the fact says the UK Extension to the EU-U.S. Data Privacy Framework but the text of 'details' does not"),
    "advance notice agrees with the change clause": (
        (POLICY.format(channels="email", advance="true"), IMMEDIATE),
        (POLICY.format(channels="email", advance="true"), AHEAD),
        "the fact says material changes are announced before they apply but the text of 'details' says "
        "\"effective immediately\""),
    "no advance notice agrees with the change clause": (
        (POLICY.format(channels="email", advance="false"), AHEAD),
        (POLICY.format(channels="email", advance="false"), IMMEDIATE),
        "the fact says changes may apply without advance notice but the text of 'details' says \"at least 30 days "
        "before\""),
    "each channel is in the change clause": (
        (POLICY.format(channels="email, in-app", advance="true"), AHEAD),
        (POLICY.format(channels="email", advance="true"), AHEAD),
        "the fact says changes are announced by 'in-app' but the text of 'details' does not say so"),
    "'not sold' agrees with the text": (
        (SALE.format(sells="false", shares="false"), "We sell your personal information to partners."),
        (SALE.format(sells="false", shares="false"), NO_SALE),
        "the fact says information is not sold but the text of 'details' says \"We sell\""),
    "'sold' agrees with the text": (
        (SALE.format(sells="true", shares="false"), NO_SALE),
        (SALE.format(sells="true", shares="false"),
         "We sell your personal information. We do not share it for targeted advertising."),
        "the fact says information is sold but the text of 'details' says \"do not sell\""),
    "sharing for targeted advertising is stated": (
        (SALE.format(sells="false", shares="true"), "We do not sell your personal information."),
        (SALE.format(sells="false", shares="true"),
         "We do not sell your personal information. We share it with partners for targeted advertising."),
        "the fact says information is shared for targeted advertising but the text of 'details' does not say so"),
    "an automated decision is called automated": (
        (ADM, "A model grades your answers, and a member of our staff reviews a grade on request."),
        (ADM, "Automated decisions grade your answers, and a member of our staff reviews a grade on request."),
        "the fact says 'Automated grading' is decided by automated means or profiling but the text of 'details' "
        "does not say so"),
    "the human review a decision's fact claims is in the text": (
        (ADM, "Automated decisions grade your answers."),
        (ADM, "Automated decisions grade your answers, and a member of our staff reviews a grade on request."),
        "the fact says a person reviews the decision on request but the text of 'details' does not say so"),
}


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_fails_its_breaking_fixture_and_passes_the_fixed_one(tmp_path: Path, rule: str) -> None:
    broken, fixed, message = RULES[rule]
    assert_breaks_and_holds(tmp_path, version(*broken), version(*fixed), message)


def line_of(text: str, start: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_an_error_names_the_fact_and_the_text(tmp_path: Path) -> None:
    second = version(RETENTION.format(period="2 years"), KEEP)
    _, output = run(tmp_path, second)
    fact, text = line_of(second, "    period: 2 years"), line_of(second, "      - text: We keep")
    assert output.splitlines()[0] == (f"{PATH}:{fact}:13: error: the fact says 2 years but the text of 'details' "
                                      f"says \"five years\" ({PATH}:{text}:15)")


def test_a_published_version_gets_a_warning_not_an_error(tmp_path: Path) -> None:
    """A published version is immutable: the disagreement is fixed in the next version or by a correction."""
    second = version(RETENTION.format(period="2 years"), KEEP, announced="announced: 2026-11-01\n")
    code, output = run(tmp_path, second)
    assert code == 0, output
    fact, text = line_of(second, "    period: 2 years"), line_of(second, "      - text: We keep")
    assert (f"{PATH}:{fact}:13: warning: the fact says 2 years but the text of 'details' says \"five years\"; "
            "this version is published, so fix it in the next version, or correct this one and record it with "
            f"notices correct ({PATH}:{text}:15)") in output


def test_facts_with_an_unstated_reason_are_listed_on_the_compliance_report(tmp_path: Path) -> None:
    reason = "Stated in the records schedule we publish with the notice."
    second = version(RETENTION.format(period="2 years") + f"    unstated_reason: {reason}\n", "We keep data.")
    root = make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2027-01-01.yaml": second}})
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        output = CliRunner().invoke(main, ["check", "--as-of", "2026-12-01", "--fail-on", "never"]).output
    assert output.endswith("== Facts the text does not state (unstated_reason) ==\n"
                           f"{PATH}: retention 'retention-account': {reason}\n")
