"""The Jinja2 environment: shipped templates, overridable by a project's own `templates/`."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..source.dates import long_date
from .template_files import SnapshotLoader

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def default_templates_dir() -> Path:
    """The templates shipped with the package (bundled in wheels, the repository's `templates/` otherwise)."""
    package = Path(__file__).parents[1]
    bundled = package / "templates"
    return bundled if bundled.is_dir() else package.parent / "templates"


def markdown_text(value: str) -> Markup:
    """`value` escaped for HTML and for Markdown's inline syntax, for headings."""
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", str(escape(value))))


def make_environment(project_root: Path | None = None) -> Environment:
    """A strict, autoescaping environment; `<project>/templates` overrides the shipped files."""
    search = []
    if project_root is not None and (project_root / "templates").is_dir():
        search.append(SnapshotLoader(project_root / "templates"))
    default = default_templates_dir()
    if not search or Path(search[0].searchpath[0]).resolve() != default.resolve():
        search.append(SnapshotLoader(default))
    env = Environment(
        loader=ChoiceLoader(search),
        autoescape=select_autoescape(("html", "md", "xml", "atom"), default_for_string=True, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    env.filters["markdown_text"] = markdown_text
    return env
