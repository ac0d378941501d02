"""Checks that need the whole version or library: unique ids and references that resolve."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .fact_kinds import FACT_KINDS, KINDS, SECTION, Place
from .index import Entry, VersionIndex
from .inline import links_in, literal_syntax
from .model import LinkPolicy
from .problems import Loc, PendingProblem
from .validation import did_you_mean


def _ref_problem(path: Path, loc: Loc, what: str, ref: str, known: set[str]) -> PendingProblem:
    hint = did_you_mean(ref, sorted(known)) or (
        f"; known: {', '.join(sorted(known))}" if known and len(known) <= 8 else f"; declare it under '{what}'"
    )
    return PendingProblem(path, loc, f"'{ref}' is not a known {what} id{hint}")


def fact_references(index: VersionIndex) -> Iterator[tuple[Loc, Any, str]]:
    """Every field of every fact that names another fact or a section: its place, value and target."""
    version = index.version
    faceted: list[Entry] | None = None
    for kind in FACT_KINDS:
        if not kind.references:
            continue  # names nothing (half the kinds): its facts need not be gathered
        if kind.place is Place.SINGLE:
            facts: list[tuple[Loc, Any]] = [((kind.name,), getattr(version, kind.name))]
        elif kind.place is Place.LIST:
            facts = [((kind.name, i), fact) for i, fact in enumerate(getattr(version, kind.name))]
        else:
            faceted = list(index.faceted()) if faceted is None else faceted  # walked once for every facet
            facts = [((*e.loc, kind.name), fact) for e in faceted if (fact := getattr(e.node, kind.name)) is not None]
        for loc, fact in facts:
            if fact is None:
                continue
            for reference in kind.references:
                value: Any = fact
                for name in reference.path:
                    value = getattr(value, name)
                yield (*loc, *reference.path), value, reference.target


def _targets(index: VersionIndex, target: str) -> tuple[set[str], str]:
    """The ids a reference may name, and what to call one in a problem."""
    if target == SECTION:
        return index.section_ids(), SECTION
    kind = KINDS[target]
    known = index.with_facet(kind.name) if kind.place is Place.FACET else index.of_kind(kind.name)
    return set(known), kind.noun


def check_version(
    path: Path, index: VersionIndex, notice_ids: set[str], policy: LinkPolicy | None = None
) -> list[PendingProblem]:
    """Duplicate ids, dangling references, disallowed links and literal markup in one version."""
    policy = policy or LinkPolicy()
    problems: list[PendingProblem] = []
    first: dict[str, str] = {}
    for entry in index.entries:
        if not entry.id:
            continue
        if entry.id in first:
            problems.append(PendingProblem(
                path, (*entry.loc, "id"),
                f"duplicate id '{entry.id}' (already used by a {first[entry.id]}); ids must be unique "
                "within a version, so rename one",
            ))
        else:
            first[entry.id] = entry.kind.rstrip("s").replace("_", " ")

    def expect(loc: Loc, ref: str | None, known: set[str], what: str) -> None:
        if ref is not None and ref not in known:
            problems.append(_ref_problem(path, loc, what, ref, known))

    targets: dict[str, tuple[set[str], str]] = {}
    for loc, value, target in fact_references(index):
        if target not in targets:
            targets[target] = _targets(index, target)
        known, what = targets[target]
        if isinstance(value, list):
            for i, ref in enumerate(value):
                expect((*loc, i), ref, known, what)
        else:
            expect(loc, value, known, what)
    expect(("key_information",), index.version.key_information, index.section_ids(), SECTION)
    contacts = set(index.of_kind("contacts"))
    for entry in index.entries:
        if entry.kind == "contact-block":
            expect((*entry.loc, "contact"), entry.node.contact, contacts, "contact")

    links = set(index.of_kind("links"))
    anchors = set(index.by_id) | index.aliases()
    for loc, text in index.texts():
        for what in literal_syntax(text):
            problems.append(PendingProblem(
                path, loc, f"text holds {what}, which will show literally; remove it or write it as text",
                severity="warning",
            ))
        for link in links_in(text):
            target = link.target
            if target.startswith("link:"):
                expect(loc, target[5:], links, "link")
            elif target.startswith("notice:"):
                expect(loc, target[7:], notice_ids, "notice")
            elif target.startswith("#"):
                expect(loc, target[1:], anchors, "anchor")
            elif link.is_http and policy.http:
                problems.append(PendingProblem(
                    path, loc, f"link target '{target}' is plain http://; use https:// if the site offers it",
                    severity="warning", stops_strict_build=False,
                ))
            elif not (link.is_safe_url or (link.is_relative and policy.relative)):
                allowed = "https://, mailto:, tel:, #id, notice:ID or link:ID"
                problems.append(PendingProblem(
                    path, loc, f"link target '{target}' is not allowed; use {allowed} (relative and http:// "
                    "links only where site.yaml's `links:` allows them)",
                ))
    return problems
