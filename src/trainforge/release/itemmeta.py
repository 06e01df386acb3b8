"""Item metadata: every tracked id of a course ↔ objective ↔ policy clause and version ↔ locale.

Learning records (SCORM interactions, xAPI statements, saved state) carry page, question and
option ids; this file is how analytics in any tool joins them with objectives and policy areas.
It goes inside each package (``meta/trainforge-items.json``) and beside it in the output folder.
The compact :func:`tracked_ids` form goes into ``manifest.json`` for ``build --against``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from trainforge.errors import Location
from trainforge.tracking.ids import item_id

if TYPE_CHECKING:
    from trainforge.resolve import resolved

ITEMS_PATH = "meta/trainforge-items.json"  # in a folder: SCORM packs root files per SCO only
ITEMS_FORMAT = 1


@dataclass(frozen=True)
class Rename:
    """``renames:`` in course.yaml: an id of an earlier release is now ``new`` (None: retired)."""

    old: str  # a page or question id, or QUESTION/OPTION
    new: str | None
    location: Location

    def as_json(self) -> dict[str, str | None]:
        return {"from": self.old, "to": self.new}


@dataclass(frozen=True)
class ClauseRef:
    """A policy clause a row is about, at the version the course was built against."""

    clause: str
    policy: str  # "" when the registry does not know it (never for a resolved course)
    version: int | None

    def as_json(self) -> dict[str, Any]:
        return {"clause": self.clause, "policy": self.policy, "version": self.version}


@dataclass(frozen=True)
class ItemRow:
    """One row of item metadata: a question, or one of its options (``option``, ``correct``)."""

    id: str  # tracking.ids.item_id: `q` or `q/o`
    kind: Literal["question", "option"]
    question: str
    type: str
    objectives: tuple[str, ...]
    policy: tuple[ClauseRef, ...]
    pages: tuple[str, ...]
    locale: str
    option: str | None = None
    correct: bool | None = None
    points: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "question": self.question, "type": self.type,
                "objectives": list(self.objectives),
                "policy": [c.as_json() for c in self.policy], "pages": list(self.pages),
                "locale": self.locale, "option": self.option, "correct": self.correct,
                "points": self.points}


def _clauses(course: resolved.Course, cites: tuple[str, ...]) -> tuple[ClauseRef, ...]:
    owners = {c: p for p in course.policies for c in p.clauses}
    return tuple(ClauseRef(c, owners[c].id if c in owners else "",
                           owners[c].version if c in owners else None) for c in cites)


def item_rows(course: resolved.Course) -> list[ItemRow]:
    """One row per question and per option, with the ids learning records carry."""
    pages_of: dict[str, list[str]] = {}
    for page in course.pages:
        for qid in page.questions:
            pages_of.setdefault(qid, []).append(page.id)
    rows: list[ItemRow] = []
    for q in course.questions.values():
        base = ItemRow(item_id(q.id), "question", q.id, q.type, q.objectives,
                       _clauses(course, q.cites), tuple(pages_of.get(q.id, [])),
                       course.language, points=q.points)
        rows.append(base)
        rows.extend(replace(base, id=item_id(q.id, o.id), kind="option", option=o.id,
                            correct=o.correct, points=None) for o in q.options)
    return rows


def item_metadata(course: resolved.Course, renames: tuple[Rename, ...]) -> dict[str, Any]:
    """The item-metadata document: one row per question and per option, ready to join on."""
    locale = course.language

    def clauses(cites: tuple[str, ...]) -> list[dict[str, Any]]:
        return [c.as_json() for c in _clauses(course, cites)]

    return {
        "format": ITEMS_FORMAT,
        "course": {"id": course.id, "version": course.version, "title": course.title,
                   "locale": locale},
        "policies": [{"id": p.id, "version": p.version} for p in course.policies],
        "objectives": [{"id": o.id, "text": o.text, "policy": clauses(o.cites)}
                       for o in course.objectives],
        "pages": [{"id": p.id, "kind": p.kind, "module": p.module, "title": p.title,
                   "objectives": list(p.objectives), "questions": list(p.questions),
                   "policy": clauses(p.cites), "locale": locale}
                  for p in course.pages],
        "items": item_rows(course),
        "renames": [r.as_json() for r in renames],
    }


# One encoder for every row: json.dumps with options builds a new encoder per call.
COMPACT = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def items_bytes(document: dict[str, Any]) -> bytes:
    """The document as JSON: compact, one item row a line, so it stays readable and greppable."""
    dump = COMPACT.encode
    head = {k: v for k, v in document.items() if k != "items"}
    rows = ",\n".join(dump(row.as_json()) for row in document["items"])
    return (dump(head)[:-1] + ',"items":[\n' + rows + "\n]}\n").encode()


def tracked_ids(course: resolved.Course, renames: tuple[Rename, ...]) -> dict[str, Any]:
    """What learners' records refer to: page kinds, question types and option correctness."""
    return {
        "pages": {p.id: p.kind for p in course.pages},
        "questions": {q.id: {"type": q.type, "options": {o.id: o.correct for o in q.options}}
                      for q in course.questions.values()},
        "renames": [r.as_json() for r in renames],
    }


def item_locations(course: resolved.Course, course_file: Location,
                   renames: tuple[Rename, ...]) -> dict[str, list[str | int]]:
    """Where each tracked id is defined, for located ``--against`` errors (kept in the cache)."""
    where: dict[str, Location] = {"": course_file}
    for page in course.pages:
        where[f"page:{page.id}"] = (Location(f"{course.source_dir}/{page.source}", 1, 1)
                                    if page.source else course_file)
    for q in course.questions.values():
        where[f"question:{q.id}"] = q.location
    for i, rename in enumerate(renames):
        where[f"rename:{i}"] = rename.location
    return {k: [v.path, v.line, v.col] for k, v in where.items()}
