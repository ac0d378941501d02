"""Recording what is published: lock entries for newly published versions, and corrections."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..source.lock import Correction, LockedVersion, write_lock
from .project import Notice, NoticeVersion
from .rules import is_published


def record_published(notice: Notice, as_of: dt.date) -> Path | None:
    """Lock every version of `notice` published by `as_of` that is not locked yet; never change a lock."""
    lock = notice.lock.model_copy(deep=True)
    added = False
    for version in notice.versions:
        data = version.data
        if data.effective not in lock.versions and is_published(data.effective, data.announced, as_of):
            lock.versions[data.effective] = LockedVersion(sha256=version.content_hash, locked=as_of)
            added = True
    return write_lock(notice.path, lock) if added else None


def record_correction(notice: Notice, version: NoticeVersion, reason: str, on: dt.date) -> Path:
    """Accept the current content of a published version as a correction, with its reason and date."""
    lock = notice.lock.model_copy(deep=True)
    if version.effective not in lock.versions:
        raise ValueError(f"version {version.effective} of '{notice.id}' is not locked, so it can still be "
                         "edited freely; no correction is needed")
    lock.corrections.append(Correction(version=version.effective, date=on, reason=reason,
                                       sha256=version.content_hash))
    return write_lock(notice.path, lock)
