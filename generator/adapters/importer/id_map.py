"""The id mapping file (`notices import --ids FILE`): a person's word on which unit became which.

The carry-over pairs units by similarity; where it guesses wrong, the file says it right:

    2022-12-15:                      # a later version, by its effective date
      california-notice: us-privacy  # id in the version before : the id the source gives the unit now
      right-to-opt-out: null         # this unit has no successor: carry its id over to nothing

Every entry is checked against both versions before anything is imported; a bad entry is an
error at its own line and column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.error import MarkedYAMLError

from ...source.problems import Problem, display_path
from ...source.yamlio import round_trip_yaml
from .draft import DraftItem, DraftSection, ImportDraft
from .ids import items_of


@dataclass(frozen=True)
class MappingEntry:
    old_id: str
    new_id: str | None
    line: int
    column: int
    value_at: tuple[int, int]
    """Where the new id is written: problems with it are placed there."""


@dataclass
class IdMap:
    """The entries of a mapping file by the effective date of the later version."""

    path: str
    entries: dict[dt.date, list[MappingEntry]] = field(default_factory=dict)
    places: dict[dt.date, tuple[int, int]] = field(default_factory=dict)


def _where(node: Any, key: Any) -> tuple[int, int]:
    line, column = node.lc.key(key)
    return line + 1, column + 1


def _where_value(node: Any, key: Any) -> tuple[int, int]:
    line, column = node.lc.value(key)
    return line + 1, column + 1


def read_id_map(path: Path) -> tuple[IdMap, list[Problem]]:
    """The mapping file's entries, and a located problem for each entry that cannot be read."""
    shown = display_path(path)
    found = IdMap(shown)
    try:
        document = round_trip_yaml(dates_as_text=True).load(path.read_text(encoding="utf-8"))
    except OSError as error:
        return found, [Problem(shown, 1, 1, f"cannot read the id mapping file: {error.strerror}")]
    except UnicodeDecodeError:
        return found, [Problem(shown, 1, 1, "not UTF-8 text; save the id mapping file as UTF-8")]
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return found, [Problem(shown, line, column, f"malformed YAML: {error.problem or error.context}")]
    if document is None:
        return found, []
    if not isinstance(document, dict):
        return found, [Problem(shown, 1, 1, "the id mapping file must map a version's date (YYYY-MM-DD) to "
                                            "'old id: new id' entries")]
    problems: list[Problem] = []
    for key, entries in document.items():
        line, column = _where(document, key)
        try:
            date = dt.date.fromisoformat(str(key))
        except ValueError:
            problems.append(Problem(shown, line, column, f"'{key}' is not a date: name the later version by its "
                                                         "effective date, YYYY-MM-DD"))
            continue
        found.places[date] = (line, column)
        if not isinstance(entries, dict):
            v_line, v_column = _where_value(document, key)
            problems.append(Problem(shown, v_line, v_column, f"under {date}, write 'old id: new id' entries (the "
                                                             "new id may be null)"))
            continue
        listed = found.entries.setdefault(date, [])
        for old_id, new_id in entries.items():
            e_line, e_column = _where(entries, old_id)
            if new_id is not None and not isinstance(new_id, str):
                v_line, v_column = _where_value(entries, old_id)
                problems.append(Problem(shown, v_line, v_column, f"the new id of '{old_id}' must be an id or null, "
                                                                 f"not {new_id!r}"))
                continue
            listed.append(MappingEntry(str(old_id), new_id, e_line, e_column, _where_value(entries, old_id)))
    return found, problems


def _units(draft: ImportDraft) -> dict[str, DraftSection | DraftItem]:
    sections = draft.all_sections()
    return {**{s.id: s for s in sections}, **{i.id: i for s in sections for i in items_of(s)}}


def _kind(unit: DraftSection | DraftItem) -> str:
    return "section" if isinstance(unit, DraftSection) else "item"


def check_entries(id_map: IdMap, date: dt.date, previous: ImportDraft, previous_date: dt.date,
                  current: ImportDraft) -> list[Problem]:
    """Problems with the entries for the version of `date`, read against the version before and its own ids."""
    problems: list[Problem] = []
    old_units, new_units = _units(previous), _units(current)
    named: set[str] = set()
    for entry in id_map.entries.get(date, []):
        def problem(message: str, at: MappingEntry = entry, on_value: bool = False) -> None:
            line, column = at.value_at if on_value else (at.line, at.column)
            problems.append(Problem(id_map.path, line, column, message))

        old = old_units.get(entry.old_id)
        if old is None:
            problem(f"'{entry.old_id}' is not a section or item id of the {previous_date} version; the ids carried "
                    "over are listed in the import report")
            continue
        if entry.new_id is None:
            if entry.old_id in new_units:
                problem(f"'{entry.old_id}' is still an id of the {date} version: it cannot be left without successor")
            continue
        new = new_units.get(entry.new_id)
        if new is None:
            problem(f"'{entry.new_id}' is not a section or item id that the {date} source gives (its own anchors "
                    "or slugs, before any carry-over)", on_value=True)
        elif _kind(old) != _kind(new):
            problem(f"'{entry.old_id}' is a {_kind(old)} but '{entry.new_id}' is an {_kind(new)}: map sections "
                    "to sections and items to items" if _kind(new) == "item" else
                    f"'{entry.old_id}' is an {_kind(old)} but '{entry.new_id}' is a {_kind(new)}: map sections to "
                    "sections and items to items", on_value=True)
        elif entry.new_id in named:
            problem(f"'{entry.new_id}' is named twice under {date}: one unit can take one earlier id", on_value=True)
        elif entry.old_id in new_units and entry.old_id != entry.new_id:
            problem(f"'{entry.old_id}' is still an id of the {date} version; map a unit to it only once that "
                    "unit has another id")
        named.add(entry.new_id)
    return problems


def check_dates(id_map: IdMap, dates: list[dt.date]) -> list[Problem]:
    """Dates in the file that are not a later version of this import."""
    later = set(dates[1:])
    return [Problem(id_map.path, line, column,
                    f"{date} is not the effective date of a later version of this import (the first version "
                    f"has nothing to carry over); the later versions are {', '.join(map(str, dates[1:])) or 'none'}")
            for date, (line, column) in id_map.places.items() if date not in later]
