"""Creating the next version of a notice from the latest one, keeping comments and formatting."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from ..source.yamlio import round_trip_yaml
from .project import Notice


class VersionRefused(ValueError):
    """The new version cannot be created; the message says why and what to do."""


def _drop_keeping_comments(document: CommentedMap, key: str) -> None:
    """Remove `key`; the comments and blank lines after it move to the key before it."""
    keys = list(document)
    comment = document.ca.items.pop(key, None)
    del document[key]
    position = keys.index(key)
    if comment is not None and position > 0 and keys[position - 1] not in document.ca.items:
        document.ca.items[keys[position - 1]] = comment


def new_version(notice: Notice, effective: dt.date) -> Path:
    """Copy the latest version of `notice` to `<effective>.yaml`: new date, no announcement or change notes."""
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
    # The announcement and the change notice belong to the version they describe.
    for key in ("announced", "change"):
        if key in document:
            _drop_keeping_comments(document, key)
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    # 'x' mode: never overwrite, even if the file appeared since the check above.
    with target.open("x", encoding="utf-8") as handle:
        handle.write(buffer.getvalue())
    return target
