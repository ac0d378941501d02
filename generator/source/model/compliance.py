"""Compliance settings of the site and waivers of compliance findings in a notice's metadata.

`notices check` reads these: `site_config/site.yaml` says which check families run, when a
failed check fails the run and whether the site publishes a compliance page; a notice's
`notice.yaml` records the findings a lawyer has accepted, each with a reason, an approver and
an end date so that no waiver outlives its review.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import Date, Id, StrictModel, Text


class FailOn(StrEnum):
    """Which failed checks make `notices check` exit with status 1."""

    REQUIRED = "required"
    RECOMMENDED = "recommended"
    NEVER = "never"


class CheckFamily(StrEnum):
    """Jurisdictions that `notices check` can check, beyond the site's own regions.

    The region ids (eea, eu, uk, ch, us, us-ca) come from `jurisdictions` of the site; these
    name legal regimes that no region of the notice schema stands for.
    """

    EEA = "eea"
    EU = "eu"
    UK = "uk"
    CH = "ch"
    US = "us"
    US_CA = "us-ca"
    US_STATES = "us-states"
    US_CO = "us-co"
    US_COPPA = "us-coppa"
    US_FTC = "us-ftc"
    BR = "br"
    CA_PIPEDA = "ca-pipeda"


class ComplianceSettings(StrictModel):
    """`compliance:` in `site_config/site.yaml`."""

    jurisdictions: list[CheckFamily] = Field(
        default_factory=list,
        description="Check families to run in addition to the site's `jurisdictions`, e.g. [us-states, br].",
    )
    fail_on: FailOn = Field(
        FailOn.REQUIRED,
        description="Exit with status 1 when a check of this severity (or a stricter one) fails; 'never' only reports.",
    )
    publish_page: bool = Field(
        False, description="Also publish each notice's compliance page on the site (noindex, out of the sitemap "
        "and the search); the report is internal: `notices check --html DIR`.",
    )
    in_nav: bool = Field(False, description="List the compliance pages in the site's navigation.")


class Waiver(StrictModel):
    """A finding that a lawyer accepted, until a date: `waivers:` in `notice.yaml`."""

    check: Text = Field(description="Id of the check, as `notices check` prints it, e.g. 'gdpr.art13.2.a.retention'.")
    item: Id | None = Field(
        None, description="Waive only the finding about this YAML id; omit to waive every finding of the check."
    )
    reason: Text = Field(description="Why the finding is accepted, e.g. 'covered by the separate CCPA notice'.")
    approved_by: Text = Field(description="Who approved the waiver, e.g. 'Jane Doe, Legal'.")
    until: Date = Field(description="Last day the waiver holds (YYYY-MM-DD); after it the finding fails again.")
