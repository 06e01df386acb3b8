"""The model of ``course.yaml``: metadata, objectives, completion rule and the outline."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from trainforge.model.base import Id, ShortText, Strict, Text
from trainforge.model.policy import Citation

SEMVER = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$"
LANGUAGE = r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$"


class CompletionRule(StrEnum):
    VIEWED = "viewed"
    PASSED = "passed"
    VIEWED_AND_PASSED = "viewed_and_passed"


class ReportFailed(StrEnum):
    """When a failing course reports `failed` to the LMS/LRS while assessment attempts remain."""

    WHEN_NO_ATTEMPTS_LEFT = "when-no-attempts-left"
    IMMEDIATELY = "immediately"


class Objective(Strict):
    id: Id
    text: ShortText
    cites: list[Citation] = Field(default_factory=list, description="policy clauses, e.g. HB-3.2")


class Completion(Strict):
    rule: CompletionRule = Field(CompletionRule.VIEWED_AND_PASSED, strict=False)
    passing_score: int = Field(80, ge=0, le=100)
    max_attempts: int = Field(0, ge=0, le=99, description="attempts per assessment; 0 = unlimited")
    report_failed: ReportFailed = Field(
        ReportFailed.WHEN_NO_ATTEMPTS_LEFT, strict=False,
        description="`when-no-attempts-left`: a failing course reports `incomplete` (with its "
        "score) while an assessment can be retaken, since many LMSs (Moodle) treat `failed` as "
        "a finished attempt; `immediately`: `failed` at once, for LMSs that count attempts")


class LessonPage(Strict):
    lesson: Annotated[str, Field(min_length=1, description="path of a Markdown lesson")]


class PoolDraw(Strict):
    """Draw ``count`` questions of one policy area (a policy id like ``hb`` or a clause prefix
    like ``HB-3``) from the course's banks, or from the bank files listed."""

    area: Annotated[str, Field(pattern=r"^(?:[a-z0-9][a-z0-9-]*|[A-Z][A-Z0-9]*-[0-9.]+)$")]
    count: int = Field(ge=1, le=200)
    banks: list[str] = Field(default_factory=list, description="bank files, e.g. "
                             "questions/final.yaml; default: every bank of the course")


class AssessmentRole(StrEnum):
    PRE = "pre"
    POST = "post"


class Assessment(Strict):
    id: Id
    title: ShortText
    intro: Text | None = None
    questions: list[Id] = Field(default_factory=list, description="asked in every attempt")
    pool: list[PoolDraw] = Field(default_factory=list, description="drawn per attempt")
    shuffle: bool = Field(False, description="shuffle the question order per attempt")
    review: bool = Field(True, description="show feedback after submitting, and the right "
                         "answers once the attempt is final (passed, or no attempts left)")
    role: AssessmentRole | None = Field(None, strict=False)
    pairs_with: Id | None = Field(None, description="the pre-/post-test this one is paired with")

    @model_validator(mode="after")
    def _asks_something(self) -> Assessment:
        if not self.questions and not self.pool:
            raise ValueError("an assessment needs `questions`, a `pool`, or both")
        if self.pairs_with and self.role is None:
            raise ValueError("`pairs_with` needs a `role` (pre or post)")
        return self


class AssessmentPage(Strict):
    assessment: Assessment


def _page_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for kind in ("lesson", "assessment"):
            if kind in value:
                return kind
    return None


Page = Annotated[
    Annotated[LessonPage, Tag("lesson")] | Annotated[AssessmentPage, Tag("assessment")],
    Discriminator(
        _page_kind,
        custom_error_type="page_kind",
        custom_error_message="a page needs a `lesson` or an `assessment` key",
    ),
]


class Attestation(Strict):
    """An acknowledgement the learner gives at the end: "I have read and understood …"."""

    policy: Id
    text: Text | None = Field(None, description="default: the theme's attestation text")
    required: bool = Field(True, description="required for completion")


class Module(Strict):
    id: Id
    title: ShortText
    pages: Annotated[list[Page], Field(min_length=1)]


# A tracked id of an earlier release: a page or question id, or QUESTION/OPTION for an option.
ITEM_REF = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:/[a-z0-9](?:[a-z0-9_-]{0,30}[a-z0-9])?)?$"


class Rename(Strict):
    """An id learners' records may hold that this release renamed (`to`) or retired (no `to`)."""

    from_: Annotated[str, Field(alias="from", pattern=ITEM_REF,
                                description="page or question id, or QUESTION/OPTION")]
    to: Annotated[str | None, Field(pattern=ITEM_REF, description="the id that replaces it")] = None


class Course(Strict):
    """A course: everything ``course.yaml`` says."""

    id: Id
    title: ShortText
    description: Text
    version: Annotated[str, Field(pattern=SEMVER, description="semantic version, e.g. 1.2.0")]
    language: Annotated[str, Field(pattern=LANGUAGE, description="BCP 47 tag, e.g. en or pt-BR")]
    audience: ShortText | None = None
    duration_minutes: int | None = Field(None, ge=1, le=10_000)
    objectives: list[Objective] = Field(default_factory=list)
    completion: Completion = Field(default_factory=Completion)
    attestation: Attestation | None = None
    sensitive_budget: int | None = Field(
        None, ge=0, description="most sensitive examples a module may hold before a warning")
    policies: dict[Id, Annotated[int, Field(ge=1)]] = Field(
        default_factory=dict,
        description="policy versions the course was last released against; when a cited policy "
        "is newer, a 'What changed' page opens the course",
    )
    xapi_base_iri: str | None = Field(
        None, min_length=1,
        description="xAPI: the base of the course's activity IRIs, an absolute http(s) IRI your "
        "organisation controls, e.g. https://learning.example-org.com/courses; required for "
        "`--format xapi` unless `--xapi-base-iri` is given",
    )
    modules: Annotated[list[Module], Field(min_length=1)]
    renames: list[Rename] = Field(
        default_factory=list,
        description="ids of earlier releases that were renamed or retired or changed meaning; "
        "`trainforge build --against` refuses such changes without an entry here",
    )

    @field_validator("version", mode="before")
    @classmethod
    def _version_is_text(cls, value: object) -> object:
        if isinstance(value, float | int):
            raise ValueError("write the version as text with three parts, e.g. '1.0.0'")
        return value

    @model_validator(mode="after")
    def _assessed_if_passing_required(self) -> Course:
        needs = self.completion.rule is not CompletionRule.VIEWED
        has = any(isinstance(p, AssessmentPage) for m in self.modules for p in m.pages)
        if needs and not has:
            raise ValueError(
                f"completion rule `{self.completion.rule.value}` needs an assessment page"
            )
        return self
