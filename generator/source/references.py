"""Checks that need the whole version or library: unique ids and references that resolve."""

from __future__ import annotations

from pathlib import Path

from .index import VersionIndex
from .inline import links_in, literal_syntax
from .model import Facets, LinkPolicy
from .problems import Loc, PendingProblem


def _ref_problem(path: Path, loc: Loc, what: str, ref: str, known: set[str]) -> PendingProblem:
    from .validation import did_you_mean

    hint = did_you_mean(ref, sorted(known)) or (
        f"; known: {', '.join(sorted(known))}" if known and len(known) <= 8 else f"; declare it under '{what}'"
    )
    return PendingProblem(path, loc, f"'{ref}' is not a known {what} id{hint}")


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

    version = index.version
    contacts = set(index.of_kind("contacts"))
    recipients = set(index.of_kind("recipients"))
    collected = set(index.with_facet("collects"))
    bases = set(index.with_facet("legal_basis"))
    sections = index.section_ids()

    def expect(loc: Loc, ref: str | None, known: set[str], what: str) -> None:
        if ref is not None and ref not in known:
            problems.append(_ref_problem(path, loc, what, ref, known))

    if version.controller:
        expect(("controller", "contact"), version.controller.contact, contacts, "contact")
    for position, controller in enumerate(version.controllers):
        expect(("controllers", position, "contact"), controller.contact, contacts, "contact")
    expect(("key_information",), version.key_information, sections, "section")
    for name in ("children", "change_policy"):
        fact = getattr(version, name)
        if fact is not None:
            expect((name, "section"), fact.section, sections, "section")
    for position, transfer in enumerate(version.transfers):
        expect(("transfers", position, "section"), transfer.section, sections, "section")
    for position, retention in enumerate(version.retention):
        expect(("retention", position, "section"), retention.section, sections, "section")
        for i, ref in enumerate(retention.information):
            expect(("retention", position, "information", i), ref, collected, "collected-information")

    for entry in index.entries:
        node = entry.node
        if entry.kind == "contact-block":
            expect((*entry.loc, "contact"), node.contact, contacts, "contact")
        if not isinstance(node, Facets):
            continue
        if node.use:
            for i, ref in enumerate(node.use.information):
                expect((*entry.loc, "use", "information", i), ref, collected, "collected-information")
            for i, ref in enumerate(node.use.legal_bases):
                expect((*entry.loc, "use", "legal_bases", i), ref, bases, "legal-basis")
        if node.discloses:
            for i, ref in enumerate(node.discloses.recipients):
                expect((*entry.loc, "discloses", "recipients", i), ref, recipients, "recipient")
            for i, ref in enumerate(node.discloses.information):
                expect((*entry.loc, "discloses", "information", i), ref, collected, "collected-information")
        if node.right:
            for i, ref in enumerate(node.right.channels):
                expect((*entry.loc, "right", "channels", i), ref, contacts, "contact")

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
                    severity="warning",
                ))
            elif not (link.is_safe_url or (link.is_relative and policy.relative)):
                allowed = "https://, mailto:, tel:, #id, notice:ID or link:ID"
                problems.append(PendingProblem(
                    path, loc, f"link target '{target}' is not allowed; use {allowed} (relative and http:// "
                    "links only where site.yaml's `links:` allows them)",
                ))
    return problems
