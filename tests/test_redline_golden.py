"""Golden files for redlines: reviewed outputs in tests/golden/, regenerated with UPDATE_GOLDEN=1.

    UPDATE_GOLDEN=1 pytest tests/test_redline_golden.py   # rewrite, then review `git diff tests/golden`

`assert_golden(name, text)` checks one file; `assert_redline_golden(name, old, new)` checks a
pair of versions in every format (`<name>.json`, `.txt`, `.ansi.txt`, `.md`, `.html`).
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from generator.analyses.redline import compare, to_html, to_json, to_markdown, to_text
from generator.source.model import Version

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_VARIABLE = "UPDATE_GOLDEN"
MAX_DIFF_LINES = 80


def updating() -> bool:
    return os.environ.get(UPDATE_VARIABLE, "") not in ("", "0")


def assert_golden(name: str, actual: str) -> None:
    """`actual` must equal tests/golden/<name>; with UPDATE_GOLDEN=1 the file is (re)written instead."""
    path = GOLDEN / name
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    if not path.exists():
        pytest.fail(f"golden file {path} is missing: run `{UPDATE_VARIABLE}=1 pytest` to create it, then review it")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"golden/{name}", "actual",
                                         lineterm=""))
        shown = "\n".join(diff[:MAX_DIFF_LINES]) + ("\n…" if len(diff) > MAX_DIFF_LINES else "")
        pytest.fail(f"output differs from golden/{name}; if the change is intended, rerun with "
                    f"{UPDATE_VARIABLE}=1 and review the diff\n{shown}")


def assert_redline_golden(name: str, old: Version, new: Version, old_supplements: list[str] | None = None,
                          new_supplements: list[str] | None = None) -> None:
    """The redline of `old` → `new` in every format against tests/golden/<name>.*."""
    redline = compare(old, new, old_supplements, new_supplements)
    assert_golden(f"{name}.json", json.dumps(to_json(redline), indent=2, ensure_ascii=False) + "\n")
    assert_golden(f"{name}.txt", to_text(redline, color=False))
    assert_golden(f"{name}.ansi.txt", to_text(redline, color=True))
    assert_golden(f"{name}.md", to_markdown(redline))
    assert_golden(f"{name}.html", str(to_html(redline)))


OLD: dict[str, Any] = {
    "effective": "2024-01-01",
    "summary": "First version.",
    "controller": {"name": "Example Ltd", "contact": "office"},
    "contacts": [
        {"id": "office", "role": "controller", "name": "Example Ltd", "address": ["1 High Street", "London"]},
        {"id": "privacy", "role": "privacy", "name": "Privacy Team", "email": "privacy@example.org"},
    ],
    "recipients": [{"id": "hosts", "name": "Hosting providers", "category": "service-provider"}],
    "retention": [{"id": "accounts", "period": "2 years after account closure"}],
    "children": {"minimum_age": 13},
    "sections": [
        {"id": "intro", "title": "About this notice", "blocks": [
            {"text": "This notice explains how Example Ltd uses your **personal data**."},
        ]},
        {"id": "collect", "title": "What we collect", "blocks": [
            {"id": "collect-list", "items": [
                {"id": "collect-account", "title": "Account.", "text": "Your name and e-mail address.",
                 "collects": {"data": ["name", "email address"], "sources": ["you"]}},
                {"id": "collect-logs", "title": "Logs.", "text": "Pages you visit and your IP address.",
                 "collects": {"data": ["pages visited", "IP address"], "sources": ["automatic"]}},
            ]},
        ]},
        {"id": "sharing", "title": "Sharing", "blocks": [
            {"id": "share-hosts", "text": "We store data with hosting providers in the EU.",
             "discloses": {"recipients": ["hosts"]}},
        ]},
        {"id": "rights", "title": "Your rights", "blocks": [
            {"id": "right-access", "text": "You may ask for a copy of your data.",
             "right": {"kinds": ["access"], "regions": ["eea"]}},
        ]},
        {"id": "contact", "title": "Contact", "blocks": [{"text": "Write to:"}, {"contact": "office"}]},
    ],
}


def _new() -> dict[str, Any]:
    new: dict[str, Any] = json.loads(json.dumps(OLD))
    new["effective"] = "2025-01-01"
    new["contacts"][0]["address"] = ["2 Market Square", "London"]
    new["recipients"].append({"id": "analytics", "name": "Analytics <providers>", "category": "service-provider"})
    new["retention"][0]["period"] = "1 year after account closure"
    sections = {s["id"]: s for s in new["sections"]}
    sections["intro"]["blocks"][0]["text"] = "This notice explains how Example Ltd collects and uses your data."
    items = sections["collect"]["blocks"][0]["items"]
    items[1]["collects"]["data"].append("device identifiers")
    items.insert(0, {"id": "collect-payment", "title": "Payments.", "text": "Card details, via our processor.",
                     "collects": {"data": ["card details"], "sources": ["third-parties"]}})
    sections["sharing"]["blocks"].append({
        "id": "share-analytics", "text": "We share usage statistics with analytics providers.",
        "discloses": {"recipients": ["analytics"], "purpose": "measure use"}})
    sections["rights"]["title"] = "Your rights and choices"
    sections["rights"]["blocks"][0]["right"]["regions"] = ["eea", "uk"]
    new["sections"] = [sections[k] for k in ("intro", "collect", "rights", "sharing", "contact")]
    return new


def test_small_redline_matches_golden_files() -> None:
    assert_redline_golden("redline-small", Version.model_validate(OLD), Version.model_validate(_new()),
                          ["eea-supplement"], ["eea-supplement", "california"])


def test_example_pair_redline_matches_golden_files() -> None:
    """The illustrative 2027 revision against the 2021 notice, in every format."""
    from generator.library.loader import load_library
    from generator.library.rules import supplements_in_force

    library = load_library(Path(__file__).resolve().parent.parent)
    notice = library.notices["privacy"]
    old, new = notice.versions
    assert_redline_golden("privacy-2021-01-01-2027-03-01", old.data, new.data,
                          supplements_in_force(library, notice, old.effective),
                          supplements_in_force(library, notice, new.effective))
