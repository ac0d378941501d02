"""`notices check --html DIR`: the compliance report as standalone HTML pages for the legal team.

One page per notice (the site's compliance template, templates/compliance.md) and an index, each a
single file with its styles inline, marked noindex, linking the items it names to the published site.
Nothing here goes into the public build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import markdown
from markupsafe import Markup

from ..analyses.compliance.engine import Report, check_library
from ..analyses.compliance.findings import Finding
from ..analyses.compliance.formats import summary
from ..library.project import Library, Notice
from ..source.model.compliance import FailOn
from .compliance_page import item_anchors, render_compliance
from .context import PageContext
from .paths import absolute_url, version_src
from .render import make_environment

TEMPLATE = "compliance-report.html"
INDEX = "index.html"
MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "toc"]


@dataclass(frozen=True)
class NoticeReport:
    """One notice's findings and the file they were written to."""

    notice: Notice
    report: Report
    file: str

    @property
    def counts(self) -> dict[str, int]:
        return summary(self.report)


@dataclass
class SiteLinks(PageContext):
    """Links to the published site by absolute URL: the report is read away from the site."""

    site_url: str = ""

    def url(self, src: str) -> str:
        return absolute_url(self.site_url, src, self.directory_urls)


def report_file(notice_id: str) -> str:
    return f"{notice_id}.html"


def write_html_report(library: Library, as_of: dt.date, folder: Path, *, fail_on: FailOn,
                      jurisdictions: list[str] | None = None, notice_ids: Iterable[str] | None = None,
                      ) -> tuple[list[Path], bool]:
    """Write the report of every notice (or `notice_ids`) into `folder`; return the files and whether it fails."""
    env = make_environment(library.root)
    site_url = library.site.site_url.rstrip("/") + "/"
    folder.mkdir(parents=True, exist_ok=True)
    written, reports = [], []
    for notice_id in notice_ids or sorted(library.notices):
        notice = library.notices[notice_id]
        report = check_library(library, as_of, jurisdictions, [notice_id])
        anchors = item_anchors(notice)

        def item_url(finding: Finding, notice: Notice = notice, anchors: dict[str, set[str]] = anchors) -> str | None:
            """The item on the published version's page, for items the page shows."""
            if finding.notice != notice.id or finding.item not in anchors.get(finding.version, set()):
                return None
            return absolute_url(site_url, version_src(notice.id, finding.version)) + f"#{finding.item}"

        page = SiteLinks(report_file(notice_id), site_url=site_url)
        body = render_compliance(library, notice, report, page, item_url, fail_on)
        html = markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS, output_format="html")
        target = folder / report_file(notice_id)
        target.write_text(env.get_template(TEMPLATE).render(
            site=library.site, title=f"{notice.title}: compliance", body=Markup(html), index=INDEX,
        ), encoding="utf-8")
        written.append(target)
        reports.append(NoticeReport(notice, report, report_file(notice_id)))
    index = folder / INDEX
    index.write_text(env.get_template(TEMPLATE).render(
        site=library.site, title=f"{library.site.organisation}: compliance report", body=None, index=None,
        reports=reports, as_of=as_of, fail_on=fail_on.value,
    ), encoding="utf-8")
    return [index, *written], any(r.report.fails(fail_on) for r in reports)
