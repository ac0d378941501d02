"""The redline between two versions of a notice in a library, computed once per pair.

Pages, banners, feeds, e-mails and the change policy all need the same redlines; a build asks
for each one several times, and comparing two versions is the costliest step of a build.
"""

from __future__ import annotations

import datetime as dt
from weakref import WeakKeyDictionary

from ..library.project import Library, Notice, NoticeVersion
from ..library.rules import supplements_in_force
from .redline import Redline, compare

_CACHE: WeakKeyDictionary[Library, dict[tuple[str, dt.date, dt.date], Redline]] = WeakKeyDictionary()


def redline_between(library: Library, notice: Notice, old: NoticeVersion, new: NoticeVersion) -> Redline:
    """The redline of two versions of `notice`, supplements included in the summary."""
    cached = _CACHE.setdefault(library, {})
    key = (notice.id, old.effective, new.effective)
    if key not in cached:
        cached[key] = compare(old.data, new.data, supplements_in_force(library, notice, old.effective),
                              supplements_in_force(library, notice, new.effective))
    return cached[key]
