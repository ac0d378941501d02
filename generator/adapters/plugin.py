"""The MkDocs plugin: a thin adapter that adds the generated pages to a MkDocs build."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateError
from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from ..library.loader import load_library
from ..library.project import Library
from ..outputs.feed import SITE_FEED
from ..outputs.paths import feed_src
from ..outputs.pdf_worker import PendingPdfs
from ..outputs.render import default_templates_dir
from ..outputs.site import CSS, SiteRenderer
from ..outputs.template_errors import template_problem
from ..source.cache import CACHE_DIR, RecentEntries, project_cache, record_use, remember_recent, sweep_unused
from ..source.dates import parse_date, resolve_as_of
from ..source.inputs import outside_files
from ..source.problems import InvalidContent, Problem, display_path
from .build_checks import BuildChecks
from .converted_pages import ConvertedPages
from .glance_aside import GlanceAside
from .kept_project import KeptProject
from .page_files import PageFiles
from .preview import error_page, replace_pages, report_in_terminal
from .preview_pdfs import PreviewPdfs, write_pdfs
from .search_memo import memoise_search
from .serve_watch import watch_project
from .served_folder import empty_files, prune_empty, put_back
from .site_chrome import apply_site_chrome
from .sitedir import SiteDirRefused, StagedBuild, project_sources
from .stored_templates import compiled_once, compiled_templates
from .theme_memo import TEXTS, ThemeMemo, memoise_theme

log = logging.getLogger("mkdocs.plugins.notices")
_SEARCH_DIALOG = 'data-md-component="search" role="dialog"'
THEME_OVERRIDES = "theme"
"""Material overrides inside the templates folder: templates/theme/main.html."""
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html")
BANNER_KEY = "notices_banner"
FEEDS_KEY = "notices_feeds"


class AsOfDate(BaseConfigOption[dt.date | None]):
    """A date written YYYY-MM-DD (YAML may already have read it as a date), checked when MkDocs loads its config."""

    def run_validation(self, value: object) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as error:
            raise ValidationError(str(error)) from None


class NoticesPluginConfig(Config):  # type: ignore[no-untyped-call]  # MkDocs leaves __init_subclass__ untyped
    root = c.Optional(c.Dir(exists=True))
    """Project folder holding `notices/` and `site_config/`; default: the folder of mkdocs.yml."""
    as_of = AsOfDate()
    """Date (YYYY-MM-DD) that decides which versions are in force; default: SOURCE_DATE_EPOCH or today."""


class _WarningCount(logging.Handler):
    """Counts MkDocs warnings, as MkDocs does to fail a strict build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self.strict = False

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass
class BuildState:
    """What `build_site`'s caller has already loaded and decided, for one build. The plugin takes the library out
    (None) when it makes the pages, so that the caller does not keep its models (20 MB at 100 versions) alive."""

    library: Library | None
    as_of: dt.date
    checks: BuildChecks | None = None
    """The library's checks for `as_of` if the caller has run them (`notices build` has), else None."""


class NoticesPlugin(BasePlugin[NoticesPluginConfig]):  # type: ignore[no-untyped-call]  # as above
    """Loads the notices when MkDocs reads its config and adds their pages to the build."""

    def __init__(self) -> None:
        self.given: BuildState | None = None
        self.as_of: dt.date | None = None
        self.pages = PageFiles(on_disk=False)
        """This build's generated pages, on disk until MkDocs reads them (page_files.py)."""
        self.aside = GlanceAside()  # their "At a glance" layers, on disk while MkDocs renders others (glance_aside.py)
        self.generated: set[str] = set()  # the generated pages' addresses, handed to MkDocs as HTML (html_pages.py)
        self.serving = False
        self.command: str | None = None
        self.staged: StagedBuild | None = None
        self.warnings = _WarningCount()
        self.problems: list[Problem] = []
        """Errors that stopped the last preview rebuild; `mkdocs serve` shows them on the page."""
        self.addresses: list[str] = []
        """The generated pages of the last good preview, which the error page stands in for."""
        self.converted: ConvertedPages | None = None
        """This build's Markdown conversions, kept by content in the project's cache."""
        self.pending_pdfs: PendingPdfs | None = None
        """Archival PDFs a worker lays out while MkDocs renders; written into the site at the end."""
        self.kept = KeptProject()
        """While serving: the library and its checks, reused by rebuilds while their files are unchanged."""
        self.compiled = compiled_templates()
        """The generator's templates and the theme's, compiled once (stored_templates.py)."""
        self.recent: RecentEntries | None = None
        """While serving: the cache entries rebuilds lately used, in memory."""
        self.theme_memo: ThemeMemo | None = None
        """This build's theme HTML of each page, kept by its context in the project's cache (theme_memo.py)."""
        self.preview_pdfs = PreviewPdfs()
        """While serving: the site's PDFs that are hard links, removed before the next build (preview_pdfs.py)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this plugin alive across `mkdocs serve` rebuilds.
        self.serving = command == "serve"
        self.command = command  # `notices build` never calls this: it stages the site by itself
        if self.serving:  # a preview's rebuilds read the cache entries they need from memory (source/cache.py)
            self.recent = RecentEntries()
            remember_recent(self.recent)

    def use(self, state: BuildState) -> None:
        """Build from an already loaded library and date instead of loading the project again."""
        self.given = state

    def project_root(self, config: MkDocsConfig) -> Path:
        return Path(self.config.root or Path(config.config_file_path or ".").parent)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.problems = []
        record_use()
        self.converted = ConvertedPages(project_cache(self.project_root(config)), config,
                                        lambda page: self.pages.source_digest(page))
        # MkDocs keeps a plugin with on_startup for the whole process (every later load_config gets this
        # instance), so what build_site handed over is used for this build only.
        given, self.given = self.given, None
        try:
            library = given.library if given and given.library else self.library_of(self.project_root(config))
        except InvalidContent as error:
            return self.stop(config, error.problems)
        if given:
            given.library = None  # held by this call alone from here: freed once the pages are made
        try:
            as_of = self.as_of = given.as_of if given else resolve_as_of(self.config.as_of)
        except ValueError as error:  # a broken SOURCE_DATE_EPOCH
            raise Abort(f"error: {error}") from None
        root = self.project_root(config)
        outside = [*outside_files(Path(config.docs_dir), root, display_path),
                   *outside_files(root / "templates", root, display_path)]
        if outside:
            return self.stop(config, outside)
        for warning in library.warnings:
            (log.warning if warning.stops_strict_build else log.info)(str(warning))
        checks = given.checks if given and given.checks else self.kept.checks_of(library, as_of)
        if checks.errors:
            return self.stop(config, checks.errors)
        # Policy warnings (yearly review, a disputed `material:`) are for `notices validate`;
        # as MkDocs warnings they would fail every strict build until the next version.
        for problem in checks.changes:
            log.info(str(problem))
        # Builds and previews never write notices/: locking is `notices publish`.
        for note in checks.unlocked:
            log.info(note)
        if not config.site_url:
            config.site_url = library.site.site_url
        renderer = SiteRenderer(library, as_of, config.use_directory_urls, config.site_url, pdfs_in_background=True)
        compiled_once(renderer.env, self.compiled["pages"])
        self.pages.close()  # a preview keeps its pages in memory; a build spools each as it is made (page_files.py)
        self.pages = PageFiles(on_disk=not self.serving)
        self.aside = GlanceAside(self.pages.spool)
        for page in renderer.each_page():
            self.pages.add(page)
        self.generated = {page.src for page in self.pages.listed}
        self.pending_pdfs = renderer.pending_pdfs
        self.addresses = [page.src for page in self.pages.listed] + (
            self.pending_pdfs.addresses if self.pending_pdfs else [])
        self.use_theme_overrides(config)
        # Read by templates/theme/main.html; the banner is the same HTML on every page (see site_banner).
        config.extra[BANNER_KEY] = renderer.site_banner()
        config.extra[FEEDS_KEY] = [
            {"title": f"{library.site.organisation} privacy notices: changes", "path": SITE_FEED, "notice": ""},
            *({"title": f"{n.title}: changes", "path": feed_src(n.id), "notice": n.id}
              for n in renderer.ordered_notices()),
        ]
        # The generated pages set heading ids ({: #id}) and nest Markdown in HTML; a project need not know.
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        apply_site_chrome(config, library, as_of, renderer.ordered_notices(), SITE_FEED)
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        if self.command in ("build", "gh-deploy"):
            self.stage(config)
        if not config.nav:
            # MkDocs and Material take nav titles as HTML; ours are text, so they are escaped here.
            config.nav = [{str(escape(page.title)): page.src} for page in self.pages.listed if page.in_nav]
        return config

    def library_of(self, root: Path) -> Library:
        """A preview keeps the library across rebuilds (see `KeptProject`); a build loads it."""
        return self.kept.library_of(root) if self.serving else load_library(root)

    def stage(self, config: MkDocsConfig) -> None:
        """Build into a folder beside `site_dir`, swapped in by `on_post_build` only when the build succeeds."""
        self.staged = StagedBuild(Path(config.site_dir))
        try:
            root = self.project_root(config)
            config.site_dir = str(self.staged.start(root, project_sources(root, config.docs_dir,
                                                                          config.theme.custom_dir)))
        except (SiteDirRefused, OSError) as error:
            self.staged = None
            raise Abort(f"mkdocs.yml: error: {error}") from None
        self.warnings.strict = bool(config.strict)
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.pages.close()  # MkDocs has read and copied every file
        pending, self.pending_pdfs = self.pending_pdfs, None
        write_pdfs(pending, Path(config.site_dir), self.preview_pdfs if self.serving else None)
        prune_empty(Path(config.site_dir))  # of the folders kept from the last build (served_folder.py)
        # MkDocs fails a strict build with warnings only after this event: keep the old site then.
        succeeded = not (self.warnings.strict and self.warnings.count)
        if self.staged is not None and succeeded:
            self.staged.finish()
            config.site_dir = str(self.staged.final)
            self.staged = None
        if succeeded and not self.problems:  # keep what the next build needs, not every edit's pages
            sweep_unused(self.project_root(config) / CACHE_DIR, shrink=not self.serving)
        record_use(False)
        self.end_build()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Before MkDocs writes into the site folder (through a link, into the PDF cache): the last preview's links go.
        self.preview_pdfs.unlink()
        empty_files(Path(config.site_dir))  # its folders are kept, out of the way of MkDocs' clean (served_folder.py)

    def on_build_error(self, *, error: Exception) -> None:
        record_use(False)
        self.pages.close()
        if self.pending_pdfs is not None:
            self.pending_pdfs.cancel()
            self.pending_pdfs = None
        if self.staged is not None:
            self.staged.abandon()
            self.staged = None
        self.end_build()
        if isinstance(error, TemplateError):  # a broken override: one located line, as `notices build` gives
            raise Abort(f"{template_problem(error)}\n1 problem(s) found; the site was not built.") from error

    def on_shutdown(self) -> None:
        # MkDocs keeps this plugin for the whole process: a later `mkdocs build` in it is no preview.
        self.on_build_error(error=Exception("shutdown"))
        self.command = None
        self.serving = False
        self.kept.forget()
        self.preview_pdfs.unlink()
        self.compiled = compiled_templates()
        if self.recent is not None:
            remember_recent(None)
            self.recent = None

    def end_build(self) -> None:
        """Stop counting this build's warnings: MkDocs keeps this plugin for the next build of the process."""
        self.warnings.count = 0
        logging.getLogger("mkdocs").removeHandler(self.warnings)

    def stop(self, config: MkDocsConfig, problems: list[Problem]) -> MkDocsConfig:
        """Abort the build; a preview carries on and shows the problems on its pages instead."""
        if not self.serving:
            raise Abort("\n".join(map(str, problems)) + f"\n{len(problems)} problem(s) found; the site was not built.")
        report_in_terminal(problems)
        self.problems = problems
        self.pages.close()
        return config

    def use_theme_overrides(self, config: MkDocsConfig) -> None:
        """Put the shipped Material overrides (banner, feed links) under the project's own `custom_dir`: projects
        need not know where the package keeps them, and one overriding main.html there still wins (it stays first)."""
        overrides = default_templates_dir() / THEME_OVERRIDES
        dirs = [Path(d).resolve() for d in config.theme.dirs]
        if config.theme.name == "material" and overrides.is_dir() and overrides.resolve() not in dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(overrides))

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        compiled_once(env, self.compiled["theme"])
        put_back(Path(config.site_dir), files)  # MkDocs has cleaned the site folder and writes from now on
        if self.converted is not None:  # MkDocs has converted every page
            self.converted.headings.finish()
        self.theme_memo = memoise_theme(env, cache := project_cache(self.project_root(config)), config,
                                        lambda page: self.aside.hashed(page))
        memoise_search(config, cache)  # once the plugins have read the config: the search plugin's index is made
        self.pages.html_on_disk = TEXTS in self.theme_memo.theme[1]  # not if a theme template reads texts (page_files)
        self.aside.settle(files, self.theme_memo.read_of_others)
        return env

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if self.problems:
            error = error_page(self.project_root(config), self.problems)
            return replace_pages(files, config, self.addresses, error)
        for file in self.pages.files(config):
            files.append(file)
        # The worker's PDFs are written over these by on_post_build. Listed now, so that MkDocs knows the
        # same files whether a PDF came from the cache or not (the pages' cached conversions depend on them).
        for src in self.pending_pdfs.addresses if self.pending_pdfs else []:
            files.append(File.generated(config, src, content=b""))
        return files

    def on_pre_page(self, page: MkDocsPage, /, *, config: MkDocsConfig, files: Files) -> MkDocsPage:
        # MkDocs dates every page (the sitemap's lastmod) by the clock; the as-of date keeps
        # builds of the same inputs byte-identical.
        if self.as_of is not None:
            page.update_date = self.as_of.isoformat()
        self.pages.prepare(page)
        return page

    def on_page_markdown(self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        # A dated copy of the version in force names the notice's address as canonical (outputs/page_meta.py).
        if isinstance(page.meta.get("canonical"), str):
            page.canonical_url = page.meta["canonical"]
        if self.converted is not None:
            self.converted.wrap(page, generated=page.file.src_uri in self.generated)
        return markdown

    def on_page_content(self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        # Nothing reads a generated page's source once it is rendered: without this, every page's text is
        # held twice until the build ends (the file's content and page.markdown), about 50 MB at 100 versions.
        if page.file.src_uri in self.generated:
            page.file.content_string = ""
            page.markdown = ""  # not None: MkDocs reads None as "not read yet" and drops the title
            self.aside.put(page)
            if self.pages.put_html(page.file.src_uri, html):
                return ""  # until on_page_context: MkDocs converts every page before it renders any
        return html

    @event_priority(100)  # first: the search plugin indexes the page's HTML in its on_page_context
    def on_page_context(self, context: TemplateContext, /, *, page: MkDocsPage, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        html = self.pages.take_html(page.file.src_uri) if page.file.src_uri in self.generated else None
        if html is not None:
            page.content = html
        self.aside.take(page)
        return context

    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        if self.pages.spool is not None and self.pages.html_on_disk and page.file.src_uri in self.generated:
            page.content = None  # written with this output; nothing reads it again (see on_page_context)
        self.aside.drop(page)
        # Material's search dialog has no accessible name (axe: aria-dialog-name); give it one.
        return output.replace(_SEARCH_DIALOG, f'{_SEARCH_DIALOG} aria-label="Search"', 1)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        return watch_project(server, self.project_root(config))
