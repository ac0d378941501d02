"""The prose of a notice: sections, paragraphs, lists and the facts attached to them.

Every paragraph and list item may carry *facets*: machine-readable facts about
what its sentence says (what it collects, what it is used for, to whom it is
disclosed, which right it grants, which legal basis it names). The prose stays
the legal text; facets make it checkable and diffable.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from .base import Anchor, Id, Region, StrictModel, Text
from .facts import UnstatedReason


class Source(StrEnum):
    YOU = "you"
    AUTOMATIC = "automatic"
    THIRD_PARTIES = "third-parties"
    PARTNERS = "partners"


Quote = Text | list[Text]
"""The words of a unit that state a fact, verbatim: one phrase, or several when the fact sums up more than one."""


class Collects(StrictModel):
    """A kind of information collected."""

    data: list[Text] = Field(default_factory=list, description="Data elements, e.g. 'email address'.")
    sources: list[Source] = Field(default_factory=list, description="Where the information comes from.")
    sensitive: bool = Field(False, description="Special-category or otherwise sensitive information.")
    quote: dict[Text, Quote] = Field(
        default_factory=dict,
        description="For a data element or source the text words differently: the words of the paragraph or item "
                    "that state it, verbatim, e.g. {pages visited: the pages you view}.",
    )
    unstated_reason: UnstatedReason = None


class Basis(StrEnum):
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal-obligation"
    LEGITIMATE_INTERESTS = "legitimate-interests"
    CONSENT = "consent"
    VITAL_INTERESTS = "vital-interests"
    PUBLIC_TASK = "public-task"


class LegalBasis(StrictModel):
    """A legal basis for processing (GDPR Art. 6(1))."""

    basis: Basis


class Use(StrictModel):
    """A use of information, with its purpose."""

    purpose: Text = Field(description="The purpose in a few words, e.g. 'provide the Services'.")
    legal_bases: list[Id] = Field(
        default_factory=list, description="Ids of the paragraphs or items that state the legal basis."
    )
    information: list[Id] = Field(
        default_factory=list, description="Ids of the items that describe the information used."
    )
    quote: Quote | None = Field(
        None, description="When the text words the purpose differently: the words of the paragraph or item that "
                          "state it, verbatim.")
    unstated_reason: UnstatedReason = None


class Discloses(StrictModel):
    """A disclosure of information to recipients."""

    recipients: list[Id] = Field(min_length=1, description="Ids from the version's `recipients` list.")
    purpose: Text | None = None
    information: list[Id] = Field(default_factory=list)
    quote: dict[Text, Quote] = Field(
        default_factory=dict,
        description="For a recipient (by id) or the purpose ('purpose') the text words differently: the words of "
                    "the paragraph or item that state it, verbatim.",
    )
    unstated_reason: UnstatedReason = None


class RightKind(StrEnum):
    ACCESS = "access"
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    RESTRICTION = "restriction"
    OBJECT = "object"
    PORTABILITY = "portability"
    WITHDRAW_CONSENT = "withdraw-consent"
    COMPLAIN = "complain"
    KNOW = "know"
    DELETE = "delete"
    CORRECT = "correct"
    OPT_OUT_OF_SALE = "opt-out-of-sale"
    OPT_OUT_OF_SHARING = "opt-out-of-sharing"
    """Of sharing for cross-context behavioural (targeted) advertising, CPRA's right beside opting out of sale."""
    NON_DISCRIMINATION = "non-discrimination"
    SHINE_THE_LIGHT = "shine-the-light"
    MARKETING_CHOICES = "marketing-choices"


class Right(StrictModel):
    """A right the reader has, and where it applies."""

    kinds: list[RightKind] = Field(min_length=1)
    regions: list[Region] = Field(default_factory=lambda: ["worldwide"])
    channels: list[Id] = Field(
        default_factory=list, description="Ids of contacts through which the right is exercised."
    )


class Facets(StrictModel):
    """Facts that a paragraph or list item states."""

    collects: Collects | None = None
    use: Use | None = None
    discloses: Discloses | None = None
    right: Right | None = None
    legal_basis: LegalBasis | None = None


# One field definition shared by every model that takes aliases.
_ALIASES: Any = Field(
    default_factory=list,
    description="Former or external anchors (e.g. the source's `#Mixed-Case`) that keep pointing here.",
)


class Paragraph(Facets):
    """One or more paragraphs (one per line of `text`), optionally with a bold lead-in `title`."""

    id: Id | None = None
    aliases: list[Anchor] = _ALIASES
    title: Text | None = Field(None, description="Bold lead-in, e.g. 'Shine the Light'.")
    text: Text


class Item(Facets):
    """A list item: bold lead-in `title`, `text` (one paragraph per line) and nested `items`."""

    id: Id
    aliases: list[Anchor] = _ALIASES
    title: Text | None = None
    text: Text | None = None
    numbered: bool = Field(False, description="Number the nested items.")
    items: list[Item] = Field(default_factory=list)
    after: Text | None = Field(None, description="Paragraphs after the nested list, inside the item.")


class ListBlock(StrictModel):
    """A bulleted or numbered list."""

    id: Id | None = None
    numbered: bool = False
    items: list[Item] = Field(min_length=1)


class Cell(StrictModel):
    """A table cell holding more than one paragraph: paragraphs (`text`), then a list (`items`)."""

    text: Text | None = None
    numbered: bool = False
    items: list[Item] = Field(default_factory=list)


TableCell = str | Cell
"""A cell: inline text (one paragraph per line; '' for an empty cell), or a `Cell` with a list."""


class Table(StrictModel):
    """A table: one header row naming the columns, then rows of cells in the same order."""

    id: Id | None = None
    caption: Text | None = Field(None, description="What the table shows; read out before the table.")
    header: list[Text] = Field(min_length=1, description="Column headings.")
    rows: list[list[TableCell]] = Field(min_length=1, description="Rows, each a list with one cell per column.")
    row_headers: bool = Field(False, description="The first cell of each row names the row.")

    @model_validator(mode="after")
    def one_cell_per_column(self) -> Table:
        # The usual slip: a cell holding a comma in a `[a, b]` row, which YAML reads as two cells. Every such row
        # is named at once, so that one run of `validate` shows them all.
        wrong = [f"row {number} has {len(row)}" for number, row in enumerate(self.rows, 1)
                 if len(row) != len(self.header)]
        if wrong:
            raise PydanticCustomError(
                "row_width", "{rows} cell(s) but the header names {columns} column(s); give each row one cell per "
                "column (a cell holding a comma must be quoted inside [ ], as in 'Service providers, such as "
                "hosts', or written on a '- ' line of its own)",
                {"rows": ", ".join(wrong), "columns": len(self.header)})
        return self


class ContactBlock(StrictModel):
    """The postal address, phone and e-mail of a contact, laid out as an address."""

    contact: Id = Field(description="Id from the version's `contacts` list.")


def _block_kind(value: Any) -> str:
    """The tag of a block: from its keys when validating YAML, from its class when serializing a model."""
    if isinstance(value, dict):
        if "items" in value:
            return "list"
        if "contact" in value:
            return "contact"
        if "rows" in value or "header" in value:
            return "table"
        return "paragraph"
    return _BLOCK_TAGS.get(type(value), "paragraph")


_BLOCK_TAGS: dict[type, str] = {Paragraph: "paragraph", ListBlock: "list", ContactBlock: "contact", Table: "table"}

Block = Annotated[
    Annotated[Paragraph, Tag("paragraph")]
    | Annotated[ListBlock, Tag("list")]
    | Annotated[ContactBlock, Tag("contact")]
    | Annotated[Table, Tag("table")],
    Discriminator(_block_kind),
]


class Section(StrictModel):
    """A section of a notice; its `id` is the anchor of its heading.

    A section without `title` has no heading: use it for text before the first heading.
    """

    id: Id
    aliases: list[Anchor] = _ALIASES
    title: Text | None = None
    jurisdictions: list[Region] = Field(
        default_factory=list, description="Regions this section is addressed to (empty: everyone)."
    )
    blocks: list[Block] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list, description="Sub-sections.")
