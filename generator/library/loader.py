"""Loading a project: site settings, every notice and every version, all problems at once."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ..source.index import VersionIndex
from ..source.lock import LOCK_FILE, LockFile, content_hash, lock_problems
from ..source.model import ID_PATTERN, LinkPolicy, NoticeMeta, SiteConfig, Version
from ..source.problems import InvalidContent, PendingProblem, Problem, display_path
from ..source.references import check_version
from ..source.validation import did_you_mean, validate
from ..source.yamlio import YamlError, load_data, place_problems
from .project import Library, Notice, NoticeVersion

SITE_CONFIG = Path("site_config") / "site.yaml"
RESERVED_PATHS = frozenset({"assets", "search", "compliance", "feed.xml", "banner.html", "sitemap.xml", "404.html"})
NOTICES = Path("notices")
NOTICE_META = "notice.yaml"
M = TypeVar("M", bound=BaseModel)


class _Loader:
    def __init__(self, root: Path, check_locks: bool = True) -> None:
        self.root = root
        self.check_locks = check_locks
        self.pending: list[PendingProblem] = []
        self.problems: list[Problem] = []
        self.link_policy = LinkPolicy()

    def document(self, model: type[M], path: Path) -> M | None:
        return self.document_and_data(model, path)[0]

    def document_and_data(self, model: type[M], path: Path) -> tuple[M | None, Any]:
        try:
            data = load_data(path, display_path(path))
        except YamlError as error:
            self.problems.extend(error.problems)
            return None, None
        except FileNotFoundError:
            self.problems.append(Problem(display_path(path), 1, 1, "file not found; create it "
                                         "(`notices schema` lists the keys it takes)"))
            return None, None
        if data is None:
            data = {}
        document, problems = validate(model, data, path)
        self.pending.extend(problems)
        return document, data

    def notice(self, folder: Path, notice_ids: set[str]) -> Notice | None:
        meta = self.document(NoticeMeta, folder / NOTICE_META)
        lock = self.document(LockFile, folder / LOCK_FILE) if (folder / LOCK_FILE).exists() else LockFile()
        if lock is not None and (folder / LOCK_FILE).exists():
            for problem in lock_problems(folder, lock):
                if isinstance(problem, Problem):
                    self.problems.append(problem)
                else:
                    self.pending.append(problem)
        versions: list[tuple[Path, Version, str]] = []
        files = [p for p in sorted(folder.glob("*.y*ml")) if p.name != NOTICE_META]
        for path in files:
            try:
                effective = dt.date.fromisoformat(path.stem)
                if path.suffix != ".yaml" or path.stem != effective.isoformat():
                    raise ValueError
            except ValueError:
                self.problems.append(Problem(
                    display_path(path), 1, 1,
                    f"file name '{path.name}' is not a version date; name version files by their effective "
                    "date, e.g. '2021-01-01.yaml', and keep notice settings in 'notice.yaml'",
                ))
                continue
            version, data = self.document_and_data(Version, path)
            if version is None:
                continue
            digest = content_hash(data)
            expected = lock.expected_hash(effective) if lock else None
            if self.check_locks and expected is not None and expected != digest:
                self.problems.append(Problem(
                    display_path(path), 1, 1,
                    f"version {effective} is published and has changed since it was locked in "
                    f"{display_path(folder / LOCK_FILE)}; published versions are immutable: put the change in "
                    f"a new version (notices new-version {folder.name} --effective YYYY-MM-DD), or record a "
                    f"correction (notices correct {folder.name} {effective} --reason \"...\")",
                ))
            if version.effective != effective:
                self.pending.append(PendingProblem(
                    path, ("effective",),
                    f"effective date {version.effective} does not match the file name {path.name}; "
                    "make them the same",
                ))
            versions.append((path, version, digest))
        if meta is None:
            return None
        notice = Notice(folder.name, folder, meta, lock=lock or LockFile())
        for path, version, digest in versions:
            index = VersionIndex.build(version)
            self.pending.extend(check_version(path, index, notice_ids, self.link_policy))
            loaded = NoticeVersion(folder.name, path, version, index, digest)
            (notice.withdrawn if notice.lock.withdrawal_of(version.effective) else notice.versions).append(loaded)
        if not files:
            self.problems.append(Problem(
                display_path(folder / NOTICE_META), 1, 1,
                f"notice '{folder.name}' has no version; add a file named by its effective date, "
                f"e.g. 'notices/{folder.name}/2021-01-01.yaml'",
            ))
        return notice

    def check_links(self, site: SiteConfig | None, notices: dict[str, Notice]) -> None:
        audiences = {a.id for a in site.audiences} if site else set()
        redirected: dict[str, str] = {}
        for notice in notices.values():
            path = notice.path / NOTICE_META
            for i, old in enumerate(notice.meta.redirect_from):
                first = old.strip("/").split("/")[0]
                if first in notices or first in RESERVED_PATHS or old.strip("/") in redirected:
                    taken = f"notice '{redirected[old.strip('/')]}'" if old.strip("/") in redirected else "the site"
                    self.pending.append(PendingProblem(
                        path, ("redirect_from", i),
                        f"'{old}' is already used by {taken}; redirect only from paths the site does not serve"))
                redirected.setdefault(old.strip("/"), notice.id)
            target = notice.meta.supplements
            if notice.is_supplement and target is None:
                self.pending.append(PendingProblem(
                    path, ("kind",), "a supplement must name the notice it supplements: add 'supplements: <id>'"))
            if target is not None and target not in notices:
                hint = did_you_mean(target, sorted(notices))
                self.pending.append(PendingProblem(
                    path, ("supplements",), f"'{target}' is not a notice in notices/{hint}"))
            for i, audience in enumerate(notice.meta.audiences):
                if site and audience not in audiences:
                    hint = did_you_mean(audience, sorted(audiences))
                    self.pending.append(PendingProblem(
                        path, ("audiences", i),
                        f"'{audience}' is not an audience in {SITE_CONFIG}{hint or '; declare it there'}"))

    def place(self) -> list[Problem]:
        return sorted(set(self.problems + place_problems(self.pending)))


def load_library(root: Path, *, check_locks: bool = True) -> Library:
    """Load and check a whole project; raise `InvalidContent` listing every error found.

    `check_locks=False` accepts changed published versions (to record a correction).
    """
    loader = _Loader(root, check_locks)
    site = loader.document(SiteConfig, root / SITE_CONFIG)
    loader.link_policy = site.links if site else LinkPolicy()
    notices: dict[str, Notice] = {}
    folders = sorted(p for p in (root / NOTICES).iterdir() if p.is_dir()) if (root / NOTICES).is_dir() else []
    notice_ids = {f.name for f in folders}
    for folder in folders:
        if not re.fullmatch(ID_PATTERN, folder.name):
            loader.problems.append(Problem(
                display_path(folder), 1, 1,
                f"folder name '{folder.name}' is not a valid notice id; use lower-case letters, digits and "
                "hyphens, e.g. 'privacy'",
            ))
            continue
        notice = loader.notice(folder, notice_ids)
        if notice is not None:
            notices[notice.id] = notice
    if not folders:
        loader.problems.append(Problem(display_path(root / NOTICES), 1, 1,
                                       "no notices found; create notices/<id>/notice.yaml"))
    loader.check_links(site, notices)
    problems = loader.place()
    if any(p.severity == "error" for p in problems) or site is None:
        raise InvalidContent(problems)
    for notice in notices.values():
        notice.versions.sort(key=lambda v: v.effective)
    return Library(root, site, notices, [p for p in problems if p.severity == "warning"])


def load_site(root: Path) -> SiteConfig:
    """Only `site_config/site.yaml`, checked: for commands that may run before any notice exists."""
    loader = _Loader(root)
    site = loader.document(SiteConfig, root / SITE_CONFIG)
    problems = loader.place()
    if site is None or any(p.severity == "error" for p in problems):
        raise InvalidContent(problems)
    return site
