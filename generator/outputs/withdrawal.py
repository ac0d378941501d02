"""The e-mail that withdraws an announced change: a draft per audience that was told of it.

A withdrawn version never applies (`library.publication.withdrawable` says which may be withdrawn);
its address stays, as a page saying that it was withdrawn, when and why (`site.withdrawn_pages`).
The people who were told of the change hear that it is off, and which version keeps applying.
Drafts only, like every e-mail of this tool; the change e-mail's machinery builds the message.
"""

from __future__ import annotations

from ..library.project import Library, Notice, NoticeVersion
from ..library.rules import announcement_day, replaced_by
from ..source.dates import long_date
from ..source.lock import Withdrawal
from .email_draft import Draft, compose, preview_headers
from .notify import affected_audiences, email_environments, privacy_contact
from .paths import absolute_url, notice_src, version_src

TEMPLATES = ("email/withdrawn.txt", "email/withdrawn.html", "email/withdrawn.md")
KIND = "withdrawn"


def draft_withdrawal(library: Library, notice: Notice, version: NoticeVersion, withdrawal: Withdrawal) -> list[Draft]:
    """A draft e-mail, per audience that was told of the change, saying that it is withdrawn."""
    env, markdown_env = email_environments(library, version)
    site, effective = library.site, version.effective
    applies = replaced_by(notice, version)
    subject = f"Withdrawn: the {notice.title} change announced for {long_date(effective)}"
    privacy = privacy_contact(library, applies)
    drafts = []
    for audience in affected_audiences(library, notice, version):
        values = {
            "subject": subject,
            "language": site.languages[0] if site.languages else "en",
            "organisation": site.organisation,
            "intro": (f"On {long_date(announcement_day(library, notice, version))} we told you that our "
                      f"{notice.title} would change on {long_date(effective)}. We have withdrawn that change: "
                      "it will not take effect."),
            "reason": withdrawal.reason,
            "applies": (f"The {notice.title} in force since {long_date(applies.effective)} continues to apply: "
                        "nothing changes for you."),
            "links": [
                (f"The {notice.title} in force", absolute_url(site.site_url, notice_src(notice.id))),
                ("The withdrawn version, kept for the record",
                 absolute_url(site.site_url, version_src(notice.id, effective.isoformat()))),
            ],
            "contact": f"Write to {privacy.name} at {privacy.email} with any question about this.",
            "footer": (f"This is a service message about our {notice.title}. It goes to everyone who was told "
                       f"of the change ({audience.name}), and it contains no advertising."),
        }
        text = env.get_template(TEMPLATES[0]).render(values)
        html = env.get_template(TEMPLATES[1]).render(values)
        message = compose(library, audience, subject, withdrawal.date,
                          f"{notice.id}.{effective.isoformat()}.{audience.id}.{KIND}", text, html)
        markdown = markdown_env.get_template(TEMPLATES[2]).render(
            values, headers=preview_headers(message), file=f"{notice.id}-{effective}-{audience.id}-{KIND}.eml")
        drafts.append(Draft(notice.id, effective, audience, True, subject, text, html, markdown, message,
                            kind=KIND))
    return drafts
