"""The player in real Chromium: the starter course built as `web`, driven by the generic bot.

Over file:// (a course opened from disk) and over HTTP, with the mouse and keyboard only; resume
through localStorage; without JavaScript; and the tracking interface seen by a recording adapter.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Frame, Locator, Page, Route
from runtime_courses import load, write_big_course
from support.axe import axe_violations, describe_violations
from support.bot import LearnerBot, correct, wrong, wrong_then_correct
from support.browser import PageLog, is_local
from support.fixtures import ServeDir, StaticServerFactory

from trainforge.batch.build import build
from trainforge.commands.inspect_course import inspect_course

Open = Callable[[], Page]


@pytest.fixture(params=["file", "http"])
def open_course(
    request: pytest.FixtureRequest, page: Page, scaffold_web: Path, serve_dir: ServeDir
) -> Open:
    """Open the starter course's index.html over file:// or HTTP; returns a function doing it."""
    url = (
        (scaffold_web / "index.html").as_uri()
        if request.param == "file"
        else serve_dir(scaffold_web) + "index.html"
    )

    def go() -> Page:
        page.goto(url)
        page.wait_for_selector("html.tf-js")
        page.wait_for_function("!document.getElementById('tf-main').hasAttribute('aria-busy')")
        return page

    return go


HARNESS = """<!DOCTYPE html><html lang="en"><title>harness</title>
<script>window.__calls = [];</script>
<iframe id="content" title="course" src="/course/index.html" style="width:100%;height:90vh">
</iframe>
</html>"""

Harness = Callable[..., tuple[Page, Frame]]


@pytest.fixture
def harness(
    page: Page, scaffold_web: Path, static_server: StaticServerFactory, tmp_path: Path
) -> Harness:
    """The starter course in an iframe of a same-origin page, as an LMS shows it, optionally
    with another tf-tracking.js. The outer page outlives the course, so a recording adapter
    that writes to `window.parent.__calls` shows what happened during a real unload."""
    (tmp_path / "harness.html").write_text(HARNESS, encoding="utf-8")
    server = static_server({"/": tmp_path, "/course/": scaffold_web})

    def go(adapter_js: str | None = None) -> tuple[Page, Frame]:
        if adapter_js is not None:
            page.route("**/course/assets/tf-tracking.js", lambda r: _serve_js(r, adapter_js))
        page.goto(server.base_url + "harness.html")
        frame = page.locator("#content").element_handle().content_frame()
        assert frame is not None
        frame.wait_for_selector("html.tf-js")
        return page, frame

    return go


def _serve_js(route: Route, body: str) -> None:
    route.fulfill(status=200, content_type="text/javascript", body=body)


def calls(page: Page) -> list[dict[str, Any]]:
    recorded: list[dict[str, Any]] = page.evaluate("window.__calls")
    return recorded


def unload(page: Page) -> None:
    """Navigate the course away, as an LMS closing it does: its pagehide handlers run."""
    page.evaluate("document.getElementById('content').src = 'about:blank'")
    page.wait_for_function(
        "document.getElementById('content').contentWindow.location.href === 'about:blank'"
    )


def visible_pages(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-tf-page]:not([hidden])", "els => els.map(e => e.dataset.tfPage)"
    )


def lines(locator: Locator) -> list[str]:
    """The text a learner sees, one entry per non-empty line."""
    return [line for line in locator.inner_text().splitlines() if line.strip()]


def assert_clean(log: PageLog) -> None:
    assert log.errors == [], log.errors
    assert log.console_errors == [], log.console_errors
    assert log.blocked == [], log.blocked


# --- learner runs ------------------------------------------------------------------------


def test_pass_run(open_course: Open, scaffold_inspect: dict[str, Any], page_log: PageLog) -> None:
    page = open_course()
    result = LearnerBot(page, scaffold_inspect, correct).run()
    assert (result.status, result.score) == ("passed", 100)
    assert visible_pages(page) == []
    assert page.is_visible("[data-tf-result]")
    assert page.text_content("[data-tf-result-text]") == "You passed the course with 100%."
    assert page.evaluate("document.activeElement.hasAttribute('data-tf-result')")
    assert_clean(page_log)


def test_fail_run_offers_a_retake_then_passes(
    open_course: Open, scaffold_inspect: dict[str, Any], page_log: PageLog
) -> None:
    page = open_course()
    bot = LearnerBot(page, scaffold_inspect, wrong_then_correct, retake=False)
    while bot.visible_page() != "final":
        bot.answer_page()
        bot.activate(bot.action("next").first)
    bot.answer_page()
    section = bot.section("final")
    assert lines(section.locator("[data-tf-score-panel]")) == [
        "Your score: 0%.",
        "You did not pass.",
    ]
    assert section.locator('[data-tf-action="retake"]').is_visible()
    assert section.locator('[data-tf-correct="false"]').count() == 2
    assert section.locator("[data-tf-option]:disabled").count() == 4  # locked after submit
    assert not section.locator('[data-tf-assessment] [data-tf-action="submit"]').is_visible()
    feedback = lines(section.locator('[data-tf-question="q-apply"] [data-tf-feedback]'))
    assert feedback == ["Not quite.", "Not yet — first check what the policy says."]

    bot.retake = True
    bot.answer_page()  # clicks retake, answers right (attempt 2), submits
    assert not section.locator('[data-tf-action="retake"]').is_visible()
    assert section.locator('[data-tf-correct="true"]').count() == 2
    assert "Your score: 100%." in section.locator("[data-tf-score-panel]").inner_text()
    result = bot.run()
    assert (result.status, result.score) == ("passed", 100)
    assert_clean(page_log)


def test_finishing_without_passing_is_incomplete_while_attempts_remain(
    open_course: Open, scaffold_inspect: dict[str, Any]
) -> None:
    page = open_course()  # max_attempts: 0, unlimited
    result = LearnerBot(page, scaffold_inspect, wrong, retake=False).run()
    assert (result.status, result.score) == ("incomplete", 0)
    assert page.text_content("[data-tf-result-text]") == (
        "You have not passed yet (0%). You can take the assessment again when you come back.")
    page = open_course()  # not finished: resumes on the assessment, with its retake
    assert page.locator('[data-tf-page="final"] [data-tf-action="retake"]').is_visible()


def test_keyboard_only_run(
    open_course: Open, scaffold_inspect: dict[str, Any], page_log: PageLog
) -> None:
    page = open_course()
    bot = LearnerBot(page, scaffold_inspect, correct, keyboard=True)
    result = bot.run()
    assert (result.status, result.score) == ("passed", 100)
    # The starter course's right answers are its first options: no arrow keys needed.
    assert set(bot.keys) == {"Tab", "Space", "Enter"}
    assert_clean(page_log)


def test_navigation_controls_progress_and_focus(open_course: Open) -> None:
    page = open_course()
    assert visible_pages(page) == ["welcome"]
    assert page.is_disabled('[data-tf-action="prev"]')
    assert page.is_hidden('[data-tf-action="finish"]')
    assert page.get_attribute("[data-tf-progress]", "value") == "33"
    assert page.text_content("[data-tf-progress-label]") == "Page 1 of 3"

    page.click('[data-tf-action="next"]')
    assert visible_pages(page) == ["applying"]
    assert page.evaluate("document.activeElement.id") == "title-applying"
    assert page.is_enabled('[data-tf-action="prev"]')
    assert page.get_attribute("[data-tf-progress]", "value") == "67"
    assert page.text_content("[data-tf-progress-label]") == "Page 2 of 3"

    page.click('[data-tf-action="next"]')
    assert page.is_hidden('[data-tf-action="next"]')
    assert page.is_visible('[data-tf-action="finish"]')
    assert page.get_attribute("[data-tf-progress]", "value") == "100"

    page.click('[data-tf-action="prev"]')
    assert visible_pages(page) == ["applying"]
    assert page.get_attribute("[data-tf-progress]", "value") == "100"  # viewed, not position


def test_links_between_lessons_navigate(open_course: Open) -> None:
    page = open_course()
    page.click('[data-tf-page="welcome"] a[href="#page-applying"]')
    assert visible_pages(page) == ["applying"]
    assert page.evaluate("document.activeElement.id") == "title-applying"
    page.evaluate("location.hash = '#page-final'")  # typed or bookmarked
    page.wait_for_function("!document.querySelector('[data-tf-page=final]').hidden")
    assert visible_pages(page) == ["final"]


def test_submitting_nothing_asks_for_an_answer(open_course: Open) -> None:
    page = open_course()
    page.click('[data-tf-action="next"]')
    check = page.locator('[data-tf-page="applying"] [data-tf-question="q-apply"]')
    check.locator('[data-tf-action="submit"]').click()
    assert check.locator("[data-tf-feedback]").inner_text() == "Choose an answer first."
    assert check.get_attribute("data-tf-correct") is None

    page.click('[data-tf-action="next"]')
    final = page.locator('[data-tf-page="final"]')
    final.locator('[data-tf-question="q-apply"] [data-tf-option="b"]').check()
    final.locator('[data-tf-assessment] [data-tf-action="submit"]').click()
    context = final.locator('[data-tf-question="q-context"] [data-tf-feedback]')
    assert context.inner_text() == "Choose an answer first."
    assert final.locator("[data-tf-score-panel]").is_hidden()  # not graded
    assert final.locator('[data-tf-question="q-apply"] [data-tf-feedback]').is_hidden()


def test_changing_a_checked_answer_clears_its_feedback(open_course: Open) -> None:
    page = open_course()
    page.click('[data-tf-action="next"]')
    check = page.locator('[data-tf-page="applying"] [data-tf-question="q-apply"]')
    check.locator('[data-tf-option="b"]').check()
    check.locator('[data-tf-action="submit"]').click()
    assert check.get_attribute("data-tf-correct") == "false"
    check.locator('[data-tf-option="a"]').check()
    assert check.get_attribute("data-tf-correct") is None
    assert check.locator("[data-tf-feedback]").is_hidden()
    check.locator('[data-tf-action="submit"]').click()
    assert check.get_attribute("data-tf-correct") == "true"
    assert lines(check.locator("[data-tf-feedback]")) == [
        "Correct.",
        "Right — context decides most cases.",
    ]


# --- resume ------------------------------------------------------------------------------


def test_resume_after_reload(open_course: Open) -> None:
    page = open_course()
    page.click('[data-tf-action="next"]')
    page.check('[data-tf-page="applying"] [data-tf-option="a"]')
    page.click('[data-tf-page="applying"] [data-tf-action="submit"]')
    page.click('[data-tf-action="next"]')
    page.check('[data-tf-page="final"] [data-tf-question="q-context"] [data-tf-option="false"]')

    page = open_course()  # a reload: pagehide saves the unsubmitted choice too
    assert visible_pages(page) == ["final"]
    final = page.locator('[data-tf-page="final"]')
    assert final.locator('[data-tf-question="q-context"] [data-tf-option="false"]').is_checked()
    assert final.locator("[data-tf-score-panel]").is_hidden()
    assert page.get_attribute("[data-tf-progress]", "value") == "100"

    page.click('[data-tf-action="prev"]')
    check = page.locator('[data-tf-page="applying"] [data-tf-question="q-apply"]')
    assert check.locator('[data-tf-option="a"]').is_checked()
    assert check.get_attribute("data-tf-correct") == "true"
    assert check.locator("[data-tf-feedback]").is_visible()


def test_resume_restores_a_submitted_assessment(open_course: Open) -> None:
    page = open_course()
    page.click('[data-tf-action="next"]')
    page.click('[data-tf-action="next"]')
    final = page.locator('[data-tf-page="final"]')
    final.locator('[data-tf-question="q-apply"] [data-tf-option="b"]').check()
    final.locator('[data-tf-question="q-context"] [data-tf-option="true"]').check()
    final.locator('[data-tf-assessment] [data-tf-action="submit"]').click()

    page = open_course()
    final = page.locator('[data-tf-page="final"]')
    assert lines(final.locator("[data-tf-score-panel]"))[0] == "Your score: 50%."
    assert final.locator('[data-tf-action="retake"]').is_visible()
    assert final.locator("[data-tf-option]:disabled").count() == 4
    assert final.locator('[data-tf-correct="true"]').count() == 1
    final.locator('[data-tf-action="retake"]').click()
    assert final.locator("[data-tf-option]:checked").count() == 0
    assert page.evaluate("TF.snapshot().assessments.final") == {
        "attempts": 1,
        "best": 50,
        "last": 50,
        "locked": False,
        "seed": 0,
    }


def test_state_round_trip_in_the_browser(open_course: Open) -> None:
    page = open_course()
    page.click('[data-tf-action="next"]')
    page.check('[data-tf-page="applying"] [data-tf-option="b"]')
    page.click('[data-tf-page="applying"] [data-tf-action="submit"]')
    page.click('[data-tf-action="next"]')
    page.check('[data-tf-page="final"] [data-tf-option="true"]')
    text, decoded, snapshot, garbage = page.evaluate(
        """() => {
            const s = TF.snapshot(), t = TF.state.encode(s, TF.course);
            return [t, TF.state.decode(t, TF.course), s, TF.state.decode('1~x~%%', TF.course)];
        }"""
    )
    assert text.startswith("3~0.1.0~")
    assert decoded == snapshot
    assert snapshot["answers"] == {
        "applying/q-apply": {"chosen": ["b"], "submitted": True, "correct": False, "score": 0},
        "final/q-context": {"chosen": ["true"], "submitted": False, "correct": None, "score": None},
    }
    assert garbage == {
        "page": "welcome",
        "visited": [],
        "answers": {},
        "assessments": {},
        "finished": "",
        "attested": False,
        "seed": 0,
    }


def test_storage_refused_keeps_working_in_memory(
    open_course: Open, scaffold_inspect: dict[str, Any], page: Page, page_log: PageLog
) -> None:
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() {"
        " throw new DOMException('denied', 'SecurityError'); }});"
    )
    open_course()
    assert page.is_visible("[data-tf-notice]")
    assert "does not let the course save your progress" in page.inner_text("[data-tf-notice]")
    result = LearnerBot(page, scaffold_inspect, correct).run()
    assert (result.status, result.score) == ("passed", 100)
    assert_clean(page_log)


# --- without JavaScript ------------------------------------------------------------------


def test_without_javascript_the_course_is_a_document(
    browser: Browser, scaffold_web: Path, serve_dir: ServeDir
) -> None:
    context = browser.new_context(java_script_enabled=False, service_workers="block")
    context.route(
        "**/*",
        lambda route: route.continue_() if is_local(route.request.url) else route.abort(),
    )
    try:
        page = context.new_page()
        page.goto(serve_dir(scaffold_web) + "index.html")
        pages = page.locator("[data-tf-page]")
        assert pages.count() == 3
        assert all(p.is_visible() for p in pages.all())
        assert page.locator("nav.tf-nav").is_hidden()
        assert all(not b.is_visible() for b in page.locator("[data-tf-action]").all())
        assert page.locator("[data-tf-result]").is_hidden()
        assert page.locator("[data-tf-feedback]").first.is_hidden()
    finally:
        context.close()


def test_printing_shows_every_page_and_no_controls(open_course: Open) -> None:
    page = open_course()
    page.emulate_media(media="print")
    assert all(p.is_visible() for p in page.locator("[data-tf-page]").all())
    assert page.locator("nav.tf-nav").is_hidden()
    page.emulate_media(media="screen")
    assert visible_pages(page) == ["welcome"]


# --- tracking interface ------------------------------------------------------------------

RECORDER = """
(function () {
  'use strict';
  function rec(name) {
    return function () {
      var args = Array.prototype.slice.call(arguments);
      var extra = name === 'answered' ? {dateType: args[1].timestamp instanceof Date} : {};
      // JSON copies: the course's objects die with its window.
      var call = {name: name, args: args, extra: extra};
      window.parent.__calls.push(JSON.parse(JSON.stringify(call)));
      if (name === 'start') return Promise.resolve({state: null, notice: 'standalone_notice'});
    };
  }
  var adapter = {};
  ['start', 'pageViewed', 'answered', 'assessed', 'save', 'finished', 'terminate']
    .forEach(function (n) { adapter[n] = rec(n); });
  TF.useAdapter(adapter);
})();
"""


def test_adapter_interface_calls(harness: Harness, scaffold_inspect: dict[str, Any]) -> None:
    page, frame = harness(RECORDER)
    frame.wait_for_selector("[data-tf-notice]:not([hidden])")
    assert frame.inner_text("[data-tf-notice]") == "Your progress is saved in this browser only."
    LearnerBot(frame, scaffold_inspect, correct).run()
    recorded = calls(page)
    names = [c["name"] for c in recorded]

    assert names[0] == "start"
    course = recorded[0]["args"][0]
    assert course["id"] == "starter" and course["questions"]["q-apply"]["id"] == "q-apply"
    assert names[-3:] == ["save", "finished", "terminate"]
    viewed = [c["args"][0]["id"] for c in recorded if c["name"] == "pageViewed"]
    assert viewed == ["welcome", "applying", "final"]

    answered = [c for c in recorded if c["name"] == "answered"]
    assert [(a["args"][0]["id"], a["args"][1]["kind"]) for a in answered] == [
        ("q-decide", "check"),  # the welcome lesson's moderation decision
        ("q-apply", "check"),
        ("q-apply", "assessment"),
        ("q-context", "assessment"),
    ]
    decision, decided = answered[0]["args"]
    assert (decision["type"], decided["response"]) == ("moderation_decision", ["remove", "EX-1"])
    assert (decided["correct"], decided["page"]["id"]) == (True, "welcome")
    question, detail = answered[1]["args"]
    assert question["type"] == "single_choice"
    assert detail["page"]["id"] == "applying"
    assert detail["response"] == ["a"]
    assert (detail["correct"], detail["score"], detail["maxScore"], detail["attempt"]) == (
        True,
        1,
        1,
        1,
    )
    assert detail["latencyMs"] >= 0
    assert answered[1]["extra"]["dateType"] is True

    [assessed] = [c for c in recorded if c["name"] == "assessed"]
    assert assessed["args"][0]["id"] == "final"
    assert assessed["args"][1] == {"score": 100, "passed": True, "attempt": 1}
    [finished] = [c for c in recorded if c["name"] == "finished"]
    assert finished["args"][0] == {"status": "passed", "score": 100, "passingScore": 80}

    saves = [c["args"] for c in recorded if c["name"] == "save"]
    assert len(saves) >= 5  # page changes, answers, the submit, finish
    assert all(s[0].startswith("3~0.1.0~") for s in saves)
    assert saves[-1][1]["page"]["id"] == "final"
    assert saves[-1][0][13] == "p"  # "3~0.1.0~" + current page key, then the finish code

    unload(page)  # pagehide after finish: nothing more, above all no second terminate
    assert [c["name"] for c in calls(page)] == names


def test_leaving_early_saves_then_terminates_once(harness: Harness) -> None:
    page, frame = harness(RECORDER)
    frame.wait_for_selector('[data-tf-action="next"]:enabled')
    frame.click('[data-tf-action="next"]')
    unload(page)
    names = [c["name"] for c in calls(page)]
    assert names[-2:] == ["save", "terminate"]
    assert names.count("terminate") == 1
    assert "finished" not in names


BROKEN = """
TF.useAdapter({
  start: function () { return Promise.reject(new Error('no LMS')); },
  pageViewed: function () { throw new Error('boom'); },
  answered: function () { throw new Error('boom'); },
  assessed: function () { return Promise.reject(new Error('offline')); },
  save: function () { throw new Error('boom'); },
  finished: function () { throw new Error('boom'); },
  terminate: function () { throw new Error('boom'); }
});
"""


def test_a_broken_adapter_cannot_break_the_course(
    harness: Harness, scaffold_inspect: dict[str, Any], page_log: PageLog
) -> None:
    _, frame = harness(BROKEN)
    result = LearnerBot(frame, scaffold_inspect, correct).run()
    assert (result.status, result.score) == ("passed", 100)
    assert page_log.errors == []  # logged as warnings, never thrown into the page


def test_a_hanging_adapter_start_times_out(
    harness: Harness, scaffold_inspect: dict[str, Any]
) -> None:
    _, frame = harness("TF.useAdapter({start: () => new Promise(() => {})});")
    assert frame.is_disabled('[data-tf-action="next"]')  # waiting for the adapter
    frame.wait_for_selector('[data-tf-action="next"]:enabled', timeout=8000)
    result = LearnerBot(frame, scaffold_inspect, correct).run()
    assert result.status == "passed"


def test_without_an_adapter_the_local_one_is_used(harness: Harness) -> None:
    _, frame = harness("/* no adapter */")
    frame.wait_for_selector('[data-tf-action="next"]:enabled')
    frame.click('[data-tf-action="next"]')
    frame.wait_for_function("Object.keys(localStorage).length > 0")
    assert frame.evaluate("Object.keys(localStorage)") == ["trainforge:starter"]


# --- other courses -----------------------------------------------------------------------


def test_multiple_response_needs_exactly_the_right_set(
    page: Page, tmp_path: Path, serve_dir: ServeDir
) -> None:
    root = write_big_course(
        tmp_path / "mr", lessons=1, checks_per_lesson=1, assessments=1,
        questions_per_assessment=1, options=4,
    )  # fmt: skip
    package = build([root], ["web"], tmp_path / "out").packages[0]
    page.goto(serve_dir(package) + "index.html")
    check = page.locator('[data-tf-question="q-001"]')
    check.wait_for()
    page.wait_for_selector('[data-tf-action="next"]:enabled')
    right = ["a", "d"]  # every third option is right: a, d
    for chosen, verdict in ((["a"], "false"), (["a", "b", "d"], "false"), (right, "true")):
        for option in check.locator("[data-tf-option]").all():
            option.set_checked(option.get_attribute("data-tf-option") in chosen)
        check.locator('[data-tf-action="submit"]').click()
        assert check.get_attribute("data-tf-correct") == verdict
    assert check.locator(".tf-instruction").inner_text() == ("Choose all that apply.")


@pytest.mark.parametrize("slug", ["harassment-bullying", "minor-safety"])
def test_the_example_courses_pass(
    page: Page, tmp_path: Path, serve_dir: ServeDir, slug: str, page_log: PageLog
) -> None:
    """The bot knows nothing course-specific: it takes the repository's real courses too."""
    source = Path(__file__).parents[2] / "courses" / slug
    package = build([source], ["web"], tmp_path).packages[0]
    page.goto(serve_dir(package) + "index.html")
    page.wait_for_selector('[data-tf-action="next"]:enabled')
    result = LearnerBot(page, inspect_course(load(source)), correct).run()
    assert result.status in ("passed", "completed")
    assert result.score in (100, None)
    assert_clean(page_log)


# --- accessibility -----------------------------------------------------------------------


def test_player_states_have_no_wcag_violations(open_course: Open) -> None:
    page = open_course()
    assert not (found := axe_violations(page)), describe_violations(found)
    page.click('[data-tf-action="next"]')
    page.check('[data-tf-page="applying"] [data-tf-option="b"]')
    page.click('[data-tf-page="applying"] [data-tf-action="submit"]')
    page.click('[data-tf-action="next"]')
    page.click('[data-tf-assessment] [data-tf-action="submit"]')  # nothing chosen
    page.check('[data-tf-page="final"] [data-tf-question="q-apply"] [data-tf-option="b"]')
    page.check('[data-tf-page="final"] [data-tf-question="q-context"] [data-tf-option="true"]')
    page.click('[data-tf-assessment] [data-tf-action="submit"]')
    assert not (found := axe_violations(page)), describe_violations(found)
    page.click('[data-tf-action="finish"]')
    assert not (found := axe_violations(page)), describe_violations(found)
