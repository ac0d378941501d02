"""The loaded project: the site settings, each notice and its versions, sorted by effective date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..source.index import VersionIndex
from ..source.lock import LockFile
from ..source.model import NoticeKind, NoticeMeta, SiteConfig, Version
from ..source.problems import Problem


@dataclass
class NoticeVersion:
    """One version of one notice, as loaded from `notices/<notice>/<date>.yaml`."""

    notice_id: str
    path: Path
    data: Version
    index: VersionIndex
    content_hash: str
    source_key: str | None = None
    """The cache key of the file's bytes (`ContentCache.load_yaml_keyed`): checks that read this version
    alone keep their results under it. None when the file is not cached (a symbolic link)."""

    @property
    def effective(self) -> dt.date:
        return self.data.effective


@dataclass
class Notice:
    id: str
    path: Path
    meta: NoticeMeta
    versions: list[NoticeVersion] = field(default_factory=list)
    """The versions that apply (or applied, or will): every one but the withdrawn."""
    lock: LockFile = field(default_factory=LockFile)
    withdrawn: list[NoticeVersion] = field(default_factory=list)
    """Announced versions withdrawn before they took effect (`notices withdraw`): they never apply."""
    by_date: tuple[tuple[NoticeVersion, ...], list[dt.date], list[NoticeVersion]] | None = field(
        default=None, init=False, repr=False, compare=False)
    """`versions` as `rules.previous_version` last found them, by day (`rules._by_date`)."""

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def is_supplement(self) -> bool:
        return self.meta.kind is NoticeKind.SUPPLEMENT


@dataclass(eq=False)
class Library:
    """Everything in a project's `site_config/` and `notices/`.

    Compared and hashed by identity, so analyses can cache their results per loaded library.
    """

    root: Path
    site: SiteConfig
    notices: dict[str, Notice]
    warnings: list[Problem] = field(default_factory=list)

    def supplements_of(self, notice_id: str) -> list[Notice]:
        return [n for n in self.notices.values() if n.meta.supplements == notice_id]
