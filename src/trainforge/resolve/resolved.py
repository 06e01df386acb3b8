"""The resolved course: frozen data every later stage (render, package, inspect) works from.

Ids are checked, references point at things that exist, media carry their content-hashed URLs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, TypeAlias

from trainforge.errors import Location

PageKind = Literal["lesson", "assessment"]


@dataclass(frozen=True)
class Option:
    id: str
    text: str  # Markdown (inline)
    correct: bool
    feedback: str | None
    group: str = ""  # moderation decision: "action" or "clause"
    next: str | None = None  # scenario: the step this choice leads to


@dataclass(frozen=True)
class Sample:
    """Content a moderator judges; ``description`` is its non-graphic alternative."""

    kind: str  # text | image | video
    description: str
    text: str = ""
    src: str = ""  # asset source path (course-relative), for image and video
    alt: str = ""
    captions: str = ""  # asset source path of the WebVTT file
    sensitive: str | None = None  # category
    warning: str = ""  # what it shows, in a few non-graphic words
    stripped: bool = False  # the build removed the media: show the description only


@dataclass(frozen=True)
class Step:
    """One step of a branching scenario; its choices say which step comes next."""

    id: str
    prompt: str
    options: tuple[Option, ...]


@dataclass(frozen=True, kw_only=True)
class QuestionBase:
    """What every question type has; each type's dataclass below adds its own fields."""

    id: str
    type: str
    prompt: str  # Markdown (inline)
    options: tuple[Option, ...] = ()
    objectives: tuple[str, ...] = ()
    points: int = 1
    shuffle: int = 0  # how many leading options a learner sees shuffled (0: the source order)
    location: Location
    cites: tuple[str, ...] = ()  # clause ids (pins dropped once checked)
    feedback: tuple[str | None, str | None] = (None, None)  # whole-question: right, wrong
    sample: Sample | None = None  # the content a moderator judges
    policy: str | None = None  # the policy whose action set the options come from

    @property
    def policy_area(self) -> str | None:
        """The clause the question is mainly about (its first citation), for gap reports."""
        return self.cites[0] if self.cites else None


#: A resolved question: an instance of one type's dataclass, each a subclass of
#: :class:`QuestionBase` tagged by ``type``, defined with its type in ``trainforge.questions``
#: (``questions.get(q.type)`` is its plugin). Open, so a new type is one module there.
Question: TypeAlias = QuestionBase


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
    cites: tuple[str, ...] = ()
    changes: tuple[PolicyDelta, ...] = ()  # only on a generated "What changed" page
    pool: tuple[PoolDraw, ...] = ()
    shuffle: bool = False
    review: bool = True
    role: str | None = None  # pre | post
    pairs_with: str | None = None
    samples: tuple[Sample, ...] = ()  # lesson samples ({sample} directives), in order


@dataclass(frozen=True)
class PoolDraw:
    area: str
    count: int
    candidates: tuple[str, ...]  # question ids the draw picks from


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    pages: tuple[str, ...]
    sensitive: tuple[tuple[str, int], ...] = ()  # (category, count of examples), stated up front


@dataclass(frozen=True)
class Attestation:
    policy: str
    title: str
    version: int
    text: str  # "" = the theme's default text
    required: bool


@dataclass(frozen=True)
class Objective:
    id: str
    text: str
    cites: tuple[str, ...] = ()


@dataclass(frozen=True)
class PolicyRef:
    """A policy the course cites, at the registry's current version."""

    id: str
    title: str
    version: int
    effective: str  # ISO date
    clauses: tuple[str, ...]  # the clauses of it the course cites


@dataclass(frozen=True)
class ClauseDelta:
    clause: str
    title: str
    change: str  # added | changed | removed
    why: str


@dataclass(frozen=True)
class PolicyDelta:
    """What one release of a policy changed, for the generated "What changed" page."""

    policy: str
    title: str
    version: int
    date: str
    summary: str
    changes: tuple[ClauseDelta, ...]


@dataclass(frozen=True)
class Completion:
    rule: str
    passing_score: int
    max_attempts: int
    report_failed: str = "when-no-attempts-left"


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
    policies: tuple[PolicyRef, ...] = ()
    attestation: Attestation | None = None
    xapi_base_iri: str | None = None
    # Where course.yaml says it, or course.yaml itself when it does not (for xAPI's messages).
    xapi_base_iri_at: Location | None = None

    def page(self, page_id: str) -> Page:
        return next(p for p in self.pages if p.id == page_id)

    @property
    def lesson_pages(self) -> dict[str, str]:
        """Lesson source path → page id, for links between lessons."""
        return {p.source: p.id for p in self.pages if p.source}
