"""The `notices` commands that write a notice's lock: `publish` (or `lock`), `correct` and `withdraw`."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..source.dates import resolve_as_of
from ..source.problems import InvalidContent, Problem, display_path
from .cli_help import example
from .options import DateParam, as_of_option, notice_named, root_option, version_named

if TYPE_CHECKING:
    from ..library.project import Notice


def _cannot_freeze(error: OSError, notice: Notice) -> InvalidContent:
    from ..source.lock import LOCK_FILE

    where = display_path(Path(error.filename) if error.filename else notice.path / LOCK_FILE)
    return InvalidContent([Problem(where, 1, 1, f"cannot write it ({error.strerror}); "
                                   "no frozen PDF was recorded: make the notice's folder writable, then run the "
                                   "command again")])


@click.command(epilog=example("notices publish", "notices publish --as-of 2027-01-15"))
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
    from ..outputs.frozen_pdf import freeze, restore_missing
    from ..source.lock import LOCK_FILE, PDF_FOLDER

    library = load_library(root)
    day = resolve_as_of(as_of)
    # A version that breaks the change policy (announced too late) must not become final, nor may a publish go
    # on while a frozen PDF is missing or changed.
    organisation = library.site.organisation
    refused = [p for p in check_changes(library, day) if p.severity == "error"]
    if not refused:  # a recorded PDF that never reached version control is laid out again if it is the record
        for notice in library.notices.values():
            for path in restore_missing(notice, organisation):
                click.echo(f"Restored {display_path(path)}: laid out again, it has the SHA-256 the lock records")
    refused += frozen_pdf_problems(library)
    if refused:
        raise InvalidContent(refused)
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


@click.command(epilog=example('notices correct privacy 2021-01-01 --reason "Fixed the postcode of our address"'))
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
    notice = notice_named(library, notice_id)
    organisation = library.site.organisation
    try:
        recorded = record_correction(notice, version_named(notice, version), reason, resolve_as_of(on),
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


@click.command(epilog=example('notices withdraw privacy 2027-03-01 --reason "We will announce a new date." '
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
    notice = notice_named(library, notice_id)
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
