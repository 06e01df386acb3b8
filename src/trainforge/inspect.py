"""``trainforge inspect --json``: the resolved course as the stable JSON QA automation reads."""

from __future__ import annotations

from typing import Any

from trainforge import resolved


def inspect_course(course: resolved.Course) -> dict[str, Any]:
    """Pages in order and every question the course uses, with each option's ``correct``."""
    return {
        "id": course.id,
        "title": course.title,
        "version": course.version,
        "language": course.language,
        "completion": {
            "rule": course.completion.rule,
            "passing_score": course.completion.passing_score,
            "max_attempts": course.completion.max_attempts,
        },
        "policies": [{"id": p.id, "title": p.title, "version": p.version,
                      "effective": p.effective, "clauses": list(p.clauses)}
                     for p in course.policies],
        "objectives": [{"id": o.id, "text": o.text, "clauses": list(o.cites)}
                       for o in course.objectives],
        "modules": [{"id": m.id, "title": m.title, "pages": list(m.pages)} for m in course.modules],
        "pages": [
            {"id": p.id, "title": p.title, "kind": p.kind, "module": p.module,
             "questions": list(p.questions), "clauses": list(p.cites)}
            for p in course.pages
        ],
        "questions": [
            {"id": q.id, "type": q.type, "points": q.points, "objectives": list(q.objectives),
             "clauses": list(q.cites),
             "options": [{"id": o.id, "correct": o.correct} for o in q.options]}
            for q in course.questions.values()
        ],
    }
