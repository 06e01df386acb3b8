"""``ordering``: put items in order; the source lists them in the right order."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, model_validator

from trainforge import questions
from trainforge.errors import Diagnostic
from trainforge.model.question_parts import MAX_OPTIONS, Feedback, Item, QuestionSource, unique_ids
from trainforge.resolve import resolved
from trainforge.tracking.ids import keys
from trainforge.tracking.shapes import SEP, Shape, cap, components


class Ordering(QuestionSource):
    """Put items in order; ``items`` lists them in the right order (shown shuffled)."""

    type: Literal["ordering"]
    items: Annotated[list[Item], Field(min_length=2, max_length=MAX_OPTIONS)]
    feedback: Feedback = Field(default_factory=Feedback)

    @model_validator(mode="after")
    def _unique(self) -> Ordering:
        unique_ids([i.id for i in self.items], "item")
        return self


@dataclass(frozen=True, kw_only=True)
class OrderingQuestion(resolved.QuestionBase):
    type: Literal["ordering"] = "ordering"
    items: tuple[resolved.Option, ...] = ()  # in the right order


class OrderingType(questions.QuestionType[Ordering, OrderingQuestion]):
    name = "ordering"
    model = Ordering
    partial = "questions/ordering.html"

    def interaction(self, q: OrderingQuestion) -> Shape:
        table = keys([o.id for o in q.items])  # items are held in the right order
        return Shape("sequencing", "sequencing", (table,), cap(list(table.values())),
                     (SEP.join(table),), (("choices", components(q.items)),))

    def convert(self, q: Ordering, src: questions.Source, ctx: questions.Context
                ) -> tuple[OrderingQuestion, list[Diagnostic]]:
        return OrderingQuestion(
            **self.common(q, src), feedback=(q.feedback.correct, q.feedback.incorrect),
            items=tuple(resolved.Option(i.id, i.text, True, None) for i in q.items)), []

    def extra_data(self, q: OrderingQuestion, text: questions.PlayerText) -> questions.Json:
        return {"order": [o.id for o in q.items],
                "items": [self.option_data(o, text) for o in q.items]}

    def state_parts(self, q: OrderingQuestion) -> tuple[int, ...]:
        """The item at each place."""
        return (len(q.items),) * len(q.items)

    def inspect_extra(self, q: OrderingQuestion) -> questions.Json:
        return {"order": [o.id for o in q.items]}

    def view(self, q: OrderingQuestion, html: questions.ViewHelpers) -> questions.Json:
        return {"items": [html.option(o) for o in shuffled(q.items, q.id)]}


def shuffled(items: Sequence[resolved.Option], seed: str) -> list[resolved.Option]:
    """A stable, seeded order that is never the right one (the order the page shows)."""
    keyed = sorted(items, key=lambda o: hashlib.sha256(f"{seed}/{o.id}".encode()).hexdigest())
    if len(keyed) > 1 and [o.id for o in keyed] == [o.id for o in items]:
        keyed = keyed[1:] + keyed[:1]
    return keyed


questions.register(OrderingType())
