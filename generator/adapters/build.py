"""Building the site with MkDocs, replacing the previous site only when the build succeeds."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jinja2 import TemplateError
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from ..library.loader import load_library
from .plugin import BuildState, NoticesPlugin
from .sitedir import (
    SiteDirRefused,
    build_lock,
    check_output_dir,
    prepare_staging,
    project_sources,
    staging_dir,
    swap_in,
)
from .stored_templates import theme_compiled
from .theme_listing import theme_listed_quickly


class BuildFailed(Exception):
    """MkDocs stopped; the previous site is left as it was."""


@contextmanager
def _mkdocs_warnings_on_stderr() -> Iterator[None]:
    """Show MkDocs's warnings while it builds, as `mkdocs build` would; the handler goes afterwards."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def build_site(
    root: Path,
    as_of: dt.date,
    site_dir: Path | None = None,
    *,
    strict: bool = True,
    given: BuildState | None = None,
) -> Path:
    """Build the site of the project at `root` for `as_of`; return the site folder.

    The site is built into a sibling folder and swapped in at the end, so a failed build
    leaves the previous site intact. `given`, when given, is the library the caller loaded (and its
    checks for `as_of`, if it ran them: the plugin then does not run them again); the plugin takes the
    library out of it, so that it is freed once the pages are made.
    """
    given = given or BuildState(load_library(root), as_of)
    config_file = root / "mkdocs.yml"
    config = load_config(str(config_file), strict=strict)
    final = Path(site_dir or config.site_dir).resolve()
    plugin = config.plugins.get("notices")
    if not isinstance(plugin, NoticesPlugin):
        raise BuildFailed(f"{config_file}: error: the 'notices' plugin is not enabled; add it under 'plugins:'")
    try:
        check_output_dir(final, root, project_sources(root, config.docs_dir, config.theme.custom_dir))
        final.parent.mkdir(parents=True, exist_ok=True)
        with build_lock(final):
            staging = prepare_staging(staging_dir(final))
            config.site_dir = str(staging)
            plugin.use(given)
            theme_compiled(config, plugin.compiled["theme"])
            theme_listed_quickly(config)
            try:
                with _mkdocs_warnings_on_stderr():
                    mkdocs_build(config)
            except (MkDocsException, SystemExit) as error:
                shutil.rmtree(staging, ignore_errors=True)
                if isinstance(error.__cause__, TemplateError):  # the plugin's Abort for a broken template
                    raise error.__cause__ from None
                raise BuildFailed(f"mkdocs build failed; the previous site was left as it was:\n{error}") from None
            except TemplateError:  # a broken template: the command reports it as a problem
                shutil.rmtree(staging, ignore_errors=True)
                raise
            swap_in(staging, final)
    except SiteDirRefused as error:
        raise BuildFailed(str(error)) from None
    except TemplateError:  # TemplateNotFound is an OSError, but not one of writing the site
        raise
    except OSError as error:
        raise BuildFailed(f"cannot write the site to {error.filename}: {error.strerror}; choose a --site-dir "
                          "you can write to") from None
    return final
