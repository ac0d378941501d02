"""The theme's HTML of each page, kept by content: a rebuild renders through Material only the pages
whose theme context changed.

MkDocs renders every page through the theme's main.html on every build: about 3 ms a page, most of
an unchanged rebuild at 100 versions once the pages themselves come from the cache. The HTML is a
function of what MkDocs hands the template (the page with its content, table of contents, metadata
and neighbours; the whole navigation and file list; the config, with every plugin's settings; the
per-page URLs) and of the templates and the code that renders them. The other pages, in the navigation
and the file list, are taken by their title, address and attributes (the sitemap reads their dates), the
front-matter keys a theme template names other than as `page.meta.<key>` (Material's navigation shows
another page's `icon`, `subtitle` and `status`), all of them if a template reads front matter as a whole,
and their content only if a theme folder of the project's own reads a `content`, `markdown` or `toc`
(Material reads only the current page's). `ThemeMemo.key` hashes all of it: the context,
walked value by value (objects by their attributes, MkDocs' pages and files by what identifies them,
a plugin by its settings); every file of the theme folders that no installed package holds (a
project's `custom_dir`, the tool's own overrides; read once, for the key and for Jinja alike:
template_files.py), the versions of MkDocs, Material, Jinja and MarkupSafe for the rest; Jinja's
globals, filters and tests; the tool's own code. A context MkDocs
does not build alone (another plugin added a variable, a page of another kind) is rendered as usual,
and so is any page when a theme file names `build_date_utc` (the only part of the context that
changes between builds of the same inputs). The plugins' `on_page_context` still runs before, and
`on_post_page` after: only `Template.render` is skipped on a hit.

Entries live in the project's `.cache/notices/theme/`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import posixpath
import re
from collections.abc import Callable, Mapping
from functools import cached_property
from importlib.util import find_spec
from pathlib import Path
from typing import Any, ClassVar

from jinja2 import Environment, FileSystemLoader, Template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.theme import Theme

from ..outputs.page_memo import user_theme_cache
from ..outputs.template_files import SnapshotLoader
from ..source.cache import ContentCache, cache_key, package_version
from .converted_pages import toc_tokens
from .replayed_log import kept_log, log_again, stored_records
from .theme_content import answers, content_tests, theme_file_paths, tracked_render

KIND = "theme"
PACKAGES = ("mkdocs", "mkdocs-material", "jinja2", "markupsafe")
CONTEXT = frozenset({"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
                     "build_date_utc", "config", "page"})
"""What MkDocs' `get_context` puts in a page's context: a context with anything else is not memoised."""
VOLATILE = ("site_dir", "dest_dir", "abs_dest_path", "build_date_utc")
"""What changes between builds of the same inputs (the output folder, the clock): in a key only if a theme file
names it."""
TEMPLATE_SUFFIXES = frozenset({".html", ".xml", ".txt", ".j2", ".jinja", ".jinja2"})
"""The theme files searched for what templates read (not scripts, style sheets or images)."""
LEXER_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                  "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                  "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline")
"""How Jinja reads a template's source: with the extensions, all that parsing a template depends on but its text."""
TEXTS = "page texts"
READS_TEXTS = re.compile(
    rb"\.(?:content|markdown|toc)\b|(?:\[|attr\(|attribute\()\s*[\"'](?:content|markdown|toc)[\"']")
"""How a template reads a page's texts (`nav_item.content`, `attribute("toc")`): a theme folder of the project's own
that does puts every page's texts into every key."""
GENERIC_META = re.compile(rb"meta\s*(?:\[|\||\.(?:items|keys|values|get)\b|\}\}|\))")
"""Front matter read as a whole, whatever its keys."""
INSTALLED = tuple(Path(spec.origin).resolve().parent for name in ("mkdocs", "material", "jinja2", "markupsafe")
                  if (spec := find_spec(name)) is not None and spec.origin is not None)
"""Theme folders inside these packages are named by the packages' versions, not read file by file."""


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _item(item: StructureItem) -> list[Any]:
    """A page, section or link of the site as the templates see it, without following its neighbours."""
    return [type(item).__qualname__, item.title, getattr(item, "url", None)]


def describe(value: Any) -> Any:
    """`value` as JSON can hold it, for a key: every attribute of an object, by value."""
    if isinstance(value, File):
        return ["File", value.src_uri, value.dest_uri, value.url]
    if isinstance(value, StructureItem):
        return _item(value)
    if isinstance(value, AnchorLink):
        return toc_tokens([value])
    if isinstance(value, BasePlugin):
        return [type(value).__qualname__, describe(value.config)]
    if isinstance(value, Theme):
        return ["Theme", value.name, list(value.dirs), {key: describe(item) for key, item in value.items()}]
    if isinstance(value, Mapping):
        return {str(key): item for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "__dict__"):
        return [type(value).__qualname__, {key: item for key, item in vars(value).items() if not key.startswith("__")}]
    # Not where in memory an object is (`<function f at 0x7f…>`), which differs from process to process.
    return [type(value).__qualname__, _ADDRESS.sub("", str(value))]


def _json(value: Any) -> str:
    return json.dumps(value, default=describe, sort_keys=True, ensure_ascii=False)


def file_fingerprint(file: File, unread: frozenset[str]) -> dict[str, Any]:
    """A page's own file: every attribute but its content (the page's content stands for it)."""
    own = {key: value for key, value in vars(file).items() if key not in ("_content", "page", *unread)}
    return {**own, **{name: getattr(file, name) for name in ("src_uri", "dest_uri", "url", "name", "edit_uri")}}


def page_fingerprint(page: Page, unread: frozenset[str], content: object = None,
                     hashed: Mapping[str, str] | None = None) -> list[str]:
    """The page as its template can read it: its own attributes, title, table of contents, neighbours and parents;
    `content`, when given, stands for its content (what the templates ask of it: theme_content.py); `hashed` gives
    the digests (SHA-256 of the UTF-8) that stand for texts of its front matter: those keys are left out of the
    front matter and their digests make a part of their own, which no value of the front matter can spell."""
    parents, parent = [], page.parent
    while parent is not None:
        parents.append(_item(parent))
        parent = parent.parent
    own = {key: value for key, value in vars(page).items() if key not in (
        "file", "toc", "parent", "previous_page", "next_page", "render", "links_to_anchors", "content", "markdown")}
    digests = {key: hashed[key] for key in page.meta if key in hashed} if hashed else {}
    if digests:
        own["meta"] = {key: value for key, value in page.meta.items() if key not in digests}
    links = page.links_to_anchors
    texts = [part for text in (page.content if content is None else _json(content), page.markdown)
             for part in (("none", "") if text is None else ("text", text))]
    return [*texts, _json(sorted(digests.items())), _json([
        own, file_fingerprint(page.file, unread), page.title, toc_tokens(list(page.toc)), parents,
        [_item(p) if p else None for p in (page.previous_page, page.next_page)],
        None if links is None else sorted((f.src_uri, sorted(a.items())) for f, a in links.items())])]


def nav_fingerprint(items: list[StructureItem], other_page: Callable[[Page], Any]) -> list[Any]:
    return [[other_page(item) if isinstance(item, Page) else _item(item),
             nav_fingerprint(list(getattr(item, "children", None) or []), other_page)] for item in items]


def reads_of_others(texts: list[bytes]) -> Callable[[str], bool]:
    """Whether the theme templates `texts` may read a front-matter key of a page other than the one rendered:
    when they name it other than as `page.meta.<key>`, or read front matter as a whole (`meta[…]`, `meta | …`)."""
    generic = any(GENERIC_META.search(text) for text in texts)

    @functools.cache
    def read(key: str) -> bool:
        name = key.encode()
        current = re.compile(rb"(?<![\w.])page\.meta\." + re.escape(name))
        return generic or any(text.count(name) > len(current.findall(text)) for text in texts)
    return read


def installed(folder: Path) -> bool:
    """Whether a theme folder is inside an installed package's, which its version names."""
    return any(folder.resolve().is_relative_to(package) for package in INSTALLED)


def theme_loader(dirs: list[str], encoding: str = "utf-8") -> SnapshotLoader:
    """MkDocs' theme loader, the folders no installed package holds read once (template_files.py): those the
    theme's pages are keyed by, file by file (their icons too: Material includes `.icons/…` from any of them)."""
    return SnapshotLoader(dirs, encoding, lambda folder: not installed(folder))


def theme_files(loader: SnapshotLoader) -> tuple[str, frozenset[str], list[bytes]]:
    """A hash of every file in the theme folders no installed package holds, as `loader` reads them; which of
    `VOLATILE` a theme file names (those go into the keys), with `TEXTS` when a file of those folders may read a
    page's texts; and every template's bytes."""
    digest, named, templates = hashlib.sha256(), set[str](), list[bytes]()
    for folder, snapshot in loader.snapshots.items():
        digest.update(f"\0folder\0{'' if snapshot else Path(folder).resolve()}".encode())
        files = snapshot.files.items() if snapshot else (
            (path.relative_to(folder).as_posix(), path.read_bytes()) for path in theme_file_paths(Path(folder)))
        for relative, data in files:
            named.update(name for name in VOLATILE if name.encode() in data)
            templates += [data] if posixpath.splitext(relative)[1] in TEMPLATE_SUFFIXES else []
            if snapshot:
                digest.update(relative.encode() + b"\0" + data + b"\0")
                named.update([TEXTS] if READS_TEXTS.search(data) else [])
    return digest.hexdigest(), frozenset((*VOLATILE, TEXTS)) - named, templates


class ThemeMemo:
    """The theme's HTML of this build's pages, from the cache when their context was rendered before."""

    def __init__(self, cache: ContentCache, config: MkDocsConfig, env: Environment,
                 hashed: Callable[[Page], Mapping[str, str]] = lambda page: {}) -> None:
        self.cache, self.config, self.env = cache, config, env
        self.hashed = hashed
        """The digests that stand for texts of a page's front matter in its key: a text the build spooled, while the
        page's front matter holds the very string read back (glance_aside.py)."""
        self.shared: dict[int, tuple[object, str]] = {}
        """The navigation's and file lists' fingerprints, by the object: every page is handed the same ones."""
        self.hits = 0
        self.misses = 0
        self.tests: dict[str, tuple[str, ...] | None] = {}
        """By template name: what its templates test a page's content for, or None if a page is keyed by it."""

    @cached_property
    def loader(self) -> SnapshotLoader:
        """What the theme's templates are read through (`memoise_theme` gives the environment its own), else a
        loader of the memo's own, read only for the key."""
        loader = self.env.loader
        return loader if isinstance(loader, SnapshotLoader) else theme_loader(list(self.config.theme.dirs))

    @cached_property
    def theme(self) -> tuple[str, frozenset[str], list[bytes]]:
        return theme_files(self.loader)

    @cached_property
    def read_of_others(self) -> Callable[[str], bool]:
        return reads_of_others(self.theme[2])

    def other_page(self, page: Page | None) -> list[Any] | None:
        """Another page as a template reaches it through the navigation or `pages`: its title, address and
        attributes but its neighbours, whether it has front matter and what of it a template may read of a page
        other than the current one, and its texts unless no theme file may read them."""
        if page is None:
            return None
        own = {key: value for key, value in vars(page).items() if key not in (
            "file", "toc", "parent", "previous_page", "next_page", "render", "links_to_anchors", "content",
            "markdown", "active", "children", "meta", "present_anchor_ids")}
        meta = {key: value for key, value in page.meta.items() if self.read_of_others(str(key))}
        texts = [] if TEXTS in self.theme[1] else [page.content, page.markdown, toc_tokens(list(page.toc)),
                                                   page.present_anchor_ids]
        return [*_item(page), own, page.is_homepage, bool(page.meta), meta, texts]

    @cached_property
    def salt(self) -> str:
        """What every page's HTML depends on besides its context: code, templates, config, Jinja's environment."""
        unread = self.theme[1]
        config = {key: value for key, value in self.config.items() if not key.startswith("_") and key not in unread}
        return cache_key(*map(package_version, PACKAGES), self.theme[0], _json(config), _json(self.env.globals),
                         _json(sorted(self.env.filters)), _json(sorted(self.env.tests)))

    def fingerprint(self, value: object, describe: Callable[[], Any]) -> str:
        """A hash of `describe()`, the navigation or a file list, worked out once per object: MkDocs hands every
        page the same ones, and they do not change while it renders (every page's title is known by then)."""
        known = self.shared.get(id(value))
        if known is None or known[0] is not value:
            known = self.shared[id(value)] = (value, hashlib.sha256(_json(describe()).encode()).hexdigest())
        return known[1]

    def key(self, name: str | None, context: Mapping[str, Any], content: object = None) -> str | None:
        """The key of a rendering of `name` (a page's, or a page-less one such as 404.html), or None when it is
        not to be memoised; `content` stands for the page's content when given (see `page_fingerprint`)."""
        page, nav, pages = context.get("page"), context.get("nav"), context.get("pages")
        if (page is not None and type(page) is not Page) or not isinstance(nav, Navigation) \
                or not isinstance(pages, list) or not context.keys() <= CONTEXT \
                or context.get("config") is not self.config:
            return None
        unread = self.theme[1]
        try:
            return cache_key(self.salt, name or "",
                             self.fingerprint(nav, lambda: nav_fingerprint(list(nav.items), self.other_page)),
                             self.fingerprint(pages, lambda: [[file, self.other_page(file.page)] for file in pages]),
                             *(page_fingerprint(page, unread, content, self.hashed(page)) if page is not None
                               else ["no page"]), _json(
                [context.get(name) for name in sorted(CONTEXT - {"nav", "pages", "config", "page"} - unread)]))
        except (TypeError, ValueError):  # a value JSON cannot hold, or a cycle: rendered as usual
            return None

    def render(self, template: Template, context: Mapping[str, Any]) -> str:
        """The template's HTML, from the cache when the same context was rendered before.

        What MkDocs logged while rendering (a warning fails a strict build) is kept with the HTML and logged
        again on a hit, so a strict build fails just the same.
        """
        page = context.get("page")
        content = page.content if isinstance(page, Page) and isinstance(page.content, str) else None
        tests = self.content_tests(template.name) if content else None
        around = None if tests is None or content is None else self.key(template.name, context, answers(content, tests))
        if around is not None and tests is not None:  # keyed by what the templates ask of the content, not by it
            hit, entry = self.cache.get(KIND, around)
            if not hit or type(entry) is not dict:
                return self.rendered(template, context, around, tests)
            if "around" in entry and (html := _restored(entry, content)) is not None:
                self.hits += 1
                return html
        key = self.key(template.name, context)  # not memoised by what is asked of the content: by the content
        if key is None:
            return Template.render(template, context)
        hit, entry = self.cache.get(KIND, key)
        if hit and (html := _restored(entry, content)) is not None:
            self.hits += 1
            return html
        return self.rendered(template, context, key)

    def rendered(self, template: Template, context: Mapping[str, Any], key: str,
                 tests: tuple[str, ...] | None = None) -> str:
        """The template rendered, stored under `key`: the HTML around the page's content if `tests` are what the
        templates ask of it (`key` leaves the content out) and rendering confirms it, else the whole HTML under the
        key that holds the content (and `key` says so)."""
        self.misses += 1
        page = context.get("page")
        content = page.content if isinstance(page, Page) and isinstance(page.content, str) else None
        with kept_log() as logged:
            if tests is None:
                html, parts = Template.render(template, context), None
            else:
                html, parts = tracked_render(lambda: Template.render(template, context), page, tests)
        if tests is not None:
            self.cache.put(KIND, key, {"around": parts, "logged": logged} if parts else {"by content": True})
            if parts:
                return html
            key = self.key(template.name, context) or ""
        if key:
            self.cache.put(KIND, key, {**_stored(html, content), "logged": logged})
        return html

    def content_tests(self, name: str | None) -> tuple[str, ...] | None:
        """What the template `name` and those it uses test a page's content for, if that is all they do with it
        but insert it (theme_content.py); worked out once per theme, templates and versions."""
        if name is None:
            return None
        if name not in self.tests:
            key = cache_key("content tests", self.theme[0], *map(package_version, PACKAGES), name, _json(
                [sorted(self.env.extensions), [getattr(self.env, setting) for setting in LEXER_SETTINGS]]))
            cache = user_theme_cache()  # the user's: a project's first build finds them too
            hit, found = cache.get(KIND, key)
            if hit and type(found) is dict and (found.get("tests") is None or type(found["tests"]) is list):
                self.tests[name] = None if found["tests"] is None else tuple(map(str, found["tests"]))
            else:
                self.tests[name] = content_tests(self.env, name)
                tests = self.tests[name]
                cache.put(KIND, key, {"tests": None if tests is None else list(tests)})
        return self.tests[name]


def _stored(html: str, content: str | None) -> dict[str, Any]:
    """The HTML as an entry holds it: around the page's content when that occurs in it once (the key holds the
    content, so a hit has the very same; the page cache holds it already: two thirds of the entry), else whole."""
    if content and html.count(content) == 1:
        before, after = html.split(content)
        return {"around": [before, after]}
    return {"html": html}


def _restored(entry: Any, content: str | None) -> str | None:
    """The HTML of an entry `render` stored, its log records logged again; None for anything else."""
    if type(entry) is not dict or (records := stored_records(entry.get("logged"))) is None:
        return None
    around = entry.get("around")
    if type(entry.get("html")) is str:
        html = str(entry["html"])
    elif type(around) is list and len(around) == 2 and all(type(part) is str for part in around) and content:
        html = around[0] + content + around[1]
    else:
        return None
    log_again(records)
    return html


class MemoTemplate(Template):
    """A theme template whose rendering of a page (MkDocs' `template.render(context)`) goes through `memo`."""

    memo: ClassVar[ThemeMemo | None] = None

    def render(self, *args: Any, **kwargs: Any) -> str:
        if self.memo is None or kwargs or len(args) != 1 or not isinstance(args[0], Mapping):
            return super().render(*args, **kwargs)
        return self.memo.render(self, args[0])


def memoise_theme(env: Environment, cache: ContentCache, config: MkDocsConfig,
                  hashed: Callable[[Page], Mapping[str, str]] = lambda page: {}) -> ThemeMemo:
    """Make the pages MkDocs renders with `env` come from `cache` when their context was rendered before (`hashed`:
    see `ThemeMemo.hashed`)."""
    loader = env.loader
    if type(loader) is FileSystemLoader and loader.searchpath == list(map(os.fspath, config.theme.dirs)):
        env.loader = theme_loader(loader.searchpath, loader.encoding)  # MkDocs' own, its folders read once
    memo = ThemeMemo(cache, config, env, hashed)
    env.template_class = type("MemoTemplate", (MemoTemplate,), {"memo": memo})
    env.cache.clear() if env.cache is not None else None
    return memo
