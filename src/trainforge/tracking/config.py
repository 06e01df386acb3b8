"""The tracking config a packager prepends to the runtime's adapter: every id it reports, decided.

The adapters (runtime/adapters/*.js) hold no id rule of their own: they read interaction and
objective ids, response keys, patterns, IRIs and extension keys from this first line of
``assets/tf-tracking.js`` (docs/runtime.md, "Tracking config").
"""

from __future__ import annotations

import json
from typing import Any

from trainforge import questions as question_types
from trainforge.questions.scenario import ScenarioQuestion
from trainforge.resolve import resolved
from trainforge.tracking.ids import (
    ROLES,
    STATE_BOOKMARK,
    TRUE_FALSE,
    VERB_ATTESTED,
    Role,
    attestation_interaction_id,
    attestation_objective_id,
    clause_objective_id,
    extension,
    interaction_id,
    role_of,
    step_id,
)
from trainforge.tracking.shapes import Shape, choice

Json = dict[str, Any]
#: The extensions the xAPI adapter adds itself (the build computes the rest per activity).
ADAPTER_EXTENSIONS = ("question-kind", "attempt", "assessment-role")


def script_line(name: str, data: object) -> bytes:
    """``self.<name>=<JSON>;`` as the first line of an adapter script (ASCII, deterministic)."""
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return f"self.{name}={text};\n".encode("ascii")


def question_objectives(q: resolved.Question) -> list[str]:
    """cmi.interactions.n.objectives of a question: its learning objectives, then its clauses."""
    return [*q.objectives, *(clause_objective_id(c) for c in q.cites)]


def taught_objectives(course: resolved.Course, page: resolved.Page) -> list[str]:
    """The learning objectives a page and its questions teach (their cmi.objectives ids)."""
    questions = [course.questions[q] for q in page.questions]
    return list(dict.fromkeys([*page.objectives, *(o for q in questions for o in q.objectives)]))


def scored_clauses(course: resolved.Course, page: resolved.Page) -> list[str]:
    """The clause objectives a page scores: those its questions cite, on a counted assessment."""
    if role_of(page) != "assessment":
        return []
    cites = (c for q in page.questions for c in course.questions[q].cites)
    return list(dict.fromkeys(clause_objective_id(c) for c in cites))


def page_objectives(course: resolved.Course, page: resolved.Page) -> list[str]:
    """The cmi.objectives a page makes its SCO report: what it teaches and what it scores."""
    return taught_objectives(course, page) + scored_clauses(course, page)


def objective_order(course: resolved.Course) -> list[str]:
    """Every cmi.objectives id but the attestation's, in the order a first launch numbers them:
    learning objectives (course order), then policy clauses (registry order)."""
    clauses = [clause_objective_id(c) for p in course.policies for c in p.clauses]
    return [o.id for o in course.objectives] + clauses


def roles(course: resolved.Course) -> dict[str, list[Role]]:
    """The roles each question is asked in (a page lists every question it may ask)."""
    found: dict[str, set[Role]] = {}
    for page in course.pages:
        for qid in page.questions:
            found.setdefault(qid, set()).add(role_of(page))
    return {qid: [r for r in ROLES if r in used] for qid, used in found.items()}


def _scorm_question(
    qid: str, step: str, s: Shape, objectives: list[str], asked: list[Role]
) -> Json:
    data: Json = {
        "ids": {role: interaction_id(qid, role, step) for role in asked},
        "type": s.scorm_type,
        "keys": list(s.keys),
        "pattern": s.scorm_pattern,
        "objectives": objectives,
    }
    if s.is_set:
        data["set"] = True
    return data


def scorm12(course: resolved.Course) -> Json:
    """What scorm12.js reads: per question (and scenario step) its interaction ids in the roles
    it is asked in, type, key tables, pattern and objectives; per page its role, the learning
    objectives it teaches and the clauses it scores; the objective order; the attestation's
    interaction and objective."""
    questions: Json = {}
    asked = roles(course)
    for q in course.questions.values():
        objectives, used = question_objectives(q), asked.get(q.id, [])
        questions[q.id] = _scorm_question(q.id, "", question_types.get(q.type).interaction(q),
                                          objectives, used)
        for st in q.steps if isinstance(q, ScenarioQuestion) else ():
            questions[step_id(q.id, st.id)] = _scorm_question(
                q.id, st.id, choice(st.options), objectives, used)
    a = course.attestation
    return {
        "questions": questions,
        "pages": {p.id: {"role": role_of(p), "taught": taught_objectives(course, p),
                         "scores": scored_clauses(course, p)} for p in course.pages},
        "objectives": objective_order(course),
        "attestation": None if a is None else {
            "id": attestation_interaction_id(a.policy, a.version),
            "objective": attestation_objective_id(a.policy),
            "type": "true-false",
            "pattern": TRUE_FALSE["true"],  # acknowledged: the response is the pattern
        },
    }


def xapi_runtime() -> Json:
    """The IRIs the xAPI adapter sends beside the activities: its extensions, verb, state id."""
    return {
        "extensions": {name: extension(name) for name in ADAPTER_EXTENSIONS},
        "verbs": {"attested": VERB_ATTESTED},
        "state": STATE_BOOKMARK,
    }
