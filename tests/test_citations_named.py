"""Facets are named in their unit's words: each rule with a version that breaks it and one that satisfies it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.adapters.cli import main
from generator.analyses.citations.matching import says
from tests.project import NOTICE, VERSION, make_project
from tests.test_citations import PATH, assert_breaks_and_holds, line_of, run

RECIPIENTS = ("recipients:\n  - id: payment-processor\n    name: Payment processors\n"
              "    category: service-provider\n")


def version(facets: str, text: str, *, announced: str = "") -> str:
    """The minimal project's version, effective 2027, whose section 'details' has an item 'signup' with `facets`."""
    head = VERSION.replace("effective: 2021-01-01\n", f"effective: 2027-01-01\n{announced}")
    item = ("  - id: details\n    title: Details\n    blocks:\n      - items:\n          - id: signup\n"
            f"            text: {text}\n")
    body = "".join(f"            {line}\n" for line in facets.splitlines())
    return head.replace("sections:\n", RECIPIENTS + "sections:\n") + item + body


COLLECTS = "collects:\n  data: [{data}]\n  sources: [{sources}]\n"
USE = "use:\n  purpose: {purpose}\n"
DISCLOSES = "discloses:\n  recipients: [payment-processor]\n  purpose: {purpose}\n"
QUOTE = "  quote: {quote}\n"
NAME = "We collect your name."

RULES = {
    # rule: (facets and text that break it, the same fixed, the start of the error)
    "a data element is named (case, plural, hyphen aside)": (
        (COLLECTS.format(data="email address", sources="you"), "You give us your name."),
        (COLLECTS.format(data="email address", sources="you"), "You give us your E-mail Addresses."),
        "the fact says 'email address' but the text of 'signup' does not say it"),
    "a data element worded differently is quoted": (
        (COLLECTS.format(data="contact details", sources="you"), "You give us your phone number."),
        (COLLECTS.format(data="contact details", sources="you") + QUOTE.format(quote="{contact details: your phone "
                                                                                     "number}"),
         "You give us your phone number."),
        "the fact says 'contact details' but the text of 'signup' does not say it"),
    "a source is named": (
        (COLLECTS.format(data="name", sources="third-parties"), "You give us your name."),
        (COLLECTS.format(data="name", sources="third-parties"), "We receive your name from third parties."),
        "the fact says it comes from 'third-parties' but the text of 'signup' does not say it"),
    "a purpose is named or quoted": (
        (USE.format(purpose="send newsletters"), "We use your name to write to you."),
        (USE.format(purpose="send newsletters") + QUOTE.format(quote="to write to you"),
         "We use your name to write to you."),
        "the fact says the purpose 'send newsletters' but the text of 'signup' does not say it"),
    "a recipient is named": (
        (DISCLOSES.format(purpose="take payments"), "We share your card number with our bank to take payments."),
        (DISCLOSES.format(purpose="take payments"), "We share your card number with payment processors to take "
                                                   "payments."),
        "the fact says the recipient 'Payment processors' but the text of 'signup' does not say it"),
    "a disclosure's purpose is named or quoted": (
        (DISCLOSES.format(purpose="fraud prevention"), "Payment processors get your card number to stop fraud."),
        (DISCLOSES.format(purpose="fraud prevention") + QUOTE.format(quote="{purpose: to stop fraud}"),
         "Payment processors get your card number to stop fraud."),
        "the fact says the purpose 'fraud prevention' but the text of 'signup' does not say it"),
    "a quote occurs verbatim (whitespace aside)": (
        (COLLECTS.format(data="contact details", sources="you") + QUOTE.format(quote="{contact details: your phone "
                                                                                     "numbers}"),
         "You give us your phone number."),
        (COLLECTS.format(data="contact details", sources="you") + QUOTE.format(quote="{contact details: 'your  "
                                                                                     "phone number'}"),
         "You give us your phone number."),
        "the quote \"your phone numbers\" is not in the text of 'signup': copy the words exactly"),
    "a quote names something the fact says": (
        (COLLECTS.format(data="name", sources="you") + QUOTE.format(quote="{email: your name}"), "You give us your "
                                                                                                  "name."),
        (COLLECTS.format(data="name", sources="you") + QUOTE.format(quote="{name: your name}"), "You give us your "
                                                                                                "name."),
        "the quote for 'email' names nothing the fact says"),
    "a facet the text cannot state has a reason": (
        (COLLECTS.format(data="device identifiers", sources="automatic"), NAME),
        (COLLECTS.format(data="device identifiers", sources="automatic") + "  unstated_reason: Listed in the "
                                                                          "Cookies Policy the text links to.\n", NAME),
        "the fact says 'device identifiers' but the text of 'signup' does not say it"),
}


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_fails_its_breaking_fixture_and_passes_the_fixed_one(tmp_path: Path, rule: str) -> None:
    broken, fixed, message = RULES[rule]
    assert_breaks_and_holds(tmp_path, version(*broken), version(*fixed), message)


def test_an_error_names_the_fact_the_text_and_the_way_out(tmp_path: Path) -> None:
    second = version(COLLECTS.format(data="email address", sources="you"), "You give us your name.")
    _, output = run(tmp_path, second)
    fact, text = line_of(second, "              data: [email"), line_of(second, "            text: You give")
    assert output.splitlines()[0] == (
        f"{PATH}:{fact}:22: error: the fact says 'email address' but the text of 'signup' does not say it "
        f"({PATH}:{text}:19); quote the words that state it (quote: {{email address: \"…\"}}) or add unstated_reason")


def test_a_published_version_gets_a_warning(tmp_path: Path) -> None:
    second = version(USE.format(purpose="send newsletters"), "We use your name to write to you.",
                     announced="announced: 2026-11-01\n")
    code, output = run(tmp_path, second)
    assert code == 0, output
    assert (": warning: the fact says the purpose 'send newsletters' but the text of 'signup' does not say it; "
            "this version is published") in output
    assert "notices correct (notices/privacy/2027-01-01.yaml:" in output
    assert "); quote the words that state it (quote: \"…\") or add unstated_reason\n" in output


def test_a_facet_with_an_unstated_reason_is_listed_on_the_compliance_report(tmp_path: Path) -> None:
    reason = "Listed in the Cookies Policy the text links to."
    facets = COLLECTS.format(data="device identifiers", sources="automatic") + f"  unstated_reason: {reason}\n"
    _, output = run(tmp_path, version(facets, NAME), "check")
    assert output.endswith("== Facts the text does not state (unstated_reason) ==\n"
                           f"{PATH}: collects of 'signup': {reason}\n")


@pytest.mark.parametrize(("text", "words", "found"), [
    ("Which pages of our Site were visited", "pages visited", False),  # words must follow each other
    ("the pages visited", "Pages Visited", True),
    ("third-party cookies", "third party cookie", True),
    ("your e-mail addresses,", "email address", True),
    ("we process it", "processing", True),
    ("partners", "parties", False),
])
def test_the_normalised_match(text: str, words: str, found: bool) -> None:
    assert says(text, words) is found


def test_a_second_run_from_the_cache_gives_the_same_lines(tmp_path: Path) -> None:
    second = version(COLLECTS.format(data="email address", sources="you"), "You give us your name.")
    first_run, second_run = run(tmp_path, second), run(tmp_path, second)
    assert (tmp_path / ".cache").is_dir()
    assert second_run == first_run and "; quote the words that state it" in second_run[1]


def test_superseded_versions_are_not_checked(tmp_path: Path) -> None:
    """An archived version is immutable and no longer applies: only the versions in force or upcoming warn."""
    broken = version(USE.format(purpose="send newsletters"), "We use your name to write to you.")
    files = {"notice.yaml": NOTICE, "2025-01-01.yaml": broken.replace("effective: 2027-01-01", "effective: 2025-01-01"),
             "2026-01-01.yaml": broken.replace("effective: 2027-01-01", "effective: 2026-01-01")
             .replace("send newsletters", "write to you")}
    root = make_project(tmp_path, notices={"privacy": files})
    outputs = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        for day in ("2025-06-01", "2026-06-01"):
            outputs[day] = CliRunner().invoke(main, ["validate", "--as-of", day]).output
    warning = "notices/privacy/2025-01-01.yaml:28:24: warning: the fact says the purpose 'send newsletters'"
    assert warning in outputs["2025-06-01"]
    assert "the fact says" not in outputs["2026-06-01"], outputs["2026-06-01"]
