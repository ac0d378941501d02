"""A long fuzz run: `python -m tests.fuzz.run_fuzz --cases 10000 [--seed 13]` (or `make fuzz`).

Prints one line per failing case (replay it with the same seed and `--only CASE`) and the figures:
cases, tracebacks, hangs, unlocated lines, median and worst time per case. Exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from tests.fuzz.fuzzing import Summary, fuzz, prepare, run_case


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--only", type=int, default=None, help="replay one case")
    args = parser.parse_args()
    summary = Summary()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as workdir:
        if args.only is not None:
            import random
            outcomes = [run_case(prepare(Path(workdir)), args.only, random.Random(f"{args.seed}-{args.only}"))]
        else:
            outcomes = fuzz(Path(workdir), args.seed, args.cases)
        for outcome in outcomes:
            summary.outcomes.append(outcome)
            if outcome.kind != "ok":
                print(f"case {outcome.case} ({outcome.target}): {outcome.kind}: {outcome.detail}", flush=True)
            if len(summary.outcomes) % 1000 == 0:
                print(f"... {summary.figures()}", file=sys.stderr, flush=True)
    print(f"seed {args.seed}: {summary.figures()}; {time.monotonic() - started:.0f} s in all")
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
