"""What comparisons remember per version (analyses/redline/tree.py) and the HTML of unchanged units (html.py).

Each cache must give exactly what a comparison without it gives: redlines computed with warm memos are
compared, in every format, with the same redlines computed from fresh copies of the versions, which no
memo knows.
"""

from __future__ import annotations

import copy
import gc
import itertools
import json
import random
from collections.abc import Callable
from typing import Any

import pytest

from generator.analyses.redline import Redline, UnitStatus, align, compare, to_html, to_json, to_markdown, to_text, tree
from generator.analyses.redline import html as redline_html
from generator.source.model import Version
from tests.test_redline import BASE, section


@pytest.fixture(autouse=True)
def fresh_memos() -> None:
    tree.forget_versions()
    redline_html.forget_rendered()


def version(edit: Callable[[dict[str, Any]], None] | None = None, effective: str = "2025-01-01") -> Version:
    data = copy.deepcopy(BASE)
    data["effective"] = effective
    if edit is not None:
        edit(data)
    return Version.model_validate(data)


def fresh(version: Version) -> Version:
    """An equal version no memo knows."""
    return version.model_copy(deep=True)


def formats(redline: Redline) -> list[str]:
    return [str(to_html(redline)), json.dumps(to_json(redline)), to_text(redline), to_text(redline, color=True),
            to_markdown(redline), repr(redline.changes), repr(redline.units)]


def reword_intro(words: str) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        section(data, "intro")["blocks"][1]["text"] = f"Please read {words} carefully."
    return edit


def test_a_newer_version_s_unchanged_parts_are_merged_once_and_shared() -> None:
    old_a, old_b, new = version(effective="2024-01-01"), version(reword_intro("this text")), version(
        reword_intro("the notice"), effective="2026-01-01")
    first, second = compare(old_a, new), compare(old_b, new)
    shared = [u.key for u, v in zip(first.units, second.units, strict=True) if u is v]
    assert shared == ["collect", "use", "sharing", "contact"]  # each unchanged section: one object, reused
    assert first.units[0] is not second.units[0]  # the reworded section is merged anew for each pair
    assert [formats(r) for r in (first, second)] == [
        formats(compare(fresh(old_a), fresh(new))), formats(compare(fresh(old_b), fresh(new)))]


def test_the_older_version_s_own_units_are_reused_only_for_the_same_part_in_the_same_place() -> None:
    def moved_out(data: dict[str, Any]) -> None:  # "Write to us:" moves to another section
        write = section(data, "contact")["blocks"].pop(0)
        section(data, "sharing")["sections"][0]["blocks"].append(write)

    before, middle = version(effective="2024-01-01"), version(moved_out)
    after = version(effective="2026-01-01")  # moved back: the middle version's `contact/block-1` was the contact
    compare(before, middle)  # the middle version learns its contact section (contact/block-1: the contact card)
    redline = compare(middle, after)
    moved = next(u for u in redline.walk() if u.key == "contact/block-1")
    assert (moved.kind, moved.status, moved.move is not None) == ("paragraph", UnitStatus.UNCHANGED, True)
    assert formats(redline) == formats(compare(fresh(middle), fresh(after)))


def test_equal_versions_in_different_objects_do_not_share_a_memo() -> None:
    old, new = version(effective="2024-01-01"), version(reword_intro("the notice"))
    twin = fresh(new)
    first, second = compare(old, new), compare(old, twin)
    assert tree.memo_of(new) is not tree.memo_of(twin)
    assert not any(u is v for u, v in zip(first.units, second.units, strict=True))
    assert formats(first) == formats(second)


def test_a_memo_goes_with_its_version_and_their_number_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = version(effective="2024-01-01"), version(reword_intro("the notice"))
    compare(old, new)
    assert len(tree._MEMOS) == 2
    del new
    gc.collect()
    assert [memo.version() is old for memo in tree._MEMOS.values()] == [True]
    monkeypatch.setattr(tree, "REMEMBERED_VERSIONS", 3)
    versions = [version(reword_intro(f"revision {n}")) for n in range(5)]
    for newer in versions:
        compare(old, newer)
    # Least recently used first: each comparison uses the older version, then the newer one.
    assert all(m.version() is v for m, v in zip(tree._MEMOS.values(), [versions[3], old, versions[4]], strict=True))


def test_the_html_of_an_unchanged_unit_is_rendered_once(monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[str] = []
    marked = redline_html._Document.marked
    monkeypatch.setattr(redline_html._Document, "marked",
                        lambda self, unit: rendered.append(unit.key) or marked(self, unit))
    old_a, old_b, new = version(effective="2024-01-01"), version(reword_intro("this text")), version(
        reword_intro("the notice"), effective="2026-01-01")
    first = str(to_html(compare(old_a, new)))
    assert "contact" in rendered
    rendered.clear()
    second = str(to_html(compare(old_b, new)))
    assert "contact" not in rendered and rendered[0] == "intro"  # unchanged sections come from the memo
    tree.forget_versions()
    redline_html.forget_rendered()
    assert (first, second) == (str(to_html(compare(old_a, new))), str(to_html(compare(old_b, new))))


def _mutate(data: dict[str, Any], rng: random.Random) -> None:
    """Remove, swap, reword, move, repeat, re-title or strip the id of a block; swap sections; add one."""
    lists = []
    pending = list(data["sections"])
    while pending:
        current = pending.pop()
        lists.append(current.setdefault("blocks", []))
        pending += current.get("sections", [])
    blocks = rng.choice(lists)
    operation = rng.randrange(8)
    if operation == 0 and blocks:
        blocks.pop(rng.randrange(len(blocks)))
    elif operation == 1 and len(blocks) > 1:
        i, j = rng.sample(range(len(blocks)), 2)
        blocks[i], blocks[j] = blocks[j], blocks[i]
    elif operation == 2 and blocks and isinstance(blocks[0].get("text"), str):
        blocks[0]["text"] = blocks[0]["text"].replace("we", "you", 1) + " Really."
    elif operation == 3 and blocks:
        rng.choice(lists).insert(0, blocks.pop(rng.randrange(len(blocks))))
    elif operation == 4 and blocks:
        blocks.append(copy.deepcopy(rng.choice(blocks)))  # may repeat an id
    elif operation == 5:
        data["sections"].reverse()
    elif operation == 6 and blocks:
        rng.choice(blocks)["title"] = "A new title"
    else:
        blocks.append({"text": "An added paragraph about cookies and data."})


def random_versions(rng: random.Random, count: int, edits: tuple[int, int] = (1, 5),
                    mutate: Callable[[dict[str, Any], random.Random], None] = _mutate) -> list[Version]:
    """`count` versions, each the base changed by a random number (in `edits`, as `range` counts) of `mutate`s."""
    variants: list[Version] = []
    while len(variants) < count:
        data = copy.deepcopy(BASE)
        for _ in range(rng.randrange(*edits)):
            mutate(data, rng)
        try:
            variants.append(Version.model_validate(data))
        except ValueError:
            continue  # a mutation the schema refuses
    return variants


def test_many_random_pairs_compare_alike_with_warm_memos_and_without() -> None:
    rng = random.Random(12)
    variants = random_versions(rng, 9)
    pairs = list(itertools.permutations(variants, 2))
    warm = [formats(compare(old, new)) for old, new in pairs]  # each version in 16 pairs: memos reused
    assert len(tree._MEMOS) == len(variants)
    assert warm == [formats(compare(fresh(old), fresh(new))) for old, new in pairs]


def test_the_newer_version_s_tree_is_made_once_for_the_comparisons_in_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[tuple[Version, str]] = []
    version_tree = align.version_tree
    monkeypatch.setattr(align, "version_tree",
                        lambda v, prefix, *equal: made.append((v, prefix)) or version_tree(v, prefix, *equal))
    old_a, old_b = version(effective="2024-01-01"), version(reword_intro("this text"))
    new = version(reword_intro("the notice"), effective="2026-01-01")

    def trees() -> list[tuple[str, str]]:
        names = {id(old_a): "old a", id(old_b): "old b", id(new): "new"}
        return [(names[id(v)], prefix) for v, prefix in made]

    first, second = compare(old_a, new), compare(old_b, new)
    assert trees() == [("old a", "old-"), ("new", ""), ("old b", "old-")]
    compare(new, old_b)  # another newer version: the next comparison with `new` as the newer one makes its tree again
    third = compare(old_a, new)
    assert trees()[-1] == ("new", "")
    assert [formats(r) for r in (first, second, third)] == [
        formats(compare(fresh(old_a), fresh(new))), formats(compare(fresh(old_b), fresh(new))), formats(first)]
