"""The CCPA tables of a notice page, built from the same facts as the "At a glance" layer.

The California regulations ask a notice at collection and a privacy policy to give, for each category of
personal information collected, its sources, the business or commercial purposes, the categories of
recipients, and whether it is sold or shared (11 CCR 7011(e)(1), 7012(e)). The categories here are the
notice's own (its `collects` facts); the schema holds no statutory category, and the tables say so.

Whether information is sold or shared comes from the `sale_and_sharing` fact alone: without it every answer
is "Not stated", never "No".
"""

from __future__ import annotations

from dataclasses import dataclass

from ..source.index import Entry, VersionIndex, node_attribute
from ..source.model import SaleAndSharing, Version
from .glance import Answer, Units
from .glance_words import RECIPIENT_WORDS, SOURCE_WORDS, in_words

CALIFORNIA = "us-ca"
NOT_STATED = "Not stated"
NOT_STATED_HERE = "Not stated for this category"


@dataclass(frozen=True)
class CategoryRow:
    """One category of personal information and what the notice says about it."""

    category: Answer
    sources: tuple[str, ...]
    purposes: tuple[str, ...]
    recipients: tuple[str, ...]
    sold_or_shared: str

    def cells(self) -> tuple[tuple[str, str], ...]:
        """The row's cells in words, by column, for comparing two versions' tables."""
        return (("Information", self.category.detail), ("Sources", "; ".join(self.sources)),
                ("Purposes", "; ".join(self.purposes)), ("Recipients", "; ".join(self.recipients)),
                ("Sold or shared", self.sold_or_shared))


@dataclass(frozen=True)
class SaleRow:
    question: str
    answer: str
    to_whom: str
    anchor: str


@dataclass(frozen=True)
class CcpaTables:
    categories: tuple[CategoryRow, ...]
    sale: tuple[SaleRow, ...]
    opt_out: str
    """The 'Do Not Sell or Share' page, when the fact names one."""


def california_applies(version: Version, index: VersionIndex) -> bool:
    """The notice addresses California: in its `jurisdictions`, a section's, or a right's regions."""
    regions = {str(region) for region in version.jurisdictions}
    for entry in index.entries:
        regions.update(str(region) for region in node_attribute(entry.node, "jurisdictions") or ())
        right = node_attribute(entry.node, "right")
        if right is not None:
            regions.update(str(region) for region in right.regions)
    return CALIFORNIA in regions


def _sold_or_shared(fact: SaleAndSharing | None, recipients: set[str]) -> str:
    """The category's answer: from the fact, for the category's recipients when the fact names them."""
    if fact is None:
        return NOT_STATED
    if not fact.sells and not fact.shares_for_targeted_advertising:
        return "No"
    if fact.recipients and not recipients & set(fact.recipients):
        return NOT_STATED_HERE
    done = [what for what, yes in (("sold", fact.sells), ("shared", fact.shares_for_targeted_advertising)) if yes]
    return "Yes: " + " and ".join(done)


def _category(units: Units, entry: Entry, fact: SaleAndSharing | None) -> CategoryRow:
    version = units.index.version
    names = {recipient.id: recipient for recipient in version.recipients}
    purposes = [u.node.use.purpose for u in units.with_facet("use") if units.covered(entry, u.node.use.information)]
    disclosed = [r for d in units.with_facet("discloses") if units.covered(entry, d.node.discloses.information)
                 for r in d.node.discloses.recipients]
    categories = dict.fromkeys(in_words(RECIPIENT_WORDS, names[r].category) for r in disclosed if r in names)
    collects = entry.node.collects
    return CategoryRow(
        category=Answer(units.label(entry), units.anchor(entry), ", ".join(collects.data)),
        sources=tuple(in_words(SOURCE_WORDS, source) for source in collects.sources) or (NOT_STATED,),
        purposes=tuple(dict.fromkeys(purposes)) or (NOT_STATED_HERE,),
        recipients=tuple(categories) or (NOT_STATED_HERE,),
        sold_or_shared=_sold_or_shared(fact, set(disclosed)),
    )


def _sale_rows(version: Version) -> tuple[SaleRow, ...]:
    fact = version.sale_and_sharing
    if fact is None:
        return (SaleRow("Do we sell personal information?", NOT_STATED, "", ""),
                SaleRow("Do we share it for cross-context behavioral advertising?", NOT_STATED, "", ""))
    names = {recipient.id: recipient.name for recipient in version.recipients}
    to_whom = "; ".join(names.get(r, r) for r in fact.recipients)
    anchor = fact.section or ""
    return (SaleRow("Do we sell personal information?", "Yes" if fact.sells else "No",
                    to_whom if fact.sells else "", anchor),
            SaleRow("Do we share it for cross-context behavioral advertising?",
                    "Yes" if fact.shares_for_targeted_advertising else "No",
                    to_whom if fact.shares_for_targeted_advertising else "", anchor))


def ccpa_tables(index: VersionIndex, units: Units | None = None) -> CcpaTables | None:
    """The CCPA tables of one version, or None where the notice does not address California; `units`, when
    given, are its units (shared with the layer's rows)."""
    version = index.version
    if not california_applies(version, index):
        return None
    units = units or Units(index)
    fact = version.sale_and_sharing
    rows = tuple(_category(units, entry, fact) for entry in units.with_facet("collects"))
    return CcpaTables(rows, _sale_rows(version), fact.opt_out or "" if fact else "")
