"""Loading a project: site settings, every notice and every version, all problems at once."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ..source.cache import cache_key, project_cache, yaml_key
from ..source.collector import collector_paused
from ..source.index import VersionIndex
from ..source.inputs import DEFAULT_LIMITS
from ..source.lock import LOCK_FILE, LockFile, content_hash, lock_problems, stored_content_hash
from ..source.model import ID_PATTERN, LinkPolicy, NoticeMeta, SiteConfig, Version
from ..source.model.regions import RegionDefinition
from ..source.parallel import parsing_ahead
from ..source.problems import InvalidContent, Loc, PendingProblem, Problem, YamlError, display_path
from ..source.references import check_version
from ..source.regions import (
    known_regions,
    named_regions,
    region_ids,
    region_problems,
    remember_regions,
    remembered_regions,
    unknown_regions,
)
from ..source.validation import did_you_mean, validate
from .project import Library, Notice, NoticeVersion
from .reuse import LoadedVersion, LoadedVersions

SITE_CONFIG = Path("site_config") / "site.yaml"
RESERVED_PATHS = frozenset({"assets", "search", "compliance", "feed.xml", "banner.html", "sitemap.xml", "404.html"})
NOTICES = Path("notices")
NOTICE_META = "notice.yaml"
NAMED_REGIONS = "regions"
"""Cache kind of the region ids a version names, with their places, by the key of its file's bytes."""
M = TypeVar("M", bound=BaseModel)
VersionSelection = Callable[[str, list[dt.date], set[dt.date]], Collection[dt.date] | None]
"""Which versions of a notice to read, given its id, the dates of its version files and those of them
withdrawn (which are always read); None reads them all. See `library.selection`."""


class _Loader:
    def __init__(self, root: Path, check_locks: bool = True, select: VersionSelection | None = None,
                 reuse: LoadedVersions | None = None) -> None:
        self.root = root
        self.check_locks = check_locks
        self.select = select
        self.reuse = reuse
        self.cache = project_cache(root)
        self.pending: list[PendingProblem] = []
        self.problems: list[Problem] = []
        self.link_policy = LinkPolicy()
        self.limits = DEFAULT_LIMITS
        self.source_keys: dict[Path, str] = {}
        """The cache key of each version file's bytes, by its path (`named_regions`)."""
        self.known_regions: Mapping[str, RegionDefinition] = {}
        """The regions the site knows, once its settings are read."""
        self.regions_checked: set[Path] = set()
        """The version files whose region ids were checked as they were read (`notice`)."""

    def document(self, model: type[M], path: Path) -> M | None:
        return self.document_and_data(model, path)[0]

    def document_and_data(self, model: type[M], path: Path) -> tuple[M | None, Any, str | None]:
        """The validated document, its data and the cache key of its bytes (see `load_yaml_keyed`)."""
        try:
            data, key = self.cache.load_yaml_keyed(path, display_path(path), self.root, self.limits)
        except YamlError as error:
            self.problems.extend(error.problems)
            return None, None, None
        except FileNotFoundError:
            self.problems.append(Problem(display_path(path), 1, 1, "file not found; create it "
                                         "(`notices schema` lists the keys it takes)"))
            return None, None, None
        if data is None:
            data = {}
        document, problems = validate(model, data, path)
        self.pending.extend(problems)
        return document, data, key

    def notice(self, folder: Path, notice_ids: set[str]) -> Notice | None:
        meta = self.document(NoticeMeta, folder / NOTICE_META)
        lock = self.document(LockFile, folder / LOCK_FILE) if (folder / LOCK_FILE).exists() else LockFile()
        if lock is not None and (folder / LOCK_FILE).exists():
            for problem in lock_problems(folder, lock):
                if isinstance(problem, Problem):
                    self.problems.append(problem)
                else:
                    self.pending.append(problem)
        files = [p for p in sorted(folder.glob("*.y*ml")) if p.name != NOTICE_META]
        wanted = self.wanted(folder.name, files, lock)
        # A notice whose notice.yaml has errors still has its versions checked, but not their references.
        notice = None if meta is None else Notice(folder.name, folder, meta, lock=lock or LockFile())
        to_read = [p for p in files if _file_date(p) is not None and (wanted is None or _file_date(p) in wanted)]
        # Worker processes parse the version files the cache lacks ahead of this loop, which finds them there.
        with parsing_ahead(self.cache, to_read, self.root, self.limits) as ahead:
            for path in files:
                ahead.reaching(path)
                checked = self.checked_version(folder, path, wanted, lock)
                if checked is not None and notice is not None:
                    version, digest, key, index = checked
                    self.pending.extend(self.references(path, index, notice_ids, key))
                    loaded = NoticeVersion(folder.name, path, version, index, digest, key)
                    withdrawn = notice.lock.withdrawal_of(version.effective)
                    (notice.withdrawn if withdrawn else notice.versions).append(loaded)
                    if not withdrawn and key is not None and self.reuse is None:
                        # Here, while the workers parse; not remembered (one load): 6 MB beside them at 1,000 versions.
                        named = self.stored_regions(version, key)
                        self.pending.extend(unknown_regions(path, version, self.known_regions, lambda *_, n=named: n))
                        self.regions_checked.add(path)
        if not files:
            self.problems.append(Problem(
                display_path(folder / NOTICE_META), 1, 1,
                f"notice '{folder.name}' has no version; add a file named by its effective date, "
                f"e.g. 'notices/{folder.name}/2021-01-01.yaml'",
            ))
        return notice

    def checked_version(self, folder: Path, path: Path, wanted: set[dt.date] | None, lock: LockFile | None
                        ) -> tuple[Version, str, str | None, VersionIndex] | None:
        """The version in `path` with its content hash, bytes key and index, its problems noted; None when
        the file is not a version file, not wanted, or not valid."""
        effective = _file_date(path)
        if effective is None:
            self.problems.append(Problem(
                display_path(path), 1, 1,
                f"file name '{path.name}' is not a version date; name version files by their effective "
                "date, e.g. '2021-01-01.yaml', and keep notice settings in 'notice.yaml'",
            ))
            return None
        if wanted is not None and effective not in wanted:
            return None
        read, key = self.version_file(path)
        if read is None:
            return None
        version, digest = read.version, read.digest
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
        if version.announced and version.announced > version.effective:
            self.pending.append(PendingProblem(
                path, ("announced",),
                f"announced {(version.announced - version.effective).days} day(s) after it takes effect on "
                f"{version.effective} (announced: {version.announced}); a change is announced before it takes "
                "effect, so correct one of the two dates"))
        return version, digest, key, read.index

    def version_file(self, path: Path) -> tuple[LoadedVersion | None, str | None]:
        """A version file loaded, and the key of its bytes; taken from `reuse` when the same bytes were loaded."""
        key = yaml_key(path, display_path(path), self.root, self.limits) if self.reuse is not None else None
        if self.reuse is not None and key is not None and (kept := self.reuse.get((path, key))) is not None:
            self.pending.extend(kept.problems)
            return kept, key
        found = len(self.pending)
        version, data, key = self.document_and_data(Version, path)
        if version is None:
            return None, key
        loaded = LoadedVersion(version, data, tuple(self.pending[found:]), self.content_hash(data, key),
                               VersionIndex.build(version))
        if self.reuse is not None and key is not None:
            self.reuse.put((path, key), loaded)
        return loaded, key

    def content_hash(self, data: Any, key: str | None) -> str:
        """`content_hash(data)`, cached under the key of the file's bytes (`stored_content_hash`)."""
        return content_hash(data) if key is None else stored_content_hash(self.cache, data, key)

    def named_regions(self, path: Path, document: BaseModel) -> tuple[tuple[Loc, str], ...]:
        """`named_regions(document)`, cached under the key of the file's bytes, which the document is made from:
        walking every version's models for its region ids took every load about 0.15 ms a version."""
        named = remembered_regions(document)
        if named is not None:
            return named
        key = self.source_keys.get(path)
        if key is None:
            return named_regions(document)
        named = self.stored_regions(document, key)
        remember_regions(document, named)
        return named

    def stored_regions(self, document: BaseModel, key: str) -> tuple[tuple[Loc, str], ...]:
        """`region_ids(document)`, cached under `key`, the key of the file's bytes the document is made from."""
        key = cache_key("named regions", key)
        hit, stored = self.cache.get(NAMED_REGIONS, key)
        if hit and (named := _stored_regions(stored)) is not None:
            return named
        named = tuple(region_ids(document))
        self.cache.put(NAMED_REGIONS, key, [[list(loc), region] for loc, region in named])
        return named

    def references(self, path: Path, index: VersionIndex, notice_ids: set[str], key: str | None
                   ) -> list[PendingProblem]:
        """`check_version`, cached by the file's bytes, the notices there are and the site's link policy."""
        def check() -> list[PendingProblem]:
            return check_version(path, index, notice_ids, self.link_policy)

        if key is None:
            return check()
        key = cache_key("references", key, *sorted(notice_ids), self.link_policy.model_dump_json())
        return self.cache.problems("references", key, path, check)

    def wanted(self, notice_id: str, files: list[Path], lock: LockFile | None) -> set[dt.date] | None:
        """The dates of the version files to read: those the selection names, and every withdrawn one."""
        if self.select is None:
            return None
        dates = [d for d in map(_file_date, files) if d is not None]
        withdrawn = {d for d in dates if lock is not None and lock.withdrawal_of(d)}
        chosen = self.select(notice_id, dates, withdrawn)
        return None if chosen is None else set(chosen) | withdrawn

    def check_links(self, site: SiteConfig | None, notices: dict[str, Notice], notice_ids: set[str]) -> None:
        audiences = {a.id for a in site.audiences} if site else set()
        if site:
            self.check_unique_audiences(site)
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
            # A notice whose notice.yaml has errors is still a notice: say nothing more about it here.
            if target is not None and target not in notice_ids:
                hint = did_you_mean(target, sorted(notice_ids))
                self.pending.append(PendingProblem(
                    path, ("supplements",), f"'{target}' is not a notice in notices/{hint}"))
            elif target is not None and _supplement_cycle(notice.id, notices):
                self.pending.append(PendingProblem(
                    path, ("supplements",), f"'{notice.id}' supplements itself (through "
                    f"{' -> '.join(_supplement_cycle(notice.id, notices))}); a supplement adds to another notice, "
                    "so point 'supplements' at the main notice"))
            for i, audience in enumerate(notice.meta.audiences):
                if site and audience not in audiences:
                    hint = did_you_mean(audience, sorted(audiences))
                    self.pending.append(PendingProblem(
                        path, ("audiences", i),
                        f"'{audience}' is not an audience in {SITE_CONFIG}{hint or '; declare it there'}"))

    def check_unique_audiences(self, site: SiteConfig) -> None:
        seen: set[str] = set()
        for i, audience in enumerate(site.audiences):
            if audience.id in seen:
                self.pending.append(PendingProblem(
                    self.root / SITE_CONFIG, ("audiences", i, "id"),
                    f"audience id '{audience.id}' is declared twice; e-mails would go to only one of the two "
                    "addresses, so give each audience its own id"))
            seen.add(audience.id)

    def place(self) -> list[Problem]:
        return sorted(set(self.problems + self.cache.place_problems(self.pending)))


def _supplement_cycle(start: str, notices: dict[str, Notice]) -> list[str]:
    """The chain of `supplements` that leads from `start` back to it, or [] when there is none."""
    chain = [start]
    current = notices[start].meta.supplements
    while current is not None and current in notices and current not in chain:
        chain.append(current)
        current = notices[current].meta.supplements
    return [*chain, start] if current == start else []


def _file_date(path: Path) -> dt.date | None:
    """The effective date a version file is named by, or None when the name is not one."""
    try:
        effective = dt.date.fromisoformat(path.stem)
    except ValueError:
        return None
    return effective if path.suffix == ".yaml" and path.stem == effective.isoformat() else None


def load_library(root: Path, *, check_locks: bool = True, select: VersionSelection | None = None,
                 reuse: LoadedVersions | None = None) -> Library:
    """Load and check a whole project; raise `InvalidContent` listing every error found.

    `check_locks=False` accepts changed published versions (to record a correction). `select` reads only
    some versions (a command that names them); the versions left unread are neither loaded nor checked.
    `reuse` keeps the version files loaded for the next call (see `library.reuse`).
    """
    try:
        with collector_paused():  # a thousand loaded versions are millions of objects: 40 % longer with it on
            return _load_library(_Loader(root, check_locks, select, reuse))
    finally:
        if reuse is not None:
            reuse.next_generation()  # what this load used is what the next may reuse


@contextlib.contextmanager
def collector_skips_loaded() -> Iterator[None]:
    """While inside, the cycle collector leaves out every object alive on entry, such as a loaded library.

    A thousand loaded versions are millions of objects that every full collection would walk, 0.6 s of the
    checks that follow a load. `gc.freeze` sets them aside, and leaving restores them (`gc.unfreeze`), so
    garbage that was alive on entry is still freed in a process that goes on (a test run, `mkdocs serve`).
    The collector's thresholds are left as they are: collecting the youngest objects every 50,000 allocations
    rather than 700 saved about 0.07 s of an edited rebuild at 500 versions, but put a first build's peak
    memory at 100 versions, with its PDFs laid out, 11 MB higher (ReportLab's documents are reference cycles).
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _load_library(loader: _Loader) -> Library:
    root = loader.root
    site = loader.document(SiteConfig, root / SITE_CONFIG)
    loader.link_policy = site.links if site else LinkPolicy()
    loader.known_regions = known_regions(site.regions if site else [])
    loader.limits = site.limits if site else DEFAULT_LIMITS
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
    loader.check_links(site, notices, notice_ids)
    loader.source_keys = {v.path: v.source_key for n in notices.values() for v in n.versions if v.source_key}
    loader.pending.extend(region_problems(
        (root / SITE_CONFIG, site, site.regions) if site else None,
        [doc for n in notices.values()
         for doc in [(n.path / NOTICE_META, n.meta),
                     *((v.path, v.data) for v in n.versions if v.path not in loader.regions_checked)]],
        loader.named_regions,
    ))
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


def _stored_regions(stored: Any) -> tuple[tuple[Loc, str], ...] | None:
    """The region ids an entry of `named_regions` holds ([[loc, region], …], a loc a list of strings and integers),
    or None for anything else. One loop, not nested generators: 4,000 ids at 100 versions are read every load."""
    if type(stored) is not list:
        return None
    named = []
    for item in stored:
        if type(item) is not list or len(item) != 2:
            return None
        loc, region = item
        if type(loc) is not list or type(region) is not str:
            return None
        for part in loc:
            if type(part) is not str and type(part) is not int:
                return None
        named.append((tuple(loc), region))
    return tuple(named)
