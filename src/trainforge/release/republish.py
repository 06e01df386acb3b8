"""``build --against PREVIOUS_MANIFEST``: refuse a release that would orphan learners' records.

Saved state (SCORM suspend_data, xAPI state) and LMS interaction history refer to page, question
and option ids. A page or question that disappeared, a question whose type changed, an option
that disappeared or whose correctness flipped, or a new correct option, all change what old
records mean. Each is an error unless course.yaml lists the id under ``renames`` (``from: OLD``,
``to: NEW`` or no ``to`` for a retired id), which is the author saying it is intended.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from trainforge.errors import Diagnostic, Location, error
from trainforge.release.manifest import ManifestRecord


@dataclass(frozen=True)
class Current:
    """One course of this build: its tracked ids and where each is defined."""

    course: str
    locale: str
    ids: Mapping[str, Any]  # itemmeta.tracked_ids
    locations: Mapping[str, list[Any]]  # itemmeta.item_locations


def previous_ids(records: Iterable[ManifestRecord]) -> dict[tuple[str, str], dict[str, Any]]:
    """(course id, locale) → the union of the tracked ids of its packages in a manifest."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for rec in sorted(records, key=lambda r: r.name):
        slot = merged.setdefault((rec.course, rec.locale), {"pages": {}, "questions": {}})
        slot["pages"].update(rec.ids.get("pages") or {})
        slot["questions"].update(rec.ids.get("questions") or {})
    return merged


def check_against(previous: Iterable[ManifestRecord], current: Iterable[Current]
                  ) -> list[Diagnostic]:
    """Every tracked id of the previous release that this build drops or changes unannounced."""
    before = previous_ids(previous)
    found: list[Diagnostic] = []
    for course in current:
        old = before.get((course.course, course.locale))
        found.extend(_renames_exist(course))
        if old is not None:
            found.extend(_compare(course, old))
    return found


def _loc(course: Current, key: str) -> Location:
    path, line, col = course.locations.get(key) or course.locations[""]
    return Location(str(path), int(line), int(col))


def _hint(old_id: str) -> str:
    return (f"keep the id, or if the change is intended add `renames: [{{from: {old_id}, to: "
            f"NEW-ID}}]` to course.yaml (no `to` when it is retired)")


def _renames_exist(course: Current) -> list[Diagnostic]:
    pages, questions = course.ids["pages"], course.ids["questions"]
    found = []
    for i, rename in enumerate(course.ids.get("renames", [])):
        target = rename.get("to")
        if target is None:
            continue
        qid, _, oid = target.partition("/")
        exists = (oid in questions.get(qid, {}).get("options", {}) if oid
                  else target in pages or target in questions)
        if not exists:
            found.append(error("republish.rename-target", f"rename target `{target}` is not a "
                               "page, question or QUESTION/OPTION of this course",
                               _loc(course, f"rename:{i}")))
    return found


def _compare(course: Current, old: Mapping[str, Any]) -> list[Diagnostic]:
    acknowledged = {r["from"] for r in course.ids.get("renames", [])}
    pages, questions = course.ids["pages"], course.ids["questions"]
    found: list[Diagnostic] = []
    for pid, kind in sorted(old["pages"].items()):
        if pid in acknowledged:
            continue
        if pid not in pages:
            found.append(error("republish.page-removed", f"page `{pid}` of the previous release "
                               "is gone; learners' saved state refers to it", _loc(course, ""),
                               _hint(pid)))
        elif pages[pid] != kind:
            found.append(error("republish.page-changed", f"page `{pid}` was a {kind} page and "
                               f"is now a {pages[pid]} page", _loc(course, f"page:{pid}"),
                               _hint(pid)))
    for qid, was in sorted(old["questions"].items()):
        if qid in acknowledged:
            continue
        now = questions.get(qid)
        if now is None:
            found.append(error("republish.question-removed", f"question `{qid}` of the previous "
                               "release is gone; LMS interaction records refer to it",
                               _loc(course, ""), _hint(qid)))
        elif now["type"] != was.get("type"):
            found.append(error("republish.question-changed", f"question `{qid}` changed type "
                               f"from {was.get('type')} to {now['type']}; earlier responses "
                               "would be misread", _loc(course, f"question:{qid}"), _hint(qid)))
        else:
            found.extend(_options(course, qid, was.get("options") or {}, now["options"],
                                  acknowledged))
    return found


def _options(course: Current, qid: str, was: Mapping[str, bool], now: Mapping[str, bool],
             acknowledged: set[str]) -> list[Diagnostic]:
    found = []
    where = _loc(course, f"question:{qid}")
    for oid in sorted(set(was) | set(now)):
        ref = f"{qid}/{oid}"
        if ref in acknowledged:
            continue
        if oid not in now:
            found.append(error("republish.option-removed", f"option `{oid}` of question `{qid}` "
                               "is gone; earlier responses chose it", where, _hint(ref)))
        elif oid not in was:
            if now[oid]:
                found.append(error("republish.option-changed", f"question `{qid}` has a new "
                                   f"correct option `{oid}`; earlier responses would be graded "
                                   "differently", where, _hint(ref)))
        elif bool(was[oid]) != bool(now[oid]):
            state = "correct" if now[oid] else "incorrect"
            found.append(error("republish.option-changed", f"option `{oid}` of question `{qid}` "
                               f"is now {state}; its meaning in earlier records flipped", where,
                               _hint(ref)))
    return found
