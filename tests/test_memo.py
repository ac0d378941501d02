"""The two-generation memo (source/memo.py) that the heading, HTML-line, PDF-layout and loaded-version memos share."""

from __future__ import annotations

from generator.source.memo import TwoGenerations


def test_a_generation_keeps_what_it_used_of_the_one_before() -> None:
    memo: TwoGenerations[str, int] = TwoGenerations()
    memo.put("used", 1)
    memo.put("unused", 2)
    memo.next_generation()
    assert memo.get("used") == 1  # moved into the new generation
    memo.next_generation()
    assert (memo.get("used"), memo.get("unused"), memo.get("never")) == (1, None, None)


def test_a_limit_starts_a_new_generation() -> None:
    memo: TwoGenerations[int, int] = TwoGenerations(limit=2)
    for key in range(5):
        memo.put(key, key)
    assert (memo.older, memo.newer) == ({2: 2, 3: 3}, {4: 4})


def test_a_value_is_made_once_even_when_it_is_none() -> None:
    made: list[str] = []

    def make(key: str) -> str | None:
        made.append(key)
        return None if key == "nothing" else key.upper()

    memo: TwoGenerations[str, str | None] = TwoGenerations(limit=2)
    assert [memo.value(key, make) for key in ("nothing", "a", "nothing", "b", "nothing")] == [
        None, "A", None, "B", None]
    assert made == ["nothing", "a", "b"]
