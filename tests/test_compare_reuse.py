"""What the comparisons of one build share and skip: the index of the newer text's words (words.py, align.py),
each version's lines of the "At a glance" summary (glance_changes.py), the parts of a redline unchanged
throughout (model.py). Each gives exactly what working it out afresh, or walking everything, gives."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import importlib
import itertools
import random
from collections.abc import Iterator
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from test_redline import BASE
from test_redline_memo import _mutate, formats, fresh, random_versions

from generator.analyses.redline import compare, similarity, tree, words
from generator.analyses.redline import formats as redline_formats
from generator.analyses.redline.model import UnitKind
from generator.library.loader import load_library
from generator.library.project import Notice, NoticeVersion
from generator.outputs import glance_changes as changes
from generator.outputs.glance_changes import glance_changes
from generator.source.cache import ContentCache
from generator.source.model import Version

align = importlib.import_module("generator.analyses.redline.align")  # the module, not the function of that name


def random_text(rng: random.Random, length: int) -> str:
    # Few words, often repeated: many equally long matches, where difflib's choice among them shows.
    return " ".join(rng.choice(["the", "data", "we", "you", "of", "Personal", "and,", "U.S.", "2021"])
                    for _ in range(length))


def test_a_reused_matcher_diffs_exactly_as_a_new_one() -> None:
    rng = random.Random(12)
    newer = [random_text(rng, rng.randint(0, 40)) for _ in range(6)]
    pairs = [(random_text(rng, rng.randint(0, 40)), rng.choice(newer)) for _ in range(600)]
    pairs.sort(key=lambda pair: pair[1])  # runs of the same newer text, as a build's comparisons make them
    reused = [words.diff_text.__wrapped__(old, new) for old, new in pairs]
    afresh = []
    for old, new in pairs:
        words._matcher_for.cache_clear()  # a new matcher for every diff, as before the reuse
        afresh.append(words.diff_text.__wrapped__(old, new))
    assert reused == afresh
    assert all("".join(r.text for r in d.runs if r.op is not words.Op.INSERT) == d.old for d in reused)


def _elements_one_by_one(text: str) -> tuple[tuple[str, str], ...]:
    """(token, whitespace after it) pairs as they were made before `_ELEMENT`: token by token from `tokenize`."""
    elements: list[tuple[str, str]] = []
    for token in words.tokenize(text):
        if token.isspace() and elements and not elements[-1][1] and not elements[-1][0].isspace():
            elements[-1] = (elements[-1][0], token)
        else:
            elements.append((token, ""))
    return tuple(elements)


def _example_texts() -> list[str]:
    library = load_library(ROOT)
    return [text for notice in library.notices.values() for version in notice.versions
            for root in tree.version_tree(version.data, "") for node in root.walk()
            for text in (node.title, node.text) if text]


def test_a_text_is_read_into_words_and_their_spaces_in_one_pass_as_token_by_token() -> None:
    rng = random.Random(8)
    pieces = ["we", "U.S.", "e.g.", "2,500", "1798.130", "2021-01-01", "coursera.org/terms", "privacy@coursera.org",
              "https://a.example/x?y=1.", "mailto:a@b.org", "tel:+1-555", "you’d", "up-to-date", "'", "’", "-", ".",
              ",", "(", ")", "<b>", "&amp;", "é", "日本", "_", "a.b", "x@", "@y", " ", "  ", "\n", "\t", "\u00a0",
              "\u2003", "\u200b", "\r\n", "\x0b"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 25))) for _ in range(3000)]
    texts += [*_example_texts(), "", " ", " \n leading", "trailing \n", "\u00a0x"]
    for text in texts:
        assert words._elements_of.__wrapped__(text) == _elements_one_by_one(text), repr(text)
    assert any(text[:1].isspace() for text in texts) and any("\u00a0" in text for text in texts)


def _revisions(rng: random.Random, number: int) -> str:
    """An earlier wording that differs from the others in words the newer texts below lack, and in some they have."""
    stem = random_text(rng, rng.randint(0, 12))
    return f"{stem} revision {number} of {rng.choice(['the', 'this', 'our'])} notice {random_text(rng, 3)}"


def test_older_texts_differing_only_in_words_the_newer_lacks_share_their_opcodes_exactly() -> None:
    rng = random.Random(21)
    newer = [f"{random_text(rng, rng.randint(0, 10))} revision 7 of the notice {random_text(rng, 4)}" for _ in range(4)]
    pairs = [(_revisions(random.Random(number % 40), number), new) for new in newer for number in range(200)]
    for new in newer:  # a word the newer text lacks, at another place each time, in the same words
        kept = random_text(rng, 12).split()
        pairs += [(" ".join([*kept[:place], "zebra", *kept[place:]]), new) for place in range(len(kept) + 1)]
    words._matcher_for.cache_clear()
    remembered = []
    shared = []
    for old, new in pairs:
        shared.append(words.diff_text.__wrapped__(old, new))
        remembered.append(len(words._matcher_for(new).opcodes))
    afresh = []
    for old, new in pairs:
        words._matcher_for.cache_clear()  # a new matcher, and no opcodes remembered, for every diff
        afresh.append(words.diff_text.__wrapped__(old, new))
    assert shared == afresh
    # Most older texts found the opcodes of another one that differs only in revision numbers.
    assert max(remembered) < 64


def test_the_matcher_is_reused_while_the_newer_text_stays_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[object] = []
    real = words.SequenceMatcher

    def counted(*args: object, **kwargs: object) -> object:
        made.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(words, "SequenceMatcher", counted)
    words._matcher_for.cache_clear()
    for old in ("we keep your data", "we keep data", "you keep your data"):
        words.diff_text.__wrapped__(old, "we keep your personal data")
    assert len(made) == 1
    words.diff_text.__wrapped__("we keep data", "we hold your data")
    assert len(made) == 2


def _count_worked_out(monkeypatch: pytest.MonkeyPatch) -> list[dt.date]:
    """The versions whose summary lines are worked out from now on, as they are."""
    worked: list[dt.date] = []
    real = changes._worked_out

    def counted(notice: Notice, version: NoticeVersion) -> changes.Lines:
        worked.append(version.effective)
        return real(notice, version)

    monkeypatch.setattr(changes, "_worked_out", counted)
    return worked


def test_a_version_s_summary_lines_are_worked_out_once_per_content_and_setting(
        monkeypatch: pytest.MonkeyPatch) -> None:
    notice = load_library(ROOT).notices["privacy"]
    old, new = notice.versions[0], notice.versions[-1]
    changes._LINES.clear()
    expected = glance_changes(notice, old, new)
    assert any(change.table == changes.GLANCE for change in expected), "the example's versions differ in facts"
    worked = _count_worked_out(monkeypatch)
    changes._LINES.clear()
    assert glance_changes(notice, old, new) == expected
    assert glance_changes(notice, old, new) == expected
    assert worked == [old.effective, new.effective]
    # The notice's settings are part of the key: with the layer off, its rows are compared no longer.
    off = dataclasses.replace(notice, meta=notice.meta.model_copy(update={"at_a_glance": False}))
    without = glance_changes(off, old, new)
    assert worked == [old.effective, new.effective] * 2
    assert without == [change for change in expected if change.table != changes.GLANCE]


def test_a_version_s_summary_lines_come_back_from_the_project_cache_as_worked_out(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    notice = load_library(ROOT).notices["privacy"]
    old, new = notice.versions[0], notice.versions[-1]
    changes._LINES.clear()
    expected = glance_changes(notice, old, new)
    cache = ContentCache(tmp_path)
    changes._LINES.clear()
    assert glance_changes(notice, old, new, cache) == expected  # worked out and stored
    for version in (old, new):  # stored in order, every line as worked out
        hit, value = cache.get(changes.KIND, changes.stored_key(notice, version))
        assert hit and changes._from_plain(value) == changes._worked_out(notice, version)
        assert list(changes._from_plain(value) or {}) == list(changes._worked_out(notice, version))
    worked = _count_worked_out(monkeypatch)
    changes._LINES.clear()  # another process: only the project's cache knows them
    assert glance_changes(notice, old, new, cache) == expected
    assert worked == []
    # An entry holding anything else is worked out again, and stored again.
    cache.put(changes.KIND, changes.stored_key(notice, old), [["At a glance", "row", "not a list"]])
    changes._LINES.clear()
    assert glance_changes(notice, old, new, cache) == expected
    assert worked == [old.effective]
    changes._LINES.clear()
    assert glance_changes(notice, old, new, cache) == expected
    assert worked == [old.effective]
    # The notice's settings are part of the key.
    off = dataclasses.replace(notice, meta=notice.meta.model_copy(update={"ccpa_tables": False}))
    assert changes.stored_key(off, old) != changes.stored_key(notice, old)
    assert glance_changes(off, old, new, cache) == [c for c in expected if c.table == changes.GLANCE]


def _row_changes_one_by_one(before: changes.Lines, after: changes.Lines) -> list[changes.RowChange]:
    """Every row of either version compared line by line, as before equal lines were told apart at once."""
    found = []
    for key in [*after, *(k for k in before if k not in after)]:
        was, now = before.get(key, ()), after.get(key, ())
        removed, added = tuple(x for x in was if x not in now), tuple(x for x in now if x not in was)
        if removed or added:
            found.append(changes.RowChange(key[0], key[1], removed, added))
    return found


def test_versions_with_equal_lines_change_no_row_and_any_other_lines_are_compared_row_by_row(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(11)
    rows = [(changes.GLANCE, f"question {i}") for i in range(5)]
    notice = load_library(ROOT).notices["privacy"]
    old, new = notice.versions[0], notice.versions[-1]
    equal = differing = 0
    for _ in range(400):
        before = {row: tuple(rng.sample(["we", "keep", "your", "data"], rng.randrange(3)))
                  for row in rng.sample(rows, rng.randrange(len(rows) + 1))}
        after = dict(before)
        for row in rng.sample(rows, rng.randrange(3)):  # a row's lines changed, reordered, added or removed
            after[row] = tuple(rng.sample(["we", "keep", "your", "data"], rng.randrange(3)))
            if rng.random() < 0.3:
                del after[row]
        if rng.random() < 0.3:  # the same rows in another order
            after = dict(reversed(after.items()))
        by_date = {old.effective: before, new.effective: after}
        monkeypatch.setattr(changes, "_lines", lambda _n, version, _c=None, by_date=by_date: by_date[version.effective])
        found = glance_changes(notice, old, new)
        assert found == _row_changes_one_by_one(before, after)
        equal += before == after
        differing += bool(found) and before.keys() == after.keys()
    assert equal and differing  # both ways out taken: equal lines, and the same rows with other lines


def _full_similarity(a: align.Node, b: align.Node) -> float:
    """The share of common words as computed before: a new matcher, every pair matched word by word."""
    if a.kind is not b.kind:
        return 0.0
    older, newer = similarity.signature(a).split(), similarity.signature(b).split()
    return SequenceMatcher(None, older, newer, autojunk=False).ratio()


def _mutate_and_reword(data: dict[str, Any], rng: random.Random) -> None:
    """A random edit, and half the time a paragraph reworded a little or a lot: shares near the threshold."""
    _mutate(data, rng)
    if rng.random() < 0.5:
        blocks = [b for s in data["sections"] for b in s.get("blocks", []) if isinstance(b.get("text"), str)]
        if blocks:
            block = rng.choice(blocks)
            kept = block["text"].split()
            block["text"] = " ".join(kept[: rng.randrange(len(kept) + 1)] + ["cookies"] * rng.randrange(6))


def test_pairing_blocks_by_their_words_keeps_the_same_pairs_as_matching_every_pair_in_full(
        monkeypatch: pytest.MonkeyPatch) -> None:
    variants = random_versions(random.Random(7), 10, (1, 6), _mutate_and_reword)
    pairs = list(itertools.permutations(variants, 2))
    fast = [formats(compare(old, new)) for old, new in pairs]
    scores: list[float] = []

    def full(a: align.Node, b: align.Node) -> float:
        scores.append(_full_similarity(a, b))
        return scores[-1]

    tree.forget_versions()
    monkeypatch.setattr(align, "similarity", full)
    monkeypatch.setattr(align, "similar_enough", lambda a, b: full(a, b) >= similarity.SIMILAR)
    assert fast == [formats(compare(fresh(old), fresh(new))) for old, new in pairs]
    # Pairs on both sides of the threshold were weighed: the test shows something.
    threshold = similarity.SIMILAR
    assert any(0 < score < threshold for score in scores) and any(score >= threshold for score in scores)


def test_the_share_of_common_words_is_exact_at_or_above_the_threshold_and_zero_below() -> None:
    rng = random.Random(3)
    texts = [" ".join(rng.choice(["we", "keep", "your", "data", "cookies", "for", "years", "and"])
                      for _ in range(rng.randrange(1, 30))) for _ in range(40)]
    memo = tree.memo_of(BASE_VERSION)
    nodes = [tree.Node(UnitKind.PARAGRAPH, f"k{i}", None, None, "s", "s", 1, memo, text=text)
             for i, text in enumerate(texts)]
    seen = set()
    for old, new in itertools.product(nodes[:20], nodes[20:]):
        full = _full_similarity(old, new)
        seen.add(full >= similarity.SIMILAR)
        assert similarity.similarity(old, new) == (full if full >= similarity.SIMILAR else 0.0)
        assert similarity.similar_enough(old, new) == (full >= similarity.SIMILAR)
    assert seen == {True, False}
    assert set(similarity.MATCHERS) >= set(nodes[20:])  # one matcher per newer block, kept for its next pairs


def test_a_single_candidate_is_settled_by_the_words_both_ends_share_exactly_as_by_matching_them_all() -> None:
    rng = random.Random(4)
    memo = tree.memo_of(BASE_VERSION)
    settled = 0
    outcomes = set()
    for number in range(300):
        words = [rng.choice(["we", "keep", "your", "data", "cookies", "for", "years", "and"])
                 for _ in range(rng.randrange(0, 30))]
        edited = list(words)
        for _ in range(rng.randrange(0, 8)):  # words changed, added or removed anywhere
            place = rng.randrange(len(edited) + 1)
            edited[place:place + rng.randrange(2)] = rng.choice([[], ["privacy"], ["notice", "we"]])
        if number % 5 == 0:  # the same words reordered: difflib's upper bounds pass, the share may fall short
            rng.shuffle(edited)
        old, new = (tree.Node(UnitKind.PARAGRAPH, f"k{number}{side}", None, None, "s", "s", 1, memo, text=" ".join(t))
                    for side, t in (("o", words), ("n", edited)))
        similar = similarity.similar_enough(old, new)
        assert similar == (_full_similarity(old, new) >= similarity.SIMILAR)
        matched = new in similarity.MATCHERS and similarity.MATCHERS[new][0].matching_blocks is not None
        settled += similar and not matched  # decided without matching a word
        outcomes.add((similar, matched))
    assert settled > 50
    # Every way out was taken: by the common ends, by matching every word (either answer), by the upper bounds.
    assert outcomes == {(True, False), (True, True), (False, True), (False, False)}


BASE_VERSION = Version.model_validate(BASE)


def test_the_changed_units_are_found_without_walking_parts_unchanged_throughout() -> None:
    variants = random_versions(random.Random(5), 8, (0, 4))
    some_changed = some_unchanged = False
    for old, new in itertools.permutations(variants, 2):
        redline = compare(old, new)
        every = list(redline.walk())
        assert list(redline.changed_units()) == [unit for unit in every if unit.has_changes]
        assert redline.units_by_key == {unit.key: unit for unit in every}
        assert redline.is_empty == (not redline.changes and not any(unit.has_changes for unit in every))
        for unit in every:
            assert unit.unchanged_throughout == (not any(inner.has_changes for inner in unit.walk()))
            some_changed |= not unit.unchanged_throughout
            some_unchanged |= unit.unchanged_throughout
    assert some_changed and some_unchanged


def _nested(unit: Any) -> Iterator[Any]:
    """A unit and all it holds in reading order, as `walk` was written before: generators nested as deep as the unit."""
    yield unit
    for child in unit.children:
        yield from _nested(child)


def test_walking_with_a_stack_gives_the_reading_order_of_nested_walks() -> None:
    variants = [Version.model_validate(BASE), *random_versions(random.Random(7), 5, (0, 4))]
    deepest = 0
    for version in variants:
        for root in tree.version_tree(version, ""):
            assert [id(node) for node in root.walk()] == [id(node) for node in _nested(root)]
            deepest = max(deepest, *(node.depth for node in root.walk()))
    for old, new in itertools.permutations(variants[:4], 2):
        for unit in compare(old, new).units:
            assert [id(inner) for inner in unit.walk()] == [id(inner) for inner in _nested(unit)]
    assert deepest >= 2, "the versions have nested sections"


def test_section_titles_found_walking_sections_alone_are_those_of_a_walk_of_every_unit() -> None:
    deep = copy.deepcopy(BASE)  # sections side by side inside a section, and one inside those
    deeper = {"id": "deeper", "title": "Deeper", "blocks": [{"text": "X"}]}
    deep["sections"][3]["sections"].append({"id": "sharing-more", "title": "More", "blocks": [{"text": "Partners."}],
                                            "sections": [deeper]})
    moved = copy.deepcopy(deep)  # one of them moved into another section, another one removed
    moved["sections"][2]["sections"] = [moved["sections"][3]["sections"].pop(0)]
    moved["sections"][3]["sections"][0].pop("sections")
    variants = [Version.model_validate(data) for data in (BASE, deep, moved)]
    variants += random_versions(random.Random(9), 8, (1, 6))
    nested = 0
    for old, new in itertools.permutations(variants, 2):
        redline = compare(old, new)
        every: dict[str, str] = {}
        for unit in redline.walk():
            if unit.kind is UnitKind.SECTION and unit.title is not None:
                every[unit.key] = unit.title.new or unit.title.old
        assert list(redline_formats.section_titles(redline).items()) == list(every.items())
        nested += sum(unit.kind is UnitKind.SECTION and unit.depth > 1 for unit in redline.walk())
    assert nested, "sections inside sections were walked"


def test_the_units_by_key_of_parts_unchanged_throughout_are_taken_whole_in_the_order_of_a_walk() -> None:
    variants = random_versions(random.Random(6), 8, (0, 4))
    taken_whole = 0
    for new in variants:  # each newer version in a row of comparisons: its unchanged parts are shared
        for old in variants:
            redline = compare(old, new)
            walked = {unit.key: unit for unit in redline.walk()}
            assert [(k, id(u)) for k, u in redline.units_by_key.items()] == [(k, id(u)) for k, u in walked.items()]
            taken_whole += sum("by_key" in vars(unit) for unit in redline.units)
    assert taken_whole > 50
