"""Seeded mutation fuzzing of a project's YAML: every outcome is a loaded library or located lines.

Each case copies one file of the example (a version, a lock file, a notice.yaml or site.yaml),
mutates it and loads the project in-process (`load_library` + `check_changes`), so that a case
costs a fraction of a second. A case is `ok` (it loaded, or it failed with only located lines),
`unlocated` (a problem line without `path:line:col`), `traceback` (any other exception) or `hang`
(over the time limit).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import signal
import statistics
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.analyses.changes import check_changes
from generator.library.loader import load_library
from generator.source.problems import InvalidContent
from tests.test_hostile_input import LOCATED

ROOT = Path(__file__).resolve().parent.parent.parent
AS_OF = dt.date(2021, 6, 1)
TARGETS = [
    "site_config/site.yaml",
    "notices/privacy/notice.yaml",
    "notices/privacy/versions.lock",
    "notices/privacy/2021-01-01.yaml",
    "notices/privacy/2027-03-01.yaml",
    "notices/live2coursera/notice.yaml",
    "notices/live2coursera/versions.lock",
    "notices/live2coursera/2021-01-01.yaml",
]
CHARACTERS = ["\x00", "\x1b", "\x7f", "\ufffe", "\x85", "\u2028", "\t", "\r", "'", '"', "[", "]", "{", "}", ":",
              ": ", "- ", "&", "*", "!", "%", "@", "`", "|", ">", "#", "\\", "?", ",", "\U0001f600", "\ufeff"]
VALUES = ["99999999999999999999", "-1", "1e308", ".nan", "null", "[]", "{}", "''", "2021-02-30", "0001-01-01",
          "9999-12-31", "1609459200", "2021-01-01T00:00:00", "!!python/object/apply:os.system ['id']",
          "&anchor value", "*anchor", '"\\x00"', '"\\ud800"', '"a\\nb: c"', "x" * 100_000,
          "<script>alert(1)</script>", "{{ 7 * 7 }}", "[a](javascript:alert(1))", "~", "yes", "0x1F", "!!binary AA=="]
SNIPPETS = ["<<: *base\n", "base: &base {a: 1}\n", "a: &a [1, 2]\nb: [*a, *a, *a]\n", "[" * 300 + "]" * 300 + "\n",
            "? [complex, key]\n: value\n", "--- \n", "...\n", "%YAML 1.1\n---\n", "!!set {a, b}\n", "\t- item\n"]


def _insert_character(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(CHARACTERS) + text[at:]


def _delete_span(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + text[at + rng.randint(1, 200):]


def _lines(rng: random.Random, text: str, change: Callable[[list[str], int], None]) -> str:
    lines = text.split("\n")
    change(lines, rng.randrange(len(lines)))
    return "\n".join(lines)


def _duplicate_line(rng: random.Random, text: str) -> str:
    return _lines(rng, text, lambda lines, i: lines.insert(i, lines[i]))


def _swap_lines(rng: random.Random, text: str) -> str:
    def swap(lines: list[str], i: int) -> None:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return _lines(rng, text, swap)


def _reindent(rng: random.Random, text: str) -> str:
    def shift(lines: list[str], i: int) -> None:
        indent = rng.choice(["", " ", "  ", "    ", "\t"])
        lines[i] = indent + (lines[i].lstrip(" ") if rng.random() < 0.5 else lines[i])
    return _lines(rng, text, shift)


def _replace_value(rng: random.Random, text: str) -> str:
    def replace(lines: list[str], i: int) -> None:
        if ": " in lines[i]:
            key = lines[i].split(": ", 1)[0]
            lines[i] = f"{key}: {rng.choice(VALUES)}"
        else:
            lines[i] = lines[i] + " " + rng.choice(VALUES)
    return _lines(rng, text, replace)


def _insert_snippet(rng: random.Random, text: str) -> str:
    return _lines(rng, text, lambda lines, i: lines.insert(i, rng.choice(SNIPPETS).rstrip("\n")))


def _truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _typo_key(rng: random.Random, text: str) -> str:
    def typo(lines: list[str], i: int) -> None:
        if ":" in lines[i]:
            key, rest = lines[i].split(":", 1)
            lines[i] = key + rng.choice(["x", "", key.strip()[-1:] if key.strip() else "y"]) + ":" + rest
    return _lines(rng, text, typo)


TEXT_MUTATIONS = [_insert_character, _delete_span, _duplicate_line, _swap_lines, _reindent, _replace_value,
                  _insert_snippet, _truncate, _typo_key]


def _flip_byte(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data)) if data else 0
    return data[:at] + bytes([rng.randrange(256)]) + data[at + 1:]


@dataclass
class Outcome:
    case: int
    target: str
    kind: str  # ok, unlocated, traceback, hang
    seconds: float
    detail: str = ""


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind != "ok"]

    def figures(self) -> str:
        times = sorted(o.seconds for o in self.outcomes)
        kinds = Counter(o.kind for o in self.outcomes)
        return (f"cases {len(times)}, tracebacks {kinds['traceback']}, hangs {kinds['hang']}, unlocated "
                f"{kinds['unlocated']}, median {statistics.median(times) * 1000:.0f} ms, worst "
                f"{times[-1] * 1000:.0f} ms" if times else "no cases")


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Hang


def prepare(workdir: Path) -> Path:
    """A copy of the example's YAML (no templates or site: loading does not read them)."""
    project = workdir / "project"
    shutil.rmtree(project, ignore_errors=True)
    for name in ("site_config", "notices"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("schema", "pages"))
    return project


def mutate(rng: random.Random, original: bytes) -> bytes:
    if rng.random() < 0.1:
        return _flip_byte(rng, original)
    text = original.decode("utf-8")
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        text = rng.choice(TEXT_MUTATIONS)(rng, text)
    return text.encode("utf-8", "surrogatepass")


def run_case(project: Path, case: int, rng: random.Random, time_limit: int = 10) -> Outcome:
    target = rng.choice(TARGETS)
    path = project / target
    original = (ROOT / target).read_bytes()
    path.write_bytes(mutate(rng, original))
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(time_limit)
    started = time.perf_counter()
    try:
        library = load_library(project)
        check_changes(library, AS_OF)
        kind, detail = "ok", ""
    except InvalidContent as error:
        bad = [str(p) for p in error.problems if not LOCATED.match(str(p)) or "\n" in str(p)]
        kind, detail = ("unlocated", bad[0]) if bad else ("ok", "")
    except _Hang:
        kind, detail = "hang", f"over {time_limit} s"
    except Exception as error:  # the point of fuzzing: anything else is a bug
        kind, detail = "traceback", "".join(traceback.format_exception(error)[-3:])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        path.write_bytes(original)
    return Outcome(case, target, kind, time.perf_counter() - started, detail)


def fuzz(workdir: Path, seed: int, cases: int, budget: float | None = None) -> Iterator[Outcome]:
    """Run up to `cases` cases from `seed` (each case its own seed, so any case can be replayed)."""
    project = prepare(workdir)
    deadline = time.monotonic() + budget if budget else None
    for case in range(cases):
        if deadline and time.monotonic() > deadline:
            return
        yield run_case(project, case, random.Random(f"{seed}-{case}"))
