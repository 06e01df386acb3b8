"""The model of a question bank: a tagged union on ``type`` of the registered question types.

Each type's model lives with the type (``trainforge.questions.<type>``); the union is assembled
here from the registry, in its order, so the JSON Schema lists the types as the registry does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Union

from pydantic import Field

from trainforge.model.base import Strict
from trainforge.model.question_parts import (
    MAX_OPTIONS,
    ChoiceOption,
    QuestionSource,
    Sample,
    SampleKind,
    SensitiveCategory,
)
from trainforge.questions import registry

if TYPE_CHECKING:
    class Question(QuestionSource):
        """Every member is a QuestionSource subclass tagged by ``type``; code narrows with
        the type's own model (``questions.get(q.type).model``)."""

        type: str
else:
    Question = Annotated[Union[tuple(t.model for t in registry.all_types())],  # noqa: UP007
                         Field(discriminator="type")]


class QuestionBank(Strict):
    """A file of questions; a course may have many banks and uses questions by id."""

    questions: Annotated[list[Question], Field(min_length=1)]


__all__ = ["MAX_OPTIONS", "ChoiceOption", "Question", "QuestionBank", "QuestionSource", "Sample",
           "SampleKind", "SensitiveCategory"]
