"""Shared building blocks of the schema: strict models, ids and regions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from ..dates import out_of_range

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

LINE_PATTERN = r"^[^\x00-\x1f\x7f]+$"
Line = Annotated[str, StringConstraints(pattern=LINE_PATTERN)]
"""Text on one line, without control characters: titles, names and e-mail header values."""


def _iso_date_only(value: Any) -> Any:
    """Let only YYYY-MM-DD through: pydantic alone would also take 1609459200, 1.5 or a datetime."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value  # pydantic says what is wrong with the day or month
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        problem = out_of_range(value)
        if problem:
            raise ValueError(f"is a date {problem.removeprefix(value.isoformat() + ' is ')}")
        return value
    raise ValueError("is not a date; write it as YYYY-MM-DD, e.g. 2021-01-01")


Date = Annotated[dt.date, BeforeValidator(_iso_date_only)]
"""A calendar day, written YYYY-MM-DD and nothing else."""

Days = Annotated[int, Field(ge=0, le=3650)]
"""A number of days, up to ten years (larger numbers overflow date arithmetic)."""


class StrictModel(BaseModel):
    """Base of every schema model: unknown keys are errors, values are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True, populate_by_name=True)

    def __eq__(self, other: object) -> bool:
        """pydantic's equality, its first answer reached sooner: models of one class without private attributes or
        extra fields (pydantic's first checks then pass) whose `__dict__`s are equal are equal. Its checks of the
        generic origin, private attributes and extra fields took two thirds of comparing the sections of two
        versions (12 -> 5 ms for the 1,485 of a build at 100 versions); every other case is pydantic's own."""
        if (type(other) is type(self) and self.__pydantic_private__ is None and not self.__pydantic_extra__
                and other.__pydantic_private__ is None and not other.__pydantic_extra__
                and self.__dict__ == other.__dict__):
            return True
        return super().__eq__(other)


REGION_MARK = object()
"""Marks a field as naming a region, so that source/regions.py can find every region id a document names."""

Region = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=80),
    Field(description="A region id: a built-in one (README, 'Regions') or one added under `regions:` in "
                      "site_config/site.yaml."),
    REGION_MARK,
]
"""Where a right, a section, a contact, a transfer or an audience applies: an id of the regions' data."""
