"""The `notices` command: a thin layer over the Python API."""

from __future__ import annotations

import datetime as dt
import json
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..source.collector import set_aside_at_exit
from ..source.dates import resolve_as_of
from ..source.problems import InvalidContent, Problem, display_path
from ..source.schema import SCHEMA_KINDS
from .check_command import check_command
from .cli_help import CONTEXT_SETTINGS, NoticesGroup, example
from .importer.cli import import_command
from .options import DateParam, as_of_option, root_option

# Each command imports what it needs when it runs, so that `notices --help` and the commands that
# read little do not load MkDocs, the schema, the compliance checks or the e-mail drafting.
if TYPE_CHECKING:
    from ..library.project import Library, Notice, NoticeVersion
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
main.add_command(import_command)


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


def _cannot_freeze(error: OSError, notice: Notice) -> InvalidContent:
    from ..source.lock import LOCK_FILE

    where = display_path(Path(error.filename) if error.filename else notice.path / LOCK_FILE)
    return InvalidContent([Problem(where, 1, 1, f"cannot write it ({error.strerror}); "
                                   "no frozen PDF was recorded: make the notice's folder writable, then run the "
                                   "command again")])


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




def _notice(library: Library, notice_id: str) -> Notice:
    from ..source.validation import did_you_mean

    notice = library.notices.get(notice_id)
    if notice is None:
        hint = did_you_mean(notice_id, sorted(library.notices))
        raise click.UsageError(f"'{notice_id}' is not a notice in notices/{hint}")
    return notice


def _version(notice: Notice, effective: dt.date) -> NoticeVersion:
    from ..library.rules import VersionNotFound, find_version

    try:
        return find_version(notice, effective)
    except VersionNotFound as error:
        raise click.UsageError(str(error)) from None


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
    notice = _notice(library, notice_id)
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
    notice = _notice(library, notice_id)
    redline = redline_between(library, notice, _version(notice, old), _version(notice, new))
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

    notice = _notice(load_library(root), notice_id)
    try:
        path = new_version(notice, effective, resolve_as_of(None))
    except VersionRefused as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {display_path(path)}: update its 'summary', then make the changes.")


@main.command(epilog=example("notices publish", "notices publish --as-of 2027-01-15"))
@as_of_option
@root_option
def publish(as_of: dt.date | None, root: Path) -> None:
    """Lock every version published (announced or in force) by the as-of date: from then on it is immutable.

    The explicit publishing step (the deploy job may run it as `notices lock`); never changes a hash.
    """
    from ..analyses.changes import check_changes
    from ..library.frozen_checks import frozen_pdf_problems
    from ..library.loader import load_library
    from ..library.publication import record_published
    from ..outputs.frozen_pdf import freeze
    from ..source.lock import LOCK_FILE, PDF_FOLDER

    library = load_library(root)
    day = resolve_as_of(as_of)
    # A version that breaks the change policy (announced too late) must not become final, nor may a publish go
    # on while a frozen PDF is missing or changed.
    refused = [p for p in check_changes(library, day) + frozen_pdf_problems(library) if p.severity == "error"]
    if refused:
        raise InvalidContent(refused)
    organisation = library.site.organisation
    for notice in library.notices.values():
        try:
            done = record_published(notice, day, partial(freeze, notice, organisation=organisation))
        except OSError as error:
            raise _cannot_freeze(error, notice) from None
        for version in done.locked:
            click.echo(f"Locked version {version.effective} of '{notice.id}' ({display_path(version.path)})")
        if done.fingerprinted:
            click.echo(f"Recorded what readers see of the locked versions of '{notice.id}' (prose fingerprints), "
                       "so a later correction that changes no word is told apart")
        if done.frozen:
            click.echo(f"Froze the archival PDF of {len(done.frozen)} published version(s) of '{notice.id}' in "
                       f"{display_path(notice.path / PDF_FOLDER)}: builds serve these bytes from now on")
        if done.locked or done.fingerprinted or done.frozen:
            click.echo(f"Updated {display_path(notice.path / LOCK_FILE)}; commit it"
                       + (" and the frozen PDFs." if done.frozen else "."))


main.add_command(publish, "lock")


@main.command(epilog=example('notices correct privacy 2021-01-01 --reason "Fixed the postcode of our address"'))
@click.argument("notice_id", metavar="NOTICE")
@click.argument("version", type=DateParam())
@click.option("--reason", required=True, help="Why the published text was corrected; shown on the history page.")
@click.option("--date", "on", type=DateParam(), default=None, help="Date of the correction [default: today].")
@root_option
def correct(notice_id: str, version: dt.date, reason: str, on: dt.date | None, root: Path) -> None:
    """Accept an edit to a published VERSION of NOTICE as a correction, with its reason.

    An edit that changes no word readers see (facts quoted, moved or given a reason) is recorded as
    facts-only: the history page lists it as "facts annotated, text unchanged", not as "Corrected".
    """
    from ..library.loader import load_library
    from ..library.publication import record_correction
    from ..outputs.frozen_pdf import freeze

    if not reason.strip():
        raise click.BadParameter("say why the published text was corrected; readers see it on the history page",
                                 param_hint="--reason")
    library = load_library(root, check_locks=False)
    notice = _notice(library, notice_id)
    organisation = library.site.organisation
    try:
        recorded = record_correction(notice, _version(notice, version), reason, resolve_as_of(on),
                                     partial(freeze, notice, organisation=organisation))
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    except OSError as error:
        raise _cannot_freeze(error, notice) from None
    where = display_path(recorded.path)
    if recorded.facts_only:
        click.echo(f"Recorded a facts-only correction in {where}: readers see the same words, so the history page "
                   "lists it as facts annotated, not as a correction; commit it with the edited version.")
        return
    if not recorded.fingerprint_known:
        click.echo("The lock has no fingerprint of the words this version showed before the edit (run `notices "
                   "publish` before editing a published version), so the edit counts as a text correction.")
    click.echo(f"Recorded the correction in {where}; the history page shows it as \"Corrected\"; commit it with "
               "the edited version.")


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
    notice = _notice(library, notice_id)
    withdrawal = notice.lock.withdrawal_of(version)
    withdrawn = next((v for v in notice.withdrawn if v.effective == version), None)
    try:
        if withdrawal is not None and withdrawn is not None:
            drafts = draft_withdrawal(library, notice, withdrawn, withdrawal)
        else:
            drafts = draft_notices(library, notice, _version(notice, version), resolve_as_of(as_of))
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


@main.command(epilog=example('notices withdraw privacy 2027-03-01 --reason "We will announce a new date." '
                             "--out drafts"))
@click.argument("notice_id", metavar="NOTICE")
@click.argument("version", type=DateParam())
@click.option("--reason", required=True,
              help="Why it is withdrawn; shown on its page, the history page, the feeds and the e-mails.")
@click.option("--date", "on", type=DateParam(), default=None, help="Day of the withdrawal [default: today].")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the draft e-mails that say the change is withdrawn (created if missing).")
@click.option("--force", is_flag=True, help="Overwrite drafts already in --out.")
@root_option
def withdraw(notice_id: str, version: dt.date, reason: str, on: dt.date | None, out: Path, force: bool,
             root: Path) -> None:
    """Withdraw an announced VERSION of NOTICE before it takes effect, and draft the e-mails that say so.

    The version never applies; its address stays, saying it was withdrawn, when and why. A version
    already in force cannot be withdrawn: add a new version instead. Drafts only: nothing is sent.
    """
    from ..library.loader import load_library
    from ..library.publication import WithdrawRefused, record_withdrawal, withdrawable
    from ..outputs.email_draft import NotifyError, write_drafts
    from ..outputs.withdrawal import draft_withdrawal
    from ..source.lock import Withdrawal

    if not reason.strip():
        raise click.UsageError("--reason is empty; say why the version is withdrawn: readers see it")
    library = load_library(root)
    notice = _notice(library, notice_id)
    withdrawal = Withdrawal(version=version, date=resolve_as_of(on), reason=" ".join(reason.split()))
    try:
        match = withdrawable(notice, version, withdrawal.date)
        # Drafted first: a refused draft (files already there, an audience without an address)
        # leaves the lock as it was.
        paths = write_drafts(draft_withdrawal(library, notice, match, withdrawal), out, force=force)
    except (WithdrawRefused, NotifyError) as error:
        raise click.ClickException(str(error)) from None
    lock_path = record_withdrawal(notice, withdrawal)
    for path in paths:
        click.echo(f"Wrote {display_path(path)}")
    click.echo(f"Recorded the withdrawal in {display_path(lock_path)}; commit it and rebuild the site. "
               "Drafts only: nothing was sent.")
