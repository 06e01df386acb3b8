"""Review, shuffled options and the learner-facing text of the player, in real Chromium.

The course is the policy fixture (every question type in a final of two attempts) plus two
shuffled questions: `q-shuf` (six options, the key first in the source) and `q-all` (its last
option is "All of the above"), each a knowledge check and in the final. The tests check when
`review` shows the right answers (and that it never does while attempts remain), the learner's
seeded option order (stable on resume and in review, new per attempt, ids and SCORM responses
untouched), and plurals, the sensitive warning, a scenario's own verdict and the partial state.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page
from policy_fixture import add_rich_content, edit, make_repo
from support.axe import axe_violations, describe_violations
from support.bot import LearnerBot, Question, correct, wrong
from support.browser import PageLog
from support.fixtures import Scorm12Launcher, StaticServerFactory
from test_scorm12_lms import interactions

from trainforge.batch.build import build
from trainforge.runtime.statesize import base36, id_key

SHUFFLED = """\
  - id: q-shuf
    type: multiple_response
    prompt: Which of these need a closer look?
    shuffle: true
    options:
      - {id: a, text: A threat, correct: true, feedback: Threats always need review.}
      - {id: b, text: A joke between friends}
      - {id: c, text: A home address, correct: true}
      - {id: d, text: A recipe}
      - {id: e, text: A holiday photo}
      - {id: f, text: A weather report}
  - id: q-all
    type: single_choice
    prompt: What can a moderator do?
    shuffle: true
    options:
      - {id: a, text: Remove a post}
      - {id: b, text: Warn the author}
      - {id: c, text: Escalate the case}
      - {id: d, text: All of the above, correct: true}
"""


def write_course(root: Path) -> Path:
    course = make_repo(root)
    add_rich_content(course)
    (course / "questions" / "shuffled.yaml").write_text("questions:\n" + SHUFFLED)
    edit(course / "course.yaml", "max_attempts: 0", "max_attempts: 2")
    edit(course / "course.yaml", "questions: [q-apply, q-context, ", "questions: [q-shuf, q-all, "
         "q-apply, q-context, ")
    edit(course / "lessons" / "02-applying.md", "```{question} q-apply\n```",
         "```{question} q-apply\n```\n\n```{question} q-shuf\n```\n\n```{question} q-all\n```\n\n"
         "```{question} mod-1\n```\n\n```{question} case-1\n```")
    return course


@pytest.fixture(scope="module")
def course_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_course(tmp_path_factory.mktemp("review"))



Open = Callable[..., Page]


@pytest.fixture
def open_course(page: Page, static_server: StaticServerFactory, site: Path) -> Open:
    """Open (or reload) the course; with `seed`, as a learner whose saved state has that seed."""
    served = static_server({"/": site})

    def go(seed: int | None = None) -> Page:
        page.goto(served.base_url + "index.html")
        page.wait_for_selector("#tf-main:not([aria-busy])", state="attached")
        if seed is not None:  # planted before the player starts (leaving saves the old state)
            key, text = page.evaluate(
                """seed => ['trainforge:' + TF.course.id, TF.state.encode(
                    Object.assign(TF.state.fresh(TF.course), {seed}), TF.course)]""",
                seed,
            )
            page.add_init_script(
                f"if (!sessionStorage['{text}']) {{ sessionStorage['{text}'] = 1;"
                f" localStorage.setItem('{key}', '{text}'); }}"
            )
            return go()
        return page

    return go


def goto(page: Page, page_id: str) -> Locator:
    """Show `page_id` through a `#page-<id>` link, as a learner following one does."""
    page.evaluate("id => { location.hash = '#page-' + id; }", page_id)
    section = page.locator(f'[data-tf-page="{page_id}"]')
    section.wait_for()
    return section


def lines(locator: Locator) -> list[str]:
    return [line for line in locator.inner_text().splitlines() if line.strip()]


def revealed(root: Locator) -> list[tuple[str, str, str]]:
    """Each right answer shown: (question or step, data-tf-correct-answer, its text)."""
    found: list[list[str]] = root.locator("[data-tf-correct-answer]").evaluate_all(
        """els => els.filter(e => e.offsetParent).map(e => {
            const q = e.closest('[data-tf-question],[data-tf-scenario]');
            return [q.dataset.tfQuestion || q.dataset.tfScenario, e.dataset.tfCorrectAnswer,
                    e.textContent];
        })"""
    )
    return sorted(tuple(f) for f in found)


def assert_clean(log: PageLog) -> None:
    assert log.errors == [], log.errors
    assert log.console_errors == [], log.console_errors


# --- review: the right answers, once the attempt is final --------------------------------------

RIGHT = {  # what review shows for each question answered wrong by `wrong`
    "q-shuf": [("q-shuf", "a", "Right answer: A threat"),
               ("q-shuf", "c", "Right answer: A home address")],
    "q-all": [("q-all", "d", "Right answer: All of the above")],
    "q-apply": [("q-apply", "a", "Right answer: Read the whole report and its context")],
    "q-context": [("q-context", "true", "Right answer: True")],
    "mod-1": [("mod-1", "HB-3.2", "Right clause: HB-3.2 Private individuals"),
              ("mod-1", "remove", "Right action: Remove")],
    "match-1": [("match-1", "s1.t1", "Right match for “Scope question”: HB-1"),
                ("match-1", "s2.t2", "Right match for “Private person”: HB-3.2")],
    "order-1": [("order-1", "read,match,act", "Right order: Read the report, Match a clause, Act")],
    "case-1": [("case-1", "start.a,second.a", "Best path: Read the thread, Remove under HB-3.2"),
               ("case-1--end", "a", "Right answer: Document the decision"),
               ("case-1--start", "a", "Right answer: Read the thread")],
    "q-pool": [("q-pool", "true", "Right answer: True")],
}


def expected(final: Locator, only: set[str] | None = None) -> list[tuple[str, str, str]]:
    shown = final.locator(
        "[data-tf-assessment] > [data-tf-question]:not([hidden]),"
        "[data-tf-assessment] > [data-tf-scenario]:not([hidden])"
    ).evaluate_all("els => els.map(e => e.dataset.tfQuestion || e.dataset.tfScenario)")
    return sorted(r for q in shown if only is None or q in only for r in RIGHT[q])


def test_review_shows_the_right_answers_only_after_the_last_attempt(
    open_course: Open, info: dict[str, Any], page_log: PageLog
) -> None:
    page = open_course()
    applying = goto(page, "applying")
    bot = LearnerBot(page, info, wrong, retake=False)
    bot.answer_page()  # knowledge checks answered wrong: tried again at will, never given away
    assert applying.locator('[data-tf-correct="false"]').count() >= 4
    assert revealed(applying) == []
    final = goto(page, "final")
    bot.take_assessment("final", final)
    panel = final.locator("[data-tf-score-panel]")
    assert lines(panel)[-1] == "1 attempt left."
    assert revealed(final) == []  # a retake remains: no right answers yet
    final.locator('[data-tf-action="retake"]').click()
    bot.take_assessment("final", final)
    assert lines(panel)[-1] == "No attempts left."
    assert final.locator('[data-tf-action="retake"]').is_hidden()
    assert revealed(final) == expected(final)
    rationale = final.locator('[data-tf-question="mod-1"] [data-tf-feedback]')
    assert lines(rationale)[-3:] == [  # each right answer, then its rationale
        "Right action: Remove", "Remove under HB-3.2.", "Right clause: HB-3.2 Private individuals"]
    shuf = lines(final.locator('[data-tf-question="q-shuf"] [data-tf-feedback]'))
    assert shuf[shuf.index("Right answer: A threat") + 1] == "Threats always need review."

    page = open_course()  # the review after a resume is the same
    final = goto(page, "final")
    assert revealed(final) == expected(final)
    assert_clean(page_log)


def test_a_passed_attempt_shows_the_right_answer_of_what_was_missed(
    open_course: Open, info: dict[str, Any]
) -> None:
    def one_wrong(page_id: str, question: Question, attempt: int) -> list[Any]:
        return (wrong if question["id"] == "q-apply" else correct)(page_id, question, attempt)

    page = open_course()
    final = goto(page, "final")
    LearnerBot(page, info, one_wrong).take_assessment("final", final)
    assert final.locator("[data-tf-score-panel]").get_attribute("data-tf-passed") == "true"
    assert revealed(final) == expected(final, {"q-apply"})


# --- shuffled options: per learner and attempt, seeded, ids unchanged ------------------------


def order(root: Locator, qid: str) -> list[str]:
    ids: list[str] = root.locator(f'[data-tf-question="{qid}"] [data-tf-option]').evaluate_all(
        "els => els.map(e => e.dataset.tfOption)"
    )
    return ids


def test_options_are_shuffled_per_learner_and_kept_on_resume(
    open_course: Open, page_log: PageLog
) -> None:
    source = list("abcdef")
    seen = []
    for seed in (1, 2, 3, 4, 5):
        page = open_course(seed)
        applying = goto(page, "applying")
        shown = order(applying, "q-shuf")
        assert sorted(shown) == source  # every option, each with its data-tf-option hook
        assert order(applying, "q-all")[-1] == "d"  # "All of the above" stays last
        assert page.evaluate("TF.snapshot().seed") == seed
        seen.append(shown)
    assert len({tuple(s) for s in seen}) == 5  # learners see different orders
    assert sum(s[0] != "a" for s in seen) >= 3  # the key is not simply first
    page = open_course()  # the last learner again, resumed: the same order
    assert order(goto(page, "applying"), "q-shuf") == seen[-1]
    assert_clean(page_log)


def test_each_attempt_has_its_order_and_the_review_keeps_it(
    open_course: Open, info: dict[str, Any]
) -> None:
    page = open_course(77)
    final = goto(page, "final")
    first = order(final, "q-shuf")
    assert first != order(goto(page, "applying"), "q-shuf")  # not the lesson's
    final = goto(page, "final")
    bot = LearnerBot(page, info, wrong, retake=False)
    bot.take_assessment("final", final)
    assert order(final, "q-shuf") == first  # graded in place
    final.locator('[data-tf-action="retake"]').click()
    second = order(final, "q-shuf")
    assert sorted(second) == sorted(first) and second != first  # a new attempt, a new order
    bot.take_assessment("final", final)
    page = open_course()  # in review, after a resume: the order of the attempt reviewed
    final = goto(page, "final")
    assert order(final, "q-shuf") == second
    assert page.evaluate("TF.snapshot().answers['final/q-shuf'].chosen") == ["b"]


def test_scorm_responses_use_the_source_positions(
    course_dir: Path, tmp_path: Path, scorm12: Scorm12Launcher, info: dict[str, Any]
) -> None:
    (zipped,) = build([course_dir], ["scorm12"], tmp_path / "dist").packages
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(tmp_path / "sco")
    resumed = f"3~0.1.0~{id_key('welcome')}00~~~~~{base36(77, 4)}"  # a learner with seed 77
    session = scorm12(tmp_path / "sco", cmi={"core": {"entry": "resume"}, "suspend_data": resumed})
    session.wait_for_call("LMSInitialize")
    frame = session.frame()
    frame.wait_for_selector("#tf-main:not([aria-busy])", state="attached")
    assert frame.evaluate("TF.snapshot().seed") == 77
    bot = LearnerBot(frame, info, correct)
    bot.activate(bot.action("next").first)
    applying = bot.section("applying")
    shown = order(applying, "q-shuf")
    assert shown != list("abcdef")
    fieldset = applying.locator('[data-tf-question="q-shuf"]')
    bot.answer("applying", fieldset)  # a and c, wherever they are shown
    bot.activate(bot.action("submit", fieldset))
    session.page.wait_for_function(  # the interaction is recorded
        "() => window.tfHarness.calls.some(c => c.method === 'LMSSetValue'"
        " && c.args[1] === 'q-shuf_check')"
    )
    [record] = [r for r in interactions(session) if r["id"] == "q-shuf_check"]
    assert (record["student_response"], record["result"]) == ("a,c", "correct")
    assert record["correct_responses"]["0"]["pattern"] == "{a,c}"


def test_the_package_is_the_same_bytes_on_every_build(course_dir: Path, tmp_path: Path) -> None:
    first = build([course_dir], ["scorm12"], tmp_path / "one").packages[0].read_bytes()
    assert build([course_dir], ["scorm12"], tmp_path / "two").packages[0].read_bytes() == first


# --- learner-facing text: plurals, the sensitive warning, a scenario's verdict, partial credit -


def test_a_scenario_says_its_own_verdict_once(open_course: Open, info: dict[str, Any]) -> None:
    page = open_course()
    scenario = goto(page, "applying").locator('[data-tf-scenario="case-1"]')
    LearnerBot(page, info, correct).answer_all("applying", scenario)
    last = scenario.locator('[data-tf-question="case-1--second"] [data-tf-feedback]')
    assert lines(last) == ["Correct."]  # the step's verdict, not the case's again
    verdict = scenario.locator(":scope > [data-tf-feedback]")
    assert lines(verdict) == ["Case closed: the best choice at 2 of 2 steps."]
    assert verdict.get_attribute("data-tf-feedback") == "correct"


def icon_and_colour(verdict: Locator) -> list[str]:
    found: list[str] = verdict.evaluate(
        "v => [getComputedStyle(v, '::before').content, getComputedStyle(v).color]"
    )
    return found


def test_partly_right_has_its_own_state_icon_and_colour(open_course: Open) -> None:
    page = open_course()
    check = goto(page, "applying").locator('[data-tf-question="mod-1"]')
    check.locator('[data-tf-option="remove"]').check()
    check.locator('[data-tf-option="HB-1"]').check()  # the right action, the wrong clause
    check.locator('[data-tf-action="submit"]').click()
    feedback = check.locator("[data-tf-feedback]")
    assert feedback.get_attribute("data-tf-feedback") == "partial"
    assert lines(feedback)[:2] == ["Partly correct.", "Partly right: 60% of the points."]
    assert icon_and_colour(feedback.locator(".tf-verdict")) == ['"◐" / ""', "rgb(138, 75, 0)"]
    assert not (found := axe_violations(page)), describe_violations(found)  # contrast included
    check.locator('[data-tf-option="leave-up"]').check()
    check.locator('[data-tf-action="submit"]').click()
    assert feedback.get_attribute("data-tf-feedback") == "incorrect"
    assert icon_and_colour(feedback.locator(".tf-verdict")) == ['"✗" / ""', "rgb(180, 35, 24)"]
    check.locator('[data-tf-option="leave-up"]').check()  # no change: still graded
    check.locator('[data-tf-option="remove"]').check()
    assert feedback.is_hidden() and feedback.get_attribute("data-tf-feedback") == ""


def test_the_sensitive_warning_and_counts_read_as_sentences(open_course: Open) -> None:
    page = open_course()
    notice = goto(page, "welcome").locator("[data-tf-module-sensitive]")
    assert notice.inner_text().startswith("This module contains 2 sensitive examples:")
    sample = goto(page, "applying").locator("[data-tf-sensitive]").first
    assert "Sensitive example (harassment): a threat to expose a home address." in (
        sample.inner_text()
    )


RUSSIAN = """\
ru:
  module_sensitive:
    one: "{count} пример:"
    few: "{count} примера:"
    many: "{count} примеров:"
    other: "{count} примера (other):"
"""


def test_counted_strings_take_the_plural_forms_of_the_course_language(
    course_dir: Path, tmp_path: Path, page: Page, static_server: StaticServerFactory
) -> None:
    """Russian 2 is `few` (CLDR): the build, without CLDR data, wrote `other`; the player, with
    Intl.PluralRules, puts the right form."""
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "strings.yaml").write_text(RUSSIAN, encoding="utf-8")
    repo = shutil.copytree(course_dir.parents[1], tmp_path / "repo")  # the course and policies
    russian = repo / "courses" / "c"
    edit(russian / "course.yaml", "language: en", "language: ru")
    site = build([russian], ["web"], tmp_path / "web", theme_dir=theme).packages[0]
    notice = '[data-tf-page="welcome"] [data-tf-module-sensitive] [data-tf-count]'
    assert "2 примера (other):" in (site / "index.html").read_text(encoding="utf-8")
    page.goto(static_server({"/": site}).base_url + "index.html")
    page.wait_for_selector("#tf-main:not([aria-busy])", state="attached")
    assert page.inner_text(notice) == "2 примера:"
