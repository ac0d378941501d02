"""A region and the laws in force there: the form of the built-in regions and of those a site adds."""

from __future__ import annotations

from pydantic import Field

from .base import Date, Id, Line, StrictModel, Text


class Law(StrictModel):
    """A privacy law of a region."""

    name: Text = Field(description="The law's name, e.g. 'Virginia Consumer Data Protection Act (VCDPA)'.")
    effective: Date | None = Field(
        None, description="The day it took effect, where it is certain; versions effective before every law of "
        "the region took effect are not checked for the region.")


class RegionDefinition(StrictModel):
    """A region that notices, sections, rights, contacts, controllers, transfers and audiences can name."""

    id: Id = Field(description="The name YAML uses, e.g. 'us-va' (ISO 3166: 'ca' is Canada, 'us-ca' California).")
    name: Line = Field(description="How readers see it, e.g. 'Virginia'.")
    laws: list[Law] = Field(default_factory=list)
    checks: list[Id] = Field(
        default_factory=list,
        description="The `notices check` families the region selects when the site lists it under `jurisdictions`, "
        "e.g. [us-states].")
