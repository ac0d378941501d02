"""Change classification rule by rule, the notice period at its boundary, and the yearly review."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.adapters.build import build_site
from generator.adapters.cli import main
from generator.analyses.changes import classify
from generator.source.model import Version
from tests.project import NOTICE, VERSION, make_project

BASE: dict[str, Any] = {
    "effective": "2025-01-01",
    "summary": "Base.",
    "controller": {"name": "Example Ltd", "contact": "office"},
    "contacts": [{"id": "office", "role": "controller", "name": "Example Ltd", "email": "office@example.org"},
                 {"id": "privacy-team", "role": "privacy", "name": "Privacy", "email": "privacy@example.org"}],
    "recipients": [{"id": "hosting", "name": "Hosting provider", "category": "service-provider"}],
    "transfers": [],
    "retention": [{"id": "accounts", "period": "2 years after closure", "section": "intro"}],
    "children": {"minimum_age": 16},
    "sections": [{"id": "intro", "title": "What we do", "blocks": [
        {"text": "We keep accounts.", "id": "basis", "legal_basis": {"basis": "contract"}},
        {"items": [
            {"id": "account", "text": "We collect your name.", "collects": {"data": ["name"], "sources": ["you"]}},
            {"id": "service", "text": "We run the service.",
             "use": {"purpose": "run the service", "legal_bases": ["basis"], "information": ["account"]}},
            {"id": "hosting-use", "text": "Our host stores it.", "discloses": {"recipients": ["hosting"]}},
            {"id": "rights", "text": "Write to us to see your data.",
             "right": {"kinds": ["access"], "channels": ["privacy-team"]}},
        ]},
        {"text": "Questions about this notice are welcome."},
    ]}],
}


def edited(change: Callable[[dict[str, Any]], None]) -> Version:
    data = copy.deepcopy(BASE)
    data["effective"] = "2025-06-01"
    change(data)
    return Version.model_validate(data)


def items(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["sections"][0]["blocks"][1]["items"]


def rules(change: Callable[[dict[str, Any]], None]) -> set[tuple[str, bool]]:
    result = classify(Version.model_validate(BASE), edited(change))
    return {(reason.rule, reason.material) for reason in result.reasons}


MATERIAL = {
    "new-information": lambda d: items(d).append(
        {"id": "phone", "text": "We collect your phone number.", "collects": {"data": ["phone number"]}}),
    "sensitive-information": lambda d: items(d).append(
        {"id": "health", "text": "We collect health data.", "collects": {"data": ["health"], "sensitive": True}}),
    "new-use": lambda d: items(d).append(
        {"id": "ads", "text": "We show you ads.", "use": {"purpose": "advertising"}}),
    "new-recipient": lambda d: d["recipients"].append(
        {"id": "ad-network", "name": "Ad network", "category": "third-party"}),
    "new-transfer": lambda d: d["transfers"].append(
        {"id": "to-us", "origins": ["eea"], "destination": "United States",
         "mechanism": "standard-contractual-clauses"}),
    "legal-basis": lambda d: d["sections"][0]["blocks"][0].update(legal_basis={"basis": "consent"}),
    "controller": lambda d: d["controller"].update(name="Acquirer Inc."),
    "contact": lambda d: d["contacts"][1].update(email="dpo@example.org"),
    "rights": lambda d: items(d)[3]["right"].update(channels=["office"]),
    "retention": lambda d: d["retention"][0].update(period="5 years after closure"),
    "children": lambda d: d["children"].update(minimum_age=13),
}

NOT_MATERIAL = {
    "wording": lambda d: d["sections"][0]["blocks"][2].update(text="Questions about this notice are always welcome."),
    "punctuation": lambda d: items(d)[0].update(text="We collect   your name!"),
    "display-name": lambda d: d["contacts"][1].update(name="Privacy Office"),
    "narrower": lambda d: items(d).pop(2),
    "shorter-retention": lambda d: d["retention"][0].update(period="1 year after closure"),
}


@pytest.mark.parametrize("rule", sorted(MATERIAL))
def test_each_material_rule_is_triggered_by_its_change(rule: str) -> None:
    assert (rule, True) in rules(MATERIAL[rule])


@pytest.mark.parametrize("rule", sorted(MATERIAL))
def test_each_material_rule_is_not_triggered_by_wording_alone(rule: str) -> None:
    found = rules(NOT_MATERIAL["wording"])
    assert (rule, True) not in found
    assert found == {("wording", False)}


@pytest.mark.parametrize("rule", sorted(NOT_MATERIAL))
def test_editorial_narrowing_and_shorter_retention_are_not_material(rule: str) -> None:
    found = rules(NOT_MATERIAL[rule])
    assert (rule, False) in found
    assert not any(material for _, material in found)


def test_an_unchanged_version_has_nothing_to_classify() -> None:
    result = classify(Version.model_validate(BASE), edited(lambda d: None))
    assert result.reasons == ()
    assert result.material is False


def test_the_lawyers_decision_wins_but_a_disagreement_is_named() -> None:
    def editorial_but_new_information(data: dict[str, Any]) -> None:
        MATERIAL["new-information"](data)
        data["change"] = {"material": False}

    result = classify(Version.model_validate(BASE), edited(editorial_but_new_information))
    assert result.material is False and result.derived is True
    assert result.disagreement == "marked editorial, but adds the kind of information 'We collect your phone number'"


# The minimal project's version, with the facts the classification reads.
VERSION_1 = VERSION.replace("            text: We collect your name.\n",
                            "            text: We collect your name.\n            collects: {data: [name]}\n")


def second_version(announced: str | None, material: str = "") -> str:
    text = VERSION_1.replace("effective: 2021-01-01", "effective: 2021-03-01")
    text = text.replace("summary: First version.\n", "summary: Adds phone numbers.\n"
                        + (f"announced: {announced}\n" if announced else "") + material)
    return text + ("          - id: phone\n            text: We collect your phone number.\n"
                   "            collects: {data: [phone number]}\n")


def validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, second: str, as_of: str = "2021-01-15"
             ) -> tuple[int, str]:
    make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": VERSION_1,
                                                "2021-03-01.yaml": second}})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--root", str(tmp_path), "--as-of", as_of])
    return result.exit_code, result.output


V2 = "notices/privacy/2021-03-01.yaml"


def test_notice_period_is_met_exactly_at_its_boundary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = validate(tmp_path, monkeypatch, second_version("2021-01-30"))
    assert code == 0, output


def test_a_material_change_announced_one_day_late_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = validate(tmp_path, monkeypatch, second_version("2021-01-31"))
    assert code == 1
    assert output.splitlines()[0] == (
        f"{V2}:3:12: error: material change announced 29 days before it takes effect on 2021-03-01; it needs "
        "30 days' notice (notice_period_days in site_config/site.yaml): announce it by 2021-01-30, or move the "
        "effective date to 2021-03-02 or later")


def test_a_material_change_needs_an_announcement_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = validate(tmp_path, monkeypatch, second_version(None))
    assert code == 1
    assert output.splitlines()[0] == (
        f"{V2}:1:12: error: material change with no announcement date: add 'announced: YYYY-MM-DD' on or before "
        "2021-01-30 (30 days' notice, notice_period_days in site_config/site.yaml)")


def test_the_notice_period_can_be_set_per_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_project(tmp_path, notices={"privacy": {
        "notice.yaml": NOTICE + "notice_period_days: 60\n", "2021-01-01.yaml": VERSION_1,
        "2021-03-01.yaml": second_version("2021-01-30")}})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--root", str(tmp_path), "--as-of", "2021-01-15"])
    assert result.exit_code == 1
    assert "it needs 60 days' notice (notice_period_days in notice.yaml)" in result.output


def test_a_classification_that_disagrees_with_the_data_is_a_warning(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = validate(tmp_path, monkeypatch, second_version(None, "change:\n  material: false\n"))
    assert code == 0, output
    assert (f"{V2}:4:13: warning: marked editorial, but adds the kind of information 'We collect your phone "
            "number'") in output


def test_a_version_in_force_for_over_a_year_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = validate(tmp_path, monkeypatch, second_version("2021-01-30"), as_of="2022-03-02")
    assert code == 0, output
    assert f"{V2}:1:12: warning: the version in force on March 2, 2022 took effect on March 1, 2021" in output
    code, output = validate(tmp_path, monkeypatch, second_version("2021-01-30"), as_of="2022-03-01")
    assert "warning" not in output


def test_an_announcement_after_the_effective_date_says_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = validate(tmp_path, monkeypatch, second_version("2021-03-17"))
    assert code == 1
    assert "announced 16 day(s) after it takes effect on 2021-03-01" in output
    assert "-16 day" not in output


def reworded_version(change: str = "") -> str:
    """The second version rewords the item that states the collected name: only a lawyer can call that."""
    text = VERSION_1.replace("effective: 2021-01-01", "effective: 2021-03-01").replace(
        "summary: First version.\n", "summary: Rewords the account item.\n" + change)
    return text.replace("text: We collect your name.", "text: We collect the name you give us.")


def test_an_open_legal_decision_fails_validate_at_the_text_to_decide(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = validate(tmp_path, monkeypatch, reworded_version())
    assert code == 1
    assert output.splitlines()[0] == (
        f"{V2}:14:13: error: needs a legal decision: the change rewords 'Account'; its facts did not change, but the "
        "words that state them did: decide whether the practice changed, and record it as 'change: {material: "
        "true or false, decided_by: NAME, decided_on: YYYY-MM-DD}'")


def test_a_recorded_decision_resolves_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    decided = "change:\n  material: false\n  decided_by: Jane Doe, Legal\n  decided_on: 2021-01-10\n"
    code, output = validate(tmp_path, monkeypatch, reworded_version(decided))
    assert code == 0, output
    assert "warning" not in output
    code, output = validate(tmp_path, monkeypatch, reworded_version("change:\n  material: false\n"))
    assert code == 0, output
    assert (f"{V2}:4:13: warning: the legal decision on materiality needs who decided and when: add 'decided_by: "
            "NAME' and 'decided_on: YYYY-MM-DD' under 'change:'") in output


def test_diff_shows_the_outcome_and_every_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    decided = "change:\n  material: true\n  decided_by: Jane Doe, Legal\n  decided_on: 2021-01-10\n"
    validate(tmp_path, monkeypatch, reworded_version(decided))
    args = ["diff", "privacy", "2021-01-01", "2021-03-01", "--root", str(tmp_path)]
    text = CliRunner().invoke(main, args).output
    assert text.endswith(
        "Classification: material (declared material by Jane Doe, Legal on 2021-01-10)\n"
        "  needs a legal decision: rewords 'Account' (its facts did not change, but the words that state them did: "
        "decide whether the practice changed) [reworded-facts]\n")
    data = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).output)["classification"]
    assert (data["outcome"], data["derived"], data["decided_by"]) == (
        "material", "needs a legal decision", "Jane Doe, Legal")
    assert [(r["outcome"], r["rule"], r["id"]) for r in data["reasons"]] == [
        ("needs a legal decision", "reworded-facts", "account")]


def test_the_history_page_shows_material_or_editorial_per_version(tmp_path: Path) -> None:
    decided = "change:\n  material: false\n  decided_by: Jane Doe, Legal\n  decided_on: 2021-01-10\n"
    root = make_project(tmp_path / "project", notices={"privacy": {
        "notice.yaml": NOTICE, "2021-01-01.yaml": VERSION_1, "2021-03-01.yaml": reworded_version(decided)}})
    site = build_site(root, dt.date(2021, 1, 15), tmp_path / "site")
    page = BeautifulSoup((site / "privacy" / "history" / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = {row["id"]: row for row in page.select("tr[id^=version-]")}
    assert rows["version-2021-03-01"].select_one(".notice-outcome").get_text() == "Editorial change"
    assert rows["version-2021-01-01"].select_one(".notice-outcome") is None


# --- rights read across the whole notice ----------------------------------------------------------


def _messages(change: Callable[[dict[str, Any]], None]) -> list[tuple[str, str, str]]:
    result = classify(Version.model_validate(BASE), edited(change))
    return [(reason.rule, str(reason.outcome), reason.message) for reason in result.reasons]


def test_a_right_stated_in_a_new_paragraph_is_a_new_right_only_if_no_paragraph_gave_it() -> None:
    def restate_and_add(data: dict[str, Any]) -> None:
        old = items(data).pop(3)
        items(data).append({"id": "your-rights", "text": "You may see or correct your data.",
                            "right": {"kinds": ["access", "correct"], "channels": old["right"]["channels"]}})

    found = _messages(restate_and_add)
    assert ("new-rights", "material", "gives readers new rights: to correct (Worldwide), in 'You may see or "
            "correct your data'") in found
    # The right to access moved from one item to another: stated elsewhere, not removed.
    assert not any(rule == "rights" for rule, _, _ in found), found


def test_a_right_that_only_moves_is_not_new_and_not_removed_but_asks_for_a_look() -> None:
    def move(data: dict[str, Any]) -> None:
        old = items(data).pop(3)
        data["sections"][0]["blocks"].append({"id": "see-your-data", "text": "Ask us to see your data.",
                                              "right": old["right"]})

    found = _messages(move)
    assert {rule for rule, _, _ in found} == {"rights-restated"}, found
    assert {outcome for _, outcome, _ in found} == {"needs a legal decision"}
    assert any(message.startswith("no longer states here rights the notice still gives (to access (Worldwide))")
               for _, _, message in found)


def test_a_right_given_to_more_readers_is_material() -> None:
    base = copy.deepcopy(BASE)
    items(base)[3]["right"]["regions"] = ["us-ca"]
    newer = copy.deepcopy(base)
    newer["effective"] = "2025-06-01"
    items(newer)[3]["right"]["regions"] = ["us"]
    result = classify(Version.model_validate(base), Version.model_validate(newer))
    assert [(r.rule, r.message) for r in result.material_reasons] == [
        ("new-rights", "gives rights to more readers: to access (United States), in 'Write to us to see your data'")]
