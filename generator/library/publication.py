"""Publishing: locking published versions, recording corrections, and keeping history from vanishing.

Builds and previews never write the lock; `notices publish` (or `notices lock`) does. Three kinds
of evidence keep published history from vanishing, none of which needs version control:

* the lock names each published version's file, so a deleted or renamed version is an error
  (`source.lock.lock_problems`);
* the lock's seal covers all its entries, so an entry removed or changed by hand, or an emptied
  lock, no longer matches it (also `lock_problems`);
* `notices publish` records every published version of every notice, so a version published on or
  before the latest day any lock of the project records, but missing from its notice's lock, lost
  its entry (a deleted lock file), unless it is new to the archive (`publication_problems`).

Publishing also freezes each published version's archival PDF (`freeze`, given by the caller, which lays it out:
outputs/frozen_pdf.py); the lock records its SHA-256, so a frozen PDF missing, changed or added by hand is an
error too (library/frozen_checks.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..source.dates import long_date
from ..source.fingerprint import prose_hash
from ..source.lock import (
    LOCK_FILE,
    Correction,
    FrozenPdf,
    LockedVersion,
    LockFile,
    Withdrawal,
    frozen_pdf_path,
    write_lock,
)
from ..source.problems import PendingProblem, Problem, display_path
from .project import Library, Notice, NoticeVersion
from .rules import VersionNotFound, find_version, is_published, publication_day


def unlocked_published(notice: Notice, as_of: dt.date) -> list[NoticeVersion]:
    """The versions of `notice` published by `as_of` that its lock does not record yet.

    None while an imported history is under review (`import_review: true` in notice.yaml).
    """
    if notice.meta.import_review:
        return []
    return [v for v in notice.versions
            if v.effective not in notice.lock.versions and is_published(v.effective, v.data.announced, as_of)]


Freeze = Callable[[NoticeVersion], FrozenPdf]
"""Writes a version's archival PDF into its notice's folder and gives the lock's record of it."""


@dataclass(frozen=True)
class Published:
    """What `record_published` recorded; nothing at all leaves the lock untouched."""

    locked: list[NoticeVersion]
    fingerprinted: bool
    """Prose fingerprints were taken of locked versions that lacked them."""
    frozen: list[NoticeVersion]
    """The versions whose archival PDF was frozen (newly locked, or locked before PDFs were frozen)."""


def record_published(notice: Notice, as_of: dt.date, freeze: Freeze | None = None) -> Published:
    """Lock every version of `notice` published by `as_of` that is not locked yet; never change a hash.

    Also records the prose fingerprint of locked versions that lack one (`_record_fingerprints`), and with
    `freeze` freezes the archival PDF of every locked version that has none (`_freeze_pdfs`).
    """
    added = unlocked_published(notice, as_of)
    lock = notice.lock.model_copy(deep=True)
    fingerprinted = _record_fingerprints(notice, lock)
    for version in added:
        lock.versions[version.effective] = LockedVersion(path=version.path.name, sha256=version.content_hash,
                                                         locked=as_of, prose_sha256=prose_hash(version.data))
    frozen: list[NoticeVersion] = []
    try:
        if freeze:
            _freeze_pdfs(notice, lock, freeze, frozen)
        if added or fingerprinted or frozen:
            write_lock(notice.path, lock)
    except BaseException:
        # Recorded nowhere, the PDFs this run wrote would be strays that stop the next run: they go.
        for version in frozen:
            frozen_pdf_path(notice.path, version.effective).unlink(missing_ok=True)
        raise
    return Published(added, fingerprinted, frozen)


def _freeze_pdfs(notice: Notice, lock: LockFile, freeze: Freeze, frozen: list[NoticeVersion]) -> None:
    """Freeze the PDF of every locked version still as locked that has none, each added to `frozen` once written: a
    recorded PDF is never written again.

    Withdrawn versions are left out: no build serves their PDF (their address says they were withdrawn).
    """
    for version in notice.versions:
        effective = version.effective
        if effective in lock.versions and effective not in lock.pdfs and \
                lock.expected_hash(effective) == version.content_hash:
            lock.pdfs[effective] = freeze(version)
            frozen.append(version)


def _record_fingerprints(notice: Notice, lock: LockFile) -> bool:
    """Give every locked version that has no prose fingerprint yet its own, if it is still as locked.

    Locks written before fingerprints existed lack them; a version whose content still has its
    recorded hash shows the words readers saw, so its fingerprint can be taken now.
    """
    changed = False
    for version in [*notice.versions, *notice.withdrawn]:
        effective = version.effective
        if lock.expected_prose_hash(effective) is not None or lock.expected_hash(effective) != version.content_hash:
            continue
        fingerprint = {"prose_sha256": prose_hash(version.data)}
        fixes = [n for n, c in enumerate(lock.corrections) if c.version == effective]
        if fixes:
            lock.corrections[fixes[-1]] = lock.corrections[fixes[-1]].model_copy(update=fingerprint)
        else:
            lock.versions[effective] = lock.versions[effective].model_copy(update=fingerprint)
        changed = True
    return changed


@dataclass(frozen=True)
class RecordedCorrection:
    path: Path
    facts_only: bool
    """Readers see the same words as before: listed on the history page as facts annotated, not "Corrected"."""
    fingerprint_known: bool
    """False when the lock has no fingerprint of the words before the edit: recorded as a text correction."""


def record_correction(notice: Notice, version: NoticeVersion, reason: str, on: dt.date,
                      freeze: Freeze | None = None) -> RecordedCorrection:
    """Accept the current content of a published version as a correction, with its reason and date.

    When the words readers see are unchanged (the prose fingerprint is the one recorded), it is a
    facts-only correction; when the lock has no fingerprint to compare, a text correction. With `freeze`, the
    version's PDF is frozen again (its footer carries the content hash): the old one stays in version control.
    """
    lock = notice.lock.model_copy(deep=True)
    if version.effective not in lock.versions:
        raise ValueError(f"version {version.effective} of '{notice.id}' is not locked, so it can still be "
                         "edited freely; no correction is needed")
    before, after = lock.expected_prose_hash(version.effective), prose_hash(version.data)
    facts_only = before == after
    lock.corrections.append(Correction(version=version.effective, date=on, reason=reason,
                                       sha256=version.content_hash, prose_sha256=after,
                                       facts_only=True if facts_only else None))
    if freeze is not None and not notice.lock.withdrawal_of(version.effective):
        lock.pdfs[version.effective] = freeze(version)
    return RecordedCorrection(write_lock(notice.path, lock), facts_only, before is not None)


class WithdrawRefused(ValueError):
    """The version cannot be withdrawn; the message says why and what to do instead."""


def withdrawable(notice: Notice, effective: dt.date, on: dt.date) -> NoticeVersion:
    """The version of `notice` effective on a day, if it may be withdrawn on `on`; else why not.

    Only a published version not yet in force: one in force governed readers' information, so
    only a new version, announced like any change, can undo it.
    """
    done = notice.lock.withdrawal_of(effective)
    if done is not None:
        raise WithdrawRefused(f"version {effective} of '{notice.id}' was already withdrawn on {done.date}")
    try:
        version = find_version(notice, effective)
    except VersionNotFound as error:
        raise WithdrawRefused(str(error)) from None
    if effective <= on:
        raise WithdrawRefused(
            f"version {effective} of '{notice.id}' took effect on {long_date(effective)}, so it cannot be "
            "withdrawn: readers' information was handled under it; to change it, add a new version "
            f"(notices new-version {notice.id} --effective YYYY-MM-DD) and announce it like any change")
    if effective not in notice.lock.versions:
        raise WithdrawRefused(
            f"version {effective} of '{notice.id}' is not published (versions.lock has no entry for it), so "
            f"there is nothing to withdraw: delete {version.path.name}; if its announcement went out anyway, "
            "run `notices publish` first, then withdraw it")
    if len(notice.versions) == 1:
        raise WithdrawRefused(f"version {effective} is the only version of '{notice.id}': withdrawing it would "
                              "leave the notice empty; publish the version that replaces it first")
    return version


def record_withdrawal(notice: Notice, withdrawal: Withdrawal) -> Path:
    """Record that a published version is withdrawn before it takes effect (checked by `withdrawable`)."""
    lock = notice.lock.model_copy(deep=True)
    lock.withdrawals.append(withdrawal)
    return write_lock(notice.path, lock)


@dataclass(frozen=True)
class Unrecorded:
    """A published version that no lock records yet."""

    notice: Notice
    version: NoticeVersion

    @property
    def published(self) -> dt.date:
        return publication_day(self.version.effective, self.version.data.announced)

    @property
    def how(self) -> str:
        announced = self.version.data.announced
        return "announced" if announced is not None and announced < self.version.effective else "in force"


def unrecorded(library: Library, as_of: dt.date) -> list[Unrecorded]:
    """Every version published by `as_of` that its notice's lock does not record."""
    return [Unrecorded(n, v) for n in library.notices.values() for v in unlocked_published(n, as_of)]


def last_publish_day(library: Library) -> dt.date | None:
    """The latest as-of day on which `notices publish` recorded a version, in any notice."""
    return max((day for n in library.notices.values() if (day := n.lock.last_locked)), default=None)


def publication_problems(library: Library, as_of: dt.date) -> tuple[list[Problem], list[str]]:
    """Errors for published versions that lost their lock entry, and notes for those a publish would lock.

    Every publish records every published version of every notice, so one published on or before
    the latest recorded publish day should be locked already.
    """
    last = last_publish_day(library)
    pending: list[PendingProblem] = []
    notes: list[str] = []
    for item in unrecorded(library, as_of):
        notice, version = item.notice, item.version
        lock = display_path(notice.path / LOCK_FILE)
        if last is not None and item.published <= last:
            key = "announced" if item.how == "announced" else "effective"
            pending.append(PendingProblem(
                version.path, (key,),
                f"version {version.effective} of '{notice.id}' was published ({item.how}) on {item.published}, "
                f"before the last `notices publish` ({last}), but {lock} does not record it: if its entry was "
                f"lost, restore {lock} from version control (git checkout -- {lock}); if the version is new to "
                "the archive, record it with `notices publish`",
            ))
        else:
            notes.append(
                f"{display_path(version.path)}: version {version.effective} of '{notice.id}' is published "
                f"({item.how} {long_date(item.published)}) but not locked yet: this build did not lock it, and "
                "`notices publish` will"
            )
    if not pending:  # the YAML reader, which places problems, is imported only for some
        return [], notes
    from ..source.yamlio import place_problems

    return place_problems(pending), notes
