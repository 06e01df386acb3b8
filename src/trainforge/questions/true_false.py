"""``true_false``: a statement the learner judges; its options are ``true`` and ``false``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from trainforge.errors import Diagnostic
from trainforge.model.base import Strict, Text
from trainforge.model.question_parts import QuestionSource
from trainforge.questions.choice import ChoiceQuestion, ChoiceType
from trainforge.questions.registry import Context, Source, register
from trainforge.resolve import resolved
from trainforge.tracking.ids import TRUE_FALSE
from trainforge.tracking.shapes import Shape


class TrueFalseFeedback(Strict):
    true: Text | None = None
    false: Text | None = None


class TrueFalse(QuestionSource):
    """A statement the learner judges true or false; its options are `true` and `false`."""

    type: Literal["true_false"]
    answer: bool
    feedback: TrueFalseFeedback = Field(default_factory=TrueFalseFeedback)


class TrueFalseType(ChoiceType[TrueFalse]):
    """Two options without text: the theme's ``option_true`` and ``option_false`` label them."""

    name = "true_false"
    model = TrueFalse

    def interaction(self, q: ChoiceQuestion) -> Shape:
        table = {o.id: TRUE_FALSE.get(o.id, "f") for o in q.options}
        right = [o.id for o in q.options if o.correct]
        return Shape("true-false", "true-false", (table,),
                     ",".join(table.get(i, "f") for i in right), tuple(right))

    def convert(self, q: TrueFalse, src: Source, ctx: Context
                ) -> tuple[ChoiceQuestion, list[Diagnostic]]:
        options = (resolved.Option("true", "", q.answer is True, q.feedback.true),
                   resolved.Option("false", "", q.answer is False, q.feedback.false))
        return ChoiceQuestion(**self.common(q, src), options=options), []


register(TrueFalseType())
