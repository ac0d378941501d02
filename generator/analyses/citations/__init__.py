"""Facts cite their words: `notices validate` checks facts against the prose that states them."""

from .check import check_citations, version_citations

__all__ = ["check_citations", "version_citations"]
