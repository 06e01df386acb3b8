"""The SCORM 1.2 adapter in real headless Chromium, with scorm-again's Scorm12API as the LMS.

A learner drives the built package through the `data-tf-*` hooks only (answers chosen from
`trainforge inspect`'s data, as QA bots do); the tests assert the CMI data the LMS ends up with
and every API call the SCO made, including that none follows LMSFinish.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support.bot import LearnerBot, Policy, Result, correct, wrong
from support.browser import PageLog
from support.fixtures import Scorm12Launcher
from support.scorm_harness import ScormSession

from trainforge.build import build, load_courses
from trainforge.formats.base import BuildOptions
from trainforge.formats.scorm12 import CHECK_SUFFIX, CHOICE_CHARS
from trainforge.inspect import inspect_course

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


def build_package(course_dir: Path, out: Path, *, per_module: bool = False) -> Built:
    """Build the zip with the real pipeline and extract it, as an LMS does on import."""
    options = BuildOptions(sco_per_module=per_module)
    (zipped,) = build([course_dir], ["scorm12"], out, options=options).packages
    root = out / "extracted"
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(root)
    course = load_courses([course_dir])[0][0]
    return Built(root, inspect_course(course))


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


def expected_interactions(info: dict[str, Any], policy: Policy) -> list[dict[str, str]]:
    """What the adapter must report when the bot answers every question once with ``policy``."""
    questions = {q["id"]: q for q in info["questions"]}
    out = []
    for page in info["pages"]:
        for qid in page["questions"]:
            q = questions[qid]
            options = [o["id"] for o in q["options"]]
            correct = [o["id"] for o in q["options"] if o["correct"]]
            chosen = policy(page["id"], q, 1)

            def chars(ids: list[str], q: dict[str, Any] = q, options: list[str] = options) -> str:
                if q["type"] == "true_false":
                    return ",".join(i[0] for i in ids)  # "true" -> t, "false" -> f
                return ",".join(sorted(CHOICE_CHARS[options.index(i)] for i in ids))

            pattern = chars(correct)
            out.append(
                {
                    "id": qid + ("" if page["kind"] == "assessment" else CHECK_SUFFIX),
                    "type": "true-false" if q["type"] == "true_false" else "choice",
                    "student_response": chars(chosen),
                    "pattern": "{" + pattern + "}" if len(correct) > 1 else pattern,
                    "result": "correct" if sorted(chosen) == sorted(correct) else "wrong",
                }
            )
    return out


def summary(record: dict[str, Any]) -> dict[str, str]:
    return {
        "id": record["id"],
        "type": record["type"],
        "student_response": record["student_response"],
        "pattern": record["correct_responses"]["0"]["pattern"],
        "result": record["result"],
    }


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

    records = interactions(session)
    assert [summary(r) for r in records] == expected_interactions(pkg.info, correct)
    questions = {q["id"]: q for q in pkg.info["questions"]}
    for record in records:
        assert TIME.fullmatch(record["time"]), record["time"]
        assert TIMESPAN.fullmatch(record["latency"]), record["latency"]
        qid = record["id"].removesuffix(CHECK_SUFFIX)
        tagged = [o["id"] for o in record["objectives"].values() if isinstance(o, dict)]
        assert tagged == questions[qid]["objectives"]

    held = objectives(session)
    assert list(held) == [o["id"] for o in pkg.info["objectives"]]  # numbered as authored
    for objective in held.values():
        assert objective["status"] == "passed"
        assert objective["score"]["raw"] == "100"
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
    checked = [q for p in hb.info["pages"] if p["id"] in walked for q in p["questions"]]
    assert checked
    for qid in checked:
        question = bot.target.locator(f'[data-tf-question="{qid}"]').first
        for option in correct("", bot.question(qid), 1):
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
    assert bot.run() == Result("failed", 0)
    finished(first)
    assert first.get("core.lesson_status") == "failed"
    assert first.get("core.score.raw") == "0"
    assert first.get("core.exit") == ""
    assert {o["status"] for o in objectives(first).values()} == {"failed"}
    assert [summary(r) for r in interactions(first)] == expected_interactions(hb.info, wrong)
    assert_clean_protocol(first, page_log)

    second = first.relaunch()  # the learner comes back to the failed course
    bot = launch(second, hb.info)
    wait_for_page(bot, hb.info["pages"][-1]["id"])
    assert bot.run() == Result("passed", 100)  # the bot retakes the assessment
    finished(second)
    assert second.get("core.lesson_status") == "passed"
    assert second.get("core.score.raw") == "100"
    assert {o["status"] for o in objectives(second).values()} == {"passed"}
    assert_clean_protocol(second, page_log)


def test_a_passed_status_is_never_downgraded(
    scorm12: Scorm12Launcher, page_log: PageLog, hb: Built
) -> None:
    """A learner who passed starts a new attempt (no saved state) and fails it."""
    passed = {"core": {"entry": "", "lesson_status": "passed", "score": {"raw": "90"}}}
    session = scorm12(hb.root, cmi=passed)
    bot = launch(session, hb.info, policy=wrong)
    bot.retake = False
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
    assert lessons.get("student_data.mastery_score") == ""  # no assessment, no mastery
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
    asked = [q for p in info["pages"] if p["id"] in final["pages"] for q in p["questions"]]
    assert [r["id"] for r in interactions(test)] == asked
    assert_clean_protocol(test, page_log)
