"""Who gets which change e-mail: one e-mail per person, the most specific audience first.

Audience lists overlap: "All Coursera users" includes the users in the EEA, who must get the EEA
variant (their rights and authorities) and not a second, nearly identical e-mail. An audience that
names regions takes precedence over one that names none (everyone): the broader list's draft says
which lists to leave out when it is sent. Overlaps the tool cannot settle (two audiences for the same
region) are warnings for the reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..source.model import Audience


@dataclass(frozen=True)
class Mailing:
    """One draft's audience, the lists whose members get another variant instead, and what to check."""

    audience: Audience
    excluded: tuple[Audience, ...] = ()
    warnings: tuple[str, ...] = ()


def plan_mailings(audiences: list[Audience]) -> list[Mailing]:
    """A mailing per audience, in order, with its exclusions and a warning per overlap of its list."""
    mailings = []
    for audience in audiences:
        others = [other for other in audiences if other is not audience]
        # A list for everyone leaves out the members of region lists: they get their own variant.
        excluded = tuple(other for other in others if other.regions) if not audience.regions else ()
        warnings = [f"The lists of '{audience.id}' and '{other.id}' overlap: send this e-mail to {audience.email} "
                    f"leaving out the members of {other.email}, who get the '{other.id}' variant, so that "
                    "nobody gets two" for other in excluded]
        warnings += [f"The lists of '{audience.id}' and '{other.id}' both cover "
                     f"{', '.join(sorted(set(audience.regions) & set(other.regions)))}: people on both would get "
                     "two e-mails; decide which variant they get and leave them off the other list"
                     for other in others if set(audience.regions) & set(other.regions)]
        mailings.append(Mailing(audience, excluded, tuple(warnings)))
    return mailings
