"""Change e-mails: drafts parsed back with the standard library, their links, escaping, determinism."""

from __future__ import annotations

import email
import email.policy
import re
import shutil
from collections.abc import Callable
from datetime import date
from email.message import EmailMessage
from email.utils import getaddresses
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner, Result

from generator.adapters.cli import main
from generator.analyses.changes import classify
from generator.analyses.redlines import redline_between
from generator.library.loader import load_library
from generator.outputs.notify import draft_notices
from tests.conftest import ROOT
from tests.project import NOTICE, VERSION, make_project

SITE_URL = "https://privacy.coursera.org/"
AUDIENCES = {"all-users": "all-users@lists.coursera.org", "eea-users": "eea-users@lists.coursera.org"}
SUBJECT = "Changes to our Privacy Notice, effective March 1, 2027"
EEA_RIGHTS = "You have the right to access your personal information"


BEFORE_ANNOUNCEMENT = "2026-11-01"
"""An as-of day before the example's announcement (2026-11-15), so the drafts are dated by the announcement."""


def notify(*args: str) -> Result:
    return CliRunner().invoke(main, ["notify", *args])


def copy_project(target: Path) -> Path:
    """The example's sources (not its built site) in a folder a test may change."""
    for name in ("notices", "site_config", "templates"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def parse(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and HTML bodies, checking the structure on the way."""
    assert message.get_content_type() == "multipart/alternative"
    plain, html = message.iter_parts()
    assert isinstance(plain, EmailMessage) and isinstance(html, EmailMessage)
    assert (plain.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    # Decoded bodies keep the CRLF line ends of the wire format.
    return plain.get_content().replace("\r\n", "\n"), html.get_content().replace("\r\n", "\n")


def bullets(text: str, heading: str) -> list[str]:
    """The bullets under a heading of the plain-text part, each unwrapped to one line."""
    lines = text.split(f"\n{heading}\n{'-' * len(heading)}\n", 1)[1].split("\n\n", 1)[0].splitlines()
    items: list[str] = []
    for line in lines:
        if line.startswith("  * "):
            items.append(line[4:])
        else:
            items[-1] += " " + line.strip()
    return items


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value or "" for name, value in attrs if tag == "a" and name == "href"]
        self.images += tag in ("img", "picture", "link", "script", "style")


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("drafts")
    result = notify("privacy", "2027-03-01", "--out", str(out), "--root", str(ROOT), "--as-of", BEFORE_ANNOUNCEMENT)
    assert result.exit_code == 0, result.output
    return out


def test_one_eml_and_one_preview_per_audience(drafts: Path) -> None:
    names = sorted(p.name for p in drafts.iterdir())
    assert names == sorted(f"privacy-2027-03-01-{a}.{ext}" for a in AUDIENCES for ext in ("eml", "md"))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_headers(drafts: Path, audience: str) -> None:
    raw = (drafts / f"privacy-2027-03-01-{audience}.eml").read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "RFC 5322 lines end in CRLF"
    message = parse(drafts / f"privacy-2027-03-01-{audience}.eml")
    assert message["From"].addresses[0].addr_spec == "privacy@coursera.org"
    assert message["From"].addresses[0].display_name == "Coursera Privacy"
    assert [a.addr_spec for a in message["To"].addresses] == [AUDIENCES[audience]]
    assert message["Subject"] == SUBJECT
    # Announced 2026-11-15 (the version's `announced:`), dated at a fixed hour so builds are reproducible.
    assert message["Date"].datetime.isoformat() == "2026-11-15T09:00:00+00:00"
    assert message["Message-ID"] == f"<privacy.2027-03-01.{audience}@privacy.coursera.org>"
    assert message["X-Notices-Draft"] == "not sent"
    assert message["MIME-Version"] == "1.0"
    assert not message.defects and all(not p.defects for p in message.iter_parts())
    assert all(p["MIME-Version"] is None for p in message.iter_parts())


@pytest.mark.parametrize("audience", AUDIENCES)
def test_text_lists_exactly_the_material_changes(drafts: Path, audience: str) -> None:
    text, html = parts(parse(drafts / f"privacy-2027-03-01-{audience}.eml"))
    changes = bullets(text, "What changes")
    # From the facts, in plain words: the data itself, the purpose's text, the recipient by name, the new
    # address itself (the classifier's "adds the kind of information 'Skills Assessments'" was machine output).
    assert changes == [
        "We will collect new information (Skills Assessments): assessment answers, answer times and skill scores.",
        "We will use your information for a new purpose: personalised course recommendations.",
        "We will share information with Learning-analytics providers, to build personalised recommendations.",
        "The e-mail address of our Data Protection Officer and Privacy Team changes from security@coursera.org "
        "to dpo@coursera.org.",
    ]
    library = load_library(ROOT)
    notice = library.notices["privacy"]
    old, new = notice.versions
    material = classify(old.data, new.data, redline_between(library, notice, old, new)).material_reasons
    assert len(material) == 5, "the new recipient and the disclosure to it are one line"
    assert "'" not in " ".join(changes) and "-" not in " ".join(changes).replace("e-mail", "").replace(
        "Learning-analytics", ""), "no ids, no quoted item titles"
    assert "External Links" not in text and "reworded" not in text
    assert "Other changes are editorial: order and wording." in text
    assert bullets(text, "Why")[0] == ("We are introducing skills assessments, so that learners can measure "
                                       "their progress.")
    assert "If you take a skills assessment, your answers and scores will be collected" in " ".join(text.split())
    assert bullets(text, "Your choices") == [
        "You can choose not to take skills assessments.",
        "You can object to personalised recommendations at any time in your account settings.",
        "You can delete your account from the Settings page.",
    ]
    for words in ("Skills Assessments", "What it means for you", "Your choices", SUBJECT):
        assert words in html
    for promotional in ("unsubscribe", "offer", "discount", "upgrade", "Coursera Plus"):
        assert promotional.lower() not in text.lower()


def test_eea_variant_names_the_authorities_and_the_dpo(drafts: Path) -> None:
    text, html = parts(parse(drafts / "privacy-2027-03-01-eea-users.eml"))
    flat = " ".join(text.split())
    assert EEA_RIGHTS in flat and "withdraw it at any time" in flat
    assert "the right to lodge a complaint with a supervisory authority" in flat
    assert "UK Information Commissioner's Office" in flat and "Dutch Autoriteit Persoonsgegevens" in flat
    assert "dpo@coursera.org" in flat and "privacy@coursera.org" in flat
    assert "Your rights in the European Economic Area, the United Kingdom and Switzerland" in text
    assert "Autoriteit Persoonsgegevens" in html and 'href="mailto:dpo@coursera.org"' in html


def test_all_users_variant_has_the_contact_but_not_the_eea_paragraph(drafts: Path) -> None:
    text, html = parts(parse(drafts / "privacy-2027-03-01-all-users.eml"))
    flat = " ".join(text.split())
    assert EEA_RIGHTS not in flat and "Autoriteit" not in flat
    # The new DPO address is a change everyone is told about, with the address itself.
    assert "from security@coursera.org to dpo@coursera.org" in flat
    assert "Write to Coursera Privacy Team at privacy@coursera.org" in flat
    assert "you may have the right to complain to the data-protection authority where you live" in flat
    assert 'href="mailto:privacy@coursera.org"' in html


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_link_resolves_to_a_built_page(drafts: Path, audience: str,
                                             build_example: Callable[[date], Path]) -> None:
    site = build_example(date(2026, 12, 1))
    text, html = parts(parse(drafts / f"privacy-2027-03-01-{audience}.eml"))
    links = Links()
    links.feed(html)
    assert links.images == 0, "nothing to load: no images, style sheets or scripts"
    assert "style=" in html and "<style" not in html
    pages = [h for h in links.hrefs if not h.startswith("mailto:")]
    assert {h for h in links.hrefs if h.startswith("mailto:")} <= {"mailto:privacy@coursera.org",
                                                                   "mailto:dpo@coursera.org"}
    for expected in ("privacy/2027-03-01/", "privacy/2027-03-01/redline/", "privacy/2021-01-01/"):
        assert SITE_URL + expected in pages and SITE_URL + expected in text
    for href in pages:
        assert href.startswith(SITE_URL), href
        parts_of = urlsplit(href)
        page = site / parts_of.path.lstrip("/") / "index.html"
        assert page.is_file(), f"{href} has no page in the built site"
        if parts_of.fragment:
            assert f'id="{parts_of.fragment}"' in page.read_text(encoding="utf-8"), href
    # Plain-text readers see the same addresses.
    assert set(re.findall(r"https://\S+", text)) == set(pages)


def test_markdown_preview(drafts: Path) -> None:
    preview = (drafts / "privacy-2027-03-01-eea-users.md").read_text(encoding="utf-8")
    assert "Draft only: nothing has been sent." in preview
    for header in ("From: Coursera Privacy <privacy@coursera.org>",
                   'To: "Users in the EEA, UK and Switzerland" <eea-users@lists.coursera.org>',
                   "Date: Sun, 15 Nov 2026 09:00:00 +0000", f"Subject: {SUBJECT}"):
        assert f"\n{header}\n" in preview
    assert ("- We will collect new information (Skills Assessments): assessment answers, answer times and skill "
            "scores.") in preview
    assert "## Your rights in the European Economic Area" in preview
    # A material change with impact and reasons needs no other reviewer note than the consent question of
    # a new use of information collected before the change (change-notices.md: no retroactive processing).
    review = preview.split("For review:\n\n", 1)[1].split("\n\n", 1)[0]
    assert review == ("- Adds the use 'Personalised recommendations': it may need consent before it applies to "
                      "information collected earlier.")


def test_same_inputs_give_the_same_bytes(drafts: Path, tmp_path: Path) -> None:
    assert notify("privacy", "2027-03-01", "--out", str(tmp_path), "--root", str(ROOT),
                  "--as-of", BEFORE_ANNOUNCEMENT).exit_code == 0
    for path in drafts.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    (tmp_path / "privacy-2027-03-01-eea-users.md").write_text("reviewed by legal", encoding="utf-8")
    refused = notify("privacy", "2027-03-01", "--out", str(tmp_path), "--root", str(ROOT))
    assert refused.exit_code == 1
    assert "privacy-2027-03-01-eea-users.md" in refused.output and "--force" in refused.output
    assert [p.name for p in tmp_path.iterdir()] == ["privacy-2027-03-01-eea-users.md"], "nothing written"
    forced = notify("privacy", "2027-03-01", "--out", str(tmp_path), "--root", str(ROOT), "--force")
    assert forced.exit_code == 0, forced.output
    assert "Drafts only: nothing was sent." in forced.output
    assert forced.output.count("Wrote ") == 4
    assert (tmp_path / "privacy-2027-03-01-eea-users.md").read_text(encoding="utf-8") != "reviewed by legal"


def test_yaml_text_is_escaped_in_html(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    # The copy's published version may change: its lock is what stops that in a real project.
    (project / "notices" / "privacy" / "versions.lock").unlink()
    path = project / "notices" / "privacy" / "2027-03-01.yaml"
    source = path.read_text(encoding="utf-8")
    reason = "- We are introducing skills assessments"
    assert reason in source
    path.write_text(source.replace(reason, "- \"<script>alert('x')</script> Q&A: we are introducing skills "
                                           "assessments", 1).replace("measure their progress.",
                                                                     "measure their progress.\"", 1),
                    encoding="utf-8")
    result = notify("privacy", "2027-03-01", "--out", str(tmp_path / "out"), "--root", str(project))
    assert result.exit_code == 0, result.output
    text, html = parts(parse(tmp_path / "out" / "privacy-2027-03-01-all-users.eml"))
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Q&amp;A" in html
    assert "<script>alert('x')</script> Q&A" in text, "plain text is shown as written"
    preview = (tmp_path / "out" / "privacy-2027-03-01-all-users.md").read_text(encoding="utf-8")
    assert "<script" not in preview and "&lt;script&gt;" in preview


@pytest.fixture
def live2coursera_change(tmp_path: Path) -> Path:
    """A copy of the example with a new Live2Coursera version, effective 2027-06-01, for instructors."""
    project = copy_project(tmp_path / "project")
    created = CliRunner().invoke(main, ["new-version", "live2coursera", "--effective", "2027-06-01",
                                        "--root", str(project)])
    assert created.exit_code == 0, created.output
    path = project / "notices" / "live2coursera" / "2027-06-01.yaml"
    source = path.read_text(encoding="utf-8")
    assert "record, share, and upload lectures" in source
    source = source.replace("record, share, and upload lectures", "record, share, transcribe and upload lectures")
    path.write_text(source + (
        "announced: 2027-04-22\n"
        "change:\n"
        "  audiences: [instructors]\n"
        "  material: true\n"
        "  reasons: [Lectures uploaded through Live2Coursera are transcribed automatically.]\n"
        "  impact: Transcripts of your lectures are kept with the recordings.\n"
    ), encoding="utf-8")
    return project


def test_live2coursera_change_goes_only_to_its_audience(live2coursera_change: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = notify("live2coursera", "2027-06-01", "--out", str(out), "--root", str(live2coursera_change))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["live2coursera-2027-06-01-instructors.eml",
                                                     "live2coursera-2027-06-01-instructors.md"]
    message = parse(out / "live2coursera-2027-06-01-instructors.eml")
    assert [a.addr_spec for a in message["To"].addresses] == ["live2coursera-instructors@lists.coursera.org"]
    assert message["Subject"] == "Changes to our Live2Coursera Privacy Notice, effective June 1, 2027"
    assert message["Date"].datetime.date() == date(2027, 4, 22)
    text, html = parts(message)
    flat = " ".join(text.split())
    assert "which supplements our Privacy Notice" in flat
    assert "Lectures uploaded through Live2Coursera are transcribed automatically." in flat
    assert SITE_URL + "live2coursera/2027-06-01/redline/" in text
    assert SITE_URL + "live2coursera/2021-01-01/" in html
    assert EEA_RIGHTS not in flat


def test_editorial_change_is_drafted_with_a_warning(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    CliRunner().invoke(main, ["new-version", "live2coursera", "--effective", "2027-06-01", "--root", str(project)])
    path = project / "notices" / "live2coursera" / "2027-06-01.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("record, share, and upload", "record, share and upload"),
                    encoding="utf-8")
    result = notify("live2coursera", "2027-06-01", "--out", str(tmp_path / "out"), "--root", str(project))
    assert result.exit_code == 0, result.output
    assert "warning: The change is editorial: no change e-mail is required" in result.stderr
    # No `change:` block: the notice's own audiences are affected.
    assert sorted(p.name for p in (tmp_path / "out").glob("*.eml")) == [
        "live2coursera-2027-06-01-instructors.eml", "live2coursera-2027-06-01-learners.eml"]
    preview = (tmp_path / "out" / "live2coursera-2027-06-01-learners.md").read_text(encoding="utf-8")
    assert "The change is editorial" in preview
    text, _ = parts(parse(tmp_path / "out" / "live2coursera-2027-06-01-learners.eml"))
    assert "The changes are editorial: wording." in text
    # Without a notice period override, the draft is dated the site's 30 days ahead.
    assert parse(tmp_path / "out" / "live2coursera-2027-06-01-learners.eml")["Date"].datetime.date() == date(2027, 5, 2)


def test_refusals(tmp_path: Path) -> None:
    first = notify("privacy", "2021-01-01", "--out", str(tmp_path), "--root", str(ROOT))
    assert first.exit_code == 1 and "nothing to announce" in first.output
    unknown = notify("privacy", "2027-03-02", "--out", str(tmp_path), "--root", str(ROOT))
    assert unknown.exit_code == 2 and "its versions are: 2021-01-01, 2027-03-01" in unknown.output
    assert notify("privcy", "2027-03-01", "--out", str(tmp_path), "--root", str(ROOT)).exit_code == 2
    assert not any(tmp_path.iterdir())


def test_audience_without_a_list_address_is_an_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = project / "site_config" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("    email: eea-users@lists.coursera.org\n", ""),
                    encoding="utf-8")
    library = load_library(project)
    notice = library.notices["privacy"]
    with pytest.raises(ValueError, match=r"audience 'eea-users' has no list address; add its 'email' in "
                                         r"site_config/site\.yaml"):
        draft_notices(library, notice, notice.versions[-1])


def test_one_e_mail_per_person_when_audience_lists_overlap(drafts: Path) -> None:
    everyone = parse(drafts / "privacy-2027-03-01-all-users.eml")
    eea = parse(drafts / "privacy-2027-03-01-eea-users.eml")
    # Users in the EEA are on both lists: they get only the EEA variant, the all-users e-mail leaves them out.
    assert getaddresses([str(everyone["X-Notices-Exclude"])]) == [
        ("Users in the EEA, UK and Switzerland", "eea-users@lists.coursera.org")]
    assert eea["X-Notices-Exclude"] is None
    preview = (drafts / "privacy-2027-03-01-all-users.md").read_text(encoding="utf-8")
    assert "The lists of 'all-users' and 'eea-users' overlap" in preview
    result = notify("privacy", "2027-03-01", "--out", str(drafts.parent / "again"), "--root", str(ROOT),
                    "--as-of", BEFORE_ANNOUNCEMENT)
    assert "warning: The lists of 'all-users' and 'eea-users' overlap: send this e-mail to " \
           "all-users@lists.coursera.org leaving out the members of eea-users@lists.coursera.org" in result.stderr


@pytest.mark.parametrize(("as_of", "sent"), [(BEFORE_ANNOUNCEMENT, date(2026, 11, 15)),
                                             ("2026-12-10", date(2026, 12, 10))])
def test_a_draft_is_dated_the_day_it_will_be_sent(tmp_path: Path, as_of: str, sent: date) -> None:
    result = notify("privacy", "2027-03-01", "--out", str(tmp_path), "--root", str(ROOT), "--as-of", as_of)
    assert result.exit_code == 0, result.output
    for audience in AUDIENCES:
        assert parse(tmp_path / f"privacy-2027-03-01-{audience}.eml")["Date"].datetime.date() == sent


def without(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert line in text
    path.write_text(text.replace(line, ""), encoding="utf-8")


def test_a_material_change_that_names_no_audiences_is_an_error_naming_who_is_left_out(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "notices" / "privacy" / "versions.lock").unlink()
    without(project / "notices" / "privacy" / "2027-03-01.yaml", "  audiences: [all-users, eea-users]\n")
    result = notify("privacy", "2027-03-01", "--out", str(tmp_path / "out"), "--root", str(project),
                    "--as-of", BEFORE_ANNOUNCEMENT)
    assert result.exit_code == 1
    # Before, the drafts went to the notice's audiences alone and the EEA variant was silently dropped.
    assert result.output.strip() == (
        "Error: 2027-03-01.yaml: the change names no audiences, so only the notice's (all-users) would get a "
        "draft, not eea-users, although the notice covers their regions: list who is told under 'change:', e.g. "
        "'audiences: [all-users, eea-users]'")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("declared", "says_editorial"), [("true", False), ("false", True)])
def test_e_mails_follow_the_declared_decision(tmp_path: Path, declared: str, says_editorial: bool) -> None:
    """Punctuation alone is editorial to the tool; once legal declares it material, no e-mail calls it editorial."""
    second = VERSION.replace("summary: First version.\n", (
        "summary: Second.\nannounced: 2021-01-01\nchange:\n  material: " + declared + "\n"
        "  decided_by: Jane Doe, Legal\n  decided_on: 2020-12-20\n  reasons: [Legal asked for it.]\n"
        "  impact: None.\n")).replace("effective: 2021-01-01", "effective: 2021-03-01").replace(
        "We collect your name.", "We collect your name!")
    root = make_project(tmp_path, notices={"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": VERSION,
                                                       "2021-03-01.yaml": second}})
    library = load_library(root)
    notice = library.notices["privacy"]
    (draft,) = draft_notices(library, notice, notice.versions[-1])
    text, html = parts(draft.message)
    assert draft.material is not says_editorial
    assert ("editorial" in text.lower()) is says_editorial
    assert ("editorial" in html.lower()) is says_editorial
    if not says_editorial:
        assert "The changes concern wording." in text
