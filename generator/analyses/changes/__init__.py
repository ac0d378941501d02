"""Change notices: is a change material, was it announced in time, and who must be told.

The classifier (`classifier.py`, and the comparison it reads, `analyses/redline`) is imported when first asked for:
a build that finds every change classified in the cache and has no upcoming version to check never runs it, and
importing it took about 0.02 s of every build's start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .policy import check_changes, classify_version

if TYPE_CHECKING:
    from .classifier import Classification, Reason, Verdict, classify

__all__ = ["Classification", "Reason", "Verdict", "check_changes", "classify", "classify_version"]
_CLASSIFIER = ("Classification", "Reason", "Verdict", "classify")


def __getattr__(name: str) -> Any:
    if name not in _CLASSIFIER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.classifier"), name)
    globals()[name] = value  # found directly from now on
    return value
