"""The registry of fact kinds is complete: every fact field is a kind, every kind has its rules."""

from __future__ import annotations

import copy
import typing
from typing import Any, get_args

from pydantic import BaseModel

from generator.analyses.changes import classify
from generator.analyses.changes.fact_rules import MATERIALITY_RULES
from generator.analyses.redline import compare
from generator.source.fact_kinds import FACT_KINDS, KINDS, NOT_FACTS, SECTION, Materiality, Place, kinds_at
from generator.source.model import Facets, Version
from tests.test_changes import BASE


def fact_model(kind_name: str) -> type[BaseModel]:
    """The model of one fact of a kind: the field's type without `list[...]` and `| None`."""
    owner = Facets if KINDS[kind_name].place is Place.FACET else Version
    annotation: Any = owner.model_fields[kind_name].annotation
    while get_args(annotation):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    assert isinstance(annotation, type) and issubclass(annotation, BaseModel), kind_name
    return annotation


def test_every_kind_has_a_materiality_rule() -> None:
    assert set(MATERIALITY_RULES) == set(Materiality)
    assert all(kind.materiality in MATERIALITY_RULES for kind in FACT_KINDS)


def test_every_fact_field_of_the_model_is_a_registered_kind() -> None:
    """A new field on `Version` or `Facets` must be registered (or declared not a fact), never silently editorial."""
    assert set(Facets.model_fields) == {kind.name for kind in kinds_at(Place.FACET)}
    facts = set(Version.model_fields) - set(Facets.model_fields) - NOT_FACTS
    assert facts == {kind.name for kind in kinds_at(Place.LIST) + kinds_at(Place.SINGLE)}
    for kind in kinds_at(Place.LIST):
        assert typing.get_origin(Version.model_fields[kind.name].annotation) is list, kind.name


def test_references_name_real_fields_and_targets() -> None:
    for kind in FACT_KINDS:
        for reference in kind.references:
            model = fact_model(kind.name)
            assert reference.path[0] in model.model_fields, (kind.name, reference)
            assert reference.target == SECTION or KINDS[reference.target].noun, (kind.name, reference)
        if kind.place is Place.LIST and kind.key is not None:
            assert kind.key in fact_model(kind.name).model_fields, kind.name
        for name in (*kind.widened_by, *kind.protections, *kind.reworded_by):
            assert name in fact_model(kind.name).model_fields, (kind.name, name)
        assert kind.widened_by or kind.materiality is not Materiality.WIDER, kind.name


def test_every_redline_change_to_a_fact_names_its_kind() -> None:
    old = Version.model_validate(BASE)
    data = copy.deepcopy(BASE)
    data["controller"]["name"] = "Acquirer Inc."
    data["retention"][0]["period"] = "5 years after closure"
    data["sections"][0]["blocks"][1]["items"][0]["collects"]["data"].append("e-mail")
    changes = compare(old, Version.model_validate(data)).changes
    assert {(c.category.value, c.fact) for c in changes} == {
        ("controller", "controller"), ("retention", "retention"), ("information-collected", "collects")}


def test_a_further_controller_is_a_material_change() -> None:
    """`controllers` came after the classifier's first rules; as a registered kind it is not taken for editorial."""
    data = copy.deepcopy(BASE)
    data["controllers"] = [{"name": "Example Inc", "contact": "office", "regions": ["North America"]}]
    result = classify(Version.model_validate(BASE), Version.model_validate(data))
    assert [(r.rule, r.material) for r in result.reasons] == [("controller", True)]
    assert result.reasons[0].message == "changes the controller to 'Example Inc'"
