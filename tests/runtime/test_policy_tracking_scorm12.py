"""Tracking by policy area in SCORM 1.2: every question type as a proper interaction, partial
credit, objectives per policy clause and the attestation, in real Chromium under scorm-again.

The course is the policy fixture (every question type, a pooled post-test, a pre-test, an
attestation). Two kinds of test drive it:

- *contract* tests call the adapter's methods from inside the SCO's page, exactly as the player's
  adapter contract (docs/runtime.md) says the player calls them, so they do not wait for the
  player to render and grade the new types;
- *end-to-end* tests let the generic learner bot take the course through the `data-tf-*` hooks.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Frame
from policy_fixture import add_rich_content, edit, make_repo
from support.bot import LearnerBot, Question, Result, correct
from support.browser import PageLog
from support.fixtures import Scorm12Launcher
from support.scorm_harness import ScormSession
from test_scorm12_lms import (
    assert_clean_protocol,
    expected_interactions,
    finished,
    interactions,
    objectives,
    sorted_records,
)
from test_scorm12_lms import summary as summary_of

from trainforge.batch.build import build, load_courses
from trainforge.commands.inspect_course import inspect_course

ROOT = Path(__file__).resolve().parents[2]
TRACKING = '<script src="assets/tf-tracking.js"></script>'
# Between the core and the adapter: keep a handle on the adapter the page registers.
CAPTURE = (
    "<script>TF.useAdapter = (function (use) { return function (adapter) {"
    " window.tfAdapter = adapter; return use(adapter); }; })(TF.useAdapter);</script>"
)
HARNESS = "harness.html"


# --- the course ------------------------------------------------------------------------------


def write_policy_course(root: Path) -> Path:
    """The policy fixture course with a pre-test paired with its (pooled) final."""
    course = make_repo(root, released=1)
    add_rich_content(course)
    edit(
        course / "course.yaml",
        "    pages:\n      - lesson: lessons/01-welcome.md",
        "    pages:\n      - assessment:\n          id: baseline\n          title: Before\n"
        "          questions: [q-context]\n          review: false\n          role: pre\n"
        "          pairs_with: final\n      - lesson: lessons/01-welcome.md",
    )
    edit(
        course / "course.yaml",
        "            - {area: hb, count: 1}",
        "            - {area: hb, count: 1}\n          role: post\n          pairs_with: baseline",
    )
    return course


@dataclass(frozen=True)
class Package:
    """An extracted package, what a bot may know of its course, and the player's own data."""

    root: Path
    info: dict[str, Any]  # trainforge inspect --json
    data: dict[str, Any]  # #tf-course

    def question(self, qid: str) -> dict[str, Any]:
        found: dict[str, Any] = self.data["questions"][qid]
        return found


def build_package(course_dir: Path, out: Path, fmt: str) -> Package:
    """Build ``fmt`` with the real pipeline, extract it, and add the contract harness page."""
    (zipped,) = build([course_dir], [fmt], out).packages
    root = out / "extracted"
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(root)
    html = (root / "index.html").read_text("utf-8")
    assert TRACKING in html
    (root / HARNESS).write_text(html.replace(TRACKING, CAPTURE + TRACKING), "utf-8")
    found = re.search(r'id="tf-course">(.*?)</script>', html, re.S)
    assert found
    info = inspect_course(load_courses([course_dir])[0][0])
    return Package(root, info, json.loads(found.group(1)))


@pytest.fixture(scope="module")
def course_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_policy_course(tmp_path_factory.mktemp("repo"))


@pytest.fixture(scope="module")
def package(course_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Package:
    return build_package(course_dir, tmp_path_factory.mktemp("scorm12"), "scorm12")


# --- the adapter contract, driven from inside the page ---------------------------------------

# Runs in the course's page: the objects the player would pass (docs/runtime.md), then the call.
CALL = """([method, args]) => {
  const C = TF.course;
  const page = id => C.pages.find(p => p.id === id);
  const question = id => {
    if (C.questions[id]) return C.questions[id];
    const [qid, sid] = id.split('--');
    const step = C.questions[qid].steps.find(s => s.id === sid);
    return {id, type: 'scenario_step', scenario: qid, points: 0, options: step.options};
  };
  if (method === 'answered') {
    const [pid, qid, response, d] = args;
    const q = question(qid);
    return window.tfAdapter.answered(q, Object.assign({
      page: page(pid), response, maxScore: q.points, latencyMs: 1500, timestamp: new Date(),
      attempt: 1, kind: page(pid).kind === 'lesson' ? 'check' : 'assessment'}, d));
  }
  if (method === 'assessed') return window.tfAdapter.assessed(page(args[0]), args[1]);
  return window.tfAdapter[method](...args);
}"""


class Contract:
    """Calls an adapter's methods as the player's contract describes them."""

    def __init__(self, target: Frame) -> None:
        self.target = target
        target.wait_for_function("() => window.tfAdapter && window.TF && TF.course")
        # The player has started the adapter (start() settled) once its controls are enabled.
        target.wait_for_selector("#tf-main:not([aria-busy])", state="attached")

    def call(self, method: str, *args: Any) -> None:
        self.target.evaluate(CALL, [method, list(args)])

    def answered(
        self, page: str, qid: str, response: list[Any], score: float, **detail: Any
    ) -> None:
        """``correct`` is true only for full credit (the question's points)."""
        points = 0 if "--" in qid else self.points(qid)
        full = score == points if points else bool(detail.pop("right", True))
        self.call("answered", page, qid, response, {"score": score, "correct": full, **detail})

    def points(self, qid: str) -> int:
        points: int = self.target.evaluate("id => TF.course.questions[id].points", qid)
        return points

    def scenario(
        self, page: str, qid: str, path: list[tuple[str, str, bool]], score: float, **detail: Any
    ) -> None:
        """One `answered` per step taken, then one for the whole scenario."""
        for step, choice, right in path:
            self.answered(page, f"{qid}--{step}", [choice], 0, right=right, **detail)
        self.answered(page, qid, [f"{s}.{c}" for s, c, _ in path], score, **detail)


def open_contract(scorm12: Scorm12Launcher, package: Package) -> tuple[ScormSession, Contract]:
    session = scorm12(package.root, launch=HARNESS, cmi={"student_data": {"mastery_score": "80"}})
    session.wait_for_call("LMSInitialize")
    return session, Contract(session.frame())


def take_final(contract: Contract, attempt: int = 1) -> None:
    """The final with partial credit on the moderation decision and the matching question."""
    contract.answered("final", "q-apply", ["a"], 1, attempt=attempt)
    contract.answered("final", "q-context", ["true"], 1, attempt=attempt)
    contract.answered("final", "mod-1", ["remove", "HB-1"], 0.6, attempt=attempt)  # action only
    contract.answered("final", "match-1", [["s1", "t1"], ["s2", "t9"]], 0.5, attempt=attempt)
    contract.answered("final", "order-1", ["match", "read", "act"], 0.33, attempt=attempt)
    contract.scenario(
        "final", "case-1", [("start", "a", True), ("second", "a", True)], 1, attempt=attempt
    )
    contract.answered("final", "q-pool", ["true"], 1, attempt=attempt)
    contract.call("assessed", "final", {"score": 73, "passed": False, "attempt": attempt})


def record_of(session: ScormSession, iid: str) -> dict[str, Any]:
    found = [r for r in interactions(session) if r["id"] == iid]
    assert len(found) == 1, f"{len(found)} records for {iid}"
    return found[0]


def summary(record: dict[str, Any]) -> tuple[str, str, str, str, str]:
    return (
        record["type"],
        record["student_response"],
        record["correct_responses"]["0"]["pattern"],
        record["result"],
        record["weighting"],
    )


def tagged(record: dict[str, Any]) -> list[str]:
    return [o["id"] for o in record["objectives"].values() if isinstance(o, dict)]


# --- contract tests ----------------------------------------------------------------------------


def test_every_question_type_is_a_scorm_interaction_with_partial_credit(
    scorm12: Scorm12Launcher, page_log: PageLog, package: Package
) -> None:
    session, contract = open_contract(scorm12, package)
    take_final(contract)
    contract.call("finished", {"status": "failed", "score": 73, "passingScore": 80})
    contract.call("terminate")
    finished(session)

    # mod-1's options are its actions, then its clauses: remove, leave-up, HB-3.2, HB-1.
    assert summary(record_of(session, "mod-1")) == ("choice", "a,d", "{a,c}", "0.6", "1")
    # match-1: sources s1 s2 → a b; targets t1 t2 t9 → a b c; pairs in source order.
    assert summary(record_of(session, "match-1")) == ("matching", "a.a,b.c", "a.a,b.b", "0.5", "1")
    assert summary(record_of(session, "order-1")) == ("sequencing", "b,a,c", "a,b,c", "0.33", "1")
    # The scenario: each step a choice without weight, the case a performance with the points.
    assert summary(record_of(session, "case-1--start")) == ("choice", "a", "a", "correct", "0")
    assert summary(record_of(session, "case-1--second")) == ("choice", "a", "a", "correct", "0")
    assert summary(record_of(session, "case-1")) == (
        "performance",
        "a.a,b.a",
        "a.a,b.a",
        "correct",
        "1",
    )
    assert summary(record_of(session, "q-context")) == ("true-false", "t", "t", "correct", "1")
    # Each record names its learning objectives and its policy clauses.
    assert tagged(record_of(session, "q-apply")) == ["obj-apply", "clause-HB-3_2"]
    assert tagged(record_of(session, "mod-1")) == ["obj-apply", "clause-HB-3_2"]
    assert tagged(record_of(session, "case-1--second")) == ["clause-HB-3_2"]
    assert tagged(record_of(session, "order-1")) == ["clause-HB-1"]

    # Objectives per policy clause, scored with partial credit; the pass mark is 80.
    held = objectives(session)
    assert list(held) == ["obj-apply", "clause-HB-1", "clause-HB-3_2", "attest-hb"]
    scores = {k: (v["status"], v["score"]["raw"]) for k, v in held.items()}
    assert scores["obj-apply"] == ("passed", "87")  # q-apply 1, q-context 1, mod-1 0.6 of 3
    assert scores["clause-HB-3_2"] == ("passed", "87")  # q-apply 1, mod-1 0.6, case-1 1 of 3
    assert scores["clause-HB-1"] == ("failed", "61")  # match-1 0.5, order-1 0.33, q-pool 1 of 3
    assert held["attest-hb"]["status"] == ""  # not attested
    for objective in held.values():
        if objective["id"] != "attest-hb":
            assert (objective["score"]["min"], objective["score"]["max"]) == ("0", "100")
    assert_clean_protocol(session, page_log)


def test_the_attestation_is_an_interaction_and_an_objective(
    scorm12: Scorm12Launcher, page_log: PageLog, package: Package
) -> None:
    session, contract = open_contract(scorm12, package)
    contract.call("attested", {"policy": "hb", "version": 2})
    contract.call("attested", {"policy": "hb", "version": 2})  # once per session
    contract.call("finished", {"status": "incomplete", "score": None, "passingScore": 80})
    contract.call("terminate")
    finished(session)
    record = record_of(session, "attest-hb-v2")
    assert summary(record) == ("true-false", "t", "t", "correct", "0")
    assert tagged(record) == ["attest-hb"]
    assert objectives(session)["attest-hb"]["status"] == "completed"
    # Written and committed when the learner attests, before Finish.
    calls = [
        (c.method, c.args[:1]) for c in session.calls() if c.method in ("LMSSetValue", "LMSCommit")
    ]
    attest = calls.index(("LMSSetValue", ("cmi.objectives.3.status",)))
    assert ("LMSCommit", ("",)) in calls[attest : attest + 2]
    assert_clean_protocol(session, page_log)


def test_a_pre_test_neither_counts_nor_scores_objectives(
    scorm12: Scorm12Launcher, page_log: PageLog, package: Package
) -> None:
    session, contract = open_contract(scorm12, package)
    contract.answered("baseline", "q-context", ["false"], 0)
    contract.call("assessed", "baseline", {"score": 0, "passed": False, "attempt": 1})
    record = record_of(session, "q-context_pre")
    assert summary(record) == ("true-false", "f", "t", "wrong", "0")  # no weight: not counted
    assert {k: v["status"] for k, v in objectives(session).items()} == dict.fromkeys(
        ["obj-apply", "clause-HB-1", "clause-HB-3_2", "attest-hb"], ""
    )
    take_final(contract)
    assert summary(record_of(session, "q-context")) == ("true-false", "t", "t", "correct", "1")
    assert objectives(session)["obj-apply"]["score"]["raw"] == "87"  # the pre-test's 0 is not in
    contract.call("terminate")
    finished(session)
    assert_clean_protocol(session, page_log)


def test_objective_scores_follow_the_last_submitted_attempt(
    scorm12: Scorm12Launcher, page_log: PageLog, package: Package
) -> None:
    session, contract = open_contract(scorm12, package)
    take_final(contract, attempt=1)
    assert objectives(session)["clause-HB-1"]["status"] == "failed"
    # A retake: everything right this time. The journal keeps both attempts' records.
    for qid, response in [
        ("q-apply", ["a"]),
        ("q-context", ["true"]),
        ("mod-1", ["remove", "HB-3.2"]),
        ("match-1", [["s1", "t1"], ["s2", "t2"]]),
        ("order-1", ["read", "match", "act"]),
        ("q-pool", ["true"]),
    ]:
        contract.answered("final", qid, response, 1, attempt=2)
    contract.scenario(
        "final", "case-1", [("start", "a", True), ("second", "a", True)], 1, attempt=2
    )
    contract.call("assessed", "final", {"score": 100, "passed": True, "attempt": 2})
    held = objectives(session)
    assert {k: (v["status"], v["score"]["raw"]) for k, v in held.items() if k != "attest-hb"} == {
        "obj-apply": ("passed", "100"),
        "clause-HB-1": ("passed", "100"),
        "clause-HB-3_2": ("passed", "100"),
    }
    assert [r["result"] for r in interactions(session) if r["id"] == "mod-1"] == ["0.6", "correct"]
    contract.call("terminate")
    finished(session)
    assert_clean_protocol(session, page_log)


# --- end to end: the learner bot through the player ------------------------------------------


def right_action_wrong_clause(page_id: str, question: Question, attempt: int) -> list[str]:
    """Right everywhere, except the clause of a moderation decision (partial credit)."""
    chosen = correct(page_id, question, attempt)
    if question["type"] != "moderation_decision":
        return chosen
    wrong = [o["id"] for o in question["options"] if o["group"] == "clause" and not o["correct"]]
    return [
        o
        for o in chosen
        if o not in {c["id"] for c in question["options"] if c["group"] == "clause"}
    ] + wrong[:1]


def test_a_learner_takes_every_type_and_attests(
    scorm12: Scorm12Launcher, page_log: PageLog, package: Package
) -> None:
    session = scorm12(package.root)
    session.wait_for_call("LMSInitialize")
    bot = LearnerBot(session.frame(), package.info, policy=right_action_wrong_clause)
    bot.target.wait_for_selector("#tf-main:not([aria-busy])", state="attached")
    result = bot.run()
    finished(session)
    records = [summary_of(r) for r in interactions(session) if r["id"] != "attest-hb-v2"]
    expected = expected_interactions(
        package.info, right_action_wrong_clause, package.data, {r["id"] for r in records}
    )
    assert sorted_records(records) == sorted_records(expected)
    # The final: q-apply, q-context, mod-1 (0.6), match-1, order-1, case-1, q-pool: 6.6 of 7.
    assert result == Result("passed", 94)
    assert session.get("core.score.raw") == "94"
    assert summary(record_of(session, "mod-1"))[3] == "0.6"
    assert record_of(session, "match-1")["result"] == "correct"
    assert record_of(session, "case-1")["result"] == "correct"
    assert record_of(session, "attest-hb-v2")["result"] == "correct"
    held = objectives(session)
    assert held["attest-hb"]["status"] == "completed"
    assert (held["clause-HB-3_2"]["status"], held["clause-HB-3_2"]["score"]["raw"]) == (
        "passed",
        "87",
    )
    assert held["clause-HB-1"]["score"]["raw"] == "100"
    assert_clean_protocol(session, page_log)
