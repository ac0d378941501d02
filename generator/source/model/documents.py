"""The three kinds of YAML document: site settings, notice metadata and notice versions."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from .base import Date, Days, Id, Line, Region, StrictModel, Text
from .compliance import ComplianceSettings, Waiver
from .content import Section
from .facts import (
    AutomatedDecision,
    ChangePolicy,
    Children,
    Contact,
    Controller,
    Email,
    HttpsUrl,
    Link,
    Recipient,
    Retention,
    SaleAndSharing,
    SupervisoryAuthority,
    Transfer,
)
from .regions import RegionDefinition

OldPath = Annotated[str, StringConstraints(pattern=r"^/(?:[A-Za-z0-9_-]+/?)+$", max_length=200)]
"""A site path such as '/privacy-policy': letters, digits, '-', '_' and '/' only, so it stays in the site."""


class NoticeKind(StrEnum):
    NOTICE = "notice"
    SUPPLEMENT = "supplement"


class NoticeMeta(StrictModel):
    """`notices/<id>/notice.yaml`: what the notice is and whom it addresses."""

    title: Line
    kind: NoticeKind = NoticeKind.NOTICE
    supplements: Id | None = Field(None, description="For a supplement: the id of the notice it supplements.")
    audiences: list[Id] = Field(min_length=1, description="Ids of audiences from `site_config/site.yaml`.")
    description: Text | None = None
    notice_period_days: Days | None = Field(
        None, description="Overrides the site's notice period for material changes."
    )
    waivers: list[Waiver] = Field(
        default_factory=list, description="Compliance findings accepted by a lawyer, each until a date."
    )
    import_review: bool = Field(
        False, description="Imported history awaiting the team's review: not locked until this is removed."
    )
    redirect_from: list[OldPath] = Field(
        default_factory=list, description="Old site paths (e.g. '/privacy-policy') that redirect to this notice."
    )
    at_a_glance: bool = Field(
        True, description="Show the generated 'At a glance' summary of the facts above the notice's text."
    )
    ccpa_tables: bool = Field(
        True, description="Show the generated CCPA tables (categories, sources, purposes, recipients, sale) where "
        "the notice addresses California.",
    )


class ChangeNotes(StrictModel):
    """What a version changes, for the people it affects: the facts of the change notice."""

    reasons: list[Text] = Field(default_factory=list, description="Why the notice changes, one reason each.")
    impact: Text | None = Field(None, description="The likely impact on readers, in plain words (WP260 para 31).")
    choices: list[Text] = Field(
        default_factory=list, description="What readers can do about the change (object, opt out, delete...)."
    )
    audiences: list[Id] = Field(
        default_factory=list, description="Ids of the audiences affected; default: the notice's audiences."
    )
    material: bool | None = Field(
        None, description="A lawyer's decision; when absent, the tool's classification of the data decides."
    )
    decided_by: Text | None = Field(None, description="Who decided `material:` (name and role).")
    decided_on: dt.date | None = Field(None, description="The day `material:` was decided.")


class Version(StrictModel):
    """`notices/<id>/<YYYY-MM-DD>.yaml`: the full text and facts of one version."""

    effective: Date = Field(description="The day this version takes effect; equals the file name.")
    summary: Text = Field(description="One line: what this version changes.")
    announced: Date | None = Field(None, description="The day the change was announced to the people it affects.")
    illustrative: bool = Field(
        False, description="An invented example, not the organisation's text: labelled so on its page, in the "
        "banner and in the feed.",
    )
    change: ChangeNotes | None = Field(None, description="Reasons, impact, audiences and materiality of the change.")
    date_line: Text | None = Field(
        None, description="The version's own date line, shown instead of 'Effective: …' (e.g. 'Last updated: …')."
    )
    announcement: HttpsUrl | None = Field(None, description="Where the change was announced (a blog post).")
    controller: Controller | None = None
    controllers: list[Controller] = Field(
        default_factory=list,
        description="Further controllers, each for its `regions` (e.g. one for North America, one elsewhere).",
    )
    contacts: list[Contact] = Field(default_factory=list)
    recipients: list[Recipient] = Field(default_factory=list)
    transfers: list[Transfer] = Field(default_factory=list)
    retention: list[Retention] = Field(default_factory=list)
    supervisory_authorities: list[SupervisoryAuthority] = Field(default_factory=list)
    children: Children | None = None
    change_policy: ChangePolicy | None = None
    sale_and_sharing: SaleAndSharing | None = Field(
        None, description="Whether personal information is sold or shared for targeted advertising, and to whom."
    )
    automated_decisions: list[AutomatedDecision] = Field(
        default_factory=list, description="Decisions taken by automated means (with or without profiling).")
    key_information: Id | None = Field(None, description="Id of the section that summarises the notice.")
    jurisdictions: list[Region] = Field(default_factory=list, description="Regions the notice addresses.")
    links: list[Link] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)


class Audience(StrictModel):
    """A group of people a notice addresses, and the list address that reaches them."""

    id: Id
    name: Line
    email: Email | None = Field(None, description="List address that change e-mails go to.")
    regions: list[Region] = Field(default_factory=list)


class LinkPolicy(StrictModel):
    """Which link targets besides https://, mailto:, tel: and references prose may use."""

    relative: bool = Field(False, description="Allow site-relative links such as '/terms' or 'cookies.html'.")
    http: bool = Field(False, description="Allow plain http:// links (each one is reported as a warning).")


class InputLimits(StrictModel):
    """How much one YAML file may hold; the defaults fit a notice many times the size of Coursera's."""

    max_file_bytes: int = Field(4 * 1024 * 1024, ge=1024, description="Largest YAML file, in bytes.")
    max_text_chars: int = Field(2_000_000, ge=1000, description="Most characters of text in one file.")
    max_depth: int = Field(50, ge=10, le=500, description="Deepest nesting of lists and mappings.")


class SiteConfig(StrictModel):
    """`site_config/site.yaml`: organisation-wide settings."""

    organisation: Line
    site_url: HttpsUrl
    languages: list[Text] = Field(default_factory=lambda: ["en"])
    privacy_email: Email
    sender: Line = Field(description="From: line of change e-mails, e.g. 'Coursera <privacy@coursera.org>'.")
    jurisdictions: list[Region] = Field(default_factory=list, description="Where the organisation operates.")
    regions: list[RegionDefinition] = Field(
        default_factory=list, description="Regions besides the built-in ones (README, 'Regions'), with their laws.")
    notice_period_days: Days = Field(30, description="Advance notice for material changes.")
    banner_days_after: Days = Field(
        30, description="Days the site banner stays up after a material change takes effect."
    )
    compare_all_versions: bool = Field(
        False, description="Build a comparison page for every pair of versions, not only each version against "
        "the one before it and the one in force: n(n-1)/2 pages for n versions, for short histories only.")
    audiences: list[Audience] = Field(min_length=1)
    address: list[Text] = Field(default_factory=list, description="Postal address shown in the site's footer.")
    copyright: Text | None = Field(
        None, description="Footer copyright line; default: '© <year of the as-of date> <organisation>'."
    )
    logo: Text | None = Field(
        None, description="The header logo: a path under the docs folder (site_config/pages/); default: the "
        "shipped assets/logo.svg.",
    )
    links: LinkPolicy = Field(default_factory=LinkPolicy, description="Link targets allowed in prose.")
    compliance: ComplianceSettings = Field(
        default_factory=ComplianceSettings, description="What `notices check` checks and how its results show."
    )
    limits: InputLimits = Field(
        default_factory=InputLimits, description="Limits on every YAML file, against mistakes and hostile input."
    )
