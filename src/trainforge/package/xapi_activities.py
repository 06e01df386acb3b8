"""The xAPI activities of a course: stable IRIs, definitions and the context they are reported in.

Computed once per build and shared by ``tincan.xml`` and the adapter's statements, so an LMS that
imports the package and an LRS that receives statements see the same names and definitions.
Ids come from the base IRI (course.yaml or ``--xapi-base-iri``) and the course's stable node
ids (DIGEST §3.8 #4).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from trainforge import questions as question_types
from trainforge.markup import markdown
from trainforge.questions.scenario import ScenarioQuestion
from trainforge.render.site import plain_text
from trainforge.resolve import resolved
from trainforge.tracking.ids import (
    activity_iri,
    attestation_iri,
    course_iri,
    extension,
    step_id,
)
from trainforge.tracking.shapes import Component, Shape, choice

ACTIVITY = "http://adlnet.gov/expapi/activities/"
#: A policy version a learner attests to: a document, in the Tin Can registry's vocabulary.
DOCUMENT = "http://id.tincanapi.com/activitytype/document"
#: Context extensions (README "xAPI packages" documents each one; tracking/ids.py mints them).
EXT_POLICIES = extension("policies")
EXT_POLICY_ID = extension("policy-id")
EXT_POLICY_VERSION = extension("policy-version")
EXT_CLAUSES = extension("clauses")
EXT_OBJECTIVES = extension("objectives")
EXT_ROLE = extension("assessment-role")
EXT_PAIRED = extension("paired-with")
NAME_MAX = 120  # an interaction's name is its prompt, shortened; the description keeps it whole

Json = dict[str, Any]


def short_name(text: str) -> str:
    """``text`` cut at a word boundary to at most NAME_MAX characters, with an ellipsis."""
    if len(text) <= NAME_MAX:
        return text
    cut = text[: NAME_MAX - 1]
    head = cut.rsplit(" ", 1)[0] if " " in cut[NAME_MAX // 2 :] else cut
    return head.rstrip(" ,;:.") + "…"


class Activities:
    """Every activity of ``course``: ``{"id", "definition", "context"}`` objects by node id.

    ``context`` holds the context extensions statements about that activity carry.
    """

    def __init__(self, course: resolved.Course, base: str) -> None:
        self.lang = course.language
        self.base = base
        self.iri = course_iri(base, course.id)
        md = markdown()
        self._inline: Callable[[str], str] = lambda text: plain_text(md.renderInline(text))
        self._policy_of = {c: p for p in course.policies for c in p.clauses}
        self._policies = {p.id: p for p in course.policies}
        # A course about one policy is about it throughout, citations or not.
        self._sole = course.policies[0] if len(course.policies) == 1 else None
        self._objective_cites = {o.id: o.cites for o in course.objectives}
        self.course = self._activity(
            self.iri, "course", course.title, plain_text(md.render(course.description))
        )
        if course.policies:
            self.course["context"] = {
                EXT_POLICIES: [{"id": p.id, "version": p.version} for p in course.policies]
            }
        self.modules = {
            m.id: self._activity(activity_iri(self.iri, "module", m.id), "module", m.title)
            for m in course.modules
        }
        self.pages = {p.id: self._page(p) for p in course.pages}
        self.objectives = {
            o.id: self._activity(activity_iri(self.iri, "objective", o.id), "objective", o.text)
            for o in course.objectives
        }
        self.questions: dict[str, Json] = {}
        for q in course.questions.values():
            self.questions[q.id] = self._question(q)
            self.questions.update(self._steps(q))
        self.attestation = self._attestation(course.attestation)

    def _map(self, text: str) -> dict[str, str]:
        return {self.lang: text}

    def _activity(self, iri: str, kind: str, name: str, description: str = "") -> Json:
        definition: Json = {"type": ACTIVITY + kind, "name": self._map(name)}
        if description:
            definition["description"] = self._map(description)
        return {"id": iri, "definition": definition, "context": {}}

    def _context(
        self, cites: Iterable[str], objectives: Iterable[str], about: str | None = None
    ) -> Json:
        """Policy and objective extensions; clauses fall back to those of the objectives, the
        policy to ``about`` (a decision's action set, a "What changed" page) or the course's."""
        objective_ids = list(objectives)
        clauses = list(cites) or list(
            dict.fromkeys(c for o in objective_ids for c in self._objective_cites.get(o, ()))
        )
        context: Json = {}
        policy = next((self._policy_of[c] for c in clauses if c in self._policy_of), None)
        policy = policy or self._policies.get(about or "") or self._sole
        if policy is not None:
            context[EXT_POLICY_ID] = policy.id
            context[EXT_POLICY_VERSION] = policy.version
        if clauses:
            context[EXT_CLAUSES] = clauses
        if objective_ids:
            context[EXT_OBJECTIVES] = objective_ids
        return context

    def _page(self, page: resolved.Page) -> Json:
        activity = self._activity(self._page_iri(page.id), page.kind, page.title)
        about = page.changes[0].policy if page.changes else None
        activity["context"] = self._context(page.cites, page.objectives, about)
        if page.role:  # pre/post-test pairs: reports compute learning gain from these
            activity["context"][EXT_ROLE] = page.role
        if page.pairs_with:
            activity["context"][EXT_PAIRED] = self._page_iri(page.pairs_with)
        return activity

    def _page_iri(self, page_id: str) -> str:
        return activity_iri(self.iri, "page", page_id)

    def _components(self, components: Iterable[Component]) -> list[Json]:
        return [
            {"id": c.id, "description": self._map(self._inline(c.text) or c.id)}
            for c in components
        ]

    def _interaction(self, s: Shape) -> Json:
        """interactionType, correctResponsesPattern and components (xAPI Data §2.4.4.1)."""
        data: Json = {"interactionType": s.xapi_type,
                      "correctResponsesPattern": list(s.xapi_pattern)}
        data.update((kind, self._components(items)) for kind, items in s.components)
        return data

    def _question(self, q: resolved.Question) -> Json:
        """A cmi.interaction definition (xAPI Data §2.4.4.1); components per interaction type."""
        prompt = self._inline(q.prompt)
        definition: Json = {
            "type": ACTIVITY + "cmi.interaction",
            "name": self._map(short_name(prompt)),
            "description": self._map(prompt),
        }
        definition.update(self._interaction(question_types.get(q.type).interaction(q)))
        activity = {"id": activity_iri(self.iri, "question", q.id), "definition": definition}
        activity["context"] = self._context(q.cites, q.objectives, q.policy)
        return activity

    def _steps(self, q: resolved.Question) -> dict[str, Json]:
        """A scenario's steps, each a choice interaction of its own (``<question>--<step>``)."""
        steps: dict[str, Json] = {}
        for step in q.steps if isinstance(q, ScenarioQuestion) else ():
            sid = step_id(q.id, step.id)
            prompt = self._inline(step.prompt)
            definition: Json = {
                "type": ACTIVITY + "cmi.interaction",
                "name": self._map(short_name(prompt)),
                "description": self._map(prompt),
                **self._interaction(choice(step.options)),
            }
            steps[sid] = {
                "id": activity_iri(self.iri, "question", sid),
                "definition": definition,
                "context": self._context(q.cites, q.objectives, q.policy),
            }
        return steps

    def _attestation(self, attestation: resolved.Attestation | None) -> Json | None:
        """The policy version a learner attests to; one activity whatever course asks for it."""
        if attestation is None:
            return None
        version = attestation.version
        return {
            "id": attestation_iri(self.base, attestation.policy, version),
            "definition": {"type": DOCUMENT, "name": self._map(f"{attestation.title} v{version}")},
            "context": {EXT_POLICY_ID: attestation.policy, EXT_POLICY_VERSION: version},
        }
