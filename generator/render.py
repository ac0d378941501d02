"""The Jinja2 environment: shipped templates, overridable by a project's own `templates/`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def default_templates_dir() -> Path:
    """The templates shipped with the package (bundled in wheels, the repository's `templates/` otherwise)."""
    bundled = Path(__file__).parent / "templates"
    return bundled if bundled.is_dir() else Path(__file__).parent.parent / "templates"


def long_date(value: dt.date) -> str:
    """'January 1, 2021': the form the notices use (locale-independent, hence deterministic)."""
    return f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"


def markdown_text(value: str) -> Markup:
    """`value` escaped for HTML and for Markdown's inline syntax, for headings."""
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", str(escape(value))))


def make_environment(project_root: Path | None = None) -> Environment:
    """A strict, autoescaping environment; `<project>/templates` overrides the shipped files."""
    search = []
    if project_root is not None and (project_root / "templates").is_dir():
        search.append(FileSystemLoader(project_root / "templates"))
    default = default_templates_dir()
    if not search or Path(search[0].searchpath[0]).resolve() != default.resolve():
        search.append(FileSystemLoader(default))
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
