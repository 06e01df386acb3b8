"""What authors write: frozen pydantic models of course.yaml, lesson front matter, question banks.

They are the single source of truth for validation and for the JSON Schemas in ``schemas/``.
"""

from trainforge.model.course import Assessment, Completion, Course, Module, Objective, Page
from trainforge.model.lesson import FrontMatter
from trainforge.model.question import (
    ChoiceOption,
    Matching,
    ModerationDecision,
    MultipleResponse,
    Ordering,
    Question,
    QuestionBank,
    Sample,
    Scenario,
    SingleChoice,
    TrueFalse,
)

__all__ = [
    "Assessment",
    "ChoiceOption",
    "Completion",
    "Course",
    "FrontMatter",
    "Matching",
    "ModerationDecision",
    "Module",
    "MultipleResponse",
    "Objective",
    "Ordering",
    "Page",
    "Question",
    "QuestionBank",
    "Sample",
    "Scenario",
    "SingleChoice",
    "TrueFalse",
]
