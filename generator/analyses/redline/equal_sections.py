"""The older version's top-level sections that equal the newer version's, aligned without their own trees.

A build compares every earlier version with the version in force, and versions share most of their sections:
each comparison made the older version's tree of every section, paired its anonymous blocks, indexed and
compared its units, to find again that equal data gives equal units. A top-level section of the older version
whose data equals the newer version's section of the same id (pydantic's equality: what the comparison itself
asks of a part before it calls it unchanged) aligns unit for unit with the newer one: the same kinds, titles,
texts and parents, the same keys (its anonymous blocks pair one for one, their signatures being equal), the
same order, so nothing in it moves, and the merged section is the newer version's unchanged one. So such a
section is made as a childless node standing for the newer section (`Node.same_as`, tree.py), and the newer
section's units stand for its own wherever the comparison looks an older unit up (`units_standing_in`).

That holds while a unit's words and key follow from its section's data alone:

* a contact block shows its contact's details from the version's list, so the contacts must be equal too;
* a repeated key is renamed by a count of the units before it (align.py's `_index`): neither version may
  repeat one, nor may another unit of the older version have the key of a unit in such a section (it would
  be a repeat once the section's units were made); otherwise the comparison is made again without stand-ins.

About a third of a comparison with the version in force at 100 versions. `tests/test_equal_sections.py`
compares redlines made with stand-ins with those made without, in every format, on random versions and on
the example's versions.
"""

from __future__ import annotations

from ...source.model import Version
from .tree import NewerSide, Node


def equal_sections(old: Version, new: Version) -> frozenset[int]:
    """The positions of `old`'s top-level sections equal to `new`'s section of the same id."""
    if old.contacts != new.contacts:
        return frozenset()
    newer = {section.id: section for section in new.sections}
    if len(newer) != len(new.sections):
        return frozenset()  # a repeated id, renamed when indexed
    return frozenset(position for position, section in enumerate(old.sections)
                     if (other := newer.get(section.id)) is not None and (other is section or other == section))


def units_standing_in(old_roots: list[Node], equal: frozenset[int], newer: NewerSide) -> dict[str, Node] | None:
    """The newer version's units inside the sections at the positions `equal` of `old_roots`, by key, each
    section's node told which newer section it stands for; None when the newer version repeats a key."""
    found: dict[str, Node] = {}
    if not equal:
        return found
    if not newer.distinct:
        return None
    for position in sorted(equal):
        root = old_roots[position]
        other = root.same_as = newer.by_key[root.key]
        inside = newer.inside.get(root.key)
        if inside is None:
            inside = newer.inside[root.key] = {node.key: node for node in other.walk() if node is not other}
        found.update(inside)
    return found
