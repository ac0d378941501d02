"""The older version's sections equal to the newer version's, aligned without their own trees (equal_sections.py).

Every redline made with them standing in is compared, in every format, with the same redline made with every
section's own units (`equal_sections` finding none), from fresh copies that no memo knows.
"""

from __future__ import annotations

import copy
import importlib
import itertools
import random
from typing import Any

import pytest
from conftest import ROOT
from test_redline import BASE, section
from test_redline_memo import _mutate, formats, fresh, random_versions

from generator.analyses.redline import compare, similarity, tree, words
from generator.analyses.redline import html as redline_html
from generator.library.loader import load_library
from generator.source.model import Version

align = importlib.import_module("generator.analyses.redline.align")  # the module, not the function of that name


@pytest.fixture(autouse=True)
def fresh_memos() -> None:
    tree.forget_versions()
    redline_html.forget_rendered()


def afresh(old: Version, new: Version, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The redline's formats with no section stood for by another, from copies no memo knows, nothing kept."""
    with monkeypatch.context() as patch:
        patch.setattr(align, "equal_sections", lambda old, new: frozenset())
        tree.forget_versions()
        redline_html.forget_rendered()
        align._NEWER_BLOCKS.clear()
        similarity.MATCHERS.clear()
        for memo in (words.diff_text, words._elements_of, words._matcher_for):
            memo.cache_clear()
        return formats(compare(fresh(old), fresh(new)))


def _mutate_more(data: dict[str, Any], rng: random.Random) -> None:
    """`_mutate`, or: change the contact's details, repeat a named block's id in another section, or copy a
    section's anonymous paragraph into another one."""
    operation = rng.randrange(6)
    sections = [s for s in data["sections"] if s.get("blocks")]
    if operation == 0:
        data["contacts"][0]["email"] = f"team{rng.randrange(3)}@example.org"
    elif operation == 1 and sections:
        named = [b for s in sections for b in s["blocks"] if b.get("id") and "items" not in b]
        if named:
            rng.choice(sections)["blocks"].append(copy.deepcopy(rng.choice(named)))
    elif operation == 2 and sections:
        anonymous = [b for s in sections for b in s["blocks"] if "id" not in b and "text" in b]
        if anonymous:
            rng.choice(sections)["blocks"].insert(0, copy.deepcopy(rng.choice(anonymous)))
    else:
        _mutate(data, rng)


def test_random_redlines_are_alike_with_equal_sections_stood_for_and_without(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(31)
    variants = [Version.model_validate(BASE), *random_versions(rng, 14, (0, 3), _mutate_more)]
    # Each newer version in a row of comparisons, as a build makes them: what is kept of its tree is reused.
    pairs = [(old, new) for new in variants for old in variants if old is not new]
    made = [formats(compare(old, new)) for old, new in pairs]
    assert made == [afresh(old, new, monkeypatch) for old, new in pairs]
    assert sum(bool(align.equal_sections(old, new)) for old, new in pairs) > 100  # most pairs share sections


def test_the_example_s_redlines_are_alike_with_equal_sections_stood_for_and_without(
        monkeypatch: pytest.MonkeyPatch) -> None:
    library = load_library(ROOT)
    for notice in library.notices.values():
        versions = [v.data for v in notice.versions]
        pairs = [*itertools.pairwise(versions), *((old, versions[-1]) for old in versions[:-2])]
        for old, new in pairs:
            assert formats(compare(old, new)) == afresh(old, new, monkeypatch)


def test_an_equal_section_is_not_made_again_and_a_changed_one_is(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    builder = tree._TreeBuilder.section
    monkeypatch.setattr(tree._TreeBuilder, "section",
                        lambda self, sec, parent, depth: made.append(self.prefix + sec.id) or builder(
                            self, sec, parent, depth))
    old = Version.model_validate(BASE)
    data = copy.deepcopy(BASE)
    section(data, "intro")["blocks"][1]["text"] = "Please read this notice with care."
    new = Version.model_validate(data)
    redline = compare(old, new)
    assert sorted(made) == ["collect", "contact", "intro", "old-intro", "sharing", "sharing-details", "use"]
    assert formats(redline) == afresh(old, new, monkeypatch)


def test_a_changed_contact_shows_in_a_section_whose_data_is_equal(monkeypatch: pytest.MonkeyPatch) -> None:
    data = copy.deepcopy(BASE)
    data["contacts"][0]["email"] = "team@example.org"
    old, new = Version.model_validate(BASE), Version.model_validate(data)
    assert align.equal_sections(old, new) == frozenset()
    html = formats(compare(old, new))[0]
    assert "team@example.org</ins>" in html.replace('<span class="redline-mark">]</span>', "")
    assert formats(compare(old, new)) == afresh(old, new, monkeypatch)


def test_a_paragraph_left_over_is_not_paired_with_one_of_an_equal_section(monkeypatch: pytest.MonkeyPatch) -> None:
    data = copy.deepcopy(BASE)
    section(data, "intro")["blocks"].append({"text": "Write to us:"})  # as the contact section's first paragraph
    old, new = Version.model_validate(data), Version.model_validate(BASE)
    assert 4 in align.equal_sections(old, new)  # the contact section
    aligned: list[frozenset[int]] = []
    real = align._aligned
    monkeypatch.setattr(align, "_aligned", lambda old, new, equal: aligned.append(equal) or real(old, new, equal))
    redline = compare(old, new)
    assert aligned == [align.equal_sections(old, new)]  # not paired with the contact section's: aligned once
    monkeypatch.undo()
    assert formats(redline) == afresh(old, new, monkeypatch)


def test_an_id_repeated_in_the_older_version_aligns_every_section_s_own_units(monkeypatch: pytest.MonkeyPatch) -> None:
    data = copy.deepcopy(BASE)
    section(data, "intro")["blocks"].append(copy.deepcopy(section(data, "use")["blocks"][1]))  # "use-service" twice
    old, new = Version.model_validate(data), Version.model_validate(BASE)
    assert 2 in align.equal_sections(old, new)  # the "use" section
    assert formats(compare(old, new)) == afresh(old, new, monkeypatch)
