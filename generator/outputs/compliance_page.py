"""The compliance page of a notice on the site: its findings by jurisdiction, for the legal team.

The page is generated like the notice pages (Markdown with HTML inside, through a project-
overridable Jinja template). It is internal: `notices check --html DIR` writes it as a standalone
report (outputs/compliance_report.py); the public site carries it only when the site asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..library.project import Library, Notice
from ..source.model.compliance import FailOn
from .context import PageContext
from .page import Page
from .page_meta import INTERNAL
from .paths import compliance_src
from .render import make_environment

if TYPE_CHECKING:  # the checks are imported when a page is made: most sites publish none (about 0.05 s a build)
    from ..analyses.compliance.engine import Report
    from ..analyses.compliance.findings import Finding

PROSE = ("section", "paragraph", "list", "item")
"""Kinds of index entries that the notice pages render with their id as an anchor."""


@dataclass(frozen=True)
class FamilyView:
    """What the template shows for one jurisdiction: open findings first, the rest folded away."""

    id: str
    name: str
    open: list[Finding]
    settled: list[Finding]

    def count(self, status: str) -> int:
        return sum(1 for f in [*self.open, *self.settled] if f.status.value == status)


def _families(report: Report) -> list[FamilyView]:
    from ..analyses.compliance.catalog import FAMILY_NAMES
    from ..analyses.compliance.findings import Status

    views = []
    for family, findings in report.by_family().items():
        open_ = [f for f in findings if f.status in (Status.FAILED, Status.WAIVED)]
        settled = [f for f in findings if f.status not in (Status.FAILED, Status.WAIVED)]
        views.append(FamilyView(family, FAMILY_NAMES.get(family, family), open_, settled))
    return views


def render_compliance(library: Library, notice: Notice, report: Report, page: PageContext,
                      item_url: Callable[[Finding], str | None], fail_on: FailOn) -> str:
    """The compliance page of `notice` as Markdown with HTML inside (templates/compliance.md)."""

    def place_url(finding: Finding, item: str | None) -> str | None:
        """A link to one place of a finding that occurs in several."""
        return item_url(replace(finding, item=item))

    return make_environment(library.root).get_template("compliance.md").render(
        site=library.site, page=page, notice=notice, report=report, families=_families(report),
        item_url=item_url, place_url=place_url, fails=report.fails(fail_on), fail_on=fail_on.value,
    )


def item_anchors(notice: Notice) -> dict[str, set[str]]:
    """Per version date, the ids its page shows as anchors (facts have none)."""
    return {v.effective.isoformat(): {e.id for e in v.index.entries if e.kind in PROSE} for v in notice.versions}


def compliance_page(library: Library, notice: Notice, as_of: dt.date, directory_urls: bool = True) -> Page | None:
    """The compliance page of `notice` as of `as_of`, or None when the site does not publish one.

    Off by default (`compliance.publish_page`): the report is for the legal team (`notices check --html`).
    When a site publishes it, the page stays out of the search, the sitemap and search engines, and out of
    the navigation unless `compliance.in_nav` says otherwise.
    """
    settings = library.site.compliance
    if not settings.publish_page:
        return None
    from ..analyses.compliance.engine import check_library

    src = compliance_src(notice.id)
    report = check_library(library, as_of, notice_ids=[notice.id])
    page = PageContext(src, directory_urls=directory_urls)
    anchors = item_anchors(notice)

    def item_url(finding: Finding) -> str | None:
        """A link to the item on the version's page, for items the page shows."""
        if finding.item not in anchors.get(finding.version, set()) or finding.notice != notice.id:
            return None
        return f"{page.version_url(notice.id, finding.version)}#{finding.item}"

    content = render_compliance(library, notice, report, page, item_url, settings.fail_on)
    return Page(src, content, f"{notice.title}: compliance", in_nav=settings.in_nav, meta=INTERNAL)
