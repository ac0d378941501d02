"""Facts cite their words: `notices validate` checks facts against the prose that states them (`check.py`), the
versions in force or upcoming from the project's cache (`current.py`)."""

from .current import check_citations

__all__ = ["check_citations"]
