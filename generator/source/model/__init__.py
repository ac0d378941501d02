"""The declared schema of every YAML file the tool reads."""

from .base import ID_PATTERN, LINE_PATTERN, Anchor, Id, Region, StrictModel
from .content import (
    Basis,
    Block,
    Cell,
    Collects,
    ContactBlock,
    Discloses,
    Facets,
    Item,
    LegalBasis,
    ListBlock,
    Paragraph,
    Right,
    RightKind,
    Section,
    Source,
    Table,
    TableCell,
    Use,
)
from .documents import Audience, InputLimits, LinkPolicy, NoticeKind, NoticeMeta, SiteConfig, Version
from .facts import (
    ChangeChannel,
    ChangePolicy,
    Children,
    Contact,
    ContactRole,
    Controller,
    Link,
    Recipient,
    RecipientCategory,
    Retention,
    SaleAndSharing,
    SupervisoryAuthority,
    Transfer,
    TransferMechanism,
)

__all__ = [
    "ID_PATTERN", "LINE_PATTERN", "Anchor", "Audience", "Basis", "Block", "Cell", "ChangeChannel",
    "ChangePolicy", "Children", "Collects", "Contact", "ContactBlock", "ContactRole", "Controller",
    "Discloses", "Facets", "Id", "InputLimits", "Item", "LegalBasis", "Link", "LinkPolicy", "ListBlock", "NoticeKind",
    "NoticeMeta", "Paragraph", "Recipient", "RecipientCategory", "Region", "Retention", "Right", "RightKind",
    "SaleAndSharing", "Section", "SiteConfig", "Source", "StrictModel", "SupervisoryAuthority", "Table", "TableCell",
    "Transfer", "TransferMechanism", "Use", "Version",
]
