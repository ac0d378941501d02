"""Shared building blocks of the schema: strict models, ids and regions."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=80),
    Field(description="Stable identifier: lower-case letters, digits and single hyphens."),
]
"""An identifier used in anchors, cross-references, diffs and file names."""

Anchor = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=120),
    Field(description="An HTML anchor kept for old links: letters, digits, '-' and '_'."),
]
"""An alias anchor; unlike an id it may keep the source's case and underscores."""

Text = Annotated[str, StringConstraints(min_length=1)]


class StrictModel(BaseModel):
    """Base of every schema model: unknown keys are errors, values are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True, populate_by_name=True)


class Region(StrEnum):
    """Where a right, a section or a transfer applies."""

    EEA = "eea"
    EU = "eu"
    UK = "uk"
    CH = "ch"
    US = "us"
    US_CA = "us-ca"
    WORLDWIDE = "worldwide"


REGION_NAMES: dict[Region, str] = {
    Region.EEA: "European Economic Area",
    Region.EU: "European Union",
    Region.UK: "United Kingdom",
    Region.CH: "Switzerland",
    Region.US: "United States",
    Region.US_CA: "California",
    Region.WORLDWIDE: "Worldwide",
}
