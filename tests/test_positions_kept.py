"""Problems placed in the same bytes twice parse them once (source/yamlio.py, `_positions_in`).

An edited version's warnings are placed by the citation check and by the change policy's check, each in the bytes
the file was read as. The parse of those bytes is kept for the next placing in the same bytes; other bytes are
parsed afresh, and every problem gets the line and column a fresh parse of the file gives it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.source import yamlio
from generator.source.problems import PendingProblem, Problem
from generator.source.yaml_events import read_placed
from tests.project import NOTICE, VERSION, make_project


def counted_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts parsed for positions from now on."""
    parsed: list[str] = []
    def counting(text: str) -> Any:
        parsed.append(text)
        return read_placed(text)

    monkeypatch.setattr(yamlio, "read_placed", counting)
    yamlio._positions_in.cache_clear()
    return parsed


def problems_in(path: Path) -> tuple[list[PendingProblem], list[PendingProblem]]:
    """Two checks' problems in one version file, as the citation and change-policy checks each place theirs."""
    return ([PendingProblem(path, ("summary",), "one check's problem with the summary")],
            [PendingProblem(path, ("sections", 0, "title"), "another check's problem with a title", "warning"),
             PendingProblem(path, ("effective",), "and with the date", at_key=True)])


def placed_afresh(path: Path, problems: list[PendingProblem]) -> list[Problem]:
    """Placed in the file as read now, by a parse of its own (the memo is not used for a file read by path)."""
    return yamlio.place_in_file(path, problems)


def test_problems_placed_in_the_same_bytes_twice_parse_them_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    root = make_project(tmp_path / "project", notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": VERSION}})
    path = root / "notices" / "privacy" / "2021-01-01.yaml"
    first, second = problems_in(path)
    expected = [placed_afresh(path, first), placed_afresh(path, second)]
    parsed = counted_parses(monkeypatch)
    raw = path.read_bytes()
    assert [yamlio.place_in_file(path, first, raw), yamlio.place_in_file(path, second, bytes(raw))] == expected
    assert len(parsed) == 1


def test_other_bytes_of_the_same_file_are_parsed_again_and_placed_by_them(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "project", notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": VERSION}})
    path = root / "notices" / "privacy" / "2021-01-01.yaml"
    first, second = problems_in(path)
    parsed = counted_parses(monkeypatch)
    before = yamlio.place_in_file(path, first + second, path.read_bytes())
    path.write_text("# a line added above\n" + VERSION, encoding="utf-8")
    after = yamlio.place_in_file(path, first + second, path.read_bytes())
    assert len(parsed) == 2
    assert after == placed_afresh(path, first + second)
    assert [p.line for p in after] == [p.line + 1 for p in before]
