"""GDPR Art. 13(2)(f), 14(2)(g) and 22: automated decisions, profiling and their safeguards."""

from __future__ import annotations

from ..citations.words import AUTOMATED as ADM_WORDS
from .catalog import check
from .context import CheckContext
from .findings import Issue, Outcome, failed, outcome_of, passed


def _automated(ctx: CheckContext) -> bool:
    return bool(ctx.data.automated_decisions) or ctx.search(ADM_WORDS) is not None


@check("gdpr.art13.2.f.adm", applies=_automated,
       when="automated decisions are recorded (`automated_decisions`), or the text describes automated "
            "decision-making, profiling or predictive analysis")
def automated_decisions(ctx: CheckContext) -> Outcome:
    if ctx.data.automated_decisions:
        return _recorded_decisions(ctx)
    denied = ctx.search(r"(do|does|will) not (make|use|take|engage in)[^.]{0,40}automated decision")
    explained = ctx.search(r"logic[^.]{0,300}(significance|consequence)|(significance|consequence)[^.]{0,300}logic")
    if denied or explained:
        evidence = denied or explained
        assert evidence is not None
        return passed("the text explains automated decisions (or says none are made)", evidence.loc)
    entry = ctx.search(ADM_WORDS)
    assert entry is not None
    return failed(Issue("the text describes profiling or prediction but not whether it leads to decisions with "
                        "legal or similarly significant effects, the logic involved and the consequences; record "
                        "each decision under `automated_decisions` and describe it, or if no such decision is "
                        "made, say so", entry.loc, entry.id or None))


def _recorded_decisions(ctx: CheckContext) -> Outcome:
    """Each recorded decision described in its section; one with significant effects open to review (Art. 22(3))."""
    issues = []
    for position, decision in enumerate(ctx.data.automated_decisions):
        loc = ("automated_decisions", position)
        section = ctx.index.by_id.get(decision.section or "")
        if section is None or section.kind != "section":
            issues.append(Issue(f"automated decision '{decision.id}' names no section that describes it to readers; "
                                "set `section:` to the section that states its logic and consequences",
                                (*loc, "section") if decision.section else loc, decision.id,
                                problem="automated decisions name no section that describes them"))
        elif not ADM_WORDS.search(ctx.section_prose(section)):
            issues.append(Issue(f"section '{section.id}' does not say that '{decision.name}' is decided by "
                                "automated means; say it there, with the logic involved and the consequences",
                                (*loc, "section"), decision.id,
                                problem="sections do not say that their decisions are automated"))
        missing = [what for what, given in (("human review (`human_review: true`)", decision.human_review),
                                            ("way to contest it (a `contest` contact)", decision.contest))
                   if not given]
        if decision.significant_effects and missing:
            issues.append(Issue(f"automated decision '{decision.name}' has legal or similarly significant effects "
                                f"but offers no {' and no '.join(missing)}, as Art. 22(3) asks; record it and "
                                "say so in its section", (*loc, "significant_effects"), decision.id,
                                problem="automated decisions with significant effects lack the Art. 22(3) safeguards"))
    count = len(ctx.data.automated_decisions)
    return outcome_of(issues, f"{count} automated decision(s), each described with its logic and consequences, "
                      "and open to human review where its effects are significant", ("automated_decisions",))
