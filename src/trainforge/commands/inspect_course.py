"""``trainforge inspect --json``: the resolved course as the stable JSON QA automation reads."""

from __future__ import annotations

from typing import Any

from trainforge import questions as question_types
from trainforge.resolve import resolved


def inspect_course(course: resolved.Course) -> dict[str, Any]:
    """Pages in order and every question the course uses, with each option's ``correct``."""
    questions: list[dict[str, Any]] = []
    for q in course.questions.values():
        questions.extend(question_types.get(q.type).inspect(q))
    a = course.attestation
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
        "attestation": None if a is None else {"policy": a.policy, "version": a.version,
                                               "required": a.required},
        "objectives": [{"id": o.id, "text": o.text, "clauses": list(o.cites)}
                       for o in course.objectives],
        "modules": [{"id": m.id, "title": m.title, "pages": list(m.pages),
                     "sensitive": dict(m.sensitive)} for m in course.modules],
        "pages": [_page(p) for p in course.pages],
        "questions": questions,
    }


def _page(p: resolved.Page) -> dict[str, Any]:
    data: dict[str, Any] = {"id": p.id, "title": p.title, "kind": p.kind, "module": p.module,
                            "questions": list(p.questions), "clauses": list(p.cites)}
    if p.kind == "assessment":
        data["pool"] = [{"area": d.area, "count": d.count, "questions": list(d.candidates)}
                        for d in p.pool]
        data.update(shuffle=p.shuffle, review=p.review, role=p.role, pairs_with=p.pairs_with)
    return data
