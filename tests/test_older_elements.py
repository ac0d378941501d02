"""An older text's words read around the pieces it shares with the newer text (words.py `older_elements`): exactly
the words and spaces of reading it whole, and the diffs made of them exactly those of the words read whole."""

from __future__ import annotations

import random

import pytest

from generator.analyses.redline import Op, words

PIECES = ["we", "data", "U.S.", "e.g.", "2,500", "revision", "7", "coursera.org/terms", "privacy@coursera.org",
          "https://a.example/x?y=1.", "you’d", "up-to-date", "'", "-", ".", ",", "(", ")", "é", "_", " ", "  ", "\n",
          "\t", "\u00a0", "\u2003", "\r\n", "\x1c", "\x85", "\u2028", "\u200b", "\x0b"]


def _edited(rng: random.Random, text: str) -> str:
    """`text` with a few characters replaced, added or removed anywhere: at, inside or between pieces."""
    chars = list(text)
    for _ in range(rng.randrange(4)):
        place = rng.randrange(len(chars) + 1)
        chars[place:place + rng.randrange(3)] = rng.choice(["", " ", "x", "7 ", " revision", "\n", ".", "\u00a0"])
    return "".join(chars)


def _pairs(seed: int, count: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        newer = "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 30)))
        older = _edited(rng, newer) if rng.random() < 0.9 else "".join(rng.choice(PIECES) for _ in range(5))
        found.append((older, newer))
    return found


def test_an_older_text_read_around_what_it_shares_with_the_newer_gives_the_words_of_reading_it_whole() -> None:
    reused = 0
    for older, newer in _pairs(1, 6000):
        found = words._Newer(newer).older_elements(older)
        assert found == words._elements_of.__wrapped__(older), (older, newer)
        reused += len(older) > 10 and older[:3] == newer[:3] and older[-3:] == newer[-3:]
    assert reused > 1000  # texts sharing both ends, where pieces were taken from the newer text, were read


@pytest.mark.parametrize("older, newer", [
    ("  we keep", "  we hold"), ("we  keep", "we keep"), ("x we", " we"), ("we x", "we "), ("a b", "ab b"),
    ("a b a b", "a b"), ("a b", "a b a b"), ("revision 7 of", "revision 71 of"), ("", "we"), ("we", ""),
])
def test_pieces_at_the_edge_of_what_both_texts_share_are_read_as_a_whole_text_reads_them(
        older: str, newer: str) -> None:
    assert words._Newer(newer).older_elements(older) == words._elements_of.__wrapped__(older)


def test_diffs_of_older_texts_read_around_the_newer_are_those_of_texts_read_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = _pairs(2, 800)
    words._matcher_for.cache_clear()
    around = [words.diff_text.__wrapped__(older, newer) for older, newer in pairs]
    monkeypatch.setattr(words._Newer, "older_elements", lambda _self, older: words._elements_of.__wrapped__(older))
    words._matcher_for.cache_clear()
    assert around == [words.diff_text.__wrapped__(older, newer) for older, newer in pairs]
    assert all("".join(r.text for r in d.runs if r.op is not Op.INSERT) == d.old for d in around)
