"""A confusion matrix of the classifier over labelled changes: text-only changes hitting each trigger of
the lexicon, fact-only changes, removals, narrowing, rewording and punctuation.

`pytest -s tests/test_materiality_matrix.py` prints the table. No material change may be classified
editorial, and every removal must be described as a removal (never as an addition).
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from generator.analyses.changes import Verdict, classify
from generator.analyses.changes.triggers import lexicon
from generator.source.model import Version
from tests.test_changes import BASE, items

Edit = Callable[[dict[str, Any]], None]
M, E, D = Verdict.MATERIAL, Verdict.EDITORIAL, Verdict.DECISION


def no_edit(data: dict[str, Any]) -> None:
    return None


def plain_text(data: dict[str, Any]) -> dict[str, Any]:
    """The paragraph of the first section that states no facts."""
    block: dict[str, Any] = data["sections"][0]["blocks"][2]
    return block


def add_sentence(sentence: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        plain_text(data)["text"] += " " + sentence
    return edit


def both(*edits: Edit) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        for one in edits:
            one(data)
    return edit


def no_facts_section(text: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data["sections"].append({"id": "about", "title": "About us", "blocks": [{"text": text}]})
    return edit


def change_policy(advance_notice: bool) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data["change_policy"] = {"channels": ["email", "site-notice"], "advance_notice": advance_notice}
    return edit


@dataclass(frozen=True)
class Case:
    name: str
    group: str
    label: Verdict
    new: Edit
    old: Edit = no_edit
    removal: bool = False
    rule: str | None = None


NOT_SOLD = "We do not sell your personal information."
CASES = [
    # Text-only changes, one per trigger of the lexicon.
    Case("starts selling to partners", "text trigger", M, add_sentence("We sell your information to our partners."),
         rule="trigger-sale-and-sharing"),
    Case("targeted advertising", "text trigger", M, add_sentence("We use your activity for targeted advertising."),
         rule="trigger-targeted-advertising"),
    Case("data brokers", "text trigger", M, add_sentence("We buy lists from data brokers."),
         rule="trigger-data-brokers"),
    Case("training generative AI on learners' work", "text trigger", M,
         add_sentence("We use your course submissions to train generative AI models."), rule="trigger-ai-training"),
    Case("facial recognition in proctored exams", "text trigger", M,
         add_sentence("Proctored exams use facial recognition to verify who you are."), rule="trigger-biometrics"),
    Case("precise geolocation", "text trigger", M, add_sentence("Our app records your precise geolocation."),
         rule="trigger-precise-geolocation"),
    Case("certificates revoked without human review", "text trigger", M,
         add_sentence("Certificates may be revoked without human review."), rule="trigger-automated-decisions"),
    Case("children from 13", "text trigger", M, add_sentence("Learners aged 13 and over may register."),
         rule="trigger-children"),
    Case("successor in a merger", "text trigger", M,
         add_sentence("If another company acquires us, your information passes to it."), rule="trigger-mergers"),
    Case("health information", "text trigger", M, add_sentence("We ask about your health to arrange support."),
         rule="trigger-sensitive-categories"),
    Case("'we do not sell' becomes 'we sell'", "text trigger", M,
         add_sentence("We sell your personal information."), old=add_sentence(NOT_SOLD),
         rule="trigger-sale-and-sharing"),
    Case("'we do not sell' deleted", "removal", M, no_edit, old=add_sentence(NOT_SOLD), removal=True,
         rule="trigger-sale-and-sharing"),
    # Changes to facts only.
    Case("new recipient", "fact", M, lambda d: d["recipients"].append(
        {"id": "ads", "name": "Advertisers", "category": "third-party"}), rule="new-recipient"),
    Case("new use of information already collected", "fact", M, lambda d: items(d).append(
        {"id": "profile", "text": "We build a profile.", "use": {"purpose": "profiles", "information": ["account"]}}),
        rule="new-use"),
    Case("sensitive flag turned on", "fact", M, lambda d: items(d)[0]["collects"].update(sensitive=True),
         rule="sensitive-information"),
    Case("new purpose for an existing recipient", "fact", M,
         lambda d: items(d)[2]["discloses"].update(purpose="analytics"), rule="new-recipient"),
    Case("new right", "fact", M, lambda d: items(d)[3]["right"].update(kinds=["access", "portability"]),
         rule="new-rights"),
    Case("notice covers a new region", "fact", M, lambda d: d.update(jurisdictions=["us-ca"]), rule="regions"),
    Case("starts selling (the fact)", "fact", M, lambda d: d.update(sale_and_sharing={
        "sells": True, "shares_for_targeted_advertising": False}), old=lambda d: d.update(sale_and_sharing={
            "sells": False, "shares_for_targeted_advertising": False}), rule="sale-and-sharing"),
    Case("stops sharing for targeted advertising (the fact)", "fact", M, lambda d: d.update(sale_and_sharing={
        "sells": False, "shares_for_targeted_advertising": False}), old=lambda d: d.update(sale_and_sharing={
            "sells": False, "shares_for_targeted_advertising": True}), rule="sale-and-sharing"),
    Case("new controller", "fact", M, lambda d: d["controller"].update(name="Acquirer Inc."), rule="controller"),
    # Removals.
    Case("right removed", "removal", M, lambda d: items(d).pop(3), removal=True, rule="rights"),
    Case("right narrowed to fewer kinds", "removal", M, lambda d: items(d)[3]["right"].update(kinds=["access"]),
         old=lambda d: items(d)[3]["right"].update(kinds=["access", "erasure"]), removal=True, rule="rights"),
    Case("sensitive flag turned off", "removal", M, lambda d: None,
         old=lambda d: items(d)[0]["collects"].update(sensitive=True), removal=True, rule="removed-protection"),
    Case("advance notice of changes dropped", "removal", M, change_policy(False), old=change_policy(True),
         removal=True, rule="removed-protection"),
    Case("retention statement removed", "removal", M, lambda d: d.update(retention=[]), removal=True,
         rule="retention"),
    Case("use removed", "removal", E, lambda d: items(d).pop(1), removal=True, rule="narrower"),
    Case("recipient removed", "removal", E, lambda d: (d.update(recipients=[]), items(d).pop(2)), removal=True,
         rule="narrower"),
    # Narrowing.
    Case("fewer data elements", "narrowing", E, no_edit,
         old=lambda d: items(d)[0]["collects"]["data"].append("e-mail address"), rule="narrower"),
    Case("shorter retention", "narrowing", E, lambda d: d["retention"][0].update(period="1 year after closure"),
         rule="shorter-retention"),
    # Rewording.
    Case("rewording without facts in a section whose facts stayed", "rewording", E,
         lambda d: plain_text(d).update(text="Questions about this notice are always welcome."), rule="wording"),
    Case("rewording of a unit stating facts", "rewording", D,
         lambda d: items(d)[0].update(text="We collect the name you give us."), rule="reworded-facts"),
    Case("rewording in a section without facts", "rewording", D,
         no_facts_section("We are a learning company founded in 2012."),
         old=no_facts_section("We are an education company founded in 2012."), rule="reworded"),
    Case("reworded purpose", "rewording", D, lambda d: items(d)[1]["use"].update(purpose="operate the service"),
         rule="reworded-fact"),
    Case("paragraph added without facts", "rewording", D, no_facts_section("We are an education company."),
         rule="added-text"),
    # Punctuation and names.
    Case("punctuation, case and spacing", "punctuation", E,
         lambda d: items(d)[0].update(text="we collect   your name!"), rule="punctuation"),
    Case("display name changed, same address", "punctuation", E,
         lambda d: d["contacts"][1].update(name="Privacy Office"), rule="display-name"),
]


def version(*edits: Edit, effective: str) -> Version:
    data = copy.deepcopy(BASE)
    data["effective"] = effective
    for edit in edits:
        edit(data)
    return Version.model_validate(data)


def outcome_of(case: Case) -> tuple[Verdict, list[str], list[str]]:
    result = classify(version(case.old, effective="2025-01-01"), version(case.new, effective="2025-06-01"))
    return result.derived_outcome, [r.message for r in result.reasons], [r.rule for r in result.reasons]


def matrix_table() -> str:
    counts: Counter[tuple[Verdict, Verdict]] = Counter()
    for case in CASES:
        counts[case.label, outcome_of(case)[0]] += 1
    order = [M, D, E]
    lines = ["| labelled \\ classified | " + " | ".join(str(o) for o in order) + " |",
             "| --- | " + " | ".join("---:" for _ in order) + " |"]
    for label in order:
        lines.append(f"| {label} | " + " | ".join(str(counts[label, found]) for found in order) + " |")
    return "\n".join(lines)


def test_fixtures_cover_every_trigger_and_every_group() -> None:
    assert len(CASES) >= 20
    assert {f"trigger-{t.id}" for t in lexicon()} <= {c.rule for c in CASES}
    assert {c.group for c in CASES} == {"text trigger", "fact", "removal", "narrowing", "rewording", "punctuation"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_labelled_change(case: Case) -> None:
    found, messages, rules = outcome_of(case)
    assert found is case.label, messages
    assert case.rule in rules, rules
    if case.removal:
        assert not any(m.startswith("adds") for m in messages), messages
        assert any(m.startswith(("removes", "no longer", "narrows")) for m in messages), messages


def test_no_material_change_is_classified_editorial() -> None:
    wrong = [c.name for c in CASES if c.label is M and outcome_of(c)[0] is E]
    print("\n" + matrix_table())
    assert wrong == []
