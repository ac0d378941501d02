"""The site banner: the material changes being announced on the as-of date.

Regulators expect a material change to be announced on the website as well as by e-mail, for the
whole notice period (change-notices.md, "How to notify"); Coursera's own notice promises "a notice
on our Site's homepage for a reasonable period of time following such update". So a banner is up
from the day a material change is announced until `banner_days_after` days after it takes effect.
A change with no `announced:` date counts as announced one notice period before it takes effect,
the latest day it could have been announced in time.

`active_banners` is pure (library and date in, banners out); `render_banner` turns them into HTML,
for Material's announcement bar (site-relative links) or for embedding elsewhere (absolute links,
inline styles).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup

from ..analyses.changes import classify_version
from ..library.project import Library, Notice, NoticeVersion
from ..library.rules import announcement_day
from .paths import redline_src, version_src

TEMPLATE = "banner.html"
SNIPPET = "banner.html"
"""Where the standalone snippet goes in the built site."""


@dataclass(frozen=True)
class Banner:
    """One material change of one notice, as seen from the as-of date of a build."""

    notice: Notice
    version: NoticeVersion
    start: dt.date
    """The first day the banner is shown: the announcement."""
    end: dt.date
    """The first day it is no longer shown."""
    as_of: dt.date

    @property
    def effective(self) -> dt.date:
        return self.version.effective

    @property
    def in_effect(self) -> bool:
        """Whether the change has taken effect: "changed on" rather than "changes on"."""
        return self.effective <= self.as_of

    @property
    def version_src(self) -> str:
        return version_src(self.notice.id, self.effective.isoformat())

    @property
    def redline_src(self) -> str:
        return redline_src(self.notice.id, self.effective.isoformat())


def banner_window(library: Library, notice: Notice, version: NoticeVersion) -> tuple[dt.date, dt.date]:
    """The days a change's banner is up: from `start` (included) to `end` (excluded)."""
    start = announcement_day(library, notice, version)
    return start, version.effective + dt.timedelta(days=library.site.banner_days_after)


def active_banners(library: Library, as_of: dt.date) -> list[Banner]:
    """The banners to show on `as_of`, oldest change first (then by notice id), for a stable order."""
    banners = []
    for notice in library.notices.values():
        for version in notice.versions:
            start, end = banner_window(library, notice, version)
            # The date test first: classifying needs a redline, and most versions are long past.
            if not start <= as_of < end:
                continue
            classification = classify_version(library, notice, version)
            if classification is not None and classification.material:
                banners.append(Banner(notice, version, start, end, as_of))
    return sorted(banners, key=lambda b: (b.effective, b.notice.id))


def render_banner(env: Environment, banners: list[Banner], as_of: dt.date, link: Callable[[str], str], *,
                  standalone: bool) -> Markup:
    """The banners as HTML; `link` turns a page's source path into the href to use.

    Not standalone: one paragraph per banner, for Material's announcement bar (which supplies the
    frame and the dismiss button), or an empty string when none is active. Standalone: a whole
    `<aside>` with inline styles and no script, or only an HTML comment saying that nothing is
    being announced, so that a page embedding it needs no condition of its own.
    """
    html = env.get_template(TEMPLATE).render(banners=banners, as_of=as_of, link=link, standalone=standalone)
    return Markup(html.strip() + ("\n" if standalone else ""))
