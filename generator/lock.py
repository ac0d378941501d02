"""Published versions are immutable: their content hashes live in `notices/<id>/versions.lock`.

The hash covers the version's data, not its formatting, so comments and indentation may change;
a change to any value is caught. A deliberate fix to published text is recorded as a correction
with its date and reason, and the history page shows it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field
from ruamel.yaml import YAML

from .model.base import StrictModel, Text

if TYPE_CHECKING:
    from .loader import Notice, NoticeVersion

LOCK_FILE = "versions.lock"
HEADER = (
    "# Content hashes of published versions, written by `notices lock`, `notices build` and\n"
    "# `notices correct`. Commit this file; do not edit it by hand.\n"
)


class LockedVersion(StrictModel):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    locked: dt.date


class Correction(StrictModel):
    """A recorded fix to the text of a published version."""

    version: dt.date
    date: dt.date
    reason: Text
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class LockFile(StrictModel):
    versions: dict[dt.date, LockedVersion] = Field(default_factory=dict)
    corrections: list[Correction] = Field(default_factory=list)

    def expected_hash(self, version: dt.date) -> str | None:
        """The hash the version must have: its latest correction's, else the locked one."""
        fixes = [c for c in self.corrections if c.version == version]
        if fixes:
            return fixes[-1].sha256
        locked = self.versions.get(version)
        return locked.sha256 if locked else None

    def corrections_of(self, version: dt.date) -> list[Correction]:
        return [c for c in self.corrections if c.version == version]


def content_hash(data: Any) -> str:
    """SHA-256 of the data in canonical JSON: independent of comments, quoting and indentation."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def is_published(effective: dt.date, announced: dt.date | None, as_of: dt.date) -> bool:
    """A version is published once it takes effect or once it has been announced."""
    return effective <= as_of or (announced is not None and announced <= as_of)


def write_lock(folder: Path, lock: LockFile) -> Path:
    """Write the lock file deterministically (sorted, no timestamps beyond the recorded dates)."""
    data = lock.model_dump(mode="json")
    data["versions"] = dict(sorted(data["versions"].items()))
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    path = folder / LOCK_FILE
    path.write_text(HEADER + buffer.getvalue(), encoding="utf-8")
    return path


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
