"""The models of question banks: a tagged union on ``type`` so new types slot in as new classes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from trainforge.model.base import Id, OptionId, Strict, Text
from trainforge.model.policy import Citation

# SCORM 1.2 choice responses are single characters 0-9/a-z; letters a-z give 26 options,
# more than any sensible question has, and keep the mapping readable in LMS reports.
MAX_OPTIONS = 26


class ChoiceOption(Strict):
    id: OptionId
    text: Text
    correct: bool = False
    feedback: Text | None = None


class _QuestionBase(Strict):
    id: Id
    prompt: Text
    objectives: list[Id] = Field(default_factory=list)
    cites: list[Citation] = Field(default_factory=list, description="policy clauses, e.g. HB-3.2")
    points: int = Field(1, ge=1, le=100)


class _Choice(_QuestionBase):
    options: Annotated[list[ChoiceOption], Field(min_length=2, max_length=MAX_OPTIONS)]
    shuffle: bool = False

    @model_validator(mode="after")
    def _unique_option_ids(self) -> _Choice:
        seen: set[str] = set()
        for option in self.options:
            if option.id in seen:
                raise ValueError(f"option id `{option.id}` is used twice")
            seen.add(option.id)
        return self


class SingleChoice(_Choice):
    """One right option among several."""

    type: Literal["single_choice"]

    @model_validator(mode="after")
    def _one_correct(self) -> SingleChoice:
        count = sum(o.correct for o in self.options)
        if count != 1:
            raise ValueError(
                f"a single_choice question needs exactly one correct option, not {count}"
            )
        return self


class MultipleResponse(_Choice):
    """Several right options; right only when exactly those are chosen."""

    type: Literal["multiple_response"]

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleResponse:
        if not any(o.correct for o in self.options):
            raise ValueError("a multiple_response question needs at least one correct option")
        return self


class TrueFalseFeedback(Strict):
    true: Text | None = None
    false: Text | None = None


class TrueFalse(_QuestionBase):
    """A statement the learner judges true or false; its options are `true` and `false`."""

    type: Literal["true_false"]
    answer: bool
    feedback: TrueFalseFeedback = Field(default_factory=TrueFalseFeedback)


Question = Annotated[SingleChoice | MultipleResponse | TrueFalse, Field(discriminator="type")]


class QuestionBank(Strict):
    """A file of questions; a course may have many banks and uses questions by id."""

    questions: Annotated[list[Question], Field(min_length=1)]
