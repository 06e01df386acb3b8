"""Course-wide resolution: what can only be decided once every page is known.

Modules' sensitive-example counts and the exposure budget, pre-/post-test pairs, the
attestation, and the generated "What changed" page. Each function reads the validated course,
its course.yaml (for locations) and what resolve has decided so far, and returns what it made
with its problems; the resolver collects them.
"""

from __future__ import annotations

from collections.abc import Mapping

from trainforge import model
from trainforge.errors import Diagnostic, Location, error, suggest, warning
from trainforge.load.yamlfile import YamlDoc
from trainforge.resolve import resolved
from trainforge.resolve.registry import Registry

WHAT_CHANGED = "what-changed"


def what_changed(course: model.Course, doc: YamlDoc, registry: Registry
                 ) -> tuple[resolved.Page | None, list[Diagnostic]]:
    """A first page listing what changed in each cited policy since the course's last release."""
    problems: list[Diagnostic] = []
    deltas: list[resolved.PolicyDelta] = []
    for pid, released in course.policies.items():
        loc = doc.location(("policies", pid))
        policy = registry.policies.get(pid)
        if policy is None and registry.incomplete:
            continue
        if policy is None:
            problems.append(error("policy.unknown", f"unknown policy `{pid}`", loc,
                                  suggest(pid, registry.policies)))
            continue
        if released > policy.version:
            problems.append(error("policy.version", f"released against version {released} of "
                                  f"`{pid}`, but the policy is at version {policy.version}", loc))
            continue
        for release in registry.releases_after(pid, released):
            deltas.append(resolved.PolicyDelta(
                pid, policy.title, release.version, release.date.isoformat(),
                release.summary or "",
                tuple(resolved.ClauseDelta(c.clause, _clause_title(registry, c.clause),
                                           c.change.value, c.why) for c in release.changes)))
    if not deltas:
        return None, problems
    titles = ", ".join(dict.fromkeys(d.title for d in deltas))
    first_module = course.modules[0].id
    return resolved.Page(WHAT_CHANGED, f"What changed: {titles}", "lesson", first_module, (), (),
                         "", "", 1, (), tuple(deltas)), problems


def module_of(course: model.Course, doc: YamlDoc, index: int, pages: list[resolved.Page],
              questions: Mapping[str, resolved.Question]
              ) -> tuple[resolved.Module, list[Diagnostic]]:
    """A module with the sensitive examples it holds, linted against the exposure budget."""
    samples = [s for p in pages for s in p.samples]
    samples += [q.sample for p in pages for qid in p.questions
                if (q := questions.get(qid)) is not None and q.sample is not None]
    counts: dict[str, int] = {}
    for s in samples:
        if s.sensitive:
            counts[s.sensitive] = counts.get(s.sensitive, 0) + 1
    module = course.modules[index]
    total = sum(counts.values())
    budget = course.sensitive_budget
    problems: list[Diagnostic] = []
    if budget is not None and total > budget:
        problems.append(warning("sensitive.budget", f"module `{module.id}` holds {total} "
                                f"sensitive examples; the budget is {budget}",
                                doc.location(("modules", index, "id")),
                                "move some to another module or use descriptions"))
    return resolved.Module(module.id, module.title, tuple(p.id for p in pages),
                           tuple(sorted(counts.items()))), problems


def check_pairs(course: model.Course, doc: YamlDoc, pages: list[resolved.Page]
                ) -> list[Diagnostic]:
    """A pre-test names its post-test (or back), and the two have opposite roles."""
    problems: list[Diagnostic] = []
    roles = {p.id: p.role for p in pages if p.kind == "assessment"}
    for p in pages:
        if p.pairs_with is None:
            continue
        loc = Location(doc.display, *doc.marks.get(_assessment_path(course, p.id), (1, 1)))
        other = roles.get(p.pairs_with, "missing")
        if other == "missing":
            problems.append(error("ref.assessment", f"`pairs_with` names unknown assessment "
                                  f"`{p.pairs_with}`", loc, suggest(p.pairs_with, roles)))
        elif other == p.role:
            problems.append(error("assessment.pair", f"assessment `{p.id}` and `{p.pairs_with}` "
                                  f"are both `{p.role}`-tests; pair a pre-test with a post-test",
                                  loc))
    return problems


def _assessment_path(course: model.Course, page_id: str) -> tuple[str | int, ...]:
    for mi, m in enumerate(course.modules):
        for pi, entry in enumerate(m.pages):
            if isinstance(entry, model.course.AssessmentPage) and entry.assessment.id == page_id:
                return ("modules", mi, "pages", pi, "assessment")
    return ()


def attestation_of(course: model.Course, doc: YamlDoc, registry: Registry
                   ) -> tuple[resolved.Attestation | None, list[Diagnostic]]:
    """The attestation of the policy it names (which the course then cites)."""
    a = course.attestation
    if a is None:
        return None, []
    policy = registry.policies.get(a.policy)
    if policy is None:
        if registry.incomplete:
            return None, []
        return None, [error("policy.unknown", f"attestation names unknown policy `{a.policy}`",
                            doc.location(("attestation", "policy")),
                            suggest(a.policy, registry.policies))]
    return resolved.Attestation(policy.id, policy.title, policy.version, a.text or "",
                                a.required), []


def _clause_title(registry: Registry, clause_id: str) -> str:
    return registry.clause(clause_id).title if clause_id in registry.clause_policy else ""
