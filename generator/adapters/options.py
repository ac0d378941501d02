"""What every `notices` command shares: the date and root options, a notice and version named on the command line,
and problems as exit status 1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..source.dates import parse_date
from ..source.problems import InvalidContent

if TYPE_CHECKING:
    from ..library.project import Library, Notice, NoticeVersion


class DateParam(click.ParamType[dt.date]):
    name = "YYYY-MM-DD"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


root_option = click.option(
    "--root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="Project folder holding notices/, site_config/ and mkdocs.yml.",
)
as_of_option = click.option(
    "--as-of", type=DateParam(), default=None,
    help="Date that decides which versions are in force [default: SOURCE_DATE_EPOCH, else today].",
)


class ProblemsFound(click.ClickException):
    """Problems in the user's files, one line each, then how many errors; exit status 1."""

    exit_code = 1

    def __init__(self, error: InvalidContent) -> None:
        super().__init__(str(error))
        self.errors = error.error_count

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)
        click.echo(f"{self.errors} error(s) found; nothing was written.", err=True)


def notice_named(library: Library, notice_id: str) -> Notice:
    from ..source.validation import did_you_mean

    notice = library.notices.get(notice_id)
    if notice is None:
        hint = did_you_mean(notice_id, sorted(library.notices))
        raise click.UsageError(f"'{notice_id}' is not a notice in notices/{hint}")
    return notice


def version_named(notice: Notice, effective: dt.date) -> NoticeVersion:
    from ..library.rules import VersionNotFound, find_version

    try:
        return find_version(notice, effective)
    except VersionNotFound as error:
        raise click.UsageError(str(error)) from None
