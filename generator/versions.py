"""Creating the next version of a notice from the latest one, keeping comments and formatting."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from .loader import Notice
from .yamlio import round_trip_yaml


class VersionRefused(ValueError):
    """The new version cannot be created; the message says why and what to do."""


def new_version(notice: Notice, effective: dt.date) -> Path:
    """Copy the latest version of `notice` to `<effective>.yaml`, with the new date and no announcement."""
    latest = max(notice.versions, key=lambda v: v.effective)
    target = notice.path / f"{effective.isoformat()}.yaml"
    if target.exists():
        raise VersionRefused(f"{target} already exists; edit it, or choose another --effective date")
    if effective <= latest.effective:
        raise VersionRefused(
            f"--effective {effective} is not after the latest version ({latest.effective}); a new version "
            "must take effect after every existing one"
        )
    yaml = round_trip_yaml()
    document = yaml.load(latest.path.read_text(encoding="utf-8"))
    document["effective"] = effective
    document.pop("announced", None)
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    # 'x' mode: never overwrite, even if the file appeared since the check above.
    with target.open("x", encoding="utf-8") as handle:
        handle.write(buffer.getvalue())
    return target
