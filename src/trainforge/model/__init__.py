"""What authors write: frozen pydantic models of course.yaml, lesson front matter, question banks.

They are the single source of truth for validation and for the JSON Schemas in ``schemas/``.
"""

from trainforge.model.course import Assessment, Completion, Course, Module, Objective, Page
from trainforge.model.lesson import FrontMatter
from trainforge.model.question import ChoiceOption, Question, QuestionBank, Sample

__all__ = [
    "Assessment",
    "ChoiceOption",
    "Completion",
    "Course",
    "FrontMatter",
    "Module",
    "Objective",
    "Page",
    "Question",
    "QuestionBank",
    "Sample",
]
