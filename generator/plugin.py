"""The MkDocs plugin: a thin adapter that adds the generated pages to a MkDocs build."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .changes import check_changes
from .dates import resolve_as_of
from .loader import NOTICES, SITE_CONFIG, Library, load_library
from .pages import CSS, Page, render_pages
from .problems import InvalidContent

log = logging.getLogger("mkdocs.plugins.notices")
_SEARCH_DIALOG = 'data-md-component="search" role="dialog"'


class NoticesPluginConfig(Config):
    root = c.Optional(c.Dir(exists=True))
    """Project folder holding `notices/` and `site_config/`; default: the folder of mkdocs.yml."""
    as_of = c.Optional(c.Type(str))
    """Date (YYYY-MM-DD) that decides which versions are in force; default: SOURCE_DATE_EPOCH or today."""


class NoticesPlugin(BasePlugin[NoticesPluginConfig]):
    """Loads the notices when MkDocs reads its config and adds their pages to the build."""

    def __init__(self) -> None:
        self.library: Library | None = None
        self.as_of: dt.date | None = None
        self.pages: list[Page] = []

    def project_root(self, config: MkDocsConfig) -> Path:
        return Path(self.config.root or Path(config.config_file_path or ".").parent)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            library = self.library or load_library(self.project_root(config))
            as_of = self.as_of or resolve_as_of(self.config.as_of)
        except InvalidContent as error:
            raise Abort(f"{error.format_message()}\n{len(error.problems)} problem(s) found; "
                        "the site was not built.") from None
        except ValueError as error:
            raise Abort(f"mkdocs.yml: plugins.notices.as_of: error: {error}") from None
        for warning in library.warnings:
            log.warning(str(warning))
        changes = check_changes(library, as_of)
        errors = [str(p) for p in changes if p.severity == "error"]
        if errors:
            raise Abort("\n".join(errors) + f"\n{len(errors)} problem(s) found; the site was not built.")
        # Policy warnings (yearly review, a disputed `material:`) are for `notices validate`;
        # as MkDocs warnings they would fail every strict build until the next version.
        for problem in changes:
            log.info(str(problem))
        self.pages = render_pages(library, as_of, config.use_directory_urls)
        if not config.site_url:
            config.site_url = library.site.site_url
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        if not config.nav:
            config.nav = [{page.title: page.src} for page in self.pages if page.in_nav]
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        for page in self.pages:
            files.append(File.generated(config, page.src, content=page.content))
        return files

    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        # Material's search dialog has no accessible name (axe: aria-dialog-name); give it one.
        return output.replace(_SEARCH_DIALOG, f'{_SEARCH_DIALOG} aria-label="Search"', 1)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        root = self.project_root(config)
        for watched in (root / NOTICES, root / SITE_CONFIG.parent, root / "templates"):
            if watched.exists():
                server.watch(str(watched))
        return server
