"""The redline engine: alignment by id, word diffs, the structured summary and the output formats."""

from __future__ import annotations

import copy
import dataclasses
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.analyses.redline import (
    Category,
    Change,
    ChangeKind,
    FieldChange,
    Op,
    Redline,
    Run,
    Unit,
    compare,
    diff_text,
    to_html,
    to_json,
    to_text,
)
from generator.analyses.redline import (
    UnitStatus as Status,
)
from generator.source.model import Version

ROOT = Path(__file__).resolve().parent.parent
REAL_NOTICE = ROOT / "notices" / "privacy" / "2021-01-01.yaml"

BASE: dict[str, Any] = {
    "effective": "2024-01-01",
    "summary": "First version.",
    "contacts": [
        {"id": "privacy-team", "role": "privacy", "name": "Privacy Team", "email": "privacy@example.org"},
    ],
    "recipients": [{"id": "vendors", "name": "Vendors", "category": "service-provider"}],
    "sections": [
        {"id": "intro", "title": "Introduction", "blocks": [
            {"text": "We respect your privacy and explain here how we use your data."},
            {"text": "Please read this notice carefully."},
        ]},
        {"id": "collect", "title": "What We Collect", "blocks": [
            {"id": "collect-list", "items": [
                {"id": "collect-account", "title": "Account.", "text": "We collect your name and email address.",
                 "collects": {"data": ["name", "email address"], "sources": ["you"]}},
                {"id": "collect-usage", "text": "We collect usage data automatically.",
                 "collects": {"data": ["usage"], "sources": ["automatic"]}},
                {"id": "collect-support", "text": "We keep the messages you send to support.",
                 "collects": {"data": ["support messages"], "sources": ["you"]}},
            ]},
        ]},
        {"id": "use", "title": "How We Use Information", "blocks": [
            {"id": "basis-contract", "text": "We rely on our contract with you.", "legal_basis": {"basis": "contract"}},
            {"id": "use-service", "text": "We use information to provide the service.",
             "use": {"purpose": "provide the service", "legal_bases": ["basis-contract"]}},
        ]},
        {"id": "sharing", "title": "Sharing", "blocks": [
            {"id": "share-vendors", "text": "We share information with vendors who host the service.",
             "discloses": {"recipients": ["vendors"]}},
        ], "sections": [
            {"id": "sharing-details", "title": "Details", "blocks": [{"text": "Vendors are bound by contracts."}]},
        ]},
        {"id": "contact", "title": "Contact Us", "blocks": [
            {"text": "Write to us:"},
            {"contact": "privacy-team"},
        ]},
    ],
}


def version(edit: Callable[[dict[str, Any]], None] | None = None) -> Version:
    data = copy.deepcopy(BASE)
    if edit is not None:
        data["effective"] = "2025-01-01"
        edit(data)
    return Version.model_validate(data)


def section(data: dict[str, Any], section_id: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [s for s in data["sections"] if s["id"] == section_id]
    return found[0]


def collect_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = section(data, "collect")["blocks"][0]["items"]
    return items


def redline_of(edit: Callable[[dict[str, Any]], None]) -> Redline:
    return compare(version(), version(edit))


def unit(redline: Redline, key: str) -> Unit:
    return next(u for u in redline.walk() if u.key == key)


def test_word_insertion_and_deletion_within_an_item() -> None:
    def edit(data: dict[str, Any]) -> None:
        collect_items(data)[1]["text"] = "We collect device and usage data."

    redline = redline_of(edit)
    text = unit(redline, "collect-usage").text
    assert text is not None
    assert text.runs == (
        Run(Op.EQUAL, "We collect "), Run(Op.INSERT, "device and "), Run(Op.EQUAL, "usage data"),
        Run(Op.DELETE, " automatically"), Run(Op.EQUAL, "."),
    )
    assert redline.changes == (Change(Category.WORDING, ChangeKind.REWORDED, "collect-usage",
                                      "We collect device and usage data."),)
    assert [u.key for u in redline.changed_units()] == ["collect-usage"]


def test_added_item_with_collects_is_information_collected_added() -> None:
    def edit(data: dict[str, Any]) -> None:
        collect_items(data).insert(1, {
            "id": "collect-location", "title": "Location.", "text": "We collect your approximate location.",
            "collects": {"data": ["approximate location"], "sources": ["automatic"]}})

    redline = redline_of(edit)
    assert redline.changes == (Change(
        Category.COLLECTED, ChangeKind.ADDED, "collect-location", "Location.",
        (FieldChange("data", None, ["approximate location"]), FieldChange("sources", None, ["automatic"]))),)
    assert unit(redline, "collect-location").status is Status.ADDED
    # An insertion shifts the items after it but moves nothing.
    assert all(u.move is None for u in redline.walk())


def test_new_use_with_legal_basis() -> None:
    def edit(data: dict[str, Any]) -> None:
        section(data, "use")["blocks"] += [
            {"id": "basis-consent", "text": "Where you agree, we rely on your consent.",
             "legal_basis": {"basis": "consent"}},
            {"id": "use-marketing", "text": "We send you news about our courses.",
             "use": {"purpose": "marketing", "legal_bases": ["basis-consent"]}},
        ]

    changes = redline_of(edit).changes
    assert [(c.category, c.kind, c.id) for c in changes] == [
        (Category.USES, ChangeKind.ADDED, "use-marketing"),
        (Category.LEGAL_BASES, ChangeKind.ADDED, "basis-consent"),
    ]
    assert FieldChange("legal_bases", None, ["basis-consent"]) in changes[0].fields


def test_changed_legal_basis_reference_of_a_use_is_a_legal_basis_change() -> None:
    def edit(data: dict[str, Any]) -> None:
        section(data, "use")["blocks"][1]["use"]["legal_bases"] = []

    assert redline_of(edit).changes == (Change(
        Category.LEGAL_BASES, ChangeKind.CHANGED, "use-service", "We use information to provide the service.",
        (FieldChange("legal_bases", ["basis-contract"], []),)),)


def test_new_recipient() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["recipients"].append({"id": "analytics", "name": "Analytics providers", "category": "service-provider"})
        section(data, "sharing")["blocks"].append({
            "id": "share-analytics", "text": "We share usage data with analytics providers.",
            "discloses": {"recipients": ["analytics"], "purpose": "measure use"}})

    changes = redline_of(edit).changes
    assert [(c.category, c.kind, c.id, c.label) for c in changes] == [
        (Category.RECIPIENTS, ChangeKind.ADDED, "analytics", "Analytics providers"),
        (Category.RECIPIENTS, ChangeKind.ADDED, "share-analytics", "We share usage data with analytics providers."),
    ]


def test_changed_contact_email() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["contacts"][0]["email"] = "dpo@example.org"

    redline = redline_of(edit)
    assert redline.changes == (Change(Category.CONTACTS, ChangeKind.CHANGED, "privacy-team", "Privacy Team",
                                      (FieldChange("email", "privacy@example.org", "dpo@example.org"),)),)
    # The contact block shows the new address as changed words.
    block = unit(redline, "contact/block-2")
    assert block.status is Status.CHANGED and block.text is not None
    assert Run(Op.DELETE, "privacy@example.org") in block.text.runs
    assert Run(Op.INSERT, "dpo@example.org") in block.text.runs


def test_section_moved_to_another_parent_and_renamed() -> None:
    def edit(data: dict[str, Any]) -> None:
        details = section(data, "sharing").pop("sections")[0]
        details["title"] = "Contract details"
        section(data, "use")["sections"] = [details]

    redline = redline_of(edit)
    assert redline.changes == (
        Change(Category.SECTIONS, ChangeKind.MOVED, "sharing-details", "Contract details",
               (FieldChange("parent", "sharing", "use"),)),
        Change(Category.SECTIONS, ChangeKind.RENAMED, "sharing-details", "Contract details",
               (FieldChange("title", "Details", "Contract details"),)),
    )
    moved = unit(redline, "sharing-details")
    assert moved.move is not None and (moved.move.from_parent, moved.move.to_parent) == ("sharing", "use")
    assert moved.renamed
    html = to_html(redline)
    assert "Moved from “Sharing”" in html
    assert "Renamed from “Details”" in html
    # Shown once, at its new place; its paragraph is matched and unchanged.
    assert html.count('id="redline-sharing-details"') == 1
    assert unit(redline, "sharing-details/block-1").status is Status.UNCHANGED


def test_reordered_section_is_moved_but_an_insertion_moves_nothing() -> None:
    def reorder(data: dict[str, Any]) -> None:
        data["sections"].insert(2, data["sections"].pop(0))  # intro now after collect and use

    changes = redline_of(reorder).changes
    assert [(c.kind, c.id) for c in changes] == [(ChangeKind.MOVED, "intro")]

    def insert(data: dict[str, Any]) -> None:
        data["sections"].insert(0, {"id": "summary", "title": "Summary", "blocks": [{"text": "In short."}]})

    assert [(c.category, c.kind, c.id) for c in redline_of(insert).changes] == [
        (Category.SECTIONS, ChangeKind.ADDED, "summary")]


def test_removed_item_is_struck_through_at_its_old_place() -> None:
    def edit(data: dict[str, Any]) -> None:
        del collect_items(data)[1]

    redline = redline_of(edit)
    assert [(c.category, c.kind, c.id) for c in redline.changes] == [
        (Category.COLLECTED, ChangeKind.REMOVED, "collect-usage")]
    items = [u.key for u in unit(redline, "collect-list").children]
    assert items == ["collect-account", "collect-usage", "collect-support"]
    assert unit(redline, "collect-usage").status is Status.REMOVED
    html = str(to_html(redline))
    removed = re.search(r'<li class="redline-item redline-removed" id="redline-collect-usage">(.*?)</li>', html, re.S)
    assert removed is not None and "<del>" in removed.group(1) and "<ins>" not in removed.group(1)
    positions = [html.index(f'id="redline-{key}"') for key in items]
    assert positions == sorted(positions)


def test_anonymous_paragraphs_are_aligned_by_content() -> None:
    def edit(data: dict[str, Any]) -> None:
        section(data, "intro")["blocks"] = [
            {"text": "This notice was updated."},
            {"text": "We respect your privacy and explain below how we use your data."},
            {"text": "Please read this notice carefully."},
        ]

    redline = redline_of(edit)
    assert [(c.kind, c.id) for c in redline.changes] == [
        (ChangeKind.ADDED, "intro/block-1"), (ChangeKind.REWORDED, "intro/block-2")]
    assert unit(redline, "intro/block-3").status is Status.UNCHANGED


def test_unchanged_version_gives_an_empty_redline() -> None:
    redline = compare(version(), version())
    assert redline.is_empty
    assert redline.changes == ()
    assert list(redline.changed_units()) == []
    data = to_json(redline)
    assert data["changes"] == [] and data["units"] == []
    assert "No changes." in to_text(redline, color=False)
    assert "No changes." in to_html(redline)


def test_long_text_with_frequent_words_changes_one_word() -> None:
    # Over 200 tokens: difflib's autojunk would treat "the" and spaces as junk here.
    sentence = "the controller of the data is the company and the processor of the data is the vendor. "
    old = sentence * 12
    new = old.replace("processor", "sub-processor", 1)
    diff = diff_text(old, new)
    assert [r for r in diff.runs if r.op is not Op.EQUAL] == [Run(Op.DELETE, "processor"),
                                                              Run(Op.INSERT, "sub-processor")]


@pytest.mark.parametrize(("old", "new", "deleted", "inserted"), [
    ("Transfers to the U.S. are covered.", "Transfers to the U.K. are covered.", "U.S.", "U.K."),
    ("Write to privacy@coursera.org today.", "Write to dpo@coursera.org today.",
     "privacy@coursera.org", "dpo@coursera.org"),
    ("See https://www.coursera.org/about/terms.", "See https://www.coursera.org/about/privacy.",
     "https://www.coursera.org/about/terms", "https://www.coursera.org/about/privacy"),
    ("Under Civ. Code 1798.130, within 45 days.", "Under Civ. Code 1798.135, within 45 days.", "1798.130", "1798.135"),
    ("We keep logs for 1,000 days.", "We keep logs for 2,500 days.", "1,000", "2,500"),
])
def test_addresses_abbreviations_and_numbers_change_as_whole_tokens(old: str, new: str, deleted: str,
                                                                    inserted: str) -> None:
    diff = diff_text(old, new)
    assert [r for r in diff.runs if r.op is not Op.EQUAL] == [Run(Op.DELETE, deleted), Run(Op.INSERT, inserted)]
    assert diff.rebuild_old() == old and diff.rebuild_new() == new


def test_a_rewritten_sentence_with_addresses_reads_as_one_change_not_fragments() -> None:
    old = "Contact our DPO at privacy@coursera.org, or write to Coursera, Inc. in the U.S."
    new = "Contact our Data Protection Officer at dpo@coursera.org, or write to Coursera, Inc. in the U.S."
    changes = [r.text for r in diff_text(old, new).runs if r.op is not Op.EQUAL]
    assert changes == ["DPO", "Data Protection Officer", "privacy@coursera.org", "dpo@coursera.org"]


def test_a_whitespace_only_change_has_no_marks_on_the_page() -> None:
    def edit(data: dict[str, Any]) -> None:
        section(data, "intro")["blocks"][0]["text"] = section(data, "intro")["blocks"][0]["text"].replace(" ", "  ", 1)

    html = str(to_html(redline_of(edit)))
    assert not re.search(r"<(del|ins)>\s*</\1>", html)


def html_ids(html: str) -> list[str]:
    return re.findall(r' id="([^"]+)"', html)


def test_an_id_reused_by_another_kind_is_a_removal_and_an_addition() -> None:
    def edit(data: dict[str, Any]) -> None:
        section(data, "intro")["blocks"].pop(1)
        data["sections"].append({"id": "intro-extra", "title": "More", "blocks": [{"text": "More text."}]})

    def before(data: dict[str, Any]) -> None:
        section(data, "intro")["blocks"][1]["id"] = "intro-extra"

    redline = compare(version(before), version(edit))
    assert [(c.category, c.kind, c.id) for c in redline.changes] == [
        (Category.SECTIONS, ChangeKind.ADDED, "intro-extra"),
        (Category.WORDING, ChangeKind.REMOVED, "intro-extra~paragraph"),
    ]
    ids = html_ids(str(to_html(redline)))
    assert len(ids) == len(set(ids)) and "redline-intro-extra" in ids


def test_markup_only_change_is_reported_without_word_changes() -> None:
    def before(data: dict[str, Any]) -> None:
        section(data, "intro")["blocks"][1]["text"] = "Please read our [Terms](https://example.org/terms) carefully."

    def edit(data: dict[str, Any]) -> None:
        section(data, "intro")["blocks"][1]["text"] = "Please read our [Terms](https://example.org/tos) carefully."

    redline = compare(version(before), version(edit))
    assert [(c.category, c.kind, c.id, [f.field for f in c.fields]) for c in redline.changes] == [
        (Category.WORDING, ChangeKind.CHANGED, "intro/block-2", ["text markup"])]
    block = unit(redline, "intro/block-2")
    assert block.status is Status.UNCHANGED and block.markup_changed


def test_a_unit_moved_within_its_section_is_noted_with_the_section_s_title_as_it_now_reads() -> None:
    def edit(data: dict[str, Any]) -> None:
        use = section(data, "use")
        use["title"] = "How We Use It"
        use["blocks"].reverse()

    redline = redline_of(edit)
    moved = [u for u in redline.walk() if u.move is not None]
    assert moved and all(u.move is not None and u.move.from_section == "use" for u in moved)
    assert "Moved within “How We Use It”" in to_html(redline)


def test_changes_grouped_by_category_follow_the_summary_s_order_each_category_in_its_own_order() -> None:
    rng = random.Random(8)
    redline = redline_of(lambda data: None)
    changes = [Change(rng.choice(list(Category)), ChangeKind.CHANGED, f"c{i}", f"change {i}") for i in range(12)]
    for _ in range(60):
        picked = tuple(rng.sample(changes, rng.randrange(len(changes) + 1)))  # any order, as a caller may give
        grouped = dataclasses.replace(redline, changes=picked).by_category()
        expected = {c: found for c in Category if (found := [x for x in picked if x.category is c])}
        assert grouped == expected and list(grouped) == list(expected)


def test_paragraph_that_becomes_a_list_item_is_moved_not_replaced() -> None:
    def edit(data: dict[str, Any]) -> None:
        paragraph = section(data, "use")["blocks"].pop(0)
        collect_items(data).append(paragraph)

    redline = redline_of(edit)
    assert [(c.category, c.kind, c.id, c.fields) for c in redline.changes] == [
        (Category.WORDING, ChangeKind.MOVED, "basis-contract", (FieldChange("parent", "use", "collect-list"),))]
    assert "Moved from “How We Use Information”" in to_html(redline)


@pytest.mark.parametrize("supplements", [(["eea"], ["eea", "california"]), (None, ["california"])])
def test_supplements(supplements: tuple[list[str] | None, list[str]]) -> None:
    old_ids, new_ids = supplements
    redline = compare(version(), version(), old_ids, new_ids)
    assert [(c.category, c.kind, c.id) for c in redline.changes] == [
        (Category.SUPPLEMENTS, ChangeKind.ADDED, "california")]


def test_version_fields_unknown_to_the_redline_are_still_reported() -> None:
    class Extended(Version):
        tagline: str | None = None

    old = Extended.model_validate({**BASE, "tagline": "Privacy first"})
    new = Extended.model_validate({**BASE, "tagline": "Privacy always"})
    assert compare(old, new).changes == (Change(Category.NOTICE, ChangeKind.CHANGED, "tagline", "Tagline",
                                                (FieldChange("tagline", "Privacy first", "Privacy always"),)),)


def test_an_anonymous_paragraph_that_moves_to_another_section_is_compared_with_itself() -> None:
    def edit(data: dict[str, Any]) -> None:
        moved = section(data, "intro")["blocks"].pop(1)
        moved["text"] = "Please read this whole notice carefully."
        section(data, "contact")["blocks"].insert(0, moved)

    redline = redline_of(edit)
    moved = unit(redline, "contact/block-1")
    assert moved.status is Status.CHANGED and moved.move is not None
    assert (moved.move.from_section, moved.move.to_parent) == ("intro", "contact")
    assert moved.text is not None and [r.text for r in moved.text.runs if r.op is Op.INSERT] == ["whole "]
    assert not [u for u in redline.walk() if u.status in (Status.ADDED, Status.REMOVED)]
    assert [(c.kind, c.id) for c in redline.changes] == [(ChangeKind.MOVED, "contact/block-1"),
                                                         (ChangeKind.REWORDED, "contact/block-1")]


def test_a_new_paragraph_elsewhere_is_not_paired_with_an_unrelated_removed_one() -> None:
    def edit(data: dict[str, Any]) -> None:
        del section(data, "intro")["blocks"][1]
        section(data, "contact")["blocks"].insert(0, {"text": "Our office is closed on public holidays."})

    redline = redline_of(edit)
    assert unit(redline, "intro/old-block-2").status is Status.REMOVED
    assert unit(redline, "contact/block-1").status is Status.ADDED
