"""Course-wide resolution: what can only be decided once every page is known.

Modules' sensitive-example counts and the exposure budget, pre-/post-test pairs, the
attestation, and the generated "What changed" page.
"""

from __future__ import annotations

from typing import Protocol

from trainforge import model
from trainforge.errors import Diagnostic, Location, error, suggest, warning
from trainforge.load.course_dir import CourseSource
from trainforge.resolve import resolved
from trainforge.resolve.registry import Registry

WHAT_CHANGED = "what-changed"


class Resolution(Protocol):
    """What these checks read of the resolver in progress."""

    source: CourseSource
    registry: Registry
    problems: list[Diagnostic]
    questions: dict[str, resolved.Question]
    cited_policies: dict[str, set[str]]


def what_changed(r: Resolution, course: model.Course) -> resolved.Page | None:
    """A first page listing what changed in each cited policy since the course's last release."""
    doc = r.source.course
    assert doc is not None
    deltas: list[resolved.PolicyDelta] = []
    for pid, released in course.policies.items():
        loc = doc.location(("policies", pid))
        policy = r.registry.policies.get(pid)
        if policy is None and r.registry.incomplete:
            continue
        if policy is None:
            r.problems.append(error("policy.unknown", f"unknown policy `{pid}`", loc,
                                    suggest(pid, r.registry.policies)))
            continue
        if released > policy.version:
            r.problems.append(error("policy.version", f"released against version {released} of "
                                    f"`{pid}`, but the policy is at version {policy.version}", loc))
            continue
        for release in r.registry.releases_after(pid, released):
            deltas.append(resolved.PolicyDelta(
                pid, policy.title, release.version, release.date.isoformat(),
                release.summary or "",
                tuple(resolved.ClauseDelta(c.clause, _clause_title(r.registry, c.clause),
                                           c.change.value, c.why) for c in release.changes)))
    if not deltas:
        return None
    titles = ", ".join(dict.fromkeys(d.title for d in deltas))
    first_module = course.modules[0].id
    return resolved.Page(WHAT_CHANGED, f"What changed: {titles}", "lesson", first_module, (), (),
                         "", "", 1, (), tuple(deltas))


def module_of(r: Resolution, course: model.Course, index: int, pages: list[resolved.Page]
            ) -> resolved.Module:
    """A module with the sensitive examples it holds, linted against the exposure budget."""
    samples = [s for p in pages for s in p.samples]
    samples += [q.sample for p in pages for qid in p.questions
                if (q := r.questions.get(qid)) is not None and q.sample is not None]
    counts: dict[str, int] = {}
    for s in samples:
        if s.sensitive:
            counts[s.sensitive] = counts.get(s.sensitive, 0) + 1
    module = course.modules[index]
    total = sum(counts.values())
    budget = course.sensitive_budget
    if budget is not None and total > budget:
        doc = r.source.course
        assert doc is not None
        r.problems.append(warning("sensitive.budget", f"module `{module.id}` holds {total} "
                                  f"sensitive examples; the budget is {budget}",
                                  doc.location(("modules", index, "id")),
                                  "move some to another module or use descriptions"))
    return resolved.Module(module.id, module.title, tuple(p.id for p in pages),
                           tuple(sorted(counts.items())))


def check_pairs(r: Resolution, course: model.Course, pages: list[resolved.Page]) -> None:
    """A pre-test names its post-test (or back), and the two have opposite roles."""
    doc = r.source.course
    assert doc is not None
    roles = {p.id: p.role for p in pages if p.kind == "assessment"}
    for p in pages:
        if p.pairs_with is None:
            continue
        loc = Location(doc.display, *doc.marks.get(_assessment_path(course, p.id), (1, 1)))
        other = roles.get(p.pairs_with, "missing")
        if other == "missing":
            r.problems.append(error("ref.assessment", f"`pairs_with` names unknown assessment "
                                    f"`{p.pairs_with}`", loc, suggest(p.pairs_with, roles)))
        elif other == p.role:
            r.problems.append(error("assessment.pair", f"assessment `{p.id}` and `{p.pairs_with}` "
                                    f"are both `{p.role}`-tests; pair a pre-test with a post-test",
                                    loc))


def _assessment_path(course: model.Course, page_id: str) -> tuple[str | int, ...]:
    for mi, m in enumerate(course.modules):
        for pi, entry in enumerate(m.pages):
            if isinstance(entry, model.course.AssessmentPage) and entry.assessment.id == page_id:
                return ("modules", mi, "pages", pi, "assessment")
    return ()


def attestation_of(r: Resolution, course: model.Course) -> resolved.Attestation | None:
    a = course.attestation
    if a is None:
        return None
    policy = r.registry.policies.get(a.policy)
    if policy is None:
        doc = r.source.course
        assert doc is not None
        if not r.registry.incomplete:
            r.problems.append(error("policy.unknown", f"attestation names unknown policy "
                                    f"`{a.policy}`", doc.location(("attestation", "policy")),
                                    suggest(a.policy, r.registry.policies)))
        return None
    r.cited_policies.setdefault(policy.id, set())
    return resolved.Attestation(policy.id, policy.title, policy.version, a.text or "", a.required)


def _clause_title(registry: Registry, clause_id: str) -> str:
    return registry.clause(clause_id).title if clause_id in registry.clause_policy else ""
