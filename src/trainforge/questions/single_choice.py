"""``single_choice``: one right option among several."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from trainforge.questions.choice import ChoiceSource, OptionsType
from trainforge.questions.registry import register


class SingleChoice(ChoiceSource):
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


class SingleChoiceType(OptionsType):
    name = "single_choice"
    model = SingleChoice


register(SingleChoiceType())
