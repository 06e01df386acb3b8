"""Every tracking id kind parses back to what it was minted from (tracking/ids.py)."""

from __future__ import annotations

import pytest
from policy_fixture import add_rich_content, make_repo

from trainforge import questions as question_types
from trainforge.batch.build import load_courses
from trainforge.batch.options import BuildOptions
from trainforge.package.scorm12 import scos, tracked_objectives
from trainforge.package.xapi_activities import Activities
from trainforge.resolve import resolved
from trainforge.tracking import ids
from trainforge.tracking.ids import (
    ActivityRef,
    AttestationRef,
    InteractionRef,
    ItemRef,
    ObjectiveRef,
)

BASE = "https://learning.example-org.test/courses"


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> resolved.Course:
    """The policy fixture course: every question type, a pooled assessment, an attestation."""
    course_dir = make_repo(tmp_path_factory.mktemp("repo"), released=1)
    add_rich_content(course_dir)
    return load_courses([course_dir])[0][0]


@pytest.mark.parametrize(("role", "text"), [
    ("assessment", "q-apply"), ("check", "q-apply_check"), ("pre", "q-apply_pre"),
])
def test_interaction_ids_of_each_role(role: ids.Role, text: str) -> None:
    assert ids.interaction_id("q-apply", role) == text
    assert ids.parse_interaction_id(text) == InteractionRef("q-apply", role)


@pytest.mark.parametrize("role", ids.ROLES)
def test_step_interaction_ids(role: ids.Role) -> None:
    text = ids.interaction_id("case-1", role, "start")
    assert text == "case-1--start" + ids.SUFFIXES[role]
    assert ids.parse_interaction_id(text) == InteractionRef("case-1", role, "start")


def test_a_question_id_holding_the_step_separator_is_settled_by_the_course() -> None:
    known = {"a--b"}
    text = ids.interaction_id("a--b", "check", "c")
    assert ids.parse_interaction_id(text, known) == InteractionRef("a--b", "check", "c")
    assert ids.parse_interaction_id("a--b", known) == InteractionRef("a--b", "assessment")


def test_attestation_interaction_and_objective() -> None:
    assert ids.attestation_interaction_id("hb", 2) == "attest-hb-v2"
    assert ids.parse_interaction_id("attest-hb-v2") == AttestationRef("hb", 2)
    assert ids.attestation_objective_id("hb") == "attest-hb"
    assert ids.parse_objective_id("attest-hb") == ObjectiveRef("attestation", "hb")
    # A question (or objective) that merely starts like one, in a course that knows its policies.
    assert ids.parse_interaction_id("attest-hb-v2", policies={"ms"}) == InteractionRef(
        "attest-hb-v2", "assessment")
    assert ids.parse_interaction_id("attest-hb-v2", questions={"attest-hb-v2"}) == InteractionRef(
        "attest-hb-v2", "assessment")
    assert ids.parse_objective_id("attest-x", {"hb"}) == ObjectiveRef("learning", "attest-x")


@pytest.mark.parametrize("clause", ["HB-1", "HB-3.2", "MS-10.2.1"])
def test_clause_objectives(clause: str) -> None:
    text = ids.clause_objective_id(clause)
    assert ids.is_cmi_identifier(text)
    assert ids.parse_objective_id(text) == ObjectiveRef("clause", clause)


def test_learning_objectives_are_their_own_ids() -> None:
    assert ids.parse_objective_id("obj-apply") == ObjectiveRef("learning", "obj-apply")
    assert ids.parse_objective_id("clause-lower") == ObjectiveRef("learning", "clause-lower")


@pytest.mark.parametrize(("iri", "ref"), [
    (ids.course_iri(BASE, "hb-101"), ActivityRef("course", "hb-101")),
    (ids.activity_iri(f"{BASE}/hb-101", "module", "m1"), ActivityRef("module", "hb-101", "m1")),
    (ids.activity_iri(f"{BASE}/hb-101", "page", "intro"), ActivityRef("page", "hb-101", "intro")),
    (ids.activity_iri(f"{BASE}/hb-101", "question", "q1"),
     ActivityRef("question", "hb-101", "q1")),
    (ids.activity_iri(f"{BASE}/hb-101", "question", ids.step_id("case-1", "end")),
     ActivityRef("step", "hb-101", "case-1", "end")),
    (ids.activity_iri(f"{BASE}/hb-101", "objective", "obj-apply"),
     ActivityRef("objective", "hb-101", "obj-apply")),
    (ids.attestation_iri(BASE + "/", "hb", 2), ActivityRef("attestation", None, "hb", version=2)),
])
def test_activity_iris(iri: str, ref: ActivityRef) -> None:
    assert ids.parse_activity_iri(iri, BASE) == ref


def test_foreign_iris_are_not_ours() -> None:
    assert ids.parse_activity_iri("https://elsewhere.test/hb-101", BASE) is None
    assert ids.parse_activity_iri(f"{BASE}/hb-101/widgets/w1", BASE) is None
    assert ids.parse_extension("https://elsewhere.test/x") is None


@pytest.mark.parametrize("name", ids.EXTENSION_NAMES)
def test_extension_keys(name: str) -> None:
    assert ids.parse_extension(ids.extension(name)) == name


def test_item_ids() -> None:
    assert ids.parse_item_id(ids.item_id("q1")) == ItemRef("q1")
    assert ids.parse_item_id(ids.item_id("q1", "opt_2")) == ItemRef("q1", "opt_2")


def test_option_keys_by_position() -> None:
    table = ids.keys([f"o{n}" for n in range(len(ids.KEY_CHARS))])
    assert "".join(table.values()) == ids.KEY_CHARS
    assert all(ids.parse_key(table, char) == option for option, char in table.items())


def test_every_id_of_a_course_parses_back(rich: resolved.Course) -> None:
    """Each interaction a SCO can report, each objective, each activity and option key."""
    questions, policies = set(rich.questions), {p.id for p in rich.policies}
    for page in rich.pages:
        role = ids.role_of(page)
        for qid in page.questions:
            assert ids.parse_interaction_id(ids.interaction_id(qid, role), questions) == (
                InteractionRef(qid, role))
            for step in getattr(rich.questions[qid], "steps", ()):
                text = ids.interaction_id(qid, role, step.id)
                parsed = ids.parse_interaction_id(text, questions)
                assert parsed == InteractionRef(qid, role, step.id)
    (sco,) = scos(rich, BuildOptions())
    tracked = tracked_objectives(rich, sco)
    kinds = {ids.parse_objective_id(o, policies).kind for o in tracked}
    assert kinds == {"learning", "clause", "attestation"}
    activities = Activities(rich, BASE)
    everything = [activities.course, *activities.modules.values(), *activities.pages.values(),
                  *activities.objectives.values(), *activities.questions.values()]
    assert activities.attestation is not None
    refs = [ids.parse_activity_iri(a["id"], BASE, questions) for a in everything]
    assert all(refs) and {r.kind for r in refs if r} == {
        "course", "module", "page", "objective", "question", "step"}
    assert ids.parse_activity_iri(activities.attestation["id"], BASE) == ActivityRef(
        "attestation", None, "hb", version=rich.attestation.version if rich.attestation else 0)
    for q in rich.questions.values():
        for table in question_types.get(q.type).interaction(q).keys:
            assert all(ids.parse_key(table, c) == k for k, c in table.items()), q.id
