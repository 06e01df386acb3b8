"""Saved-state keys: two ids the player saves under one key would lose learners' progress.

The player saves every page, and every ``page/question`` slot, under a 5-character key
(runtime/statesize.py ``id_key``, as core.js computes it). Two ids with one key overwrite each
other's state, so the player restores neither: that is a build error, located at both ids.
"""

from __future__ import annotations

from trainforge.errors import Diagnostic, Location, error
from trainforge.model.course import AssessmentPage
from trainforge.resolve import resolved
from trainforge.runtime.statesize import id_key, key_collisions
from trainforge.validate.course import ValidatedCourse


def state_key_problems(course: resolved.Course, validated: ValidatedCourse) -> list[Diagnostic]:
    """An error per pair of ids sharing a saved-state key, at the second, naming the first."""
    found = []
    for first, second in key_collisions(course):
        kind = "question slot" if "/" in first else "page"
        found.append(error(
            "state.key-collision", f"{kind} `{second}` is saved under the same key "
            f"`{id_key(second)}` as `{first}` at {_where(first, course, validated)}; the player "
            "would restore neither, and learners would lose their progress",
            _where(second, course, validated), "rename either id"))
    return found


def _where(state_id: str, course: resolved.Course, validated: ValidatedCourse) -> Location:
    """Where a page id is defined; for a ``page/question`` slot, where the question is."""
    page_id, _, question = state_id.partition("/")
    if question:
        return course.questions[question].location
    doc = validated.source.course
    assert doc is not None  # a resolved course has its course.yaml
    page = course.page(page_id)
    lesson = validated.source.lessons.get(page.source)
    if lesson is not None and lesson.front is not None:
        return lesson.front.location(("id",))
    for mi, module in enumerate(validated.course.modules):
        for pi, entry in enumerate(module.pages):
            if isinstance(entry, AssessmentPage) and entry.assessment.id == page_id:
                return doc.location(("modules", mi, "pages", pi, "assessment", "id"))
    return doc.location(("policies",))  # the generated "What changed" page
