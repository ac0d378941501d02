"""A memo that keeps what was lately used: two generations of values by key.

Values go into the newer generation; one found in the older generation is moved into the newer one. A new
generation starts when the caller says so (`next_generation`: a load, a document) or, with a `limit`, when the
newer one holds that many values; the older one is then dropped. So what stays is what the last generation
used, and memory stays two generations' worth, without the bookkeeping of a least-recently-used order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")
_MISSING: Any = object()


class TwoGenerations(Generic[K, V]):
    """Values by key, the newer generation's and the older one's (see the module's docstring)."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit
        self.newer: dict[K, V] = {}
        self.older: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        """The value of `key`, or None if neither generation has it (for values that are never None)."""
        value = self.newer.get(key)
        if value is None:
            value = self.older.get(key)
            if value is not None:
                self.put(key, value)
        return value

    def value(self, key: K, make: Callable[[K], V]) -> V:
        """The value of `key`, made by `make(key)` and kept if neither generation has it (it may be None)."""
        value = self.newer.get(key, _MISSING)
        if value is _MISSING:
            value = self.older.get(key, _MISSING)
            if value is _MISSING:
                value = make(key)
            self.put(key, value)
        return value  # type: ignore[no-any-return]  # _MISSING is Any, and never returned

    def put(self, key: K, value: V) -> None:
        if self.limit is not None and len(self.newer) >= self.limit:
            self.next_generation()
        self.newer[key] = value

    def next_generation(self) -> None:
        self.older, self.newer = self.newer, {}
