"""Redline outputs and the real notice: exact reconstruction, escaping, colours, deterministic JSON."""

from __future__ import annotations

import copy
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

from conftest import ROOT
from test_redline import collect_items, html_ids, redline_of, section

from generator.analyses.redline import Category, ChangeKind, compare, to_html, to_json, to_markdown, to_text
from generator.analyses.redlines import redline_between
from generator.library.loader import load_library
from generator.source.index import VersionIndex
from generator.source.inline import plain
from generator.source.model import Item, Paragraph, Section, Version
from generator.source.yamlio import load_data

REAL_NOTICE = Path(__file__).resolve().parent.parent / "notices" / "privacy" / "2021-01-01.yaml"


def mutate_words(data: Any, rng: random.Random, rate: float) -> None:
    """Change about `rate` of the words of every text and title, outside inline markup."""
    if isinstance(data, list):
        for value in data:
            mutate_words(value, rng, rate)
        return
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        if key in ("text", "title") and isinstance(value, str):
            data[key] = _mutate_text(value, rng, rate)
        else:
            mutate_words(value, rng, rate)


def _mutate_text(text: str, rng: random.Random, rate: float) -> str:
    out, depth = [], 0
    for token in re.findall(r"\w+|\s+|[^\w\s]", text):
        depth += token in "[(" and len(token) == 1
        depth -= token in "])" and len(token) == 1 and depth > 0
        if depth == 0 and token.isalpha() and rng.random() < rate:
            choice = rng.randrange(3)
            out.append("amended" if choice == 0 else "" if choice == 1 else f"newly {token}")
        else:
            out.append(token)
    return "".join(out)


def modified_real_pair(rate: float = 0.05, seed: int = 2021) -> tuple[Version, Version]:
    data = load_data(REAL_NOTICE, str(REAL_NOTICE), REAL_NOTICE.parent)
    new = copy.deepcopy(data)
    new["effective"] = "2022-01-01"
    mutate_words(new["sections"], random.Random(seed), rate)
    new["sections"].insert(3, new["sections"].pop(0))  # a moved section too
    return Version.model_validate(data), Version.model_validate(new)


def prose(version: Version) -> Counter[str]:
    """Every title and text of the version's sections, as the plain words a redline diffs."""
    found: Counter[str] = Counter()
    for entry in VersionIndex.build(version).entries:
        if isinstance(entry.node, Paragraph | Item | Section):
            found.update(plain(t) for t in (entry.node.title, getattr(entry.node, "text", None)) if t)
    return found


def test_runs_rebuild_both_texts_exactly_on_the_real_notice() -> None:
    old, new = modified_real_pair()
    redline = compare(old, new)
    rebuilt_old: Counter[str] = Counter()
    rebuilt_new: Counter[str] = Counter()
    changed = 0
    for u in redline.walk():
        for diff in (u.title, u.text):
            if diff is None or u.kind.value == "contact":
                continue
            assert diff.rebuild_old() == diff.old and diff.rebuild_new() == diff.new
            assert all(r.text for r in diff.runs)
            changed += diff.changed
            if diff.old:
                rebuilt_old[diff.old] += 1
            if diff.new:
                rebuilt_new[diff.new] += 1
    assert rebuilt_old == prose(old)
    assert rebuilt_new == prose(new)
    assert changed > 50
    # Nothing but text changed, so every changed unit is in the summary and nothing else is.
    assert {u.key for u in redline.changed_units()} == {c.id for c in redline.changes}
    moves = [(c.kind, c.id) for c in redline.changes if c.kind is ChangeKind.MOVED]
    assert moves == [(ChangeKind.MOVED, "key-information")]


# --- formats -----------------------------------------------------------------------------------

def hostile(data: dict[str, Any]) -> None:
    section(data, "intro")["title"] = "Intro <script>alert(1)</script>"
    section(data, "intro")["blocks"][0]["text"] = (
        "We **respect** your [privacy](https://example.org) <script>alert('x')</script> & more.")
    data["recipients"][0]["name"] = "Vendors <img src=x onerror=alert(1)>"


def test_html_escapes_all_text_and_strips_inline_markup() -> None:
    html = str(to_html(redline_of(hostile)))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "**" not in html and "](https" not in html
    assert "<ins><span class=\"redline-mark\">[inserted: </span>privacy <" not in html
    assert html.startswith('<div class="redline">\n<nav class="redline-toc"')
    assert '</nav>\n<section class="redline-summary"' in html
    assert '<p class="redline-legend">Deleted text is struck through and marked [deleted]' in html
    markdown = to_markdown(redline_of(hostile))
    assert "<script" not in markdown and "&lt;script&gt;" in markdown


def test_text_format_with_and_without_colour() -> None:
    def edit(data: dict[str, Any]) -> None:
        collect_items(data)[1]["text"] = "We collect device and usage data."

    redline = redline_of(edit)
    plain_text = to_text(redline, color=False)
    assert "We collect {+device and +}usage data[- automatically-]." in plain_text
    assert "\x1b[" not in plain_text
    coloured = to_text(redline, color=True)
    assert "\x1b[4;32mdevice and \x1b[0m" in coloured and "\x1b[9;31m automatically\x1b[0m" in coloured


def test_json_is_serialisable_and_deterministic() -> None:
    def edit(data: dict[str, Any]) -> None:
        hostile(data)
        del collect_items(data)[0]
        data["contacts"][0]["phone"] = "+1 555 0100"

    first = json.dumps(to_json(redline_of(edit)), ensure_ascii=False)
    second = json.dumps(to_json(redline_of(edit)), ensure_ascii=False)
    assert first == second
    data = json.loads(first)
    order = [c.value for c in Category]
    positions = [order.index(c["category"]) for c in data["changes"]]
    assert positions == sorted(positions)
    for u in data["units"]:
        for diff in (u["title"], u["text"]):
            if diff is not None:
                assert {r["op"] for r in diff["runs"]} <= {"equal", "insert", "delete"}


def test_html_ids_are_unique_on_the_real_notice() -> None:
    ids = html_ids(str(to_html(compare(*modified_real_pair()))))
    assert len(ids) == len(set(ids))


def test_changed_text_headings_name_units_in_words_not_keys() -> None:
    """`diff --format text` and `markdown` head each changed unit with its title or first words and its section."""
    library = load_library(ROOT)
    notice = library.notices["privacy"]
    old, new = sorted(notice.versions, key=lambda v: v.effective)
    redline = redline_between(library, notice, old, new)
    keys = {unit.key for unit in redline.changed_units()}
    assert "collect-skills-assessments" in keys and "purpose-and-who-we-are/block-1" in keys
    text = to_text(redline, color=False).split("Changed text", 1)[1]
    markdown = to_markdown(redline).split("### Changed text", 1)[1]
    # Keys with a hyphen or slash cannot be words of the notice ("complaints" is one, and stays).
    assert [key for key in keys if ("-" in key or "/" in key) and (key in text or key in markdown)] == []
    assert "Item: Skills Assessments. (In “What Information We Collect”; Added)" in text
    assert "#### Item: Skills Assessments.\n\n*In “What Information We Collect”; Added*" in markdown
    assert "Section: External Links (Moved within the notice)" in text
