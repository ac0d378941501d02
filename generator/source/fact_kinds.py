"""The registry of fact kinds: every kind of fact a notice states, and what the tool does with it.

One entry per kind says where the fact sits in the YAML (`field`, `place`), under which heading
the redline summary lists its changes (`category`), which of its fields must name another fact or
a section (`references`), when a change to it is material (`materiality`, `widened_by`, `rule`,
`message`) and how readers see it named (`title`). The index, the reference checker, the redline
and the change classifier all read this table, so a new kind is one entry here plus its model
field, its template snippet and its tests (README, "Adding a fact kind").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    """Redline summary categories, in the order summaries list them."""

    NOTICE = "notice"
    CONTROLLER = "controller"
    COLLECTED = "information-collected"
    USES = "uses"
    LEGAL_BASES = "legal-bases"
    AUTOMATED_DECISIONS = "automated-decisions"
    RECIPIENTS = "recipients"
    TRANSFERS = "transfers"
    RETENTION = "retention"
    RIGHTS = "rights"
    CONTACTS = "contacts"
    SUPERVISORY_AUTHORITIES = "supervisory-authorities"
    CHILDREN = "children"
    CHANGE_POLICY = "change-policy"
    LINKS = "links"
    SUPPLEMENTS = "supplements"
    SECTIONS = "sections"
    WORDING = "wording"


CATEGORY_TITLES: dict[Category, str] = {
    Category.NOTICE: "Scope of the notice",
    Category.CONTROLLER: "Controller",
    Category.COLLECTED: "Information collected",
    Category.USES: "Uses of information",
    Category.LEGAL_BASES: "Legal bases",
    Category.AUTOMATED_DECISIONS: "Automated decisions",
    Category.RECIPIENTS: "Recipients",
    Category.TRANSFERS: "International transfers",
    Category.RETENTION: "Retention",
    Category.RIGHTS: "Your rights",
    Category.CONTACTS: "Contacts",
    Category.SUPERVISORY_AUTHORITIES: "Supervisory authorities",
    Category.CHILDREN: "Children",
    Category.CHANGE_POLICY: "Change policy",
    Category.LINKS: "Linked documents",
    Category.SUPPLEMENTS: "Supplements",
    Category.SECTIONS: "Sections",
    Category.WORDING: "Wording",
}


class Place(StrEnum):
    """Where facts of a kind are written."""

    FACET = "facet"
    """On a paragraph or list item (`collects:`, `use:` ...), next to the prose that states it."""
    LIST = "list"
    """In a list at the top of the version (`contacts:`, `recipients:` ...)."""
    SINGLE = "single"
    """Once at the top of the version (`controller:`, `children:` ...)."""


class Materiality(StrEnum):
    """When a change to a fact is material (change-notices.md; WP260 para 29, Colorado rule 6.04).

    Whatever the kind's materiality, losing one of its `protections` is material, and a changed
    value of one of its `reworded_by` fields needs a legal decision unless only punctuation or case
    changed. Reasons always say which way the fact moved: added, removed, widened or narrowed.
    """

    ANY_CHANGE = "any-change"
    """Adding, changing or removing the fact is material (a removed right or controller too)."""
    WIDER = "wider"
    """Material when the fact is added or one of `widened_by` gains something; removing it narrows."""
    UNLESS_REMOVED = "unless-removed"
    """Material when added or changed; removing it is editorial."""
    SAME_ADDRESS = "same-address"
    """Like `ANY_CHANGE`, but a new display name with the same address, e-mail and phone is editorial."""
    LONGER = "longer"
    """Material unless the stated period is known to be the same or shorter; dropping the period is material."""
    EDITORIAL = "editorial"
    """Never material by itself (beyond losing a protection): it is said elsewhere, or tells readers more."""


@dataclass(frozen=True)
class Reference:
    """A field of a fact that names another fact (by the kind's name) or a section ("section")."""

    path: tuple[str, ...]
    target: str


SECTION = "section"
"""The target of a reference to a section of the notice."""


@dataclass(frozen=True)
class FactKind:
    name: str
    """The model field that holds facts of the kind: on `Facets` for a facet, else on `Version`."""
    place: Place
    category: Category
    title: str
    """What readers call the kind, e.g. in the redline of a single fact."""
    materiality: Materiality
    rule: str
    """The id of the classifier's reason when a change to this kind is material."""
    message: str
    """The reason in words; `{label}` is what the changed fact is called."""
    noun: str = ""
    """One fact of the kind, in problems about references to it ('contact', 'collected-information')."""
    references: tuple[Reference, ...] = ()
    widened_by: tuple[str, ...] = ()
    """For `WIDER`: fields whose change (a list: a new entry; a flag: turned on) widens what the fact covers."""
    protections: tuple[str, ...] = ()
    """Fields whose loss (a list entry dropped, a flag turned off) removes a protection: always material."""
    reworded_by: tuple[str, ...] = ()
    """Fields of free text whose new wording the tool cannot judge: a legal decision, unless punctuation only."""
    key: str | None = "id"
    """For lists: the field that tells facts apart across versions; None when facts have no id."""


FACT_KINDS: tuple[FactKind, ...] = (
    FactKind("collects", Place.FACET, Category.COLLECTED, "Information collected", Materiality.WIDER,
             "new-information", "adds the kind of information '{label}'", noun="collected-information",
             widened_by=("data", "sources", "sensitive"), protections=("sensitive",)),
    FactKind("use", Place.FACET, Category.USES, "Use of information", Materiality.WIDER,
             "new-use", "adds the use '{label}'",
             references=(Reference(("information",), "collects"), Reference(("legal_bases",), "legal_basis")),
             widened_by=("information",), reworded_by=("purpose",)),
    FactKind("legal_basis", Place.FACET, Category.LEGAL_BASES, "Legal basis", Materiality.ANY_CHANGE,
             "legal-basis", "changes the legal basis of '{label}'", noun="legal-basis"),
    FactKind("discloses", Place.FACET, Category.RECIPIENTS, "Disclosure", Materiality.WIDER,
             "new-recipient", "'{label}' discloses information to {recipients}",
             references=(Reference(("recipients",), "recipients"), Reference(("information",), "collects")),
             widened_by=("recipients", "purpose", "information")),
    FactKind("right", Place.FACET, Category.RIGHTS, "Right", Materiality.ANY_CHANGE,
             "rights", "adds the right '{label}'",
             references=(Reference(("channels",), "contacts"),)),
    FactKind("controller", Place.SINGLE, Category.CONTROLLER, "Controller", Materiality.ANY_CHANGE,
             "controller", "changes the controller to '{label}'",
             references=(Reference(("contact",), "contacts"),)),
    FactKind("controllers", Place.LIST, Category.CONTROLLER, "Controller", Materiality.ANY_CHANGE,
             "controller", "changes the controller to '{label}'",
             references=(Reference(("contact",), "contacts"),), key="name"),
    FactKind("contacts", Place.LIST, Category.CONTACTS, "Contact", Materiality.SAME_ADDRESS,
             "contact", "changes how to contact us: '{label}'", noun="contact"),
    FactKind("recipients", Place.LIST, Category.RECIPIENTS, "Recipient", Materiality.WIDER,
             "new-recipient", "adds the recipient '{label}'", noun="recipient", widened_by=("category",),
             reworded_by=("name",)),
    FactKind("transfers", Place.LIST, Category.TRANSFERS, "International transfer", Materiality.UNLESS_REMOVED,
             "new-transfer", "adds or changes the international transfer '{label}'",
             references=(Reference(("section",), SECTION),)),
    FactKind("retention", Place.LIST, Category.RETENTION, "Retention", Materiality.LONGER,
             "retention", "changes retention in '{label}' (it may be longer)",
             references=(Reference(("section",), SECTION), Reference(("information",), "collects"))),
    FactKind("supervisory_authorities", Place.LIST, Category.SUPERVISORY_AUTHORITIES, "Supervisory authority",
             Materiality.SAME_ADDRESS, "contact", "changes how to contact us: '{label}'"),
    FactKind("children", Place.SINGLE, Category.CHILDREN, "Children's information", Materiality.ANY_CHANGE,
             "children", "changes the position on children's information",
             references=(Reference(("section",), SECTION),)),
    FactKind("change_policy", Place.SINGLE, Category.CHANGE_POLICY, "How changes are announced",
             Materiality.EDITORIAL, "change-policy", "changes how changes are announced",
             references=(Reference(("section",), SECTION),), protections=("advance_notice", "channels")),
    FactKind("sale_and_sharing", Place.SINGLE, Category.RECIPIENTS, "Sale and sharing", Materiality.ANY_CHANGE,
             "sale-and-sharing", "states whether information is sold or shared: '{label}'",
             references=(Reference(("recipients",), "recipients"), Reference(("section",), SECTION))),
    FactKind("automated_decisions", Place.LIST, Category.AUTOMATED_DECISIONS, "Automated decision",
             Materiality.UNLESS_REMOVED, "automated-decision", "adds or changes the automated decision '{label}'",
             references=(Reference(("contest",), "contacts"), Reference(("section",), SECTION)),
             protections=("human_review", "contest")),
    FactKind("links", Place.LIST, Category.LINKS, "Linked document", Materiality.EDITORIAL,
             "editorial", "changes the linked document '{label}'", noun="link"),
)

NOT_FACTS = frozenset({"effective", "summary", "announced", "change", "date_line", "announcement", "sections",
                       "jurisdictions", "key_information", "illustrative"})
"""Fields of a version that state no fact: its dates, prose, scope and label. Every other field is a kind above."""

KINDS: dict[str, FactKind] = {kind.name: kind for kind in FACT_KINDS}


def kinds_at(place: Place) -> tuple[FactKind, ...]:
    """The kinds written at one place, in registry order."""
    return tuple(kind for kind in FACT_KINDS if kind.place is place)
