"""A change e-mail as a file: the RFC 5322 message, its Markdown preview's headers, and writing drafts.

Drafts only: nothing here talks to a mail server. The same inputs give the same bytes (a fixed hour of
the day, a boundary derived from the content), so drafts can be reviewed and compared like any output.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import re
import textwrap
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from ..library.loader import SITE_CONFIG
from ..library.project import Library
from ..source.model import Audience
from ..source.problems import shown

SEND_HOUR = dt.time(9, 0, tzinfo=dt.UTC)
"""Drafts are dated at a fixed hour of the announcement day so the same inputs give the same bytes."""

WIDTH = 72
"""Plain-text line width: within RFC 5322's recommended 78 characters, with room for quoting in replies."""


class NotifyError(ValueError):
    """No draft can be made; the message says why and what to do."""


@dataclass(frozen=True)
class Draft:
    """One change e-mail for one audience: its parts, and the message built from them."""

    notice_id: str
    effective: dt.date
    audience: Audience
    material: bool
    subject: str
    text: str
    html: str
    markdown: str
    message: EmailMessage
    notes: tuple[str, ...] = ()
    """What a reviewer should look at before anything goes out (also listed in the preview)."""
    kind: str = ""
    """What the e-mail is about when it is not a change: 'withdrawn'."""

    @property
    def stem(self) -> str:
        stem = f"{self.notice_id}-{self.effective.isoformat()}-{self.audience.id}"
        return f"{stem}-{self.kind}" if self.kind else stem

    def eml(self) -> bytes:
        # SMTP policy: CRLF line endings, as RFC 5322 requires of a message on the wire.
        return self.message.as_bytes(policy=email.policy.SMTP)


def compose(library: Library, audience: Audience, subject: str, day: dt.date, message_id: str,
            text: str, html: str) -> EmailMessage:
    """The draft message: headers, a plain-text and an HTML part, bytes that depend only on the inputs."""
    site = library.site
    assert audience.email is not None  # affected_audiences refuses audiences without an address
    message = EmailMessage(policy=email.policy.default)
    try:  # the schema keeps these to one line; the e-mail library is the last word on headers
        message["From"] = site.sender
        if len(message["From"].addresses) != 1 or message["From"].defects:
            raise ValueError
        message["To"] = Address(audience.name, addr_spec=audience.email)
        message["Subject"] = subject
    except (ValueError, IndexError):
        raise NotifyError(f"the sender {shown(site.sender)} or audience {shown(audience.id)} in {SITE_CONFIG}, or "
                          f"the subject {shown(subject)}, cannot be an e-mail header; write the sender as one "
                          "address like 'Coursera Privacy <privacy@coursera.org>' and names on one line") from None
    message["Date"] = format_datetime(dt.datetime.combine(day, SEND_HOUR))
    message["Message-ID"] = f"<{message_id}@{urlsplit(site.site_url).hostname}>"
    # Marks the file for anyone who opens it in a mail client: this tool never sends it.
    message["X-Notices-Draft"] = "not sent"
    # Non-ASCII text goes quoted-printable rather than 8bit: it then survives any relay unchanged.
    message.set_content(text, cte=None if text.isascii() else "quoted-printable")
    message.add_alternative(html, subtype="html", cte=None if html.isascii() else "quoted-printable")
    for part in message.iter_parts():
        # add_alternative copies MIME-Version into the parts; RFC 2045 wants it on the message only.
        del part["MIME-Version"]
    # The library draws a random boundary; one derived from the content keeps the bytes reproducible.
    message.set_boundary("=_notices_" + hashlib.sha256((text + html).encode("utf-8")).hexdigest()[:32])
    return message


def preview_headers(message: EmailMessage) -> list[str]:
    """The header lines the Markdown preview shows."""
    return [f"{name}: {message[name]}" for name in ("From", "To", "Date", "Subject", "Message-ID")]


def write_drafts(drafts: list[Draft], out_dir: Path, *, force: bool = False) -> list[Path]:
    """Write `<stem>.eml` and `<stem>.md` for each draft; refuse to overwrite any file unless `force`."""
    targets: list[tuple[Path, bytes]] = []
    for draft in drafts:
        targets += [(out_dir / f"{draft.stem}.eml", draft.eml()),
                    (out_dir / f"{draft.stem}.md", draft.markdown.encode("utf-8"))]
    existing = [path.name for path, _ in targets if path.exists()]
    # Checked before writing anything, so a refused run leaves the folder as it was.
    if existing and not force:
        raise NotifyError(f"{out_dir} already holds {', '.join(existing)}; nothing was written; remove "
                          "them, or overwrite them with --force")
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, data in targets:
        path.write_bytes(data)
    return [path for path, _ in targets]


def fill(text: str, indent: str = "") -> str:
    # URLs and e-mail addresses are never broken, so they stay clickable in plain-text readers.
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


def bullet(text: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent="  * ", subsequent_indent="    ",
                         break_long_words=False, break_on_hyphens=False)


_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]])")


def markdown_escape(text: object) -> Markup:
    """Prose for the Markdown preview: HTML-escaped (`<`, `>`, `&` only, so quotes stay readable in
    the raw file) and with Markdown's emphasis, code and link characters taken literally."""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_MARKDOWN_ACTIVE.sub(r"\\\1", value))
