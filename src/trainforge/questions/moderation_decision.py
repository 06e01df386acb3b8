"""``moderation_decision``: what action does a sample call for, under which clause?

Checked against the policy registry (its action set, its clauses); scored with partial credit,
a share of the points for the right action and for the right clause.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, model_validator

from trainforge import questions
from trainforge.errors import Diagnostic, error, suggest
from trainforge.model.base import Id, Strict, Text
from trainforge.model.policy import ClauseId
from trainforge.model.question_parts import MAX_OPTIONS, QuestionSource, Sample, unique_ids
from trainforge.resolve import resolved
from trainforge.resolve.samples import sample_of


class ActionChoice(Strict):
    action: Id
    correct: bool = False
    feedback: Text | None = Field(None, description="rationale; cite the clause")


class ClauseChoice(Strict):
    clause: ClauseId
    correct: bool = False
    feedback: Text | None = None


class Scoring(Strict):
    """Partial credit: the share of the points for the right action and the right clause."""

    action: float = Field(0.5, ge=0, le=1)
    clause: float = Field(0.5, ge=0, le=1)

    @model_validator(mode="after")
    def _sum(self) -> Scoring:
        if abs(self.action + self.clause - 1) > 1e-9:
            raise ValueError("`action` and `clause` shares must add up to 1")
        return self


class ModerationDecision(QuestionSource):
    """What action does this sample call for, under which clause? Scored with partial credit."""

    type: Literal["moderation_decision"]
    policy: Id
    sample: Sample
    actions: Annotated[list[ActionChoice], Field(min_length=2, max_length=MAX_OPTIONS)]
    clauses: Annotated[list[ClauseChoice], Field(min_length=2, max_length=MAX_OPTIONS)]
    scoring: Scoring = Field(default_factory=Scoring)

    @model_validator(mode="after")
    def _one_right_each(self) -> ModerationDecision:
        for name, group in (("action", self.actions), ("clause", self.clauses)):
            count = sum(c.correct for c in group)
            if count != 1:
                raise ValueError(f"exactly one {name} must be correct, not {count}")
        unique_ids([a.action for a in self.actions], "action")
        unique_ids([c.clause for c in self.clauses], "clause")
        return self


@dataclass(frozen=True, kw_only=True)
class ModerationQuestion(resolved.QuestionBase):
    """Options are the actions, then the clauses (``Option.group``), with ``policy`` and
    ``sample`` set."""

    type: Literal["moderation_decision"] = "moderation_decision"
    weights: tuple[tuple[str, float], ...] = ()  # group → its share of the points

    def group(self, name: str) -> tuple[resolved.Option, ...]:
        return tuple(o for o in self.options if o.group == name)


GROUPS = ("action", "clause")


class ModerationDecisionType(questions.QuestionType[ModerationDecision, ModerationQuestion]):
    name = "moderation_decision"
    model = ModerationDecision
    partial = "questions/moderation_decision.html"

    def convert(self, q: ModerationDecision, src: questions.Source, ctx: questions.Context
                ) -> tuple[ModerationQuestion, list[Diagnostic]]:
        problems: list[Diagnostic] = []
        labels = _action_labels(q, src, ctx, problems)
        clause_titles: dict[str, str] = {}
        for i, clause_choice in enumerate(q.clauses):
            at = src.where("clauses", i, "clause")
            cited, found = ctx.registry.cite(clause_choice.clause, at)
            problems.extend(found)
            if cited is not None:
                clause_titles[cited.clause] = ctx.registry.clause(cited.clause).title
        options = tuple(resolved.Option(a.action, labels.get(a.action, a.action), a.correct,
                                        a.feedback, "action") for a in q.actions)
        options += tuple(resolved.Option(c.clause, f"{c.clause} {clause_titles.get(c.clause, '')}"
                                         .strip(), c.correct, c.feedback, "clause")
                         for c in q.clauses)
        common = self.common(q, src)
        common["cites"] = src.cites or tuple(c.clause for c in q.clauses if c.correct)
        return ModerationQuestion(
            **common, options=options, policy=q.policy,
            sample=sample_of(q.sample, src.rel, src.where("sample"), ctx),
            weights=(("action", q.scoring.action), ("clause", q.scoring.clause))), problems

    def extra_data(self, q: ModerationQuestion, text: questions.PlayerText) -> questions.Json:
        return {"weights": dict(q.weights)}

    def state_parts(self, q: ModerationQuestion) -> tuple[int, ...]:
        """The chosen action, the chosen clause."""
        return tuple(len(q.group(g)) for g in GROUPS)

    def view(self, q: ModerationQuestion, html: questions.ViewHelpers) -> questions.Json:
        return {g + "s": [html.option(o) for o in q.group(g)] for g in GROUPS}


def _action_labels(q: ModerationDecision, src: questions.Source, ctx: questions.Context,
                   problems: list[Diagnostic]) -> dict[str, str]:
    """The policy's labels of its actions; every action offered must be one of them."""

    policy = ctx.registry.policies.get(q.policy)
    if policy is None:
        problems.append(error("policy.unknown", f"unknown policy `{q.policy}`",
                              src.where("policy"), suggest(q.policy, ctx.registry.policies)))
        return {}
    labels = {a.id: a.label for a in policy.actions}
    for i, choice in enumerate(q.actions):
        if choice.action not in labels:
            allowed = ", ".join(labels) or "none defined"
            problems.append(error(
                "policy.action", f"action `{choice.action}` is not in policy `{q.policy}`'s "
                f"action set ({allowed})", src.where("actions", i, "action"),
                suggest(choice.action, labels)))
    return labels


questions.register(ModerationDecisionType())
