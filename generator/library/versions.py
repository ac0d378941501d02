"""Creating the next version of a notice from the latest one, keeping the file byte for byte.

The copy is a line edit of the few top-level keys that belong to the old version (its date, its
announcement and its change notes), so a reviewer's plain diff of the two files shows only those lines.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..source.problems import display_path
from ..source.yamlio import round_trip_yaml
from .project import Notice

DROPPED_KEYS = ("announced", "change")
"""The announcement and the change notes belong to the version they describe."""

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class VersionRefused(ValueError):
    """The new version cannot be created; the message says why and what to do."""


def _block_ends(lines: list[str], starts: list[int]) -> list[int]:
    """Where each top-level key's lines end: before the blank lines and column-0 comments that lead to the next."""
    ends = []
    for start, following in zip(starts, [*starts[1:], len(lines)], strict=True):
        end = following
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        ends.append(end)
    return ends


def copied_text(text: str, effective: dt.date) -> str:
    """`text` (a version file) with the new effective date and without the keys of the old version."""
    document = round_trip_yaml().load(text)
    lines = text.splitlines(keepends=True)
    keys = sorted(document, key=lambda key: document.lc.key(key)[0])
    starts = [document.lc.key(key)[0] for key in keys]
    line, column = document.lc.value("effective")
    old = _DATE.search(lines[line], column)  # search, not match: the date may be quoted
    assert old is not None, "a loaded version always has an effective date"
    lines[line] = lines[line][:old.start()] + effective.isoformat() + lines[line][old.end():]
    dropped = {(start, end) for key, start, end in zip(keys, starts, _block_ends(lines, starts), strict=True)
               if key in DROPPED_KEYS}
    return "".join(text for number, text in enumerate(lines)
                   if not any(start <= number < end for start, end in dropped))


def _refusal(notice: Notice, effective: dt.date, today: dt.date) -> str | None:
    latest = max(notice.versions, key=lambda v: v.effective)
    target = notice.path / f"{effective.isoformat()}.yaml"
    if notice.lock.withdrawal_of(effective):
        raise VersionRefused(f"{target} is a withdrawn version, kept for the record at its address; choose "
                             "another --effective date")
    if target.exists():
        return f"{display_path(target)} already exists; edit it, or choose another --effective date"
    if effective > latest.effective:
        return None
    later = (latest.effective + dt.timedelta(days=1)).isoformat()
    if latest.effective > today:
        return (f"version {latest.effective} of '{notice.id}' is upcoming (it takes effect on {latest.effective}), "
                f"and a new version must take effect after it: use --effective {later} or later. To change the "
                f"upcoming version itself, edit {display_path(latest.path)} (once it is announced, record the "
                f"edit with `notices correct {notice.id} {latest.effective} --reason \"...\"`)")
    return (f"--effective {effective} is not after the latest version ({latest.effective}); a new version must "
            f"take effect after every existing one: use --effective {later} or later")


def new_version(notice: Notice, effective: dt.date, today: dt.date) -> Path:
    """Copy the latest version of `notice` to `<effective>.yaml`: new date, no announcement or change notes.

    `today` tells an upcoming latest version from one in force, for the advice when `effective` is too early.
    """
    refusal = _refusal(notice, effective, today)
    if refusal:
        raise VersionRefused(refusal)
    latest = max(notice.versions, key=lambda v: v.effective)
    # Bytes in, bytes out: newline="" keeps the file's line endings.
    with latest.path.open(encoding="utf-8", newline="") as handle:
        text = copied_text(handle.read(), effective)
    target = notice.path / f"{effective.isoformat()}.yaml"
    # 'x' mode: never overwrite, even if the file appeared since the check above.
    with target.open("x", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return target
