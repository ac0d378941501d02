"""The schema models' equality (`StrictModel.__eq__`, source/model/base.py) answers as pydantic's own does.

Its first answer, equal `__dict__`s of one class without private attributes or extra fields, is reached without
pydantic's checks of generic origins, private attributes and extra fields; every pair below is compared both
ways, nested models included, and with pydantic's equality alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import ROOT
from pydantic import BaseModel, ConfigDict, PrivateAttr

from generator.library.loader import load_library
from generator.source.model import Version
from generator.source.model.base import StrictModel


class Point(StrictModel):
    x: int
    label: str = ""


class Place(StrictModel):  # the same fields as Point: equal `__dict__`s, another class
    x: int
    label: str = ""


class Tagged(StrictModel):
    model_config = ConfigDict(extra="allow")
    x: int


class Private(StrictModel):
    x: int
    _seen: int = PrivateAttr(default=0)


def private(x: int, seen: int) -> Private:
    model = Private(x=x)
    model._seen = seen
    return model


def example_versions() -> list[Version]:
    return [version.data for notice in load_library(ROOT).notices.values() for version in notice.versions]


def parts(version: Version) -> Iterator[StrictModel]:
    """The version, its sections and its facts: what comparisons of versions compare."""
    yield version
    yield from version.sections
    for name in ("contacts", "recipients", "transfers", "retention", "automated_decisions"):
        yield from getattr(version, name)


def changed(section: Any) -> Any:
    """The section with another title."""
    return section.model_copy(update={"title": f"{section.title} (changed)"})


def answers(pairs: list[tuple[Any, Any]]) -> list[tuple[bool, bool]]:
    return [(a == b, b == a) for a, b in pairs]


def test_models_compare_as_pydantic_compares_them(monkeypatch: pytest.MonkeyPatch) -> None:
    versions = example_versions()
    pairs: list[tuple[Any, Any]] = []
    for older, newer in itertools.pairwise(versions):
        pairs += [(a, b) for a, b in itertools.product(parts(older), parts(newer)) if type(a) is type(b)]
    sections = [section for version in versions for section in version.sections]
    pairs += [(section, changed(section)) for section in sections]
    pairs += [(section, section.model_copy()) for section in sections]
    pairs += [
        (Point(x=1), Place(x=1)),  # another class, the same `__dict__`
        (Point(x=1), Point(x=1)), (Point(x=1), Point(x=2)), (Point(x=1), 1), (Point(x=1), None),
        (Tagged(x=1, more=2), Tagged(x=1, more=3)), (Tagged(x=1, more=2), Tagged(x=1, more=2)),
        (Tagged(x=1), Tagged(x=1)),
        (private(1, 1), private(1, 2)), (private(1, 1), private(1, 1)),
    ]
    ours = answers(pairs)
    monkeypatch.setattr(StrictModel, "__eq__", BaseModel.__eq__)
    assert ours == answers(pairs)
    assert any(a for a, _ in ours) and not all(a for a, _ in ours)


def test_frozen_models_keep_pydantics_hash() -> None:  # defining __eq__ must not leave them unhashable
    assert hash(Point(x=1, label="a")) == hash(Point(x=1, label="a"))
    assert Point(x=1) in {Point(x=1)} and Place(x=1) not in {Point(x=1)}
    assert Version.__hash__ is not None
