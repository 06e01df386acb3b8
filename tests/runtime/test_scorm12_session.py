"""A learner's sessions as an LMS sees them: what a launch may write, when the course may finish,
what it reports while attempts remain, and how it ends, under scorm-again with a real back end.

scorm-again is configured with a commit URL (`COMMIT_SETTINGS`), so every LMSCommit is a
synchronous XHR to the harness server on 127.0.0.1 and LMSFinish a beacon, as in an LMS whose API
commits over HTTP; resumes start from what reached that server.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from support.bot import LearnerBot, Result, wrong
from support.browser import PageLog
from support.fixtures import Scorm12Launcher
from support.scorm_harness import COMMIT_SETTINGS, ApiCall, ScormSession
from test_scorm12_lms import (
    HB,
    TIMESPAN,
    Built,
    assert_clean_protocol,
    build_package,
    finished,
    launch,
    ready,
    scored_objectives,
    wait_for_page,
    walk,
)

ROOT = Path(__file__).resolve().parents[2]
CHANGES = "what-changed"  # coursewide.WHAT_CHANGED: hb-101 is released against hb v1, now v2


@pytest.fixture(scope="module")
def hb(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_package(HB, tmp_path_factory.mktemp("hb"))


def refused(calls: list[ApiCall]) -> list[tuple[str, tuple[Any, ...], Any, str]]:
    """Calls the LMS refused: "false" from a setter or commit, or any error code."""
    return [
        (c.method, c.args, c.result, c.error)
        for c in calls
        if c.result == "false" or c.error != "0"
    ]


def pages_of(info: dict[str, Any], *, changes: bool = False) -> list[str]:
    """The pages a learner goes through: the "What changed" page only for a returning one."""
    return [p["id"] for p in info["pages"] if changes or p["id"] != CHANGES]


# --- item 4: commits over HTTP, and none at unload ---------------------------------------


def test_commits_over_http_never_fail_through_quit_resume_and_close(
    scorm12: Scorm12Launcher, page_log: PageLog, hb: Built
) -> None:
    first = scorm12(hb.root, settings=COMMIT_SETTINGS)
    walk(launch(first, hb.info), pages=4)
    stop = LearnerBot(first.frame(), hb.info).visible_page()
    first.close()  # the LMS navigates the SCO's frame away: pagehide
    assert refused(first.calls()) == []
    assert first.calls()[-1].method == "LMSFinish"
    kept = first.commits()[-1]["cmi"]  # what the back end holds: LMSFinish's beacon
    assert (kept["core"]["exit"], kept["core"]["lesson_location"]) == ("suspend", stop)
    assert kept["suspend_data"] == first.get("suspend_data") != ""
    assert TIMESPAN.fullmatch(kept["core"]["session_time"])

    second = first.relaunch(cmi=first.resume_cmi(persisted=True), settings=COMMIT_SETTINGS)
    bot = launch(second, hb.info)
    wait_for_page(bot, stop)
    walk(bot, pages=2)
    later = bot.visible_page()
    assert refused(second.calls()) == []
    page = second.page
    context = page.context
    page.close()  # the learner closes the LMS window
    kept = second.commits()[-1]["cmi"]
    assert (kept["core"]["exit"], kept["core"]["lesson_location"]) == ("suspend", later)

    third = ScormSession.launch(
        context.new_page(),
        second.server,
        hb.root,
        launch=second.launch_href,
        cmi=second.resume_cmi(persisted=True),
        settings=COMMIT_SETTINGS,
    )
    bot = launch(third, hb.info)
    wait_for_page(bot, later)
    assert bot.run() == Result("passed", 100)
    finished(third)
    assert refused(third.calls()) == []
    kept = third.commits()[-1]["cmi"]
    assert (kept["core"]["lesson_status"], kept["core"]["exit"]) == ("passed", "")
    assert_clean_protocol(third, page_log)


# --- item 3: Finish waits for the assessment ----------------------------------------------


def test_finish_is_not_offered_before_the_final_assessment_is_submitted(
    scorm12: Scorm12Launcher, page_log: PageLog, hb: Built
) -> None:
    session = scorm12(hb.root, settings=COMMIT_SETTINGS)
    bot = launch(session, hb.info)
    walk(bot, pages=len(pages_of(hb.info)) - 1)
    assert bot.visible_page() == "hb-final"
    bot.activate(bot.action("attest"))
    finish = bot.action("finish").first
    note = bot.target.locator("[data-tf-finish-note]")
    expect(finish).to_be_visible()
    expect(finish).to_be_disabled()
    expect(note).to_have_text("Submit “Final assessment” before you finish.")
    assert finish.get_attribute("aria-describedby") == note.get_attribute("id")
    finish.click(force=True)  # a disabled button does nothing
    assert session.calls("LMSFinish") == []
    assert session.get("core.lesson_status") == "incomplete"
    assert bot.target.locator("[data-tf-result]").is_hidden()

    assert bot.run() == Result("passed", 100)  # submits the final, then Finish is enabled
    finished(session)
    assert session.get("core.lesson_status") == "passed"
    assert_clean_protocol(session, page_log)


# --- item 8: `incomplete` while attempts remain --------------------------------------------


@pytest.mark.parametrize(("mastery", "raw"), [("80", ""), ("", "0")], ids=["mastery", "none"])
def test_a_failed_attempt_reports_incomplete_with_its_score_and_the_retake_passes(
    scorm12: Scorm12Launcher, page_log: PageLog, hb: Built, mastery: str, raw: str
) -> None:
    """With a mastery score (the manifest's), scorm-again like Moodle judges score.raw against
    it at LMSFinish: a failing score is left out until the result is final."""
    mastery_cmi = {"student_data": {"mastery_score": mastery}}
    first = scorm12(hb.root, cmi=mastery_cmi, settings=COMMIT_SETTINGS)
    bot = launch(first, hb.info, policy=wrong)
    bot.retake = False
    assert bot.run() == Result("incomplete", 0)  # 1 of 3 attempts used
    assert bot.target.locator("[data-tf-result-text]").inner_text() == (
        "You have not passed yet (0%). You can take the assessment again when you come back."
    )
    finished(first)
    core = first.commits()[-1]["cmi"]["core"]
    assert (core["lesson_status"], core["score"]["raw"], core["exit"]) == (
        "incomplete",
        raw,
        "suspend",
    )
    assert "failed" not in [v for k, v in first.set_values() if k == "cmi.core.lesson_status"]
    assert {o["status"] for o in scored_objectives(first)} == {"failed"}
    assert refused(first.calls()) == []

    second = first.relaunch(cmi=first.resume_cmi(persisted=True), settings=COMMIT_SETTINGS)
    assert second.get("core.entry") == "resume"
    bot = launch(second, hb.info)
    wait_for_page(bot, "hb-final")
    assert bot.run() == Result("passed", 100)  # the bot retakes the assessment
    finished(second)
    assert second.commits()[-1]["cmi"]["core"]["lesson_status"] == "passed"
    assert_clean_protocol(second, page_log)


def test_failed_is_reported_once_no_attempt_remains(
    scorm12: Scorm12Launcher, page_log: PageLog, hb: Built
) -> None:
    session = scorm12(hb.root, settings=COMMIT_SETTINGS)
    bot = launch(session, hb.info, policy=wrong)  # retakes while offered: 3 attempts
    assert bot.run() == Result("failed", 0)
    finished(session)
    assert session.commits()[-1]["cmi"]["core"]["lesson_status"] == "failed"
    assert session.get("core.exit") == ""
    assert_clean_protocol(session, page_log)


@pytest.fixture(scope="module")
def hb_now(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """hb-101 with `completion.report_failed: immediately`."""
    root = tmp_path_factory.mktemp("hb-now")
    shutil.copytree(ROOT / "policies", root / "policies")
    course = shutil.copytree(HB, root / "hb")
    yaml = (course / "course.yaml").read_text("utf-8")
    (course / "course.yaml").write_text(
        yaml.replace("  max_attempts: 3\n", "  max_attempts: 3\n  report_failed: immediately\n"),
        "utf-8",
    )
    return build_package(course, root / "out")


def test_report_failed_immediately_reports_failed_after_the_first_attempt(
    scorm12: Scorm12Launcher, page_log: PageLog, hb_now: Built
) -> None:
    session = scorm12(hb_now.root, settings=COMMIT_SETTINGS)
    bot = launch(session, hb_now.info, policy=wrong)
    bot.retake = False
    assert bot.run() == Result("failed", 0)
    finished(session)
    assert session.commits()[-1]["cmi"]["core"]["lesson_status"] == "failed"
    assert_clean_protocol(session, page_log)


# --- items 7 and 9: review, no credit, and a finished course entered again ----------------


def passed_once(scorm12: Scorm12Launcher, hb: Built) -> ScormSession:
    session = scorm12(hb.root, settings=COMMIT_SETTINGS)
    assert launch(session, hb.info).run() == Result("passed", 100)
    finished(session)
    session.close()
    return session


def assert_result_shown(bot: LearnerBot, status: str, score: str) -> None:
    box = bot.target.locator("[data-tf-result]")
    expect(box).to_be_visible()
    expect(box).to_have_attribute("data-tf-status", status)
    expect(box).to_have_attribute("data-tf-score", score)
    assert bot.target.locator("[data-tf-page]:not([hidden])").count() == 0
    assert not bot.can("finish") and not bot.can("next")


@pytest.mark.parametrize(
    "launch_cmi",
    [
        {"core": {"lesson_mode": "review", "credit": "no-credit"}},
        {"core": {"lesson_mode": "browse"}},
        {"core": {"credit": "no-credit"}},
    ],
    ids=["review", "browse", "no-credit"],
)
def test_review_mode_writes_nothing_and_shows_the_result(
    scorm12: Scorm12Launcher, page_log: PageLog, hb: Built, launch_cmi: dict[str, Any]
) -> None:
    first = passed_once(scorm12, hb)
    held = first.resume_cmi(persisted=True)
    held["core"].update(launch_cmi["core"], entry="")  # Moodle: a finished attempt, reviewed
    second = first.relaunch(cmi=held, settings=COMMIT_SETTINGS)
    bot = ready(LearnerBot(second.frame(), hb.info))
    assert_result_shown(bot, "passed", "100")
    expect(bot.target.locator("[data-tf-result-text]")).to_have_text(
        "You passed the course with 100%."
    )
    second.close()
    assert second.set_values() == []
    assert [c.method for c in second.calls() if c.method in ("LMSCommit", "LMSFinish")] == [
        "LMSFinish"
    ]
    core = second.commits()[-1]["cmi"]["core"]
    assert (core["lesson_status"], core["exit"]) == ("passed", "")
    assert core["total_time"] == held["core"]["total_time"]  # no session time added
    assert second.resume_cmi(persisted=True)["core"]["entry"] == ""  # never a resume
    assert refused(second.calls()) == []
    assert page_log.errors == []


def test_review_without_saved_state_shows_the_status_the_lms_holds(
    scorm12: Scorm12Launcher, page_log: PageLog, hb: Built
) -> None:
    held = {
        "core": {
            "entry": "",
            "lesson_mode": "review",
            "credit": "no-credit",
            "lesson_status": "failed",
            "score": {"raw": "40"},
        }
    }
    session = scorm12(hb.root, cmi=held, settings=COMMIT_SETTINGS)
    bot = ready(LearnerBot(session.frame(), hb.info))
    assert_result_shown(bot, "failed", "40")
    session.close()
    assert session.set_values() == []
    assert page_log.errors == []


def test_a_finished_course_entered_again_shows_its_result_and_writes_nothing(
    scorm12: Scorm12Launcher, page_log: PageLog, hb: Built
) -> None:
    first = passed_once(scorm12, hb)
    second = first.relaunch(cmi=first.resume_cmi(persisted=True), settings=COMMIT_SETTINGS)
    bot = ready(LearnerBot(second.frame(), hb.info))  # lesson_mode normal, for credit
    assert_result_shown(bot, "passed", "100")
    expect(bot.target.locator("[data-tf-result-text]")).to_have_text(
        "You passed the course with 100%."
    )
    second.close()
    assert second.set_values() == []
    assert second.get("core.lesson_status") == "passed"
    assert refused(second.calls()) == []
    assert page_log.errors == []


# --- item 5: "What changed" only for returning learners ------------------------------------


def test_what_changed_is_skipped_for_a_new_learner(
    scorm12: Scorm12Launcher, page_log: PageLog, hb: Built
) -> None:
    assert hb.info["pages"][0]["id"] == CHANGES  # in the package, first
    session = scorm12(hb.root, settings=COMMIT_SETTINGS)
    bot = launch(session, hb.info)
    total = len(pages_of(hb.info))
    assert bot.visible_page() == "hb-pre"
    label = bot.target.locator("[data-tf-progress-label]")
    expect(label).to_have_text(f"Page 1 of {total}")
    expect(bot.action("prev").first).to_be_disabled()  # nothing before it
    assert bot.run() == Result("passed", 100)
    finished(session)
    assert_clean_protocol(session, page_log)


def test_what_changed_opens_the_course_for_a_learner_of_an_earlier_version(
    scorm12: Scorm12Launcher, page_log: PageLog, hb: Built
) -> None:
    first = passed_once(scorm12, hb)
    held = first.resume_cmi(persisted=True)
    version = hb.info["version"]
    form, saved_version, rest = held["suspend_data"].split("~", 2)  # docs/state-format.md
    assert saved_version == version
    held["suspend_data"] = f"{form}~0.9.0~{rest}"
    second = first.relaunch(cmi=held, settings=COMMIT_SETTINGS)
    bot = launch(second, hb.info)
    assert bot.visible_page() == CHANGES
    expect(bot.target.locator("[data-tf-progress-label]")).to_have_text(
        f"Page 1 of {len(pages_of(hb.info, changes=True))}"
    )
    assert "changed since you last took it" in bot.section(CHANGES).inner_text()
    assert bot.run() == Result("passed", 100)  # answers kept: the final stays passed
    finished(second)
    assert_clean_protocol(second, page_log)
