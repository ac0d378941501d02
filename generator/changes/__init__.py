"""Change notices: is a change material, was it announced in time, and who must be told."""

from .classify import Classification, Reason, classify

__all__ = ["Classification", "Reason", "classify"]
