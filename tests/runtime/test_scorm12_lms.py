"""The SCORM 1.2 adapter in real headless Chromium, with scorm-again's Scorm12API as the LMS.

A learner drives the built package through the `data-tf-*` hooks only (answers chosen from
`trainforge inspect`'s data, as QA bots do); the tests assert the CMI data the LMS ends up with
and every API call the SCO made, including that none follows LMSFinish.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from support.bot import LearnerBot, Policy, Result, correct, wrong
from support.browser import PageLog
from support.fixtures import Scorm12Launcher
from support.scorm_harness import ScormSession
from support.scorm_manifest import read_sco_launch

from trainforge.batch.build import build, load_courses
from trainforge.batch.options import BuildOptions
from trainforge.commands.inspect_course import inspect_course
from trainforge.package.scorm12 import scos, tracked_objectives
from trainforge.tracking.ids import KEY_CHARS as CHOICE_CHARS
from trainforge.tracking.ids import SUFFIXES, clause_objective_id

ROOT = Path(__file__).resolve().parents[2]
HB = ROOT / "courses" / "harassment-bullying"
MS = ROOT / "courses" / "minor-safety"
# SCORM 1.2 RTE 3.4.2: CMITimespan HHHH:MM:SS.SS (2-4 hour digits) and CMITime HH:MM:SS.
TIMESPAN = re.compile(r"\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?")
TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d")


@dataclass(frozen=True)
class Built:
    """An extracted SCORM 1.2 package and what a QA bot may know about its course."""

    root: Path
    info: dict[str, Any]  # `trainforge inspect --json`
    data: dict[str, Any] = field(default_factory=dict)  # the player's #tf-course data
    objectives: list[str] = field(default_factory=list)  # cmi.objectives ids of the first SCO


def build_package(course_dir: Path, out: Path, *, per_module: bool = False) -> Built:
    """Build the zip with the real pipeline and extract it, as an LMS does on import."""
    options = BuildOptions(sco_per_module=per_module)
    (zipped,) = build([course_dir], ["scorm12"], out, options=options).packages
    root = out / "extracted"
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(root)
    course = load_courses([course_dir])[0][0]
    tracked = tracked_objectives(course, scos(course, options)[0])
    return Built(root, inspect_course(course), player_data(root), tracked)


@pytest.fixture(scope="module")
def hb(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_package(HB, tmp_path_factory.mktemp("hb"))


@pytest.fixture(scope="module")
def ms(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_package(MS, tmp_path_factory.mktemp("ms"))


def launch(session: ScormSession, info: dict[str, Any], policy: Policy = correct) -> LearnerBot:
    """The generic learner bot on the SCO, once the player has started (controls enabled)."""
    session.wait_for_call("LMSInitialize")
    return ready(LearnerBot(session.frame(), info, policy=policy))


def ready(bot: LearnerBot) -> LearnerBot:
    bot.target.wait_for_selector("#tf-main:not([aria-busy])", state="attached")
    return bot


def walk(bot: LearnerBot, pages: int) -> list[str]:
    """Answer ``pages`` pages, going next after each; returns their ids."""
    seen = []
    for _ in range(pages):
        seen.append(bot.visible_page())
        bot.answer_page()
        bot.activate(bot.action("next").first)
    return seen


def wait_for_page(bot: LearnerBot, page_id: str) -> None:
    bot.target.wait_for_selector(f'[data-tf-page="{page_id}"]:not([hidden])')


def finished(session: ScormSession) -> None:
    session.wait_for_call("LMSFinish")


def interactions(session: ScormSession) -> list[dict[str, Any]]:
    """The interaction records the LMS holds, in order."""
    found = session.cmi()["interactions"]
    records = found.values() if isinstance(found, dict) else found
    return [r for r in records if isinstance(r, dict)]


def objectives(session: ScormSession) -> dict[str, dict[str, Any]]:
    found = session.cmi()["objectives"]
    records = found.values() if isinstance(found, dict) else found
    return {r["id"]: r for r in records if isinstance(r, dict)}


def assert_clean_protocol(session: ScormSession, page_log: PageLog) -> None:
    """One LMSInitialize, one LMSFinish, nothing after it, no API error, no script error."""
    calls = session.calls()
    assert [c.method for c in calls].count("LMSInitialize") == 1
    assert calls[0].method == "LMSInitialize"
    assert [c.method for c in calls].count("LMSFinish") == 1
    assert [c for c in calls if c.state == "terminated"] == []
    finish = session.calls("LMSFinish")[0]
    assert calls[-1].seq - finish.seq <= 1  # at most its own LMSGetLastError
    assert [(c.method, c.args, c.error) for c in calls if c.error != "0"] == []
    assert page_log.errors == []
    assert session.server.failed_requests() == []  # every file the SCO loads is in the zip


def player_data(root: Path, page: str = "") -> dict[str, Any]:
    """The #tf-course JSON of a launch page (default: the first), the lists responses map onto."""
    page = page or read_sco_launch(root).href
    html = (root / page).read_text("utf-8")
    found = re.search(r'id="tf-course">(.*?)</script>', html, re.S)
    assert found, f"{page} has no #tf-course"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def right_response(q: dict[str, Any]) -> list[Any]:
    """The contract's response (docs/runtime.md) that earns a question's full points."""
    if q.get("pairs"):
        return [list(p) for p in q["pairs"]]
    if q.get("order"):
        return list(q["order"])
    if q.get("steps"):
        return [f"{s}.{c}" for s, c in best_path(q)]
    return [o["id"] for o in q["options"] if o["correct"]]


def best_path(q: dict[str, Any]) -> list[tuple[str, str]]:
    steps = {s["id"]: s for s in q["steps"]}
    path, step = [], q["steps"][0]
    while step is not None and len(path) < len(steps):
        best = next(o for o in step["options"] if o["correct"])
        path.append((step["id"], best["id"]))
        step = steps.get(str(best.get("next") or "").split("--")[-1])
    return path


def shape(q: dict[str, Any], response: list[Any]) -> tuple[str, str, str]:
    """(type, student_response, pattern) the adapter writes (README "What the course writes")."""

    def char(items: list[dict[str, Any]], item: str) -> str:
        return CHOICE_CHARS[[i["id"] for i in items].index(item)]

    if q["type"] == "true_false":
        right = [o["id"] for o in q["options"] if o["correct"]]
        return "true-false", ",".join(i[0] for i in response), right[0][0]  # "true" -> t
    if q["type"] == "matching":

        def pairs(ps: list[Any]) -> str:
            return ",".join(f"{char(q['sources'], s)}.{char(q['targets'], t)}" for s, t in ps)

        return "matching", pairs(response), pairs(q["pairs"])
    if q["type"] == "ordering":
        return (
            "sequencing",
            ",".join(char(q["items"], i) for i in response),
            ",".join(char(q["items"], i) for i in q["order"]),
        )
    if q["type"] == "scenario":
        steps = {s["id"]: s for s in q["steps"]}

        def path(entries: list[str]) -> str:
            split = [e.split(".") for e in entries]
            return ",".join(
                f"{char(q['steps'], s)}.{char(steps[s]['options'], c)}" for s, c in split
            )

        return "performance", path(response), path(right_response(q))
    right = sorted(char(q["options"], o["id"]) for o in q["options"] if o["correct"])
    pattern = ",".join(right)
    chosen = ",".join(sorted(char(q["options"], i) for i in response))
    return "choice", chosen, "{" + pattern + "}" if len(right) > 1 else pattern


def expected_interactions(
    info: dict[str, Any],
    policy: Policy,
    data: dict[str, Any],
    asked: set[str] | None = None,
    pages: Iterable[str] | None = None,
) -> list[dict[str, str]]:
    """What the adapter must report when the bot answers every question once with ``policy``
    (a scenario: each step it takes, then the case); ``asked`` are the interaction ids the LMS
    holds, to leave out the pool candidates an attempt did not draw; ``pages``: only these."""
    questions = {q["id"]: q for q in info["questions"]}
    only = set(pages) if pages is not None else {p["id"] for p in info["pages"]}
    out = []
    for page in [p for p in info["pages"] if p["id"] in only]:
        suffix = SUFFIXES["check"] if page["kind"] == "lesson" else ""
        suffix = SUFFIXES["pre"] if page.get("role") == "pre" else suffix
        counted = page["kind"] == "assessment" and page.get("role") != "pre"
        pooled = {qid for draw in page.get("pool") or [] for qid in draw["questions"]}
        for qid in page["questions"]:
            if qid in pooled and asked is not None and qid + suffix not in asked:
                continue
            q = data["questions"][qid]
            records: list[tuple[str, dict[str, Any], list[Any], str, int]] = []
            if q["type"] == "scenario":
                path: list[str] = []
                step = q["steps"][0]
                while step is not None and len(records) < 50:
                    sid = f"{qid}--{step['id']}"
                    (choice,) = policy(page["id"], questions[sid], 1)
                    option = next(o for o in step["options"] if o["id"] == choice)
                    right = "correct" if option["correct"] else "wrong"
                    records.append((sid, step_of(q, step["id"]), [choice], right, 0))
                    path.append(f"{step['id']}.{choice}")
                    after = str(option.get("next") or "").split("--")[-1]
                    taken = [p.split(".")[0] for p in path]
                    path = path[: taken.index(after)] if after in taken else path
                    step = next((s for s in q["steps"] if s["id"] == after), None)
                chosen: list[Any] = path
            else:
                chosen = policy(page["id"], questions[qid], 1)
            points = q["points"] if counted else 0
            records.append((qid, q, chosen, result_of(q, chosen), points))
            for iid, question, response, result, weighting in records:
                kind, student, pattern = shape(question, response)
                out.append(
                    {
                        "id": iid + suffix,
                        "type": kind,
                        "student_response": student,
                        "pattern": pattern,
                        "result": result,
                        "weighting": str(weighting),
                    }
                )
    return out


def result_of(q: dict[str, Any], chosen: list[Any]) -> str:
    """cmi.interactions.n.result: correct, wrong, or the points earned when partly right (the
    player's grading: README "Question banks")."""
    kind = q["type"]
    if kind == "scenario":
        steps = {s["id"]: s for s in q["steps"]}
        taken = [entry.split(".") for entry in chosen]
        right = [next(o for o in steps[s]["options"] if o["id"] == c)["correct"] for s, c in taken]
        share = sum(right) / len(right)
    elif kind == "matching":
        share = sum(list(p) in [list(c) for c in chosen] for p in q["pairs"]) / len(q["pairs"])
    elif kind == "ordering":
        share = sum(a == b for a, b in zip(chosen, q["order"], strict=False)) / len(q["order"])
    elif kind == "moderation_decision":
        weights = q.get("weights") or {"action": 0.5, "clause": 0.5}
        groups = {o["group"] for o in q["options"] if o["correct"] and o["id"] in chosen}
        share = 1 if len(groups) > 1 else sum(weights[g] for g in groups)
    else:
        right_ids = sorted(o["id"] for o in q["options"] if o["correct"])
        share = 1 if sorted(chosen) == right_ids else 0
    score = round(q["points"] * share, 2)
    return "correct" if share == 1 else f"{score:g}" if score > 0 else "wrong"


def step_of(q: dict[str, Any], step_id: str) -> dict[str, Any]:
    step: dict[str, Any] = next(s for s in q["steps"] if s["id"] == step_id)
    return {"type": "scenario_step", "options": step["options"]}


def summary(record: dict[str, Any]) -> dict[str, str]:
    return {
        "id": record["id"],
        "type": record["type"],
        "student_response": record["student_response"],
        "pattern": record["correct_responses"]["0"]["pattern"],
        "result": record["result"],
        "weighting": record["weighting"],
    }


def scored_objectives(session: ScormSession) -> list[dict[str, Any]]:
    """The objectives with a score: those an attempt asked questions about."""
    return [o for o in objectives(session).values() if o.get("score", {}).get("raw")]


def sorted_records(records: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(records, key=lambda r: r["id"])


def clause_objectives(question: dict[str, Any]) -> list[str]:
    """The policy-clause objectives a question's records name (`clause-HB-3_2`)."""
    return [clause_objective_id(c) for c in question["clauses"]]


# --- a learner completes the course -----------------------------------------------------


@pytest.mark.parametrize("built", ["hb", "ms"])
def test_learner_passes_and_the_lms_holds_every_record(
    scorm12: Scorm12Launcher, page_log: PageLog, request: pytest.FixtureRequest, built: str
) -> None:
    pkg: Built = request.getfixturevalue(built)
    session = scorm12(pkg.root)
    bot = launch(session, pkg.info)
    assert session.get("core.lesson_status") == "incomplete"  # from "not attempted" at once
    assert bot.run() == Result("passed", 100)
    finished(session)
    assert bot.target.locator("[data-tf-notice]").is_hidden()  # no standalone/LMS notice

    core = session.cmi()["core"]
    assert core["lesson_status"] == "passed"
    assert core["score"] == {"raw": "100", "min": "0", "max": "100"}
    assert core["exit"] == ""
    session_time = dict(session.set_values())["cmi.core.session_time"]
    assert TIMESPAN.fullmatch(session_time), session_time
    assert core["lesson_location"] == pkg.info["pages"][-1]["id"]

    records = [r for r in interactions(session) if not r["id"].startswith("attest-")]
    asked = {r["id"] for r in records}
    expected = expected_interactions(pkg.info, correct, pkg.data, asked)
    # By id: an assessment reports its questions in the order an attempt shows them (shuffled,
    # with `shuffle: true`), after the steps of its scenarios.
    assert sorted_records(summary(r) for r in records) == sorted_records(expected)
    questions = {q["id"]: q for q in pkg.info["questions"]}
    for record in records:
        assert TIME.fullmatch(record["time"]), record["time"]
        assert TIMESPAN.fullmatch(record["latency"]), record["latency"]
        qid = re.sub(r"(_check|_pre)$", "", record["id"])
        tagged = [o["id"] for o in record["objectives"].values() if isinstance(o, dict)]
        question = questions[qid.split("--")[0]]
        assert tagged == question["objectives"] + clause_objectives(question)

    held = objectives(session)
    # Learning objectives as authored, then the policy clauses the assessment scores.
    assert list(held) == pkg.objectives
    authored = [o["id"] for o in pkg.info["objectives"]]
    assert pkg.objectives[: len(authored)] == authored
    assert any(o.startswith("clause-") for o in pkg.objectives)
    scored = {k: v for k, v in held.items() if v.get("score", {}).get("raw")}
    assert scored and {(v["status"], v["score"]["raw"]) for v in scored.values()} == {
        ("passed", "100")
    }
    # Not scored: an attestation (ticked), or what only undrawn pool questions test.
    for oid, objective in held.items():
        if oid.startswith("attest-"):
            assert objective["status"] == "completed"
        elif oid not in scored:
            assert objective["status"] == ("" if oid.startswith("clause-") else "completed"), oid
    assert_clean_protocol(session, page_log)


# --- resume -------------------------------------------------------------------------------


def test_quit_half_way_and_resume_at_the_same_page_with_answers_kept(
    scorm12: Scorm12Launcher, page_log: PageLog, hb: Built
) -> None:
    first = scorm12(hb.root)
    walked = walk(launch(first, hb.info), pages=5)
    stop = LearnerBot(first.frame(), hb.info).visible_page()
    first.close()  # the learner closes the window: pagehide → LMSFinish
    core = first.cmi()["core"]
    assert (core["exit"], core["lesson_location"], core["lesson_status"]) == (
        "suspend",
        stop,
        "incomplete",
    )
    assert_clean_protocol(first, page_log)
    suspend = first.get("suspend_data")
    assert 0 < len(suspend) <= 4096

    second = first.relaunch()  # entry "resume", with the suspend_data and location kept
    bot = launch(second, hb.info)
    assert second.calls("LMSGetValue")[0].args == ("cmi.core.entry",)
    wait_for_page(bot, stop)
    # Every knowledge check answered before quitting shows its choice and its feedback again.
    # (A pre-test with `review: false` shows no feedback; it is not a knowledge check.)
    lessons = [p for p in hb.info["pages"] if p["id"] in walked and p["kind"] == "lesson"]
    checked = [q for p in lessons for q in p["questions"]]
    assert checked
    for qid in checked:
        question = bot.target.locator(f'[data-tf-question="{qid}"]').first
        answer = correct("", bot.question(qid), 1)
        if bot.question(qid)["type"] == "matching":
            for source, target in answer:
                assert question.locator(f'[data-tf-match="{source}"]').input_value() == target
        elif bot.question(qid)["type"] != "ordering":
            for option in answer:
                assert question.locator(f'[data-tf-option="{option}"]').is_checked()
        assert question.get_attribute("data-tf-correct") == "true"
        feedback = question.locator("[data-tf-feedback]")  # on a page not shown right now
        assert feedback.evaluate("box => !box.hidden && box.textContent.trim() !== ''")
    assert bot.run() == Result("passed", 100)
    finished(second)
    assert second.get("core.lesson_status") == "passed"
    assert second.get("core.exit") == ""
    assert_clean_protocol(second, page_log)


# --- failing, retaking, and never downgrading a pass ---------------------------------------


def test_fail_then_retake_and_pass(scorm12: Scorm12Launcher, page_log: PageLog, hb: Built) -> None:
    first = scorm12(hb.root)
    bot = launch(first, hb.info, policy=wrong)
    bot.retake = False
    assert bot.run() == Result("incomplete", 0)  # attempts remain: not `failed` yet
    finished(first)
    assert first.get("core.lesson_status") == "incomplete"
    assert first.get("core.score.raw") == "0"  # the score so far: no mastery score to judge it
    assert first.get("core.exit") == "suspend"
    assert {o["status"] for o in scored_objectives(first)} == {"failed"}
    records = [summary(r) for r in interactions(first) if not r["id"].startswith("attest-")]
    expected = expected_interactions(hb.info, wrong, hb.data, {r["id"] for r in records})
    assert sorted_records(records) == sorted_records(expected)
    assert_clean_protocol(first, page_log)

    second = first.relaunch()  # the learner comes back to the failed course
    bot = launch(second, hb.info)
    wait_for_page(bot, hb.info["pages"][-1]["id"])
    assert bot.run() == Result("passed", 100)  # the bot retakes the assessment
    finished(second)
    assert second.get("core.lesson_status") == "passed"
    assert second.get("core.score.raw") == "100"
    assert {o["status"] for o in scored_objectives(second)} == {"passed"}
    assert_clean_protocol(second, page_log)


def test_a_passed_status_is_never_downgraded(
    scorm12: Scorm12Launcher, page_log: PageLog, hb: Built
) -> None:
    """A learner who passed starts a new attempt (no saved state) and fails it."""
    passed = {"core": {"entry": "", "lesson_status": "passed", "score": {"raw": "90"}}}
    session = scorm12(hb.root, cmi=passed)
    bot = launch(session, hb.info, policy=wrong)  # every attempt: `failed` at Finish
    assert bot.run() == Result("failed", 0)
    finished(session)
    assert session.get("core.lesson_status") == "passed"
    assert session.get("core.score.raw") == "90"
    statuses = [v for k, v in session.set_values() if k == "cmi.core.lesson_status"]
    assert statuses == []
    assert_clean_protocol(session, page_log)


# --- per-module SCOs ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def hb_modules(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_package(HB, tmp_path_factory.mktemp("hb-modules"), per_module=True)


def test_sco_per_module_tracks_each_module_on_its_own(
    scorm12: Scorm12Launcher, page_log: PageLog, hb_modules: Built
) -> None:
    info = hb_modules.info
    lessons = scorm12(hb_modules.root)  # the first item: module m1
    bot = launch(lessons, info)
    assert bot.run() == Result("completed", None)
    finished(lessons)
    assert lessons.get("core.lesson_status") == "completed"
    assert lessons.get("core.score.raw") == ""
    assert lessons.get("student_data.mastery_score") == ""  # a pre-test only: no mastery
    assert lessons.get("core.lesson_location") == info["modules"][0]["pages"][-1]
    assert_clean_protocol(lessons, page_log)

    final = info["modules"][-1]
    test = scorm12(
        hb_modules.root,
        launch=f"module-{final['id']}.html",
        cmi={"student_data": {"mastery_score": "80"}},  # what the manifest gives this item
    )
    bot = launch(test, info)
    assert bot.visible_page() == final["pages"][0]
    assert bot.run() == Result("passed", 100)
    finished(test)
    assert test.get("core.lesson_status") == "passed"
    assert test.get("core.score.raw") == "100"
    records = [summary(r) for r in interactions(test) if not r["id"].startswith("attest-")]
    expected = expected_interactions(
        info,
        correct,
        player_data(hb_modules.root, f"module-{final['id']}.html"),
        {r["id"] for r in records},
        final["pages"],
    )
    assert sorted_records(records) == sorted_records(expected)
    assert_clean_protocol(test, page_log)


def _visible_questions(bot: LearnerBot, page_id: str) -> list[str]:
    found: list[str] = bot.section(page_id).locator("[data-tf-question]").evaluate_all(
        "els => els.filter(e => !e.closest('[hidden]')).map(e => e.dataset.tfQuestion)")
    return found


def test_the_pooled_draw_survives_quit_and_resume(
    scorm12: Scorm12Launcher, page_log: PageLog, hb: Built
) -> None:
    final = next(p for p in hb.info["pages"] if p["kind"] == "assessment" and p.get("pool"))
    pooled = {q for draw in final["pool"] for q in draw["questions"]}
    first = scorm12(hb.root)
    bot = launch(first, hb.info)
    while bot.visible_page() != final["id"]:
        bot.answer_page()
        bot.activate(bot.action("next").first)
    drawn = _visible_questions(bot, final["id"])
    assert len(set(drawn) & pooled) == sum(d["count"] for d in final["pool"])
    first.close()  # quit on the final, before submitting: the draw is in suspend_data
    assert first.get("core.lesson_location") == final["id"]

    second = first.relaunch()
    bot = launch(second, hb.info)
    wait_for_page(bot, final["id"])
    assert _visible_questions(bot, final["id"]) == drawn
    assert bot.run() == Result("passed", 100)
    finished(second)
    assert second.get("core.lesson_status") == "passed"
    assert_clean_protocol(second, page_log)
