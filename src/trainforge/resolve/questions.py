"""Question banks → resolved questions: per-type conversion and the checks that need context.

Moderation decisions are checked against the policy registry (actions, clauses), samples against
the course's media, branching scenarios as graphs (every branch leads somewhere, every path can
end).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from trainforge import model
from trainforge.errors import Diagnostic, Location, error, warning
from trainforge.load.yamlfile import PathKey, YamlDoc
from trainforge.resolve import resolved
from trainforge.resolve.registry import Registry
from trainforge.validate.course import suggest


class Context(Protocol):
    registry: Registry
    problems: list[Diagnostic]

    def asset(self, base: str, target: str, loc: Location, kind: str) -> str | None: ...


def convert(q: model.Question, doc: YamlDoc, rel: str, at: PathKey, ctx: Context,
            cites: tuple[str, ...]) -> resolved.Question:
    """The resolved form of one bank question; problems go to ``ctx.problems``."""
    loc = doc.location((*at, "id"))
    base = resolved.Question(q.id, q.type, q.prompt, (), tuple(q.objectives), q.points, 0,
                             loc, cites)
    where: Callable[..., Location] = lambda *path: doc.location((*at, *path))  # noqa: E731
    if isinstance(q, model.TrueFalse):
        return _replace(base, options=(
            resolved.Option("true", "", q.answer is True, q.feedback.true),
            resolved.Option("false", "", q.answer is False, q.feedback.false)))
    if isinstance(q, model.SingleChoice | model.MultipleResponse):
        return _replace(base, shuffle=_shuffled(q, ctx, where) if q.shuffle else 0, options=tuple(
            resolved.Option(o.id, o.text, o.correct, o.feedback) for o in q.options))
    if isinstance(q, model.Matching):
        targets = [p.target for p in q.pairs] + list(q.distractors)
        return _replace(
            base, feedback=(q.feedback.correct, q.feedback.incorrect),
            pairs=tuple((p.source.id, p.target.id) for p in q.pairs),
            sources=tuple(resolved.Option(p.source.id, p.source.text, True, None)
                          for p in q.pairs),
            targets=tuple(resolved.Option(t.id, t.text, False, None)
                          for t in sorted(targets, key=lambda t: t.id)))
    if isinstance(q, model.Ordering):
        return _replace(base, feedback=(q.feedback.correct, q.feedback.incorrect),
                        items=tuple(resolved.Option(i.id, i.text, True, None) for i in q.items))
    if isinstance(q, model.ModerationDecision):
        return _moderation(q, base, rel, ctx, where)
    return _scenario(q, base, ctx, where)


# Option texts that point at other options by place ("all of the above", "none of these"). English
# wording only; a false match only shuffles less, never changes what an option means.
_POSITIONAL = re.compile(
    r"\b(?:above|below|preceding|previous|(?:of|all|none) (?:these|those|them))\b", re.IGNORECASE)


def _shuffled(q: model.SingleChoice | model.MultipleResponse, ctx: Context,
              where: Callable[..., Location]) -> int:
    """How many leading options the player shuffles: those before the first that names others
    by place, which keeps its place with every option after it. Fewer than two is a warning."""
    count = next((i for i, o in enumerate(q.options) if _POSITIONAL.search(o.text)), len(q.options))
    if count < 2:
        ctx.problems.append(warning(
            "question.shuffle-positional", f"`shuffle` has no effect: option "
            f"`{q.options[count].id}` refers to other options by place, so it and the options "
            "after it keep their place", where("options", count, "text"),
            "put options like \"all of the above\" last, or remove `shuffle`"))
    return count if count > 1 else 0


def _replace(q: resolved.Question, **changes: Any) -> resolved.Question:
    return replace(q, **changes)


def _moderation(q: model.ModerationDecision, base: resolved.Question, rel: str, ctx: Context,
                where: Callable[..., Location]) -> resolved.Question:
    policy = ctx.registry.policies.get(q.policy)
    labels: dict[str, str] = {}
    if policy is None:
        ctx.problems.append(error("policy.unknown", f"unknown policy `{q.policy}`",
                                  where("policy"), suggest(q.policy, ctx.registry.policies)))
    else:
        labels = {a.id: a.label for a in policy.actions}
        for i, choice in enumerate(q.actions):
            if choice.action not in labels:
                allowed = ", ".join(labels) or "none defined"
                ctx.problems.append(error(
                    "policy.action", f"action `{choice.action}` is not in policy `{q.policy}`'s "
                    f"action set ({allowed})", where("actions", i, "action"),
                    suggest(choice.action, labels)))
    clause_titles: dict[str, str] = {}
    for i, clause_choice in enumerate(q.clauses):
        cited, problems = ctx.registry.cite(clause_choice.clause, where("clauses", i, "clause"))
        ctx.problems.extend(problems)
        if cited is not None:
            clause_titles[cited.clause] = ctx.registry.clause(cited.clause).title
    options = tuple(resolved.Option(a.action, labels.get(a.action, a.action), a.correct,
                                    a.feedback, "action") for a in q.actions)
    options += tuple(resolved.Option(c.clause, f"{c.clause} {clause_titles.get(c.clause, '')}"
                                     .strip(), c.correct, c.feedback, "clause") for c in q.clauses)
    sample = sample_of(q.sample, rel, where("sample"), ctx)
    cites = base.cites or tuple(c.clause for c in q.clauses if c.correct)
    return _replace(base, options=options, sample=sample, policy=q.policy, cites=cites,
                    weights=(("action", q.scoring.action), ("clause", q.scoring.clause)))


def sample_of(s: model.Sample, base: str, loc: Location, ctx: Context
              ) -> resolved.Sample:
    """A sample with its media checked (paths relative to ``base``, the file it is written in)."""
    src = ctx.asset(base, s.src, loc, "sample") if s.src else None
    captions = ctx.asset(base, s.captions, loc, "captions") if s.captions else None
    return resolved.Sample(s.kind.value, s.description, s.text or "", src or "", s.alt or "",
                           captions or "", s.sensitive.value if s.sensitive else None,
                           s.warning or "")


def _scenario(q: model.Scenario, base: resolved.Question, ctx: Context,
              where: Callable[..., Location]) -> resolved.Question:
    ids = [s.id for s in q.steps]
    for si, step in enumerate(q.steps):
        for ci, choice in enumerate(step.choices):
            if choice.next is not None and choice.next not in ids:
                ctx.problems.append(error(
                    "scenario.next", f"choice `{choice.id}` of step `{step.id}` leads to unknown "
                    f"step `{choice.next}`", where("steps", si, "choices", ci, "next"),
                    suggest(choice.next, ids)))
    _check_graph(q, ctx, where)
    steps = tuple(resolved.Step(s.id, s.prompt, tuple(
        resolved.Option(c.id, c.text, c.correct, c.feedback, s.id, c.next) for c in s.choices))
        for s in q.steps)
    return _replace(base, steps=steps)


def _check_graph(q: model.Scenario, ctx: Context, where: Callable[..., Location]) -> None:
    """From the first step every path must be able to end; every step must be reachable."""
    edges = {s.id: {c.next for c in s.choices} for s in q.steps}
    can_end = {s for s, nexts in edges.items() if None in nexts}
    changed = True
    while changed:
        more = {s for s, nexts in edges.items() if s not in can_end and nexts & can_end}
        changed = bool(more)
        can_end |= more
    reachable: set[str] = set()
    todo = [q.steps[0].id]
    while todo:
        current = todo.pop()
        if current in reachable or current not in edges:
            continue
        reachable.add(current)
        todo.extend(n for n in edges[current] if n is not None)
    trapped = [s.id for s in q.steps if s.id in reachable and s.id not in can_end]
    if trapped:
        ctx.problems.append(error(
            "scenario.cycle", f"steps {', '.join(f'`{s}`' for s in trapped)} loop with no way to "
            "end the scenario", where("steps"), "give one choice no `next` to end the case"))
    for si, step in enumerate(q.steps):
        if step.id not in reachable:
            ctx.problems.append(warning("scenario.unreachable", f"step `{step.id}` cannot be "
                                        "reached from the first step", where("steps", si, "id")))
