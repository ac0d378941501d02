"""Change notices: is a change material, was it announced in time, and who must be told."""

from .classify import Classification, Reason, Verdict, classify
from .policy import check_changes, classify_version

__all__ = ["Classification", "Reason", "Verdict", "check_changes", "classify", "classify_version"]
