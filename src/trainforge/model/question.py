"""The models of question banks: a tagged union on ``type`` so new types slot in as new classes."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from trainforge.model.base import Id, OptionId, ShortText, Strict, Text
from trainforge.model.policy import Citation, ClauseId

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
    shuffle: bool = Field(False, description="show the options in each learner's order, new "
                          "per attempt; from an option like 'all of the above' on, they stay put")

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


class Feedback(Strict):
    correct: Text | None = None
    incorrect: Text | None = None


class Item(Strict):
    id: OptionId
    text: Text


class Pair(Strict):
    source: Item
    target: Item


class Matching(_QuestionBase):
    """Match each source to its target (native selects, one per source)."""

    type: Literal["matching"]
    pairs: Annotated[list[Pair], Field(min_length=2, max_length=MAX_OPTIONS)]
    distractors: list[Item] = Field(default_factory=list, description="extra targets")
    feedback: Feedback = Field(default_factory=Feedback)

    @model_validator(mode="after")
    def _unique(self) -> Matching:
        _unique_ids([p.source.id for p in self.pairs], "source")
        _unique_ids([p.target.id for p in self.pairs] + [d.id for d in self.distractors], "target")
        return self


class Ordering(_QuestionBase):
    """Put items in order; ``items`` lists them in the right order (shown shuffled)."""

    type: Literal["ordering"]
    items: Annotated[list[Item], Field(min_length=2, max_length=MAX_OPTIONS)]
    feedback: Feedback = Field(default_factory=Feedback)

    @model_validator(mode="after")
    def _unique(self) -> Ordering:
        _unique_ids([i.id for i in self.items], "item")
        return self


class SampleKind(StrEnum):
    TEXT = "text"
    IMAGE = "image"
    VIDEO = "video"


class SensitiveCategory(StrEnum):
    GRAPHIC_VIOLENCE = "graphic-violence"
    HATE = "hate"
    SELF_HARM = "self-harm"
    SEXUAL = "sexual"
    HARASSMENT = "harassment"
    CHILD_SAFETY = "child-safety"
    DISTRESSING = "distressing"


class Sample(Strict):
    """A content sample a moderator judges: text, an image or a captioned video.

    ``description`` is the non-graphic alternative: always available, and enough to answer.
    """

    kind: SampleKind = Field(strict=False)
    text: Text | None = None
    src: str | None = Field(None, description="media path, relative to the bank file")
    alt: Text | None = None
    captions: str | None = None
    description: Text
    sensitive: SensitiveCategory | None = Field(None, strict=False)
    warning: ShortText | None = Field(None, description="what a sensitive sample shows, in a few "
                                      "non-graphic words, shown before the learner chooses")

    @model_validator(mode="after")
    def _complete(self) -> Sample:
        if self.kind is SampleKind.TEXT and not self.text:
            raise ValueError("a text sample needs `text`")
        if self.kind is not SampleKind.TEXT and not self.src:
            raise ValueError(f"an {self.kind.value} sample needs `src`")
        if self.kind is SampleKind.IMAGE and not self.alt:
            raise ValueError("an image sample needs `alt` text")
        if self.kind is SampleKind.VIDEO and not self.captions:
            raise ValueError("a video sample needs `captions` (a WebVTT file)")
        if self.sensitive and not self.warning:
            raise ValueError("a sensitive sample needs a `warning`: what it shows, in a few "
                             "non-graphic words")
        return self


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


class ModerationDecision(_QuestionBase):
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
        _unique_ids([a.action for a in self.actions], "action")
        _unique_ids([c.clause for c in self.clauses], "clause")
        return self


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


class Scenario(_QuestionBase):
    """A branching case: each choice picks the next step. Scored by best choices taken."""

    type: Literal["scenario"]
    steps: Annotated[list[Step], Field(min_length=1, max_length=50)]

    @model_validator(mode="after")
    def _steps(self) -> Scenario:
        _unique_ids([s.id for s in self.steps], "step")
        for step in self.steps:
            _unique_ids([c.id for c in step.choices], f"choice in step `{step.id}`")
            if sum(c.correct for c in step.choices) != 1:
                raise ValueError(f"step `{step.id}` needs exactly one best (correct) choice")
        return self


def _unique_ids(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"{what} id `{i}` is used twice")
        seen.add(i)


Question = Annotated[
    SingleChoice | MultipleResponse | TrueFalse | Matching | Ordering | ModerationDecision
    | Scenario,
    Field(discriminator="type"),
]


class QuestionBank(Strict):
    """A file of questions; a course may have many banks and uses questions by id."""

    questions: Annotated[list[Question], Field(min_length=1)]
