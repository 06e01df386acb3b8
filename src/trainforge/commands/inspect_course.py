"""``trainforge inspect --json``: the resolved course as the stable JSON QA automation reads."""

from __future__ import annotations

from typing import Any

from trainforge.resolve import resolved
from trainforge.tracking.ids import step_id as step_question_id


def inspect_course(course: resolved.Course) -> dict[str, Any]:
    """Pages in order and every question the course uses, with each option's ``correct``."""
    questions: list[dict[str, Any]] = []
    for q in course.questions.values():
        questions.append(_question(q))
        questions.extend(_step(q, s) for s in q.steps)
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


def _options(options: tuple[resolved.Option, ...]) -> list[dict[str, Any]]:
    out = []
    for o in options:
        entry: dict[str, Any] = {"id": o.id, "correct": o.correct}
        if o.group:
            entry["group"] = o.group
        out.append(entry)
    return out


def _question(q: resolved.Question) -> dict[str, Any]:
    data: dict[str, Any] = {"id": q.id, "type": q.type, "points": q.points,
                            "objectives": list(q.objectives), "clauses": list(q.cites),
                            "options": _options(q.options)}
    if q.pairs:
        data["pairs"] = [list(p) for p in q.pairs]
    if q.items:
        data["order"] = [o.id for o in q.items]
    if q.sample is not None:
        data["sensitive"] = q.sample.sensitive
    if q.steps:
        data["steps"] = [step_question_id(q.id, s.id) for s in q.steps]
    return data


def _step(q: resolved.Question, s: resolved.Step) -> dict[str, Any]:
    """Each scenario step is a question of its own to a bot: options, the best one correct."""
    return {"id": step_question_id(q.id, s.id), "type": "scenario_step", "scenario": q.id,
            "points": 0, "objectives": list(q.objectives), "clauses": list(q.cites),
            "options": [{"id": o.id, "correct": o.correct, "next": (
                step_question_id(q.id, o.next) if o.next else None)} for o in s.options]}
