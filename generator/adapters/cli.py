"""The `notices` command: a thin layer over the Python API."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..source.collector import set_aside_at_exit
from ..source.dates import resolve_as_of
from ..source.problems import InvalidContent, Problem, display_path
from ..source.schema import SCHEMA_KINDS
from .check_command import check_command
from .cli_help import CONTEXT_SETTINGS, NoticesGroup, example
from .cli_publish import correct, publish, withdraw
from .importer.cli import import_command
from .options import DateParam, as_of_option, notice_named, root_option, version_named

# Each command imports what it needs when it runs, so that `notices --help` and the commands that
# read little do not load MkDocs, the schema, the compliance checks or the e-mail drafting.
if TYPE_CHECKING:
    from .build_checks import BuildChecks


@click.group(cls=NoticesGroup, context_settings=CONTEXT_SETTINGS,
             epilog=example("notices validate", "notices diff privacy 2021-01-01 2027-03-01", "notices diff -h"))
@click.version_option(package_name="privacy-notices")
def main() -> None:
    """Privacy notices as code: validate, build and publish notices kept as YAML."""
    set_aside_at_exit()  # the process's exit walks none of what the command leaves alive (source/collector.py)
    try:  # a broken SOURCE_DATE_EPOCH is reported once, here, rather than by each command
        resolve_as_of(None)
    except ValueError as error:
        raise click.UsageError(str(error)) from None


main.add_command(check_command)
main.add_command(correct)
main.add_command(import_command)
main.add_command(publish)
main.add_command(publish, "lock")
main.add_command(withdraw)


@main.command("validate", epilog=example("notices validate", "notices validate --as-of 2027-03-01"))
@root_option
@as_of_option
def validate_command(root: Path, as_of: dt.date | None) -> None:
    """Check every YAML file and the change policy; report all problems, one line each."""
    from ..library.loader import collector_skips_loaded, load_library
    from .build_checks import run_build_checks

    library = load_library(root)
    day = resolve_as_of(as_of)
    with collector_skips_loaded():
        checks = run_build_checks(library, day)
    _report(library.warnings + checks.changes, checks)
    versions = sum(len(n.versions) for n in library.notices.values())
    click.echo(f"OK: {len(library.notices)} notice(s), {versions} version(s), no errors.")


def _unwritable(option: str, error: OSError) -> click.UsageError:
    return click.UsageError(f"cannot write {option} {error.filename}: {error.strerror}; choose a folder you can "
                            "write to")


def _report(problems: list[Problem], checks: BuildChecks) -> None:
    """Print warnings and what a publish would lock; raise with every problem when any is an error."""
    problems = problems + checks.lost
    if any(p.severity == "error" for p in problems):
        raise InvalidContent(problems)
    for problem in problems:
        click.echo(str(problem), err=True)
    for note in checks.unlocked:
        click.echo(f"note: {note}", err=True)


@main.command(epilog=example("notices build", "notices build --as-of 2027-03-01 --site-dir /tmp/preview"))
@root_option
@as_of_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site [default: site_dir of mkdocs.yml].")
def build(root: Path, as_of: dt.date | None, site_dir: Path | None) -> None:
    """Validate, then build the static site with MkDocs (strict); the old site stays on failure.

    A preview: it never writes notices/. Versions it shows as published but not yet locked are
    listed; `notices publish` locks them.
    """
    from ..source.collector import collector_paused

    with collector_paused():  # the modules live as long as the process: no collection need walk them
        from ..library.loader import collector_skips_loaded, load_library
        from .build import BuildFailed, build_site
        from .build_checks import run_build_checks
        from .plugin import BuildState

    library = load_library(root)
    day = resolve_as_of(as_of)
    with collector_skips_loaded():
        checks = run_build_checks(library, day)
        _report(checks.changes, checks)
        # The plugin takes these results rather than running the checks a second time, and takes the
        # library out of `given`: nothing here may hold it while MkDocs renders the pages.
        given = BuildState(library, day, checks)
        del library
        try:
            target = build_site(root, day, site_dir, given=given)
        except BuildFailed as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Built {target}")


@main.command(epilog=example("notices schema --out site_config/schema", "notices schema --kind notice"))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write every schema into this folder instead of printing one.")
@click.option("--kind", type=click.Choice(sorted(SCHEMA_KINDS)), default="version", show_default=True,
              help="Which schema to print.")
def schema(out: Path | None, kind: str) -> None:
    """Print the JSON Schema of a YAML file kind, or write them all with --out."""
    from ..source.schema import schema_json, write_schemas

    if out is None:
        click.echo(schema_json(kind), nl=False)
        return
    try:
        paths = write_schemas(out)
    except OSError as error:
        raise _unwritable("--out", error) from None
    for path in paths:
        click.echo(f"Wrote {path}")


@main.command(epilog=example("notices show privacy --as-of 2021-06-01"))
@click.argument("notice_id", metavar="NOTICE")
@click.option("--as-of", type=DateParam(), default=None, help="The day to look at [default: today].")
@root_option
def show(notice_id: str, as_of: dt.date | None, root: Path) -> None:
    """Say which version of NOTICE was in force on a day, and print its text."""
    from ..library.loader import load_library
    from ..library.selection import in_force_on
    from ..library.timeline import Timeline
    from ..outputs.site import render_version_text

    library = load_library(root, select=in_force_on(notice_id, resolve_as_of(as_of)))
    notice = notice_named(library, notice_id)
    day = resolve_as_of(as_of)
    current = Timeline.of(notice, day).current
    if current is None:
        first = notice.versions[0].effective
        raise click.ClickException(f"no version of '{notice_id}' was in force on {day}; the first took effect "
                                   f"on {first}")
    until = f" until {current.until}" if current.until else ""
    click.echo(f"{notice.title}: version {current.date} was in force on {day} (from {current.since}{until}).",
               err=True)
    click.echo(render_version_text(library, notice, current), nl=False)


@main.command(epilog=example("notices diff privacy 2021-01-01 2027-03-01",
                             "notices diff privacy 2021-01-01 2027-03-01 --format html"))
@click.argument("notice_id", metavar="NOTICE")
@click.argument("old", type=DateParam())
@click.argument("new", type=DateParam())
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "html", "json"]),
              default="text", show_default=True, help="text is coloured on a terminal and plain when piped.")
@root_option
def diff(notice_id: str, old: dt.date, new: dt.date, output_format: str, root: Path) -> None:
    """Show what changed in NOTICE between versions OLD and NEW (any two, by effective date)."""
    from ..analyses.changes import classify
    from ..analyses.changes.report import classification_json, classification_text
    from ..analyses.redline import to_html, to_json, to_markdown, to_text
    from ..analyses.redlines import redline_between
    from ..library.loader import load_library
    from ..library.selection import named_versions

    library = load_library(root, select=named_versions(notice_id, old, new))
    notice = notice_named(library, notice_id)
    redline = redline_between(library, notice, version_named(notice, old), version_named(notice, new))
    classification = classify(redline.old, redline.new, redline)
    if output_format == "json":
        data = {**to_json(redline), "classification": classification_json(classification)}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif output_format == "markdown":
        click.echo(to_markdown(redline) + "\n" + classification_text(classification), nl=False)
    elif output_format == "html":
        click.echo(str(to_html(redline)))
    else:
        click.echo(to_text(redline, color=sys.stdout.isatty()) + "\n" + classification_text(classification),
                   nl=False)


@main.command("new-version", epilog=example("notices new-version privacy --effective 2027-09-01"))
@click.argument("notice_id", metavar="NOTICE")
@click.option("--effective", type=DateParam(), required=True, help="The day the new version takes effect.")
@root_option
def new_version_command(notice_id: str, effective: dt.date, root: Path) -> None:
    """Create NOTICE's next version as a copy of the latest, keeping comments and formatting."""
    from ..library.loader import load_library
    from ..library.versions import VersionRefused, new_version

    notice = notice_named(load_library(root), notice_id)
    try:
        path = new_version(notice, effective, resolve_as_of(None))
    except VersionRefused as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {display_path(path)}: update its 'summary', then make the changes.")


@main.command(epilog=example("notices notify privacy 2027-03-01 --out drafts --as-of 2026-11-15"))
@click.argument("notice_id", metavar="NOTICE")
@click.argument("version", type=DateParam())
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the drafts into (created if missing).")
@click.option("--force", is_flag=True, help="Overwrite drafts already in --out.")
@click.option("--as-of", type=DateParam(), default=None,
              help="The day the drafts are made: each is dated the announcement day, or this day when that is "
                   "later [default: SOURCE_DATE_EPOCH, else today].")
@root_option
def notify(notice_id: str, version: dt.date, out: Path, force: bool, as_of: dt.date | None, root: Path) -> None:
    """Draft the change e-mails for VERSION of NOTICE: an .eml and a Markdown preview per audience.

    Drafts only: nothing is ever sent.
    """
    from ..library.loader import load_library
    from ..library.selection import with_previous
    from ..outputs.email_draft import NotifyError, write_drafts
    from ..outputs.notify import draft_notices
    from ..outputs.withdrawal import draft_withdrawal

    library = load_library(root, select=with_previous(notice_id, version))
    notice = notice_named(library, notice_id)
    withdrawal = notice.lock.withdrawal_of(version)
    withdrawn = next((v for v in notice.withdrawn if v.effective == version), None)
    try:
        if withdrawal is not None and withdrawn is not None:
            drafts = draft_withdrawal(library, notice, withdrawn, withdrawal)
        else:
            drafts = draft_notices(library, notice, version_named(notice, version), resolve_as_of(as_of))
        paths = write_drafts(drafts, out, force=force)
    except NotifyError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise _unwritable("--out", error) from None
    for note in dict.fromkeys(note for draft in drafts for note in draft.notes):
        click.echo(f"warning: {note}", err=True)
    for path in paths:
        click.echo(f"Wrote {display_path(path)}")
    click.echo("Drafts only: nothing was sent.")
