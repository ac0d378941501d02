"""Regions as data: the built-in list (`regions.yaml`) and those a site adds, and region ids checked against them.

Region ids are plain ids in the schema; which ids exist is data, so an organisation that starts
serving a new state adds it under `regions:` in site_config/site.yaml without touching code. Every
place a document names a region (a field typed `Region`) is checked against the known ids after
validation, each unknown one a located error with the nearest known id as a suggestion.
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

import yaml
from pydantic import BaseModel, TypeAdapter

from .model.base import REGION_MARK
from .model.regions import RegionDefinition
from .problems import Loc, PendingProblem, shown
from .validation import did_you_mean

BUILTIN_REGIONS = Path(__file__).with_name("regions.yaml")
WHERE_TO_ADD = "add it under `regions:` in site_config/site.yaml"


@functools.cache
def builtin_regions() -> tuple[RegionDefinition, ...]:
    """The regions every project knows, in the order of `regions.yaml`.

    The tool's own file is read by PyYAML (MkDocs' reader, which every build has loaded) rather than ruamel, which a
    rebuild that finds every project file in the cache then never imports (about 0.01 s); both read this file alike
    (`tests/test_regions.py`), and a project's files are read by ruamel as before."""
    data = yaml.load(BUILTIN_REGIONS.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    # Dates as text: the project's YAML loading may have registered its own timestamp constructor.
    for entry in data:
        for law in entry.get("laws", []):
            if "effective" in law:
                law["effective"] = str(law["effective"])
    return tuple(TypeAdapter(list[RegionDefinition]).validate_python(data))


def known_regions(added: Iterable[RegionDefinition] = ()) -> dict[str, RegionDefinition]:
    """The built-in regions and `added` (a site's `regions:`), by id."""
    return {r.id: r for r in (*builtin_regions(), *added)}


def region_name(region: str, added: Iterable[RegionDefinition] = ()) -> str:
    """How readers see `region`: its name, or its id when it is not known."""
    known = known_regions(added)
    return known[region].name if region in known else region


def in_force_from(region: RegionDefinition) -> dt.date | None:
    """The day the first of the region's laws took effect; None when one of them has no recorded day."""
    days = [law.effective for law in region.laws]
    if not days or any(day is None for day in days):
        return None
    return min(day for day in days if day is not None)


# --- region ids in documents -------------------------------------------------------------------------------

def _is_region(annotation: Any) -> bool:
    return get_origin(annotation) is Annotated and REGION_MARK in get_args(annotation)[1:]


@functools.cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, str, str], ...]:
    """For each field of `model` that can hold a region or a model: (attribute, YAML key, 'one'/'many'/'nested')."""
    plan = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        annotation = field.annotation
        if _is_region(annotation) or any(_is_region(a) for a in get_args(annotation)):
            many = get_origin(annotation) is list
            plan.append((name, key, "many" if many else "one"))
        elif _holds_models(annotation):
            plan.append((name, key, "nested"))
    return tuple(plan)


def _holds_models(annotation: Any) -> bool:
    if isinstance(annotation, type):
        return issubclass(annotation, BaseModel)
    return any(_holds_models(arg) for arg in get_args(annotation))


def region_ids(document: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every region id `document` names, with its place."""
    for name, key, kind in _plan(type(document)):
        value = getattr(document, name)
        if value is None:
            continue
        if kind == "one":
            yield (*loc, key), value
        elif kind == "many":
            yield from (((*loc, key, i), region) for i, region in enumerate(value))
        elif isinstance(value, BaseModel):
            yield from region_ids(value, (*loc, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from region_ids(item, (*loc, key, i))


_NAMED: dict[int, tuple[weakref.ref[BaseModel], tuple[tuple[Loc, str], ...]]] = {}


def named_regions(document: BaseModel) -> tuple[tuple[Loc, str], ...]:
    """`region_ids(document)`, found once per document object: under `mkdocs serve` an unchanged version file
    keeps its `Version` from one load to the next (library/reuse.py), and every load checks every version's
    regions. A loaded document is never changed, so the ids it names stay what they were."""
    named = remembered_regions(document)
    if named is None:
        named = tuple(region_ids(document))
        remember_regions(document, named)
    return named


def remembered_regions(document: BaseModel) -> tuple[tuple[Loc, str], ...] | None:
    """The region ids remembered for this very document object, if any."""
    found = _NAMED.get(id(document))
    return found[1] if found is not None and found[0]() is document else None


def remember_regions(document: BaseModel, named: tuple[tuple[Loc, str], ...]) -> None:
    """Remember the region ids `document` names. The entry goes with the document (a weak reference, checked, so
    a reused id never finds another document's)."""
    key = id(document)

    def forget(reference: weakref.ref[BaseModel]) -> None:
        if _NAMED.get(key, (None,))[0] is reference:
            del _NAMED[key]

    _NAMED[key] = (weakref.ref(document, forget), named)


Named = Callable[[Path, BaseModel], tuple[tuple[Loc, str], ...]]
"""The region ids a document names, by its path and document (`named_regions`, or those kept by the file's bytes)."""


def unknown_regions(path: Path, document: BaseModel, known: Mapping[str, RegionDefinition],
                    named: Named | None = None) -> list[PendingProblem]:
    """A located error for each region id in `document` that is not a known region."""
    problems = []
    for loc, region in (named(path, document) if named is not None else named_regions(document)):
        if region in known:
            continue
        hint = did_you_mean(region, sorted(known))
        advice = (f" (or {WHERE_TO_ADD})" if hint
                  else f"; use a region id the README lists ('Regions'), or {WHERE_TO_ADD}")
        problems.append(PendingProblem(path, loc, f"{shown(region)} is not a known region{hint}{advice}"))
    return problems


def added_region_problems(path: Path, added: list[RegionDefinition]) -> list[PendingProblem]:
    """A site's `regions:` that repeat a built-in id or each other: a located error each."""
    builtin = {r.id for r in builtin_regions()}
    problems, seen = [], set()
    for position, region in enumerate(added):
        if region.id in builtin:
            problems.append(PendingProblem(path, ("regions", position, "id"), f"region {shown(region.id)} is built "
                                           "in already (README, 'Regions'); remove this entry or give it another id"))
        elif region.id in seen:
            problems.append(PendingProblem(path, ("regions", position, "id"),
                                           f"region {shown(region.id)} is declared twice; keep one entry"))
        seen.add(region.id)
    return problems


def region_problems(site: tuple[Path, BaseModel, list[RegionDefinition]] | None,
                    documents: Iterable[tuple[Path, BaseModel]], named: Named | None = None) -> list[PendingProblem]:
    """Every unknown region id in the site's settings (path, document, its added regions) and in `documents`;
    `named` gives the ids a document names, when given (the loader keeps them by the file's bytes)."""
    added = site[2] if site is not None else []
    known = known_regions(added)
    problems = added_region_problems(site[0], added) if site is not None else []
    for path, document in ([(site[0], site[1])] if site is not None else []) + list(documents):
        problems.extend(unknown_regions(path, document, known, named))
    return problems
