"""Facts about the organisation that a notice states: who, where, to whom, how long."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from .base import Id, Region, StrictModel, Text

Email = Annotated[str, StringConstraints(pattern=r"^[^@\s<>\"(),;:\[\]\\]+@[^@\s<>\"(),;:\[\]\\]+\.[A-Za-z]{2,}$")]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 ()-]{4,}$")]
HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"]+$")]
UnstatedReason = Annotated[
    Text | None,
    Field(description="Why the text cannot state this fact; the fact is then not checked against the text."),
]
"""The written reason a fact may stand without the words that state it (listed by `notices check`)."""


class ContactRole(StrEnum):
    CONTROLLER = "controller"
    PRIVACY = "privacy"
    DPO = "dpo"
    EU_REPRESENTATIVE = "eu-representative"
    UK_REPRESENTATIVE = "uk-representative"
    SUPPORT = "support"


class Contact(StrictModel):
    """A way to reach the organisation, its DPO or its representatives."""

    id: Id
    role: ContactRole
    name: Text = Field(description="Organisation or team, e.g. 'Coursera Europe B.V.'.")
    attention: Text | None = Field(None, description="'Attn:' line of the postal address.")
    address: list[Text] = Field(default_factory=list, description="Postal address, one line per entry.")
    country: Text | None = None
    email: Email | None = None
    phone: Phone | None = None
    regions: list[Region] = Field(default_factory=list, description="Where this contact serves.")


class Controller(StrictModel):
    """The data controller."""

    name: Text
    contact: Id = Field(description="Id of the controller's entry in `contacts`.")
    incorporated_in: Text | None = None
    regions: list[Text] = Field(
        default_factory=list, description="Where this controller is responsible, in words (e.g. 'North America')."
    )
    jurisdictions: list[Region] = Field(
        default_factory=list,
        description="The region ids this controller is responsible for; the compliance checks of a region use its "
        "controller. Empty: every region no other controller names.")


class RecipientCategory(StrEnum):
    SERVICE_PROVIDER = "service-provider"
    BUSINESS_PARTNER = "business-partner"
    CONTENT_PROVIDER = "content-provider"
    INSTRUCTOR = "instructor"
    PUBLIC = "public"
    AUTHORITY = "authority"
    ACQUIRER = "acquirer"
    AFFILIATE = "affiliate"
    THIRD_PARTY = "third-party"


class Recipient(StrictModel):
    """A recipient, or category of recipients, of personal information."""

    id: Id
    name: Text
    category: RecipientCategory


class TransferMechanism(StrEnum):
    ADEQUACY = "adequacy"
    EU_US_PRIVACY_SHIELD = "eu-us-privacy-shield"
    SWISS_US_PRIVACY_SHIELD = "swiss-us-privacy-shield"
    EU_US_DATA_PRIVACY_FRAMEWORK = "eu-us-data-privacy-framework"
    STANDARD_CONTRACTUAL_CLAUSES = "standard-contractual-clauses"
    BINDING_CORPORATE_RULES = "binding-corporate-rules"
    UK_IDTA = "uk-idta"
    UK_ADDENDUM = "uk-addendum"
    DEROGATION = "derogation"


class Transfer(StrictModel):
    """An international transfer and the mechanism that makes it lawful."""

    id: Id
    origins: list[Region] = Field(min_length=1)
    destination: Text = Field(description="Country the data goes to, e.g. 'United States'.")
    mechanism: TransferMechanism
    section: Id | None = Field(None, description="Section that describes the transfer.")
    unstated_reason: UnstatedReason = None


class Retention(StrictModel):
    """How long information is kept: a period, or the criteria that decide it."""

    id: Id
    information: list[Id] = Field(
        default_factory=list, description="Ids of the items it covers; empty means all information."
    )
    period: Text | None = Field(None, description="A stated period, e.g. '3 years after account closure'.")
    criteria: Text | None = None
    section: Id | None = None
    unstated_reason: UnstatedReason = None


class SupervisoryAuthority(StrictModel):
    """A data-protection authority the reader may complain to."""

    id: Id
    name: Text
    region: Region
    url: HttpsUrl | None = None


class Children(StrictModel):
    """The notice's position on children's data."""

    minimum_age: int = Field(ge=0, le=21)
    directed_to_children: bool = False
    section: Id | None = None


class ChangeChannel(StrEnum):
    SITE_NOTICE = "site-notice"
    EMAIL = "email"
    IN_APP = "in-app"
    EFFECTIVE_DATE = "effective-date"


class ChangePolicy(StrictModel):
    """How the notice says its changes are announced."""

    channels: list[ChangeChannel] = Field(min_length=1)
    advance_notice: bool = Field(False, description="Material changes are announced before they apply.")
    section: Id | None = None
    unstated_reason: UnstatedReason = None


class Link(StrictModel):
    """A document the notice links to, referred to in text as `[words](link:ID)`."""

    id: Id
    title: Text
    url: HttpsUrl


class AutomatedDecision(StrictModel):
    """A decision taken by automated means, with or without profiling (GDPR Art. 22, 13(2)(f), 14(2)(g))."""

    id: Id
    name: Text = Field(description="What is decided, as readers would call it, e.g. 'Revocation of certificates'.")
    logic: Text = Field(description="The logic involved, in words a reader understands.")
    significance: Text = Field(description="Its significance and the consequences the person can expect.")
    profiling: bool = Field(False, description="The decision rests on profiling (evaluating personal aspects).")
    significant_effects: bool = Field(
        False, description="It has legal effects on the person or affects them similarly significantly (Art. 22(1)).")
    human_review: bool = Field(False, description="The person can have a human review the decision.")
    contest: Id | None = Field(
        None, description="Id of the contact through which the person contests the decision and states their view.")
    section: Id | None = Field(None, description="The section that describes it.")


class SaleAndSharing(StrictModel):
    """Whether personal information is sold, or shared for targeted (cross-context behavioural) advertising."""

    sells: bool = Field(description="Personal information is sold (CCPA 1798.140(ad)).")
    shares_for_targeted_advertising: bool = Field(
        description="Personal information is shared for cross-context behavioural or targeted advertising."
    )
    recipients: list[Id] = Field(default_factory=list, description="Ids from `recipients` it is sold or shared to.")
    opt_out: HttpsUrl | None = Field(None, description="The 'Do Not Sell or Share My Personal Information' page.")
    section: Id | None = Field(None, description="The section that says it.")
    unstated_reason: UnstatedReason = None
