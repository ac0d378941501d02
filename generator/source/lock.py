"""Published versions are immutable: their content hashes live in `notices/<id>/versions.lock`.

The hash covers the version's data, not its formatting, so comments and indentation may change;
a change to any value is caught. A deliberate fix to published text is recorded as a correction
with its date and reason, and the history page shows it; an announced version taken back before
it applies is recorded as a withdrawal.

Every entry names its file, so a published version that is deleted or renamed is an error. The
lock carries a seal, the SHA-256 of all its entries: the tool writes it with every lock, so an
entry removed or changed by hand, or a lock emptied, no longer matches its seal.

A version's archival PDF is frozen when it is published: `notices publish` writes it into the notice's folder
(`frozen_pdf_path`) and the lock records its SHA-256 (`pdfs`), under the seal; builds serve those bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import Any

from pydantic import Field

from .cache import ContentCache, cache_key
from .model.base import StrictModel, Text
from .problems import PendingProblem, Problem, display_path

LOCK_FILE = "versions.lock"
PDF_FOLDER = "pdf"
"""The folder of a notice's frozen archival PDFs (`frozen_pdf_path`)."""
HEADER = (
    "# Content hashes of published versions, written by `notices publish` (or `notices lock`),\n"
    "# `notices correct` and `notices withdraw`. Commit this file; do not edit it by hand: the seal\n"
    "# covers every entry, so a hand edit is an error.\n"
)


class LockedVersion(StrictModel):
    path: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\.yaml$")
    """The version's file, in the notice's folder."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    locked: dt.date
    prose_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    """The fingerprint of what readers see (`source.fingerprint`); absent in locks written before it."""


class Correction(StrictModel):
    """A recorded fix to the text of a published version."""

    version: dt.date
    date: dt.date
    reason: Text
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    prose_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    facts_only: bool | None = None
    """True when readers see the same words as before (only facts were annotated): listed discreetly."""


class Withdrawal(StrictModel):
    """An announced version taken back before it took effect: it never applies, its address stays."""

    version: dt.date
    date: dt.date
    reason: Text


class FrozenPdf(StrictModel):
    """A version's archival PDF as published: frozen in the notice's folder (`frozen_pdf_path`), never laid out
    again, so that later template, font or branding changes leave the archived record as readers got it."""

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """The PDF's bytes."""
    content_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """The content hash of the version it was made from: a correction freezes the corrected text's PDF."""


class LockFile(StrictModel):
    versions: dict[dt.date, LockedVersion] = Field(default_factory=dict)
    corrections: list[Correction] = Field(default_factory=list)
    withdrawals: list[Withdrawal] = Field(default_factory=list)
    pdfs: dict[dt.date, FrozenPdf] = Field(default_factory=dict)
    """The frozen archival PDF of each version, by its effective date; absent in locks written before it."""
    seal: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of everything else in the file; written by the tool, so a hand edit breaks it."""

    def expected_seal(self) -> str:
        # Unset optional fields are left out, so locks written before they existed keep their seal.
        return content_hash(self.model_dump(mode="json", exclude=self.left_out(), exclude_none=True))

    def left_out(self) -> set[str]:
        """The seal, and `pdfs` while empty: a lock written before frozen PDFs keeps its seal and its text."""
        return {"seal"} | (set() if self.pdfs else {"pdfs"})

    def sealed(self) -> LockFile:
        return self.model_copy(update={"seal": self.expected_seal()})

    def withdrawal_of(self, version: dt.date) -> Withdrawal | None:
        return next((w for w in self.withdrawals if w.version == version), None)

    @property
    def last_locked(self) -> dt.date | None:
        """The as-of day of the latest `notices publish` that recorded a version here."""
        return max((v.locked for v in self.versions.values()), default=None)

    def _latest_record(self, version: dt.date) -> Correction | LockedVersion | None:
        """What the lock last recorded of a version: its latest correction, else its lock entry."""
        fixes = [c for c in self.corrections if c.version == version]
        return fixes[-1] if fixes else self.versions.get(version)

    def expected_hash(self, version: dt.date) -> str | None:
        """The hash the version must have: its latest correction's, else the locked one."""
        record = self._latest_record(version)
        return record.sha256 if record else None

    def corrections_of(self, version: dt.date) -> list[Correction]:
        """The corrections of a version's text: what the history page announces as "Corrected"."""
        return [c for c in self.corrections if c.version == version and not c.facts_only]

    def annotations_of(self, version: dt.date) -> list[Correction]:
        """The facts-only corrections of a version: its facts annotated, its text unchanged."""
        return [c for c in self.corrections if c.version == version and c.facts_only]

    def expected_prose_hash(self, version: dt.date) -> str | None:
        """The fingerprint of the words readers saw last: its latest correction's, else the locked one."""
        record = self._latest_record(version)
        return record.prose_sha256 if record else None


def content_hash(data: Any) -> str:
    """SHA-256 of the data in canonical JSON: independent of comments, quoting and indentation.

    The data is a tree (a YAML document the loader accepted holds no alias of a list or mapping, a model's dump
    none), so JSON's check for cycles is left out: a fifth of the time, the same text."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str,
                           check_circular=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


DIGEST = "digest"
"""Cache kind of a version's content hash, by the key of its file's bytes."""


def stored_content_hash(cache: ContentCache, data: Any, key: str) -> str:
    """`content_hash(data)`, cached under `key`, the key of the file's bytes the data is read from: hashing a
    version's canonical JSON cost every load about 0.6 ms a version. The parse-ahead workers store it for the
    files they parse (`parallel.py`), so a first load finds it as well."""
    entry = cache_key("content hash", key)
    hit, digest = cache.get(DIGEST, entry)
    if hit and type(digest) is str:
        return digest
    digest = content_hash(data)
    cache.put(DIGEST, entry, digest)
    return digest


def write_lock(folder: Path, lock: LockFile) -> Path:
    """Write the lock file deterministically (sorted, no timestamps beyond the recorded dates), sealed."""
    from ruamel.yaml import YAML  # here: only `notices publish` writes a lock

    sealed = lock.sealed()
    data = sealed.model_dump(mode="json", exclude=sealed.left_out() - {"seal"}, exclude_none=True)
    data["versions"] = dict(sorted(data["versions"].items()))
    if "pdfs" in data:
        data["pdfs"] = dict(sorted(data["pdfs"].items()))
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.width = 100  # a key and a 64-digit hash on one line
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    path = folder / LOCK_FILE
    path.write_text(HEADER + buffer.getvalue(), encoding="utf-8")
    return path


def frozen_pdf_path(folder: Path, effective: dt.date) -> Path:
    """Where the frozen PDF of a notice's version is kept: `notices/<id>/pdf/<date>.pdf`. Named by the date only, so
    renaming the notice's folder keeps its records (readers download it under the site's address, `pdf_src`); an ISO
    date cannot escape the folder."""
    return folder / PDF_FOLDER / f"{effective.isoformat()}.pdf"


def _restore(path: Path) -> str:
    return f"restore it from version control (git checkout -- {display_path(path)})"


def lock_problems(folder: Path, lock: LockFile) -> list[Problem | PendingProblem]:
    """What is wrong with a notice's lock: a broken seal, or a published version whose file is gone."""
    path = folder / LOCK_FILE
    problems: list[Problem | PendingProblem] = []
    if lock.seal is None:
        what = "is empty" if not (lock.versions or lock.corrections) else "has no seal"
        problems.append(Problem(
            display_path(path), 1, 1,
            f"{display_path(path)} {what}, but the tool writes every lock with a seal: it was emptied or edited "
            f"by hand, so published versions could change unnoticed; {_restore(path)}",
        ))
    elif lock.seal != lock.expected_seal():
        problems.append(PendingProblem(
            path, ("seal",),
            f"{display_path(path)} was edited by hand: its entries no longer match its seal (an entry removed or "
            f"changed); a published version's record cannot be removed; {_restore(path)}",
        ))
    for effective, entry in lock.versions.items():
        file = folder / entry.path
        if file.is_file():
            continue
        problems.append(PendingProblem(
            path, ("versions", effective.isoformat()),
            f"published version {effective} of '{folder.name}' is missing: {display_path(file)} (locked on "
            f"{entry.locked}) was deleted or renamed, and its address would vanish; a published version keeps "
            f"its file name for good: {_restore(file)}; to take back a version not yet in force, restore it, "
            f"then run notices withdraw {folder.name} {effective} --reason \"...\"; to change it, add a new "
            f"version (notices new-version {folder.name} --effective YYYY-MM-DD)",
            at_key=True,
        ))
    return problems
