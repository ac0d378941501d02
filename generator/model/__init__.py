"""The declared schema of every YAML file the tool reads."""

from .base import ID_PATTERN, REGION_NAMES, Id, Region, StrictModel
from .content import (
    Basis,
    Block,
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
    Use,
)
from .documents import Audience, NoticeKind, NoticeMeta, SiteConfig, Version
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
    SupervisoryAuthority,
    Transfer,
    TransferMechanism,
)

__all__ = [
    "ID_PATTERN", "REGION_NAMES", "Audience", "Basis", "Block", "ChangeChannel", "ChangePolicy",
    "Children", "Collects", "Contact", "ContactBlock", "ContactRole", "Controller", "Discloses",
    "Facets", "Id", "Item", "LegalBasis", "Link", "ListBlock", "NoticeKind", "NoticeMeta",
    "Paragraph", "Recipient", "RecipientCategory", "Region", "Retention", "Right", "RightKind",
    "Section", "SiteConfig", "Source", "StrictModel", "SupervisoryAuthority", "Transfer",
    "TransferMechanism", "Use", "Version",
]
