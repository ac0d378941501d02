"""Compliance checks: what privacy laws require of a notice, checked on every version in force or upcoming.

`check_library` runs the checks of the legal checklist (`checklist.csv`) for the site's
jurisdictions; `formats` renders the report as text, JSON or SARIF; `page.compliance_page`
renders it as a page of the site.
"""

from .engine import Report, check_library, resolve_jurisdictions
from .findings import Finding, Severity, Status

__all__ = ["Finding", "Report", "Severity", "Status", "check_library", "resolve_jurisdictions"]
