"""``multiple_response``: several right options; right only when exactly those are chosen."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from trainforge.questions.choice import ChoiceSource, OptionsType
from trainforge.questions.registry import register


class MultipleResponse(ChoiceSource):
    """Several right options; right only when exactly those are chosen."""

    type: Literal["multiple_response"]

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleResponse:
        if not any(o.correct for o in self.options):
            raise ValueError("a multiple_response question needs at least one correct option")
        return self


class MultipleResponseType(OptionsType):
    name = "multiple_response"
    model = MultipleResponse
    multiple = True


register(MultipleResponseType())
