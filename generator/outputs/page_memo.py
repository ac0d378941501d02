"""Rendered generated pages kept in the project's cache, keyed by everything their templates can read.

An unchanged rebuild used to render every notice page through Jinja again (about 16 ms each). A
rendered page is a function of the objects its template is handed, the templates themselves, the
filters and helpers they call (the tool's code, in every `cache_key`) and Jinja's version, so a
page is stored under a key that hashes all of them, and a hit gives exactly what rendering again
would. Two keys are used:

* `library_key`: everything any page's context can reach. A template is handed whole notices and
  timelines, from which every version of every notice can be read, so this key hashes the site
  settings, the as-of date and, for every notice, its notice.yaml, its lock and every version's
  content hash. Any template, shipped or overridden, is exact under it; any edit misses it.
* a page's narrow key (`shipped`), for the pages the shipped templates render from a small part
  of that: a dated version page shows its own version and the dates of the others, a comparison
  the two versions compared. Editing the newest version then leaves the archived versions' pages
  cached. It is used only while every template such a page renders is byte for byte the shipped
  one; a project that overrides one of them gets `library_key` for those pages.

Entries live in the project's `.cache/notices/rendered/` (source/cache.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, TemplateNotFound, meta

from ..library.project import Library, Notice, NoticeVersion
from ..library.timeline import Timeline
from ..source.cache import ContentCache, cache_key, package_version
from .page import Page
from .pdf_cache import user_cache_dir
from .render import default_templates_dir
from .template_files import FolderSnapshot, SnapshotLoader

KIND = "rendered"
PACKAGES = ("jinja2", "markupsafe")
"""Whose code renders a template, besides the tool's own."""


def search_paths(loader: BaseLoader | None) -> list[FolderSnapshot]:
    """The folders a loader reads templates from (a project's `templates/`, then the shipped ones), each as the
    snapshot the templates are read from (`template_files`)."""
    if isinstance(loader, ChoiceLoader):
        return [path for inner in loader.loaders for path in search_paths(inner)]
    if isinstance(loader, SnapshotLoader) and all(loader.snapshots.values()):
        return [snapshot for snapshot in loader.snapshots.values() if snapshot is not None]
    raise TypeError(f"templates read by a {type(loader).__name__}, which a page memo cannot fingerprint")


def folders_digest(folders: Iterable[FolderSnapshot]) -> str:
    """A hash of every file's name and bytes in `folders`, in order: any template changed, added or removed.

    Not where the folders are: a project moved with its cache keeps its pages.
    """
    digest = hashlib.sha256()
    for folder in folders:
        digest.update(b"\0folder\0")
        for name, data in folder.files.items():
            digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def version_id(version: NoticeVersion) -> str:
    return f"{version.path.name}\0{version.content_hash}"


def notice_inputs(notice: Notice) -> list[str]:
    """Everything a `Notice` holds: notice.yaml, the lock, every version and every withdrawn one."""
    return [notice.id, notice.meta.model_dump_json(), notice.lock.model_dump_json(),
            *map(version_id, notice.versions), "\0withdrawn", *map(version_id, notice.withdrawn)]


def outline(timeline: Timeline) -> str:
    """A hash of each period's dates and status, which the as-of date decides: not the versions' texts. Worked
    out once per notice (`SiteRenderer.outlines`): every dated page and comparison of the notice has it."""
    return cache_key(*(f"{p.date}\0{p.until}\0{p.status}" for p in timeline.periods))


@dataclass
class Shared:
    """An entry of the cache (its kind and key) that a page's content holds whole, as a comparison page holds its
    redline: the page is stored without it (`to_plain`) and put together again from the entry (`from_plain`).

    `text`, the entry's value, is set by whoever renders the page; a page rendered without it is stored whole."""

    kind: str
    key: str
    text: str | None = None


def to_plain(page: Page, shared: Shared | None = None) -> dict[str, Any] | None:
    if not isinstance(page.content, str):
        return None
    content: str | list[str] = page.content
    if shared is not None and shared.text and page.content.count(shared.text) == 1:
        content = page.content.split(shared.text)
    plain = {"src": page.src, "content": content, "title": page.title, "in_nav": page.in_nav, "meta": page.meta}
    return {**plain, "shared": [shared.kind, shared.key]} if isinstance(content, list) and shared else plain


def from_plain(value: Any, cache: ContentCache | None = None) -> Page | None:
    """The page `to_plain` stored, its shared entry read from `cache`; None for anything else (an entry some other
    code wrote, or whose shared entry is not there, is rendered again)."""
    if type(value) is not dict or value.keys() - {"shared"} != {"src", "content", "title", "in_nav", "meta"}:
        return None
    content = value["content"]
    if "shared" in value:
        content = _put_together(value["shared"], content, cache)
    if type(value["src"]) is not str or type(content) is not str or type(value["in_nav"]) is not bool \
            or not (value["title"] is None or type(value["title"]) is str) or type(value["meta"]) is not dict:
        return None
    return Page(value["src"], content, value["title"], value["in_nav"], value["meta"])


def _put_together(shared: Any, parts: Any, cache: ContentCache | None) -> str | None:
    """The content stored as the `parts` around a shared entry, or None if it cannot be had."""
    if cache is None or type(shared) is not list or len(shared) != 2 or not all(type(s) is str for s in shared):
        return None
    if type(parts) is not list or len(parts) != 2 or not all(type(part) is str for part in parts):
        return None
    hit, text = cache.get(*shared)
    return parts[0] + text + parts[1] if hit and type(text) is str else None


class PageMemo:
    """Pages rendered once per content, for one renderer (one library, one as-of date, one site)."""

    def __init__(self, cache: ContentCache, env: Environment, library: Library, as_of: dt.date, *settings: str) -> None:
        self.cache, self.env, self.library, self.as_of, self.settings = cache, env, library, as_of, settings
        self.shipped: dict[str, bool] = {}
        self.hits = 0
        self.misses = 0

    @cached_property
    def base(self) -> list[str]:
        """What every page's key holds: the templates, Jinja's version, the site settings and the renderer's."""
        return [folders_digest(search_paths(self.env.loader)), *map(package_version, PACKAGES),
                self.library.site.model_dump_json(), *self.settings]

    @cached_property
    def library_key(self) -> str:
        """Everything any template's context can reach (see the module's docstring)."""
        parts = [part for notice in sorted(self.library.notices.values(), key=lambda n: n.id)
                 for part in ("\0notice", *notice_inputs(notice))]
        return cache_key("library", *self.base, self.as_of.isoformat(), *parts)

    def page(self, key: str, render: Callable[[], Page], shared: Shared | None = None) -> Page:
        """The page stored under `key` (from `key_of`), or `render()` stored under it (without `shared`, an entry
        of the cache its content holds whole, if rendering sets its text)."""
        hit, value = self.cache.get(KIND, key)
        page = from_plain(value, self.cache) if hit else None
        if page is not None:
            self.hits += 1
            return page
        self.misses += 1
        page = render()
        if (plain := to_plain(page, shared)) is not None:
            self.cache.put(KIND, key, plain)
        return page

    def key_of(self, *parts: str, narrow: Iterable[str] | None = None, templates: Iterable[str] = ()) -> str:
        """A page's key: `parts` (what tells it from the other pages) and the whole library, or `narrow`
        instead of the library when every one of `templates` (and what they load) is the shipped one."""
        if narrow is not None and all(map(self.is_shipped, templates)):
            return cache_key("narrow", *self.base, *parts, "\0", *narrow)
        return cache_key(self.library_key, *parts)

    @cached_property
    def _shipped(self) -> FileSystemLoader:
        return FileSystemLoader(default_templates_dir())

    def shipped_file(self, name: str) -> Path | None:
        """The file the template `name` is read from, if it is the shipped one byte for byte (and what it uses)."""
        if self.env.loader is None or not self.is_shipped(name):
            return None
        return Path(self.env.loader.get_source(self.env, name)[1] or "").resolve()

    def is_shipped(self, name: str) -> bool:
        """Whether `name` and every template it imports or includes is read from the shipped file's very bytes."""
        if name not in self.shipped:
            self.shipped[name] = self._shipped_closure(name, frozenset())
        return self.shipped[name]

    def _shipped_closure(self, name: str, seen: frozenset[str]) -> bool:
        if name in seen:
            return True
        try:
            source = self.env.loader.get_source(self.env, name)[0] if self.env.loader else None
            shipped = self._shipped.get_source(self.env, name)[0]
        except TemplateNotFound:
            return False
        if source != shipped:
            return False
        referenced = references(self.env, source)
        # A name computed while rendering cannot be followed: such a template is not vouched for.
        return all(ref is not None and self._shipped_closure(ref, seen | {name}) for ref in referenced)


_REFERENCES: dict[tuple[object, ...], tuple[str | None, ...]] = {}
REMEMBERED_SOURCES = 256
REFERENCES_KIND = "named templates"


def references(env: Environment, source: str) -> tuple[str | None, ...]:
    """The templates `source` imports, includes or extends (None for a name computed while rendering), remembered
    by the source and how the environment reads it: `mkdocs serve` makes a new renderer on every rebuild, and
    parsing the templates of every page's key again was a fortieth of a rebuild at 100 versions. Kept in the
    user's cache too (`stored_references`), for the next build's process."""
    key = (source, type(env), env.block_start_string, env.block_end_string, env.variable_start_string,
           env.variable_end_string, env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
           env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, tuple(sorted(env.extensions)))
    found = _REFERENCES.get(key)
    if found is None:
        if len(_REFERENCES) >= REMEMBERED_SOURCES:
            _REFERENCES.clear()
        found = _REFERENCES[key] = stored_references(env, source, repr(key[1:]))
    return found


def stored_references(env: Environment, source: str, reading: str) -> tuple[str | None, ...]:
    """`references` kept in the user's cache (`theme/`, beside the PDFs), keyed by the source, how `env` reads it
    (`reading`) and Jinja's version: every build parsed the shipped templates again to key its pages, about 0.03 s
    of CPU. Not in the project's cache: what a template names depends on its source alone, so a project's first
    build finds them too."""
    key = cache_key("template references", package_version("jinja2"), reading, source)
    cache = user_theme_cache()
    hit, found = cache.get(REFERENCES_KIND, key)
    if hit and type(found) is list and all(name is None or type(name) is str for name in found):
        return tuple(found)
    referenced = tuple(meta.find_referenced_templates(env.parse(source)))
    cache.put(REFERENCES_KIND, key, list(referenced))
    return referenced


def user_theme_cache() -> ContentCache:
    """`theme/` in the user's cache: what templates name and test, which depends on their sources alone."""
    return ContentCache(user_cache_dir() / "theme")


def _titles(notices: Iterable[Notice]) -> list[str]:
    return [f"{n.id}\0{n.meta.model_dump_json()}" for n in notices]


def dated_page_inputs(outline: str, notice: Notice, version: NoticeVersion, parent: Notice | None,
                      supplements: list[Notice], state: str, label: str | None) -> list[str]:
    """What the shipped notice.md and glance.html show on a version's dated page: the version itself, the
    notice's settings, every version's dates and status (the banner's links: `outline`), and the notices it
    links to."""
    return [outline, version_id(version), *_titles([notice]), "\0parent",
            *_titles([parent] if parent else []), "\0supplements", *_titles(supplements), state, label or ""]


def comparison_inputs(outline: str, notice: Notice, pair_key: str) -> list[str]:
    """What the shipped redline.md shows: the two versions' comparison (its `pair_key`), the notice's settings and
    every version's dates and status (the links to the other comparisons: `outline`)."""
    return [outline, *_titles([notice]), pair_key]


def history_inputs(outline: str, notice: Notice, timeline: Timeline, outcomes: dict[str, str]) -> list[str]:
    """What the shipped history.md shows: every period's dates and status (`outline`), the notice's settings and
    lock (corrections, annotations, withdrawals), each version's dates, summary, whether it is illustrative and
    its outcome, and each withdrawn version's date, summary and announcement; not the versions' texts."""
    return [outline, *_titles([notice]), notice.lock.model_dump_json(), *(
        f"{p.since}\0{p.version.effective}\0{p.previous.effective if p.previous else ''}\0{p.version.data.summary}"
        f"\0{p.version.data.illustrative}\0{outcomes.get(p.date)}" for p in timeline.periods), "\0withdrawn", *(
        f"{v.effective}\0{v.data.summary}\0{v.data.announced}" for v in notice.withdrawn)]
