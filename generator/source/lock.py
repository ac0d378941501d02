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
from typing import Any

from pydantic import Field
from ruamel.yaml import YAML

from .model.base import StrictModel, Text

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
