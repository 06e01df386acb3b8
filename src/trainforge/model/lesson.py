"""The model of a lesson's YAML front matter."""

from __future__ import annotations

from pydantic import Field

from trainforge.model.base import Id, ShortText, Strict
from trainforge.model.policy import Citation


class FrontMatter(Strict):
    """What a lesson declares about itself between its ``---`` fences."""

    id: Id
    title: ShortText
    objectives: list[Id] = Field(default_factory=list)
    cites: list[Citation] = Field(default_factory=list, description="policy clauses, e.g. HB-3.2")
