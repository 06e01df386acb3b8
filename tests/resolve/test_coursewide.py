"""Course-wide checks are functions of the validated course: they return what they made and
their problems, and need no resolver to run."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainforge.errors import Diagnostic
from trainforge.load.course_dir import load_course
from trainforge.pipeline import load_registry
from trainforge.resolve import coursewide, resolved
from trainforge.resolve.registry import Registry
from trainforge.validate.course import ValidatedCourse, validate_course

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def hb() -> ValidatedCourse:
    source, problems = load_course(ROOT / "courses" / "harassment-bullying")
    validated, found = validate_course(source)
    assert validated is not None and problems == found == []
    return validated


def _codes(found: list[Diagnostic]) -> list[str]:
    return [d.code for d in found]


def test_what_changed_and_the_attestation_come_from_the_registry(hb: ValidatedCourse) -> None:
    registry, _ = load_registry(ROOT / "policies")
    doc = hb.source.course
    assert doc is not None
    page, found = coursewide.what_changed(hb.course, doc, registry)
    assert found == [] and page is not None and page.id == coursewide.WHAT_CHANGED
    attestation, found = coursewide.attestation_of(hb.course, doc, registry)
    assert found == [] and attestation is not None and attestation.policy == "hb"


def test_unknown_policies_are_returned_located_not_written_anywhere(hb: ValidatedCourse) -> None:
    doc = hb.source.course
    assert doc is not None
    page, found = coursewide.what_changed(hb.course, doc, Registry())
    assert page is None and _codes(found) == ["policy.unknown"]
    assert found[0].location == doc.location(("policies", "hb"))
    attestation, found = coursewide.attestation_of(hb.course, doc, Registry())
    assert attestation is None and _codes(found) == ["policy.unknown"]
    incomplete = Registry(incomplete=True)  # the invalid policy file is what gets reported
    assert coursewide.what_changed(hb.course, doc, incomplete) == (None, [])
    assert coursewide.attestation_of(hb.course, doc, incomplete) == (None, [])


def test_a_module_over_the_sensitive_budget_is_a_returned_warning(hb: ValidatedCourse) -> None:
    doc = hb.source.course
    assert doc is not None
    sample = resolved.Sample("text", "[insult about X]", sensitive="harassment")
    page = resolved.Page("p", "P", "lesson", hb.course.modules[0].id, (), (), "", "",
                         samples=(sample, sample))
    module, found = coursewide.module_of(hb.course, doc, 0, [page], {})
    assert module.sensitive == (("harassment", 2),) and found == []
    tight = hb.course.model_copy(update={"sensitive_budget": 1})
    module, found = coursewide.module_of(tight, doc, 0, [page], {})
    assert _codes(found) == ["sensitive.budget"]
    assert found[0].location == doc.location(("modules", 0, "id"))


def test_assessment_pairs_are_checked_from_the_pages_alone(hb: ValidatedCourse) -> None:
    doc = hb.source.course
    assert doc is not None

    def test(pid: str, role: str, pairs_with: str | None) -> resolved.Page:
        return resolved.Page(pid, pid, "assessment", "m", (), (), "", "", role=role,
                             pairs_with=pairs_with)

    pages = [test("hb-pre", "pre", "hb-final"), test("hb-final", "post", "hb-pre")]
    assert coursewide.check_pairs(hb.course, doc, pages) == []
    pages = [test("hb-pre", "pre", "hb-finale"), test("hb-final", "pre", "hb-pre")]
    found = coursewide.check_pairs(hb.course, doc, pages)
    assert _codes(found) == ["ref.assessment", "assessment.pair"]
    assert found[0].hint == "did you mean `hb-final`?"
