"""Findings for tags the text does not back (`analyses.citations.bare_tags`): a bare tag earns no pass."""

from __future__ import annotations

from ...source.model import Contact
from ..citations.bare_tags import misnamed_representatives, unnamed_sources
from ..citations.named import text_loc, unit_name
from .context import CheckContext
from .findings import Issue, Outcome, failed

UNNAMED_SOURCE = "information is tagged as coming from others whom the text does not name"


def unnamed_source_issues(ctx: CheckContext) -> list[Issue]:
    """Art. 14(2)(f): a source tagged third parties or partners that the text does not name."""
    issues = []
    for unnamed in unnamed_sources(ctx.index):
        said = f"says only \"{unnamed.words}\"" if unnamed.words else "does not say so"
        issues.append(Issue(
            f"the information is tagged as coming from '{unnamed.source}' but the text of "
            f"{unit_name(ctx.index, unnamed.entry)} {said}, without naming the source; name it in the text (e.g. "
            f"\"a third party site, e.g., Facebook\") and quote those words (quote: {{{unnamed.source}: \"…\"}})",
            unnamed.loc, unnamed.entry.id or None, problem=UNNAMED_SOURCE))
    return issues


def misnamed_outcome(ctx: CheckContext, contact: Contact) -> Outcome | None:
    """A failure when the representative's introducing text does not call it that; None when it does."""
    for role in misnamed_representatives(ctx.index):
        if role.contact.id != contact.id or role.entry is None:
            continue
        said = f"calls it \"{role.said}\"" if role.said else f"does not call it the {role.title}"
        return failed(Issue(
            f"the {role.title} '{contact.name}' is shown, but the text of {unit_name(ctx.index, role.entry)} {said}, "
            f"so readers are not told who their {role.title} is; call it the {role.title} in that paragraph",
            text_loc(role.entry), role.entry.id or None))
    return None
