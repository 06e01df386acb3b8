"""Item metadata: every tracked id of a course ↔ objective ↔ policy clause and version ↔ locale.

Learning records (SCORM interactions, xAPI statements, saved state) carry page, question and
option ids; this file is how analytics in any tool joins them with objectives and policy areas.
It goes inside each package (``meta/trainforge-items.json``) and beside it in the output folder.
The compact :func:`tracked_ids` form goes into ``manifest.json`` for ``build --against``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from trainforge.errors import Location

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


def _clauses(course: resolved.Course, cites: tuple[str, ...]) -> list[dict[str, Any]]:
    versions = {c: p.version for p in course.policies for c in p.clauses}
    owners = {c: p.id for p in course.policies for c in p.clauses}
    return [{"clause": c, "policy": owners.get(c, ""), "version": versions.get(c)}
            for c in cites]


def item_metadata(course: resolved.Course, renames: tuple[Rename, ...]) -> dict[str, Any]:
    """The item-metadata document: one row per question and per option, ready to join on."""
    locale = course.language
    pages_of: dict[str, list[str]] = {}
    for page in course.pages:
        for qid in page.questions:
            pages_of.setdefault(qid, []).append(page.id)
    rows: list[dict[str, Any]] = []
    for q in course.questions.values():
        base = {"question": q.id, "type": q.type, "objectives": list(q.objectives),
                "policy": _clauses(course, q.cites), "pages": pages_of.get(q.id, []),
                "locale": locale}
        rows.append({"id": q.id, "kind": "question", **base, "option": None, "correct": None,
                     "points": q.points})
        rows.extend({"id": f"{q.id}/{o.id}", "kind": "option", **base, "option": o.id,
                     "correct": o.correct, "points": None} for o in q.options)
    return {
        "format": ITEMS_FORMAT,
        "course": {"id": course.id, "version": course.version, "title": course.title,
                   "locale": locale},
        "policies": [{"id": p.id, "version": p.version} for p in course.policies],
        "objectives": [{"id": o.id, "text": o.text, "policy": _clauses(course, o.cites)}
                       for o in course.objectives],
        "pages": [{"id": p.id, "kind": p.kind, "module": p.module, "title": p.title,
                   "objectives": list(p.objectives), "questions": list(p.questions),
                   "policy": _clauses(course, p.cites), "locale": locale}
                  for p in course.pages],
        "items": rows,
        "renames": [r.as_json() for r in renames],
    }


# One encoder for every row: json.dumps with options builds a new encoder per call.
COMPACT = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def items_bytes(document: dict[str, Any]) -> bytes:
    """The document as JSON: compact, one item row a line, so it stays readable and greppable."""
    dump = COMPACT.encode
    head = {k: v for k, v in document.items() if k != "items"}
    rows = ",\n".join(dump(row) for row in document["items"])
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
