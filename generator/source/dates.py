"""Dates: the as-of date that decides which version is in force, and the long form readers see."""

from __future__ import annotations

import datetime as dt
import os

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def parse_date(value: str) -> dt.date:
    """Parse YYYY-MM-DD; raise ValueError with a message that says how to write it."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2021-06-01") from None


def resolve_as_of(value: str | dt.date | None = None) -> dt.date:
    """`value` if given; else the UTC date of SOURCE_DATE_EPOCH if set; else today's UTC date."""
    if isinstance(value, dt.date):
        return value
    if value:
        return parse_date(value)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


def long_date(value: dt.date) -> str:
    """'January 1, 2021': the form the notices use (locale-independent, hence deterministic)."""
    return f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"
