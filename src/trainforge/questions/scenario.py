"""``scenario``: a branching case; each choice picks the next step. Scored by best choices.

Checked as a graph: every branch leads to a step that exists, every path can end, every step
can be reached. Each step is also a question of its own to the player and to QA bots
(``<question>--<step>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, model_validator

from trainforge import questions
from trainforge.errors import Diagnostic, error, suggest, warning
from trainforge.model.base import Id, OptionId, Strict, Text
from trainforge.model.question_parts import MAX_OPTIONS, QuestionSource, unique_ids
from trainforge.resolve import resolved
from trainforge.tracking.ids import keys, step_id
from trainforge.tracking.shapes import PAIR, SEP, Component, Shape, cap


class StepChoice(Strict):
    id: OptionId
    text: Text
    correct: bool = Field(False, description="the best choice at this step")
    feedback: Text | None = None
    next: Id | None = Field(None, description="the step this choice leads to; none ends the case")


class Step(Strict):
    id: Id
    prompt: Text
    choices: Annotated[list[StepChoice], Field(min_length=2, max_length=MAX_OPTIONS)]


class Scenario(QuestionSource):
    """A branching case: each choice picks the next step. Scored by best choices taken."""

    type: Literal["scenario"]
    steps: Annotated[list[Step], Field(min_length=1, max_length=50)]

    @model_validator(mode="after")
    def _steps(self) -> Scenario:
        unique_ids([s.id for s in self.steps], "step")
        for step in self.steps:
            unique_ids([c.id for c in step.choices], f"choice in step `{step.id}`")
            if sum(c.correct for c in step.choices) != 1:
                raise ValueError(f"step `{step.id}` needs exactly one best (correct) choice")
        return self


@dataclass(frozen=True, kw_only=True)
class ScenarioQuestion(resolved.QuestionBase):
    """No options of its own: each step's choices are (``Option.next`` is where they lead)."""

    type: Literal["scenario"] = "scenario"
    steps: tuple[resolved.Step, ...] = ()


class ScenarioType(questions.QuestionType[Scenario, ScenarioQuestion]):
    name = "scenario"
    model = Scenario
    partial = "questions/scenario.html"

    def interaction(self, q: ScenarioQuestion) -> Shape:
        steps = keys([s.id for s in q.steps])
        table = {
            scenario_entry(s.id, c): f"{steps.get(s.id, '')}.{char}"
            for s in q.steps
            for c, char in keys([o.id for o in s.options]).items()
        }
        path = best_path(q)
        return Shape("performance", "performance", (table,),
                     cap([table.get(scenario_entry(s, c), "") for s, c in path]),
                     (SEP.join(f"{s}{PAIR}{c}" for s, c in path),),
                     (("steps", tuple(Component(s.id, s.prompt) for s in q.steps)),))

    def convert(self, q: Scenario, src: questions.Source, ctx: questions.Context
                ) -> tuple[ScenarioQuestion, list[Diagnostic]]:
        problems = [*_unknown_next(q, src), *_graph(q, src)]
        steps = tuple(resolved.Step(s.id, s.prompt, tuple(
            resolved.Option(c.id, c.text, c.correct, c.feedback, s.id, c.next) for c in s.choices))
            for s in q.steps)
        return ScenarioQuestion(**self.common(q, src), steps=steps), problems

    def option_data(self, o: resolved.Option, text: questions.PlayerText) -> questions.Json:
        return super().option_data(o, text) | {"next": o.next}

    def extra_data(self, q: ScenarioQuestion, text: questions.PlayerText) -> questions.Json:
        return {"steps": [{"id": s.id, "question": step_id(q.id, s.id),
                           "text": text.plain(s.prompt),
                           "options": [self.option_data(o, text) for o in s.options]}
                          for s in q.steps]}

    def state_parts(self, q: ScenarioQuestion) -> tuple[int, ...]:
        """The choice taken at each step."""
        return tuple(len(s.options) for s in q.steps)

    def inspect(self, q: ScenarioQuestion) -> list[questions.Json]:
        """The case, then each step as a question of its own: options, the best one correct."""
        return [*super().inspect(q), *(_inspect_step(q, s) for s in q.steps)]

    def inspect_extra(self, q: ScenarioQuestion) -> questions.Json:
        return {"steps": [step_id(q.id, s.id) for s in q.steps]}

    def view(self, q: ScenarioQuestion, html: questions.ViewHelpers) -> questions.Json:
        return {"steps": [{"id": s.id, "qid": step_id(q.id, s.id),
                           "prompt": html.inline(s.prompt),
                           "options": [html.option(o) for o in s.options]} for s in q.steps]}


def _inspect_step(q: ScenarioQuestion, s: resolved.Step) -> questions.Json:
    return {"id": step_id(q.id, s.id), "type": "scenario_step", "scenario": q.id,
            "points": 0, "objectives": list(q.objectives), "clauses": list(q.cites),
            "options": [{"id": o.id, "correct": o.correct, "next": (
                step_id(q.id, o.next) if o.next else None)} for o in s.options]}


def _unknown_next(q: Scenario, src: questions.Source) -> list[Diagnostic]:

    ids = [s.id for s in q.steps]
    return [error("scenario.next", f"choice `{choice.id}` of step `{step.id}` leads to unknown "
                  f"step `{choice.next}`", src.where("steps", si, "choices", ci, "next"),
                  suggest(choice.next, ids))
            for si, step in enumerate(q.steps) for ci, choice in enumerate(step.choices)
            if choice.next is not None and choice.next not in ids]


def _graph(q: Scenario, src: questions.Source) -> list[Diagnostic]:
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
    problems: list[Diagnostic] = []
    trapped = [s.id for s in q.steps if s.id in reachable and s.id not in can_end]
    if trapped:
        problems.append(error(
            "scenario.cycle", f"steps {', '.join(f'`{s}`' for s in trapped)} loop with no way to "
            "end the scenario", src.where("steps"), "give one choice no `next` to end the case"))
    problems += [warning("scenario.unreachable", f"step `{step.id}` cannot be reached from the "
                         "first step", src.where("steps", si, "id"))
                 for si, step in enumerate(q.steps) if step.id not in reachable]
    return problems


questions.register(ScenarioType())


def best_path(q: ScenarioQuestion) -> list[tuple[str, str]]:
    """A scenario's best choices from its first step, following each choice's ``next``."""
    steps = {s.id: s for s in q.steps}
    path: list[tuple[str, str]] = []
    step = q.steps[0] if q.steps else None
    while step is not None and len(path) < len(steps):
        best = next((o for o in step.options if o.correct), None)
        if best is None:
            break
        path.append((step.id, best.id))
        step = steps.get(best.next or "")
    return path


def scenario_entry(step: str, choice_id: str) -> str:
    """One entry of a scenario's path as the core reports it (docs/runtime.md)."""
    return f"{step}.{choice_id}"
