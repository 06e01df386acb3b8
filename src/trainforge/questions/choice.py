"""What the choice types share: options to pick, saved as a choice record, one template.

Single choice, multiple response and true/false are types of their own (their modules), built on
the model, resolved dataclass and plugin base here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal, TypeVar

from pydantic import Field, model_validator

from trainforge.errors import Diagnostic, warning
from trainforge.model.question_parts import MAX_OPTIONS, ChoiceOption, QuestionSource
from trainforge.questions.registry import Context, Json, QuestionType, Source, ViewHelpers
from trainforge.resolve import resolved

S = TypeVar("S", bound=QuestionSource)


class ChoiceSource(QuestionSource):
    options: Annotated[list[ChoiceOption], Field(min_length=2, max_length=MAX_OPTIONS)]
    shuffle: bool = Field(False, description="show the options in each learner's order, new "
                          "per attempt; from an option like 'all of the above' on, they stay put")

    @model_validator(mode="after")
    def _unique_option_ids(self) -> ChoiceSource:
        seen: set[str] = set()
        for option in self.options:
            if option.id in seen:
                raise ValueError(f"option id `{option.id}` is used twice")
            seen.add(option.id)
        return self


@dataclass(frozen=True, kw_only=True)
class ChoiceQuestion(resolved.QuestionBase):
    """Pick one option (single choice, true/false) or several (multiple response)."""

    type: Literal["single_choice", "multiple_response", "true_false"]


class ChoiceType(QuestionType[S, ChoiceQuestion]):
    """The answer is a choice record (the default saved state); one template for all."""

    partial = "questions/choice.html"
    multiple = False  # checkboxes, not radio buttons

    def view(self, q: ChoiceQuestion, html: ViewHelpers) -> Json:
        return {"multiple": self.multiple}


class OptionsType(ChoiceType[ChoiceSource]):
    """Options as written, shuffled if asked."""

    def convert(self, q: ChoiceSource, src: Source, ctx: Context
                ) -> tuple[ChoiceQuestion, list[Diagnostic]]:
        problems: list[Diagnostic] = []
        shuffle = _shuffled(q, src, problems) if q.shuffle else 0
        options = tuple(resolved.Option(o.id, o.text, o.correct, o.feedback) for o in q.options)
        return ChoiceQuestion(**self.common(q, src), options=options, shuffle=shuffle), problems


# Option texts that point at other options by place ("all of the above", "none of these"). English
# wording only; a false match only shuffles less, never changes what an option means.
_POSITIONAL = re.compile(
    r"\b(?:above|below|preceding|previous|(?:of|all|none) (?:these|those|them))\b", re.IGNORECASE)


def _shuffled(q: ChoiceSource, src: Source, problems: list[Diagnostic]) -> int:
    """How many leading options the player shuffles: those before the first that names others
    by place, which keeps its place with every option after it. Fewer than two is a warning."""
    count = next((i for i, o in enumerate(q.options) if _POSITIONAL.search(o.text)), len(q.options))
    if count < 2:
        problems.append(warning(
            "question.shuffle-positional", f"`shuffle` has no effect: option "
            f"`{q.options[count].id}` refers to other options by place, so it and the options "
            "after it keep their place", src.where("options", count, "text"),
            "put options like \"all of the above\" last, or remove `shuffle`"))
    return count if count > 1 else 0
