"""The pieces of question-bank models that several question types share.

Each type's own model lives with the type, in ``trainforge.questions.<type>``; this module
imports nothing of them, so the type modules can build on it while ``model.question``
assembles the union from the registry.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from trainforge.model.base import Id, OptionId, ShortText, Strict, Text
from trainforge.model.policy import Citation

# SCORM 1.2 choice responses are single characters 0-9/a-z; letters a-z give 26 options,
# more than any sensible question has, and keep the mapping readable in LMS reports.
MAX_OPTIONS = 26


class ChoiceOption(Strict):
    id: OptionId
    text: Text
    correct: bool = False
    feedback: Text | None = None


class QuestionSource(Strict):
    """What every question of a bank has; a type's model adds ``type`` and its own fields."""

    id: Id
    prompt: Text
    objectives: list[Id] = Field(default_factory=list)
    cites: list[Citation] = Field(default_factory=list, description="policy clauses, e.g. HB-3.2")
    points: int = Field(1, ge=1, le=100)


class Feedback(Strict):
    correct: Text | None = None
    incorrect: Text | None = None


class Item(Strict):
    id: OptionId
    text: Text


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


def unique_ids(ids: list[str], what: str) -> None:
    """Refuse a repeated id (a ValueError pydantic reports at the list)."""
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"{what} id `{i}` is used twice")
        seen.add(i)
