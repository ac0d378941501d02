"""What MkDocs logs while a page is converted or rendered, kept with the cached result and logged again.

A page taken from a cache (`converted_pages.py`, `theme_memo.py`) must log what making it logged: a
warning fails a strict build, and a hit must fail it just the same.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

Record = tuple[str, int, str]
"""A log record as a cache entry holds it: logger, level, message."""


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[list[Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append([record.name, record.levelno, record.getMessage()])


@contextmanager
def kept_log() -> Iterator[list[list[Any]]]:
    """The records MkDocs' loggers emit inside the block, as JSON lists (filled when the block ends)."""
    kept = _Kept()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(kept)
    try:
        yield kept.records
    finally:
        logger.removeHandler(kept)


def stored_records(value: Any) -> list[Record] | None:
    """The records `kept_log` gave, read back from a cache entry; None when the entry is damaged."""
    try:
        return [(str(name), int(level), str(message)) for name, level, message in value]
    except (TypeError, ValueError):
        return None


def log_again(records: list[Record]) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, message)

