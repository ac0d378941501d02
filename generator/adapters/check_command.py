"""`notices check`: a thin command over `check_library` and the report formats."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..source.dates import resolve_as_of
from ..source.problems import display_path
from .cli_help import example
from .options import as_of_option, root_option

if TYPE_CHECKING:
    from ..library.project import Library

# The command imports the checks when it runs, so that `notices --help` does not load them.
FAIL_ON = ("required", "recommended", "never")
"""The values of `FailOn`, named here so that `notices --help` need not load the schema (a test keeps them equal)."""


def _jurisdictions(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    """'eu,uk' and repeated options alike; '+id' adds to the site's jurisdictions (checked once the site is read)."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _check_jurisdictions(ids: list[str], library: Library) -> None:
    """Each id a region (built in, or added by the site's `regions:`) or a legal regime; else a usage error."""
    from ..analyses.compliance.catalog import known_jurisdictions
    from ..source.regions import known_regions
    from ..source.validation import did_you_mean

    known = known_jurisdictions(known_regions(library.site.regions))
    for raw in ids:
        name = raw.removeprefix("+")
        if name not in known:
            hint = did_you_mean(name, known) or f"; known: {', '.join(known)}"
            raise click.BadParameter(f"'{name}' is not a jurisdiction{hint}", param_hint="'--jurisdiction'")


def _unstated(library: Library) -> str:
    """Facts the text does not state, each with the reason given: a lawyer signing the report sees them."""
    from ..analyses.citations.check import unstated_facts

    lines = [f"{display_path(version.path)}: {what}: {reason}" for notice in library.notices.values()
             for version in notice.versions for what, reason in unstated_facts(version)]
    return "" if not lines else "\n== Facts the text does not state (unstated_reason) ==\n" + "\n".join(lines) + "\n"


@click.command("check", epilog=example("notices check", "notices check privacy -j eu --format sarif -o findings.sarif"))
@click.argument("notice_id", metavar="[NOTICE]", required=False)
@click.option("--jurisdiction", "-j", "jurisdictions", multiple=True, callback=_jurisdictions,
              help="Jurisdictions to check, comma-separated (e.g. eu,uk,us-ca); write +ID to add one to the "
                   "site's [default: `jurisdictions` and `compliance.jurisdictions` of site_config/site.yaml].")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "sarif"]), default="text",
              show_default=True, help="Report format; sarif is SARIF 2.1.0 for code-scanning tools.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Exit 1 when a check of this severity fails [default: `compliance.fail_on`, else required].")
@click.option("--all", "show_all", is_flag=True, help="List passed and not-applicable checks too.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--html", "html_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="DIR", help="Write the report as HTML pages for the legal team into DIR (index.html and one "
                                  "page per notice); the public site does not carry them.")
@as_of_option
@root_option
def check_command(notice_id: str | None, jurisdictions: list[str], output_format: str, fail_on: str | None,
          show_all: bool, output: Path | None, html_dir: Path | None, as_of: dt.date | None, root: Path) -> None:
    """Check what privacy laws require of NOTICE (default: every notice), in force or upcoming.

    Findings carry the check id, severity, requirement, citation and the place in the YAML.
    With --html DIR, the report is written as internal HTML pages (noindex) instead.
    Exit status 1 when a check at the fail-on threshold fails or a waiver names an unknown check.
    """
    from ..analyses.compliance.engine import check_library
    from ..analyses.compliance.formats import render_json, render_sarif, render_text
    from ..library.loader import load_library
    from ..source.model.compliance import FailOn
    from ..source.validation import did_you_mean

    library = load_library(root)
    _check_jurisdictions(jurisdictions, library)
    for warning in library.warnings:
        click.echo(str(warning), err=True)
    if notice_id is not None and notice_id not in library.notices:
        hint = did_you_mean(notice_id, sorted(library.notices))
        raise click.UsageError(f"'{notice_id}' is not a notice in {display_path(root / 'notices')}{hint}")
    threshold = FailOn(fail_on) if fail_on else library.site.compliance.fail_on
    if html_dir is not None:
        from ..outputs.compliance_report import write_html_report  # Markdown and templates: only when asked

        written, fails = write_html_report(library, resolve_as_of(as_of), html_dir, fail_on=threshold,
                                           jurisdictions=jurisdictions or None,
                                           notice_ids=[notice_id] if notice_id else None)
        click.echo(f"Wrote {len(written)} page(s) to {display_path(html_dir)}: open {display_path(written[0])}",
                   err=True)
        raise SystemExit(1 if fails else 0)
    report = check_library(library, resolve_as_of(as_of), jurisdictions or None,
                           [notice_id] if notice_id else None)
    if output_format == "sarif":
        text = render_sarif(report, threshold, show_all=show_all)
    elif output_format == "json":
        text = render_json(report, threshold, show_all=True)
    else:
        text = render_text(report, threshold, show_all=show_all,
                           show_path=lambda path: display_path(library.root / path)) + _unstated(library)
    if output_format != "text":
        for error in report.errors:
            click.echo(str(error), err=True)
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise click.UsageError(f"cannot write -o {display_path(output)}: {error.strerror}; "
                                   "choose a file in an existing folder") from None
        click.echo(f"Wrote {display_path(output)}", err=True)
    else:
        click.echo(text, nl=False)
    if report.fails(threshold):
        raise SystemExit(1)
