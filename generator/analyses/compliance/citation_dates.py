"""Date-aware citations: a finding cites the provisions in force for its version, and no decision from its future.

The checklist cites today's law (California's regulations as 11 CCR §7011, say); a version effective
in 2021 was written under §999.308, and a report as of 2024 cannot cite a 2025 judgment. The data
(`citation_dates.yaml`, beside the checklist) dates each part of a citation that depends on a date:

* a provision is cited as in force on the version's effective date, as far as it was known on the as-of
  date: the earlier of the two days decides;
* a decision is cited once the as-of date reaches it, whatever the version's date (it says what the law
  always asked).

A citation none of whose parts is in force on that day keeps its parts, each marked with the day it takes
effect, so a reader sees why the requirement is listed at all.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

CITATION_DATES = Path(__file__).with_name("citation_dates.yaml")
SEPARATOR = "; "


@dataclass(frozen=True)
class Dated:
    """One wording of a citation part, and the day from which it is cited."""

    cite: str
    day: dt.date
    decision: bool
    """A decision (cited by the as-of date alone) rather than a provision (cited by the version's date)."""


@functools.cache
def dated_parts() -> dict[str, tuple[Dated, ...]]:
    """Every dated citation part, its wordings oldest first."""
    data = YAML(typ="safe").load(CITATION_DATES.read_text(encoding="utf-8"))
    parts: dict[str, tuple[Dated, ...]] = {}
    for part, entries in data.items():
        # str() first: the project's YAML loading may have registered its own timestamp constructor.
        wordings = [Dated(str(e["cite"]), dt.date.fromisoformat(str(e.get("from") or e["decided"])), "decided" in e)
                    for e in entries]
        parts[str(part)] = tuple(sorted(wordings, key=lambda d: d.day))
    return parts


def _in_force(wordings: tuple[Dated, ...], effective: dt.date, as_of: dt.date) -> Dated | None:
    known = [w for w in wordings if w.day <= (as_of if w.decision else min(effective, as_of))]
    return known[-1] if known else None


def cite(citation: str, effective: dt.date, as_of: dt.date) -> str:
    """`citation` (a checklist row's) as it applies to a version effective on `effective`, checked as of `as_of`."""
    parts = dated_parts()
    cited, pending = [], []
    for part in citation.split(SEPARATOR):
        wordings = parts.get(part)
        if wordings is None:
            cited.append(part)
            continue
        wording = _in_force(wordings, effective, as_of)
        if wording is not None:
            cited.append(wording.cite)
        elif not wordings[0].decision:
            pending.append(f"{wordings[0].cite} (in force from {wordings[0].day.isoformat()})")
    return SEPARATOR.join(cited or pending)
