"""A bounded fuzz run in the suite: mutated versions, lock files, notice.yaml and site.yaml (tests/fuzz)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.fuzz.fuzzing import TARGETS, Summary, fuzz

SEED = 2026
BUDGET_SECONDS = 50


def test_mutated_projects_give_no_traceback_no_hang_and_only_located_lines(tmp_path: Path) -> None:
    summary = Summary(list(fuzz(tmp_path, SEED, cases=2000, budget=BUDGET_SECONDS)))
    assert len(summary.outcomes) >= 100, summary.figures()
    assert set(Counter(o.target for o in summary.outcomes)) == set(TARGETS)
    assert summary.failures == [], "\n".join(f"{o.case} {o.target} {o.kind}: {o.detail}" for o in summary.failures)
