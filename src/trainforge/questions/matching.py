"""``matching``: match each source to its target (native selects, one per source)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, model_validator

from trainforge import questions
from trainforge.errors import Diagnostic
from trainforge.model.base import Strict
from trainforge.model.question_parts import MAX_OPTIONS, Feedback, Item, QuestionSource, unique_ids
from trainforge.resolve import resolved
from trainforge.tracking.ids import keys
from trainforge.tracking.shapes import PAIR, SEP, Shape, cap, components


class Pair(Strict):
    source: Item
    target: Item


class Matching(QuestionSource):
    """Match each source to its target (native selects, one per source)."""

    type: Literal["matching"]
    pairs: Annotated[list[Pair], Field(min_length=2, max_length=MAX_OPTIONS)]
    distractors: list[Item] = Field(default_factory=list, description="extra targets")
    feedback: Feedback = Field(default_factory=Feedback)

    @model_validator(mode="after")
    def _unique(self) -> Matching:
        unique_ids([p.source.id for p in self.pairs], "source")
        unique_ids([p.target.id for p in self.pairs] + [d.id for d in self.distractors], "target")
        return self


@dataclass(frozen=True, kw_only=True)
class MatchingQuestion(resolved.QuestionBase):
    type: Literal["matching"] = "matching"
    pairs: tuple[tuple[str, str], ...] = ()  # (source id, target id)
    sources: tuple[resolved.Option, ...] = ()
    targets: tuple[resolved.Option, ...] = ()  # distractors included, by id


class MatchingType(questions.QuestionType[Matching, MatchingQuestion]):
    name = "matching"
    model = Matching
    partial = "questions/matching.html"

    def interaction(self, q: MatchingQuestion) -> Shape:
        sources, targets = keys([o.id for o in q.sources]), keys([o.id for o in q.targets])
        pattern = cap([f"{sources.get(s, '')}.{targets.get(t, '')}" for s, t in q.pairs])
        return Shape("matching", "matching", (sources, targets), pattern,
                     (SEP.join(f"{s}{PAIR}{t}" for s, t in q.pairs),),
                     (("source", components(q.sources)), ("target", components(q.targets))))

    def convert(self, q: Matching, src: questions.Source, ctx: questions.Context
                ) -> tuple[MatchingQuestion, list[Diagnostic]]:
        targets = sorted([p.target for p in q.pairs] + list(q.distractors), key=lambda t: t.id)
        return MatchingQuestion(
            **self.common(q, src), feedback=(q.feedback.correct, q.feedback.incorrect),
            pairs=tuple((p.source.id, p.target.id) for p in q.pairs),
            sources=tuple(resolved.Option(p.source.id, p.source.text, True, None)
                          for p in q.pairs),
            targets=tuple(resolved.Option(t.id, t.text, False, None) for t in targets)), []

    def extra_data(self, q: MatchingQuestion, text: questions.PlayerText) -> questions.Json:
        return {"pairs": [list(p) for p in q.pairs],
                "sources": [self.option_data(o, text) for o in q.sources],
                "targets": [self.option_data(o, text) for o in q.targets]}

    def state_parts(self, q: MatchingQuestion) -> tuple[int, ...]:
        """Each source's target."""
        return (len(q.targets),) * len(q.sources)

    def inspect_extra(self, q: MatchingQuestion) -> questions.Json:
        return {"pairs": [list(p) for p in q.pairs]}

    def view(self, q: MatchingQuestion, html: questions.ViewHelpers) -> questions.Json:
        return {"sources": [html.option(o) for o in q.sources],
                "targets": [html.option(o) for o in q.targets]}


questions.register(MatchingType())
