"""The resolved course: frozen data every later stage (render, package, inspect) works from.

Ids are checked, references point at things that exist, media carry their content-hashed URLs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from trainforge.errors import Location

PageKind = Literal["lesson", "assessment"]


@dataclass(frozen=True)
class Option:
    id: str
    text: str  # Markdown (inline)
    correct: bool
    feedback: str | None


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    prompt: str  # Markdown (inline)
    options: tuple[Option, ...]
    objectives: tuple[str, ...]
    points: int
    shuffle: bool
    location: Location


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    kind: PageKind
    module: str
    objectives: tuple[str, ...]
    questions: tuple[str, ...]  # knowledge checks of a lesson, or an assessment's questions
    markdown: str  # lesson body, or assessment intro
    source: str  # lesson path relative to the course folder ("" for assessments)
    body_line: int = 1


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    pages: tuple[str, ...]


@dataclass(frozen=True)
class Objective:
    id: str
    text: str


@dataclass(frozen=True)
class Completion:
    rule: str
    passing_score: int
    max_attempts: int


@dataclass(frozen=True)
class Asset:
    source: str  # path relative to the course folder
    url: str  # content-hashed path inside packages
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    description: str
    version: str
    language: str
    audience: str | None
    duration_minutes: int | None
    objectives: tuple[Objective, ...]
    completion: Completion
    modules: tuple[Module, ...]
    pages: tuple[Page, ...]
    questions: MappingProxyType[str, Question]  # in order of first use
    assets: MappingProxyType[str, Asset]  # by source path
    source_dir: str  # for messages only

    def page(self, page_id: str) -> Page:
        return next(p for p in self.pages if p.id == page_id)

    @property
    def lesson_pages(self) -> dict[str, str]:
        """Lesson source path → page id, for links between lessons."""
        return {p.source: p.id for p in self.pages if p.source}
