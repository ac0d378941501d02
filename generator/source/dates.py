"""Dates: the as-of date that decides which version is in force, and the long form readers see."""

from __future__ import annotations

import datetime as dt
import os
import re

from .problems import shown

EARLIEST = dt.date(1970, 1, 1)
LATEST = dt.date(2100, 12, 31)
"""Dates outside these bounds are mistakes; inside them, date arithmetic and timestamps never overflow."""


def out_of_range(day: dt.date) -> str | None:
    """Why `day` cannot be a notice's date, or None when it can."""
    if EARLIEST <= day <= LATEST:
        return None
    return f"{day.isoformat()} is outside {EARLIEST.year}-{LATEST.year}; check the year"

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def parse_date(value: str) -> dt.date:
    """Parse YYYY-MM-DD; raise ValueError with a message that says how to write it."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{shown(value)} is not a date; write it as YYYY-MM-DD, e.g. 2021-06-01") from None
    problem = out_of_range(day)
    if problem:
        raise ValueError(problem)
    return day


def resolve_as_of(value: str | dt.date | None = None) -> dt.date:
    """`value` if given; else the UTC date of SOURCE_DATE_EPOCH if set; else today's UTC date."""
    if isinstance(value, dt.date):
        return value
    if value:
        return parse_date(value)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            day = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH={shown(epoch)} is not a number of seconds since 1970-01-01; "
                             "set it to one (e.g. 1622505600) or unset it") from None
        problem = out_of_range(day)
        if problem:
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch} is {problem}")
        return day
    return dt.datetime.now(tz=dt.UTC).date()


def long_date(value: dt.date) -> str:
    """'January 1, 2021': the form the notices use (locale-independent, hence deterministic)."""
    return f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"
