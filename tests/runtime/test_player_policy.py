"""The player's policy-training features in real Chromium, driven through the hooks only.

One course (tests/policy_fixture.py's, grown a little) holds every question type as knowledge
checks and in a pooled, shuffled final, a pre-test, sensitive samples (text and an image) and a
required attestation. The tests check partial credit, keyboard-only matching and ordering,
branching, the same draw across a reload, reveal/skip without loading media early, the
attestation gate, the pre-test left out of the result, and axe on every state.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, Route
from policy_fixture import add_rich_content, edit, make_repo
from support.axe import axe_violations, describe_violations
from support.bot import LearnerBot, Question, correct, wrong
from support.browser import PageLog
from support.fixtures import StaticServerFactory

POOL = "".join(
    f"  - id: q-pool{n}\n    type: true_false\n    prompt: Pooled {n}.\n    cites: [HB-1]\n"
    "    answer: true\n"
    for n in range(2, 6)
)
PRE = (
    "  - id: q-pre\n    type: single_choice\n    prompt: Before the course.\n    options:\n"
    "      - {id: a, text: Right, correct: true, feedback: The pre-test shows no feedback.}\n"
    "      - {id: b, text: Wrong}\n"
)
CHECKS = "".join(f"```{{question}} {q}\n```\n\n" for q in ("mod-1", "match-1", "order-1", "case-1"))
IMAGE = (
    "```{sample} ../media/steps.svg\nkind: image\nalt: A screenshot of a threat\n"
    "description: A post naming someone's street.\nsensitive: harassment\n"
    "warning: a post naming a street\n```"
)


def write_course(root: Path) -> Path:
    """Every question type as knowledge checks (`applying`) and in a final that always asks
    them and draws two of five pooled questions in a shuffled order; a pre-test first; a
    sensitive image on `welcome`; the attestation required."""
    course = make_repo(root)
    add_rich_content(course)
    edit(
        course / "questions" / "bank.yaml",
        "  - id: q-context\n",
        POOL + PRE + "  - id: q-context\n",
    )
    edit(
        course / "course.yaml",
        "{area: hb, count: 1}",
        "{area: hb, count: 2}\n"
        "          shuffle: true\n          role: post\n          pairs_with: baseline",
    )
    edit(
        course / "course.yaml",
        "      - lesson: lessons/01-welcome.md",
        "      - assessment:\n          id: baseline\n          title: Before you start\n"
        "          questions: [q-pre]\n          review: false\n          role: pre\n"
        "          pairs_with: final\n      - lesson: lessons/01-welcome.md",
    )
    edit(
        course / "lessons" / "02-applying.md",
        "```{question} q-apply\n```",
        "```{question} q-apply\n```\n\n" + CHECKS,
    )
    edit(
        course / "lessons" / "01-welcome.md",
        "![A three-step decision: read, match a clause, act](../media/steps.svg)",
        IMAGE,
    )
    return course


@pytest.fixture(scope="module")
def course_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_course(tmp_path_factory.mktemp("policy"))



Open = Callable[[], Page]


@pytest.fixture
def served(static_server: StaticServerFactory, site: Path) -> Any:
    return static_server({"/": site})


@pytest.fixture
def open_course(page: Page, served: Any) -> Open:
    """Open (or reload) the course; returns the page once the player is ready."""

    def go() -> Page:
        page.goto(served.base_url + "index.html")
        page.wait_for_selector("#tf-main:not([aria-busy])", state="attached")
        return page

    return go


def goto(page: Page, page_id: str) -> Locator:
    """Click Next until `page_id` shows; returns its section."""
    for _ in range(10):
        if page.is_visible(f'[data-tf-page="{page_id}"]'):
            break
        page.click('[data-tf-action="next"]')
    section = page.locator(f'[data-tf-page="{page_id}"]')
    assert section.is_visible()
    return section


def lines(locator: Locator) -> list[str]:
    return [line for line in locator.inner_text().splitlines() if line.strip()]


def assert_clean(log: PageLog) -> None:
    assert log.errors == [], log.errors
    assert log.console_errors == [], log.console_errors
    assert log.blocked == [], log.blocked


def shown(section: Locator) -> list[str]:
    """The assessment questions of the attempt, in the order the page shows them."""
    ids: list[str] = section.locator(
        "[data-tf-assessment] > [data-tf-question]:not([hidden]),"
        "[data-tf-assessment] > [data-tf-scenario]:not([hidden])"
    ).evaluate_all("els => els.map(e => e.dataset.tfQuestion || e.dataset.tfScenario)")
    return ids


# --- moderation decisions: partial credit ------------------------------------------------


def test_moderation_decision_gives_partial_credit(open_course: Open, page_log: PageLog) -> None:
    page = open_course()
    check = goto(page, "applying").locator('[data-tf-question="mod-1"]')
    assert check.locator('[data-tf-group="action"] [data-tf-option]').count() == 2
    check.locator('[data-tf-option="remove"]').check()
    check.locator('[data-tf-action="submit"]').click()  # an action, no clause
    assert lines(check.locator("[data-tf-feedback]")) == [
        "Answer every part of the question first."
    ]
    check.locator('[data-tf-option="HB-1"]').check()  # the right action, the wrong clause
    check.locator('[data-tf-action="submit"]').click()
    assert check.get_attribute("data-tf-correct") == "false"
    assert lines(check.locator("[data-tf-feedback]")) == [
        "Partly correct.",
        "Partly right: 60% of the points.",  # scoring: {action: 0.6, clause: 0.4}
        "Remove under HB-3.2.",  # the chosen action's rationale
    ]
    assert page.evaluate("TF.snapshot().answers['applying/mod-1']") == {
        "chosen": ["remove", "HB-1"],
        "submitted": True,
        "correct": False,
        "score": 0.6,
    }
    check.locator('[data-tf-option="HB-3.2"]').check()
    assert check.locator("[data-tf-feedback]").is_hidden()  # a change clears the verdict
    check.locator('[data-tf-action="submit"]').click()
    assert check.get_attribute("data-tf-correct") == "true"
    assert lines(check.locator("[data-tf-feedback]"))[0] == "Correct."
    assert_clean(page_log)


# --- matching and ordering by keyboard ---------------------------------------------------


def test_matching_and_ordering_by_keyboard_only(
    open_course: Open, info: dict[str, Any], page_log: PageLog
) -> None:
    page = open_course()
    bot = LearnerBot(page, info, correct, keyboard=True)
    section = goto(page, "applying")
    page.focus('[data-tf-page="applying"] h1')
    for qid in ("match-1", "order-1"):
        fieldset = section.locator(f'[data-tf-question="{qid}"]')
        bot.answer("applying", fieldset)
        bot.activate(bot.action("submit", fieldset))
        assert fieldset.get_attribute("data-tf-correct") == "true", qid
    assert set(bot.keys) <= {"Tab", "Enter", "Space", "ArrowDown", "ArrowUp"}
    assert "ArrowDown" in bot.keys  # a <select> changed by its arrow keys
    items = section.locator('[data-tf-question="order-1"] [data-tf-item]')
    assert items.evaluate_all("els => els.map(e => e.dataset.tfItem)") == ["read", "match", "act"]
    assert_clean(page_log)


def test_an_ordering_button_keeps_focus_and_says_where_the_item_went(open_course: Open) -> None:
    page = open_course()
    order = goto(page, "applying").locator('[data-tf-question="order-1"]')
    start = order.locator("[data-tf-item]").evaluate_all("els => els.map(e => e.dataset.tfItem)")
    last = start[-1]
    up = order.locator(f'[data-tf-item="{last}"] [data-tf-action="up"]')
    up.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('[data-tf-item]').dataset.tfItem") == last
    assert page.evaluate("document.activeElement.dataset.tfAction") == "up"
    text = order.locator(f'[data-tf-item="{last}"] .tf-order-text').inner_text()
    live = order.locator("[data-tf-live]")
    assert live.get_attribute("aria-live") == "polite"
    assert live.inner_text() == f"{text}: position {len(start) - 1} of {len(start)}."
    for _ in range(5):  # at the top it stays, and says so
        page.keyboard.press("Enter")
    assert live.inner_text() == f"{text}: position 1 of {len(start)}."
    assert order.locator("[data-tf-item]").first.get_attribute("data-tf-item") == last


def test_matching_partial_credit_and_question_feedback(open_course: Open) -> None:
    page = open_course()
    check = goto(page, "applying").locator('[data-tf-question="match-1"]')
    check.locator('select[data-tf-match="s1"]').select_option("t1")
    check.locator('[data-tf-action="submit"]').click()
    assert lines(check.locator("[data-tf-feedback]")) == [
        "Answer every part of the question first."
    ]
    check.locator('select[data-tf-match="s2"]').select_option("t9")
    check.locator('[data-tf-action="submit"]').click()
    assert lines(check.locator("[data-tf-feedback]")) == [
        "Partly correct.",
        "Partly right: 50% of the points.",
    ]


# --- branching scenarios -----------------------------------------------------------------


def visible_steps(scenario: Locator) -> list[str]:
    steps: list[str] = scenario.locator("[data-tf-question]:not([hidden])").evaluate_all(
        "els => els.map(e => e.dataset.tfStep)"
    )
    return steps


def test_a_scenario_branches_on_each_choice(harness: Any, info: dict[str, Any]) -> None:
    page, frame = harness()
    frame.wait_for_selector('[data-tf-action="next"]:enabled')
    frame.click('[data-tf-action="next"]')
    frame.click('[data-tf-action="next"]')
    scenario = frame.locator('[data-tf-page="applying"] [data-tf-scenario="case-1"]')
    assert visible_steps(scenario) == ["start"]
    start = scenario.locator('[data-tf-question="case-1--start"]')
    start.locator('[data-tf-option="b"]').check()  # "Remove everything" leads to `end`
    start.locator('[data-tf-action="submit"]').click()
    assert visible_steps(scenario) == ["start", "end"]
    assert start.get_attribute("data-tf-correct") == "false"
    assert start.locator("[data-tf-option]:disabled").count() == 2  # a step is taken once
    end = scenario.locator('[data-tf-question="case-1--end"]')
    assert frame.evaluate("document.activeElement.value") == "a"  # on the next step's first choice
    end.locator('[data-tf-option="a"]').check()
    end.locator('[data-tf-action="submit"]').click()  # no `next`: the case ends
    assert scenario.get_attribute("data-tf-correct") == "false"
    assert lines(end.locator("[data-tf-feedback]")) == ["Correct."]  # the step's verdict
    case = scenario.locator(":scope > [data-tf-feedback]")  # then the case's own
    assert lines(case) == ["Case closed: the best choice at 1 of 2 steps."]
    assert case.get_attribute("data-tf-feedback") == "partial"

    answered = [c["args"] for c in calls(page) if c["name"] == "answered"]
    assert [(q["id"], q["type"], d["response"]) for q, d in answered] == [
        ("case-1--start", "scenario_step", ["b"]),
        ("case-1--end", "scenario_step", ["a"]),
        ("case-1", "scenario", ["start.b", "end.a"]),
    ]
    step, detail = answered[0]
    assert step["scenario"] == "case-1" and step["points"] == 0
    assert [o["next"] for o in step["options"]] == ["second", "end"]
    assert (detail["correct"], detail["score"], detail["maxScore"], detail["kind"]) == (
        False,
        0,
        0,
        "check",
    )
    _, whole = answered[-1]
    assert (whole["correct"], whole["score"], whole["maxScore"]) == (False, 0.5, 1)


def test_the_best_path_through_a_scenario(open_course: Open, info: dict[str, Any]) -> None:
    page = open_course()
    scenario = goto(page, "applying").locator('[data-tf-scenario="case-1"]')
    bot = LearnerBot(page, info, correct)
    bot.answer_all("applying", scenario)
    assert visible_steps(scenario) == ["start", "second"]  # second.a ends the case
    assert scenario.get_attribute("data-tf-correct") == "true"
    assert page.evaluate("TF.snapshot().answers['applying/case-1']") == {
        "chosen": ["start.a", "second.a"],
        "submitted": True,
        "correct": True,
        "score": 1,
    }


# --- pools: the draw survives a reload ---------------------------------------------------


def test_the_draw_is_the_same_after_a_reload_and_in_review(
    open_course: Open, info: dict[str, Any], page_log: PageLog
) -> None:
    page = open_course()
    final = goto(page, "final")
    first = shown(final)
    fixed = ["q-apply", "q-context", "mod-1", "match-1", "order-1", "case-1"]
    pooled = [q for q in first if q not in fixed]
    assert sorted(q for q in first if q in fixed) == sorted(fixed)
    assert len(pooled) == 2 and all(q.startswith("q-pool") for q in pooled)
    assert len(first) == 8
    seed = page.evaluate("TF.snapshot().assessments.final.seed")
    assert 0 < seed < 36**4

    page = open_course()  # resumed: the same questions, in the same order
    final = goto(page, "final")
    assert shown(final) == first
    assert page.evaluate("TF.snapshot().assessments.final.seed") == seed

    bot = LearnerBot(page, info, correct)
    bot.take_assessment("final", final)
    assert "Your score: 100%." in final.locator("[data-tf-score-panel]").inner_text()
    hidden_pool = [q for q in info["pages"][-1]["questions"] if q not in first]
    for qid in hidden_pool:  # never shown, never answered
        assert final.locator(f'[data-tf-question="{qid}"]').is_hidden()
    assert set(bot.attempts) == {f"final/{q}" for q in first if q != "case-1"} | {
        "final/case-1--start",
        "final/case-1--second",
    }

    page = open_course()  # in review the attempt shows the same draw, graded
    final = goto(page, "final")
    assert shown(final) == first
    assert final.locator('[data-tf-correct="true"]').count() >= len(first)
    assert_clean(page_log)


def test_a_retake_draws_again(open_course: Open, info: dict[str, Any]) -> None:
    page = open_course()
    final = goto(page, "final")
    seeds = {page.evaluate("TF.snapshot().assessments.final.seed")}
    bot = LearnerBot(page, info, wrong, retake=False)
    draws = set()
    for _ in range(4):
        draws.add(tuple(shown(final)))
        bot.take_assessment("final", final)
        assert final.locator("[data-tf-correct]").count() > 0
        final.locator('[data-tf-action="retake"]').click()
        seeds.add(page.evaluate("TF.snapshot().assessments.final.seed"))
        assert page.evaluate("TF.snapshot().assessments.final.attempts") >= 1
    assert len(seeds) == 5  # a new seed for every attempt
    assert len(draws) > 1


# --- sensitive samples -------------------------------------------------------------------


def test_reveal_and_skip_by_keyboard_load_nothing_before_reveal(
    open_course: Open, served: Any, page_log: PageLog
) -> None:
    page = open_course()
    goto(page, "welcome")
    sample = page.locator('[data-tf-page="welcome"] [data-tf-sensitive="harassment"]')
    assert "Sensitive example (harassment): a post naming a street." in sample.inner_text()
    assert (
        sample.locator("img").count() == 0 and sample.locator("[data-tf-description]").is_hidden()
    )
    media = [r for r in served.requests if "/media/" in r.path]
    assert media == []  # the image sits in a <template>: nothing requested

    skip = sample.locator('[data-tf-action="skip"]')
    skip.focus()
    page.keyboard.press("Enter")
    description = sample.locator("[data-tf-description]")
    assert description.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-tf-description')")
    assert description.inner_text() == "A post naming someone's street."
    assert [r for r in served.requests if "/media/" in r.path] == []

    reveal = sample.locator('[data-tf-action="reveal"]')
    assert reveal.is_visible() and skip.is_hidden()
    reveal.focus()
    page.keyboard.press("Space")
    image = sample.locator("img")
    image.wait_for()
    assert image.get_attribute("alt") == "A screenshot of a threat"
    page.wait_for_function("document.querySelector('[data-tf-sensitive] img').complete")
    assert [r.path for r in served.requests if "/media/" in r.path] != []
    assert page.evaluate("document.activeElement.classList.contains('tf-sample-media')")
    assert description.is_hidden() and skip.is_visible()
    skip.focus()
    page.keyboard.press("Enter")  # back to the description: the image is gone
    assert sample.locator("img").count() == 0 and description.is_visible()
    assert_clean(page_log)


def test_the_module_states_its_sensitive_examples(open_course: Open) -> None:
    page = open_course()
    notice = page.locator('[data-tf-page="baseline"] [data-tf-module-sensitive]')
    assert "This module contains 3 sensitive examples:" in notice.inner_text()


# --- attestation -------------------------------------------------------------------------


def test_finishing_needs_the_attestation(
    harness: Any, info: dict[str, Any], page_log: PageLog
) -> None:
    page, frame = harness()
    bot = LearnerBot(frame, info, correct, attest=False)
    bot.walk()
    bot.activate(bot.action("finish").first)
    box = frame.locator("[data-tf-attestation]")
    assert frame.locator("[data-tf-result]").is_hidden()  # not finished
    error = box.locator("[data-tf-attest-error]")
    assert error.inner_text() == "Please confirm the acknowledgement before you finish."
    tick = box.locator('[data-tf-action="attest"]')
    assert frame.evaluate("document.activeElement.dataset.tfAction") == "attest"
    assert tick.get_attribute("aria-invalid") == "true"
    assert "finished" not in [c["name"] for c in calls(page)]
    assert not (found := axe_violations(frame)), describe_violations(found)

    page.keyboard.press("Space")  # tick it where focus went
    assert error.is_hidden()
    bot.activate(bot.action("finish").first)
    assert bot.result().status == "passed"
    names = [c["name"] for c in calls(page)]
    assert names[-3:] == ["attested", "finished", "terminate"]
    [attested] = [c["args"][0] for c in calls(page) if c["name"] == "attested"]
    assert attested == {"policy": "hb", "version": 2}
    assert_clean(page_log)


def test_the_attestation_is_shown_on_the_last_page_only(open_course: Open) -> None:
    page = open_course()
    box = page.locator("[data-tf-attestation]")
    assert box.is_hidden()
    goto(page, "final")
    assert box.is_visible()
    assert box.get_attribute("data-tf-required") == "true"
    page.check('[data-tf-action="attest"]')
    page = open_course()
    assert page.is_checked('[data-tf-action="attest"]')  # kept in the saved state
    assert page.evaluate("TF.snapshot().attested") is True


# --- pre-test ----------------------------------------------------------------------------


def test_a_pre_test_is_reported_but_never_counted(harness: Any, info: dict[str, Any]) -> None:
    page, frame = harness()

    def policy(page_id: str, question: Question, attempt: int) -> list[Any]:
        return (wrong if page_id == "baseline" else correct)(page_id, question, attempt)

    bot = LearnerBot(frame, info, policy)
    bot.answer_page()
    baseline = bot.section("baseline")
    assert lines(baseline.locator("[data-tf-score-panel]")) == ["Your score: 0%."]
    assert baseline.locator("[data-tf-feedback]:not([hidden])").count() == 0  # review: false
    assert baseline.locator('[data-tf-correct="false"]').count() == 1  # graded, for automation
    assert "pre-test shows no feedback" not in baseline.inner_text()
    assert baseline.locator('[data-tf-action="retake"]').is_hidden()
    assert bot.run().score == 100  # the pre-test's 0% is not in the course score
    assessed = [c["args"] for c in calls(page) if c["name"] == "assessed"]
    assert [(p["id"], p["role"], r["score"]) for p, r in assessed] == [
        ("baseline", "pre", 0),
        ("final", "post", 100),
    ]
    assert assessed[0][0]["pairsWith"] == "final"


# --- a whole run, and accessibility -------------------------------------------------------


@pytest.mark.parametrize("sensitive", ["reveal", "skip"])
def test_the_bot_takes_every_type(
    open_course: Open, info: dict[str, Any], page_log: PageLog, sensitive: str
) -> None:
    page = open_course()
    bot = LearnerBot(page, info, correct, sensitive=sensitive)  # type: ignore[arg-type]
    result = bot.run()
    assert (result.status, result.score) == ("passed", 100)
    revealed = page.locator(".tf-sample-media").count()
    assert revealed == (4 if sensitive == "reveal" else 0)  # every sample the bot came across
    assert_clean(page_log)


def test_keyboard_only_run(open_course: Open, info: dict[str, Any], page_log: PageLog) -> None:
    page = open_course()
    bot = LearnerBot(page, info, correct, keyboard=True)
    result = bot.run()
    assert (result.status, result.score) == ("passed", 100)
    assert set(bot.keys) <= {"Tab", "Enter", "Space", "ArrowDown", "ArrowUp"}
    assert_clean(page_log)


def test_player_states_have_no_wcag_violations(open_course: Open, info: dict[str, Any]) -> None:
    page = open_course()

    def clean() -> None:
        assert not (found := axe_violations(page)), describe_violations(found)

    clean()
    bot = LearnerBot(page, info, wrong, retake=False, sensitive="reveal")
    goto(page, "applying")
    bot.answer_page()  # every check answered wrong, every feedback shown
    clean()
    goto(page, "final")
    page.click('[data-tf-page="final"] [data-tf-assessment] > [data-tf-action="submit"]')
    clean()
    bot.answer_page()
    clean()
    page.click('[data-tf-action="finish"]')  # without the attestation
    clean()
    page.check('[data-tf-action="attest"]')
    page.click('[data-tf-action="finish"]')
    clean()


# --- the recording harness ---------------------------------------------------------------

HARNESS = """<!DOCTYPE html><html lang="en"><title>harness</title>
<script>window.__calls = [];</script>
<iframe id="content" title="course" src="/course/index.html" style="width:100%;height:90vh">
</iframe>
</html>"""

RECORDER = """
(function () {
  'use strict';
  var adapter = {};
  ['start', 'pageViewed', 'answered', 'assessed', 'attested', 'save', 'finished', 'terminate']
    .forEach(function (name) {
      adapter[name] = function () {
        var args = Array.prototype.slice.call(arguments);
        window.parent.__calls.push(JSON.parse(JSON.stringify({name: name, args: args})));
        if (name === 'start') return Promise.resolve({state: null});
      };
    });
  TF.useAdapter(adapter);
})();
"""


@pytest.fixture
def harness(page: Page, site: Path, static_server: StaticServerFactory, tmp_path: Path) -> Any:
    """The course in an iframe whose tf-tracking.js records every adapter call."""
    (tmp_path / "harness.html").write_text(HARNESS, encoding="utf-8")
    server = static_server({"/": tmp_path, "/course/": site})

    def go() -> tuple[Page, Any]:
        page.route("**/course/assets/tf-tracking.js", lambda r: _serve(r, RECORDER))
        page.goto(server.base_url + "harness.html")
        frame = page.locator("#content").element_handle().content_frame()
        assert frame is not None
        frame.wait_for_selector("#tf-main:not([aria-busy])", state="attached")
        return page, frame

    return go


def _serve(route: Route, body: str) -> None:
    route.fulfill(status=200, content_type="text/javascript", body=body)


def calls(page: Page) -> list[dict[str, Any]]:
    recorded: list[dict[str, Any]] = json.loads(page.evaluate("JSON.stringify(window.__calls)"))
    return recorded
