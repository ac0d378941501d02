"""`notices withdraw`: an announced version taken back before it applies keeps its address, and says so."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result

from generator.adapters.build import build_site
from generator.adapters.cli import main

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://privacy.coursera.org/"
REASON = "We are still consulting learners about skills assessments & will announce a new date."
WITHDRAWN_ON = dt.date(2026, 12, 1)


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def withdraw(project: Path, *args: str) -> Result:
    return cli("withdraw", "privacy", "2027-03-01", "--reason", REASON, "--date", WITHDRAWN_ON.isoformat(),
               "--out", str(project / "drafts"), *args)


@pytest.fixture
def withdrawn(project: Path) -> Path:
    """The example project with its announced 2027 revision withdrawn on 2026-12-01."""
    result = withdraw(project)
    assert result.exit_code == 0, result.output
    return project


def html(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_withdraw_records_it_and_drafts_the_emails(project: Path) -> None:
    result = withdraw(project)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Wrote drafts/privacy-2027-03-01-all-users-withdrawn.eml",
        "Wrote drafts/privacy-2027-03-01-all-users-withdrawn.md",
        "Wrote drafts/privacy-2027-03-01-eea-users-withdrawn.eml",
        "Wrote drafts/privacy-2027-03-01-eea-users-withdrawn.md",
        "Recorded the withdrawal in notices/privacy/versions.lock; commit it and rebuild the site. Drafts only: "
        "nothing was sent.",
    ]
    lock = (project / "notices/privacy/versions.lock").read_text()
    assert "withdrawals:\n- date: '2026-12-01'\n  reason: We are still consulting" in lock
    assert cli("validate", "--as-of", "2026-12-02").exit_code == 0
    # The file and its lock entry stay: deleting the withdrawn version is still an error.
    (project / "notices/privacy/2027-03-01.yaml").unlink()
    refused = cli("validate")
    assert refused.exit_code == 1
    assert "published version 2027-03-01 of 'privacy' is missing" in refused.output


def test_the_withdrawal_email_says_what_was_withdrawn_why_and_what_applies(withdrawn: Path) -> None:
    path = withdrawn / "drafts/privacy-2027-03-01-eea-users-withdrawn.eml"
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == "Withdrawn: the Privacy Notice change announced for March 1, 2027"
    assert message["To"].addresses[0].addr_spec == "eea-users@lists.coursera.org"
    assert message["Date"].datetime == dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    assert message["Message-ID"] == "<privacy.2027-03-01.eea-users.withdrawn@privacy.coursera.org>"
    assert message["X-Notices-Draft"] == "not sent"
    plain, rich = message.iter_parts()
    text = " ".join(plain.get_content().split())
    assert ("On November 15, 2026 we told you that our Privacy Notice would change on March 1, 2027. We have "
            "withdrawn that change: it will not take effect.") in text
    assert REASON in text
    assert "The Privacy Notice in force since January 1, 2021 continues to apply: nothing changes for you." in text
    page = BeautifulSoup(rich.get_content(), "html.parser")
    assert [a["href"] for a in page.select("li a")] == [f"{SITE_URL}privacy/", f"{SITE_URL}privacy/2027-03-01/"]
    assert REASON in page.get_text(" "), "the reason's '&' is escaped in the HTML and reads the same"
    assert "& will" not in rich.get_content() and "&amp; will" in rich.get_content()
    preview = (withdrawn / "drafts/privacy-2027-03-01-eea-users-withdrawn.md").read_text()
    assert "Subject: Withdrawn: the Privacy Notice change announced for March 1, 2027" in preview


def test_a_withdrawn_version_keeps_its_address_saying_when_and_why(withdrawn: Path) -> None:
    site = build_site(withdrawn, dt.date(2026, 12, 2), withdrawn / "site")
    for address in ("privacy/2027-03-01", "privacy/2027-03-01/redline"):
        page = html(site, address)
        status = page.select_one("#withdrawn")
        assert status is not None, address
        assert status.select_one(".admonition-title").get_text() == (
            "This version was withdrawn on December 1, 2026 and never took effect")
        words = " ".join(status.get_text(" ").split())
        assert "It was announced on November 15, 2026 to take effect on March 1, 2027" in words
        assert f"Why it was withdrawn: {REASON}" in words
        assert page.select_one("#withdrawn a")["href"] == ("../../" if address.endswith("redline") else "../")
    # Its addresses stay, but out of the site search: a search finds the version in force.
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"privacy/2027-03-01/' not in index.replace(" ", "")
    # The notice no longer announces it, on the notice page or in the banner.
    notice = html(site, "privacy")
    assert not notice.select('[id^="upcoming-"]')
    assert "March 1, 2027" not in notice.get_text()
    history = html(site, "privacy/history")
    entry = history.select_one("#withdrawn ~ ul #version-2027-03-01")
    assert entry is not None
    assert " ".join(entry.get_text(" ").split()).endswith(
        f"Announced on November 15, 2026; withdrawn on December 1, 2026, before it took effect: {REASON}")
    assert "version-2027-03-01" not in [row.get("id") for row in history.select("table tr")]
    feed = feedparser.parse((site / "privacy/feed.xml").read_bytes())
    assert not feed.bozo
    first = feed.entries[0]
    assert first.title == "Privacy Notice: version effective March 1, 2027 withdrawn (illustrative)"
    assert first.link == f"{SITE_URL}privacy/2027-03-01/"
    assert first.summary == f"Withdrawn on December 1, 2026, before it took effect: {REASON}"
    # After the date it would have taken effect, the earlier version is still the one in force.
    later = build_site(withdrawn, dt.date(2027, 6, 1), withdrawn / "later")
    assert html(later, "privacy").select_one("#effective").get_text() == "Effective: January 1, 2021."


def test_a_version_in_force_cannot_be_withdrawn(project: Path) -> None:
    refused = cli("withdraw", "privacy", "2021-01-01", "--reason", "x", "--date", "2026-12-01",
                  "--out", str(project / "drafts"))
    assert refused.exit_code == 1
    assert refused.output.strip() == (
        "Error: version 2021-01-01 of 'privacy' took effect on January 1, 2021, so it cannot be withdrawn: "
        "readers' information was handled under it; to change it, add a new version (notices new-version "
        "privacy --effective YYYY-MM-DD) and announce it like any change")
    late = cli("withdraw", "privacy", "2027-03-01", "--reason", "x", "--date", "2027-03-01",
               "--out", str(project / "drafts"))
    assert late.exit_code == 1 and "took effect on March 1, 2027, so it cannot be withdrawn" in late.output
    assert not (project / "drafts").exists()
    assert "withdrawals: []" in (project / "notices/privacy/versions.lock").read_text()


def test_withdrawing_twice_or_an_unpublished_version_is_refused(withdrawn: Path) -> None:
    again = withdraw(withdrawn, "--force")
    assert again.exit_code == 1
    assert "version 2027-03-01 of 'privacy' was already withdrawn on 2026-12-01" in again.output
    blank = cli("withdraw", "privacy", "2027-03-01", "--reason", " ", "--out", "drafts")
    assert blank.exit_code == 2 and "--reason is empty" in blank.output
    draft = withdrawn / "notices/privacy/2028-01-01.yaml"
    draft.write_text((withdrawn / "notices/privacy/2021-01-01.yaml").read_text().replace(
        "effective: 2021-01-01", "effective: 2028-01-01"))
    unpublished = cli("withdraw", "privacy", "2028-01-01", "--reason", "x", "--date", "2026-12-01",
                      "--out", "drafts2")
    assert unpublished.exit_code == 1
    assert "is not published (versions.lock has no entry for it), so there is nothing to withdraw" in (
        unpublished.output)


def test_notify_redrafts_the_withdrawal_email(withdrawn: Path) -> None:
    result = cli("notify", "privacy", "2027-03-01", "--out", str(withdrawn / "again"))
    assert result.exit_code == 0, result.output
    for name in ("privacy-2027-03-01-all-users-withdrawn.eml", "privacy-2027-03-01-eea-users-withdrawn.eml"):
        assert (withdrawn / "again" / name).read_bytes() == (withdrawn / "drafts" / name).read_bytes()


def test_a_new_version_cannot_take_the_date_of_a_withdrawn_one(withdrawn: Path) -> None:
    refused = cli("new-version", "privacy", "--effective", "2027-03-01")
    assert refused.exit_code == 1
    assert "notices/privacy/2027-03-01.yaml is a withdrawn version, kept for the record at its address" in (
        refused.output)
    created = cli("new-version", "privacy", "--effective", "2027-06-01")
    assert created.exit_code == 0, created.output
    copied = (withdrawn / "notices/privacy/2027-06-01.yaml").read_text()
    assert "Privacy Notice as published by Coursera" in copied, "a copy of the version in force, not the withdrawn"
