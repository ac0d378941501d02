"""Reading YAML: a fast safe load for every build; positions looked up only to place problems.

Plain documents are read, and placed, from the C parser's events (`yaml_events`); anything else
with ruamel's safe loader, and placed with its round-trip loader (pure Python, fifteen times slower).
"""

from __future__ import annotations

import functools
import gc
import io
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.resolver import VersionedResolver

from .inputs import DEFAULT_LIMITS, Refused, check_structure, project_text, read_project_text
from .model import InputLimits
from .problems import Loc, PendingProblem, Problem, YamlError, display_path, shown
from .yaml_events import read_placed, read_plain

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_TAB_INDENT = re.compile(r"^( *)\t", re.MULTILINE)


class _OnceResolver(VersionedResolver):
    """ruamel's resolver, choosing its rules once per load instead of once per scalar.

    ruamel looks up the YAML version of the document (through two caught AttributeErrors) for each of a
    version file's thousand scalars: 40 % of a load. The version cannot change within one document,
    and every load makes a new resolver (`_safe_yaml`), so the first answer holds for the whole load.
    """

    _chosen: Any = None

    @property
    def versioned_resolver(self) -> Any:
        if self._chosen is None:
            self._chosen = super().versioned_resolver
        return self._chosen


def _safe_yaml() -> YAML:
    yaml = YAML(typ="safe")
    yaml.Resolver = _OnceResolver
    # Dates stay text so that pydantic reports an impossible date with its place.
    yaml.constructor.add_constructor(_TIMESTAMP_TAG, SafeConstructor.construct_yaml_str)
    return yaml


def round_trip_yaml(*, dates_as_text: bool = False) -> YAML:
    """A round-trip YAML instance that writes back files as they were written.

    `dates_as_text` keeps an impossible date loadable, for placing problems.
    """
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    if dates_as_text:
        yaml.Constructor = _DatesAsText
    return yaml


class _DatesAsText(RoundTripConstructor):
    """A subclass, because add_constructor on ruamel's own class would change every later round-trip load."""


_DatesAsText.add_constructor(_TIMESTAMP_TAG, RoundTripConstructor.construct_yaml_str)


def _tab_problems(path: str, text: str) -> list[Problem]:
    if "\t" not in text:  # most files: one scan in C instead of a regex at every line
        return []
    problems = []
    for match in _TAB_INDENT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = len(match.group(1)) + 1
        problems.append(
            Problem(path, line, column, "tab character in indentation; YAML indents with spaces only, "
                    "so replace the tab with spaces")
        )
    return problems


def _syntax_problem(path: str, error: MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (error.problem or "malformed YAML").strip()
    if problem.startswith("found duplicate key"):
        key = problem.split('"')[1]
        message = f"duplicate key {shown(key)}; each key may appear once in a mapping, so remove or rename one"
    else:
        context = f" ({error.context.strip()}" if error.context else ""
        if context and error.context_mark and error.context_mark != mark:
            context += f" started at line {error.context_mark.line + 1}, column {error.context_mark.column + 1}"
        context += ")" if context else ""
        message = (f"malformed YAML: {problem}{context}; check the indentation, quotes and brackets "
                   "on this line and the one before")
    return Problem(path, line, column, message)


def load_data(path: Path, display: str, root: Path, limits: InputLimits = DEFAULT_LIMITS, raw: bytes | None = None
              ) -> Any:
    """Safe-load `path`, a file of the project at `root`; raise `YamlError` with every problem found.

    The file is refused before parsing when it leaves the project or breaks a limit (see `inputs`). A plain
    document is read from the parser's events (`yaml_events`); anything else by ruamel's loader, with the
    same data, problems and messages. `raw` is the file's bytes when the caller checked and read them
    (`cache.yaml_source`): those are parsed, not the file read again, which may have changed since.
    """
    try:
        text = read_project_text(path, root, display, limits) if raw is None else project_text(raw, display)
    except Refused as error:
        raise YamlError(error.problems) from None
    tabs = _tab_problems(display, text)
    if tabs:
        raise YamlError(tabs)
    plain = read_plain(text, limits)
    if plain is not None:
        problems = check_structure(plain.data, text, display, limits) if plain.suspect else []
        if problems:
            raise YamlError(problems)
        return plain.data
    try:
        data = _safe_yaml().load(text)
    except MarkedYAMLError as error:
        raise YamlError([_syntax_problem(display, error)]) from None
    except YAMLError as error:
        raise YamlError([Problem(display, 1, 1, f"malformed YAML: {shown(error, 200)}")]) from None
    finally:
        # ruamel's C loader refers to itself, so it and libyaml's buffers (four bytes a character) wait
        # for the cycle collector, which the library loader pauses: collect the youngest objects now.
        gc.collect(0)
    problems = check_structure(data, text, display, limits)
    if problems:
        raise YamlError(problems)
    return data


def load_positions(path: Path, raw: bytes | None = None) -> Any:
    """Round-trip load `path` (or `raw`, its bytes the caller read), whose nodes know their line and column; None if
    it cannot.

    Only files that already loaded are read here. The round-trip parser refuses a few things the
    fast one accepts (a tab after a key); a tab is one character like a space, so swapping them
    keeps every line and column. A plain document is placed from the C parser's events instead
    (`yaml_events.read_placed`), with the same lines and columns, fifteen times faster.
    """
    if raw is not None:
        return _positions_in(raw)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return _positions_in_text(text)


@functools.lru_cache(maxsize=1)
def _positions_in(raw: bytes) -> Any:
    """`load_positions` of a file's bytes, kept for the same bytes: an edited version's warnings are placed by the
    citation check and by the change policy's, each in the file's bytes (two parses of the file, 5 ms each at the
    example's size). The tree is only read (`locate`)."""
    try:
        text = io.TextIOWrapper(io.BytesIO(raw), "utf-8").read()  # as `Path.read_text` reads (universal newlines)
    except UnicodeDecodeError:
        return None
    return _positions_in_text(text)


def _positions_in_text(text: str) -> Any:
    try:
        text = text.replace("\t", " ")
        placed = read_placed(text)
        return placed if placed is not None else round_trip_yaml(dates_as_text=True).load(text)
    except (OSError, UnicodeDecodeError, YAMLError, RecursionError, KeyError, ValueError):
        return None


def locate(root: Any, loc: Loc, *, at_key: bool = False) -> tuple[int, int]:
    """The 1-based line and column of the node at `loc`, or of its nearest existing parent.

    Parts of `loc` that are not in the data (pydantic's union tags, missing keys) are skipped,
    so a missing field points at the mapping that lacks it.
    """
    node = root
    line, column = (root.lc.line, root.lc.col) if isinstance(root, (CommentedMap, CommentedSeq)) else (0, 0)
    for index, part in enumerate(loc):
        if isinstance(node, CommentedMap) and part in node:
            last = index == len(loc) - 1
            # A key that came in through a merge key (<<: *base) has its place in the merged mapping.
            owner = next((m for m in [node, *node.merge] if part in getattr(m.lc, "data", {})), None)
            if owner is not None:
                line, column = owner.lc.key(part) if (last and at_key) else owner.lc.value(part)
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, column = node.lc.item(part)
        else:
            continue
        node = node[part]
    return line + 1, column + 1


def place_problems(pending: list[PendingProblem]) -> list[Problem]:
    """Give every pending problem its line and column, loading each file's positions once."""
    placed = []
    by_file: dict[Path, list[PendingProblem]] = defaultdict(list)
    for problem in pending:
        by_file[problem.path].append(problem)
    for path, problems in by_file.items():
        placed += place_in_file(path, problems)
    return sorted(set(placed))


def place_in_file(path: Path, problems: list[PendingProblem], raw: bytes | None = None) -> list[Problem]:
    """Give each of the problems of the file at `path` its line and column in the file, or in `raw`, its bytes
    the caller read (and keys the places by: `ContentCache.place_problems`)."""
    root: Any = load_positions(path, raw)
    placed = []
    for problem in problems:
        line, column = locate(root, problem.loc, at_key=problem.at_key)
        message = problem.message
        if problem.also is not None:
            also_line, also_column = locate(root, problem.also)
            message += f" ({display_path(path)}:{also_line}:{also_column})"
        message += problem.advice
        placed.append(Problem(display_path(path), line, column, message, problem.severity,
                              problem.stops_strict_build))
    return sorted(set(placed))
