"""highlight in real Chromium: marked by keyboard, graded with partial credit, taken by the generic
bot as it takes a multiple-response question, tracked as a SCORM 1.2 `choice` under scorm-again
and as an xAPI `choice` with the spans as components in a real Ralph LRS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page
from support.axe import axe_violations
from support.bot import LearnerBot, Question, Result, correct
from support.browser import PageLog
from support.fixtures import LRSStarter, Scorm12Launcher, ServeDir, StaticServerFactory
from support.xapi import validate_statement
from test_policy_tracking_scorm12 import Package, build_package, record_of, summary
from test_policy_tracking_xapi import Launched, by
from test_scorm12_lms import assert_clean_protocol, finished
from xapi_session import VERB, wait_for

from trainforge import runtime

BASE = "https://learning.trust-safety.example/courses"
PASSAGE = """\
    text: >-
      {edit}The editing in this one drags{/edit} and the sauce looked burnt.
      {looks}[insult about the creator's appearance]{/looks}, and
      {intellect}[insult about the creator's intelligence]{/intellect}.
      {recipe}Still saving the recipe for Sunday.{/recipe}
    spans:
      - {id: edit, feedback: Criticism of the work is not an attack on the person.}
      - {id: looks, correct: true, feedback: An insult about the creator's appearance.}
      - {id: intellect, correct: true, feedback: An insult about the creator's intelligence.}
      - {id: recipe}
"""


def write_course(root: Path) -> Path:
    """A lesson with a highlight knowledge check, and an assessment asking another one."""
    (root / "lessons").mkdir(parents=True)
    (root / "questions").mkdir()
    (root / "lessons" / "01-insults.md").write_text(
        "---\nid: insults\ntitle: Insults\n---\nAn insult targets the person, not the work.\n\n"
        "```{question} hl-check\n```\n", encoding="utf-8")
    bank = "".join(f"  - id: {qid}\n    type: highlight\n    prompt: Mark each insult.\n"
                   + PASSAGE for qid in ("hl-check", "hl-final"))
    (root / "questions" / "bank.yaml").write_text("questions:\n" + bank, encoding="utf-8")
    (root / "course.yaml").write_text(
        "id: hl\ntitle: Mark the words\ndescription: Generated.\nversion: 1.0.0\nlanguage: en\n"
        f"xapi_base_iri: {BASE}\n"
        "completion:\n  rule: passed\n  passing_score: 50\n  max_attempts: 1\n"
        "modules:\n  - id: m1\n    title: All\n    pages:\n      - lesson: lessons/01-insults.md\n"
        "      - assessment:\n          id: final\n          title: Final\n"
        "          questions: [hl-final]\n", encoding="utf-8")
    return root


def right_and_one_wrong(page_id: str, question: Question, attempt: int) -> list[str]:
    """Every right span and the first wrong one: (2 − 1) / 2 right spans, half the points."""
    wrong = [o["id"] for o in question["options"] if not o["correct"]]
    return [*correct(page_id, question, attempt), wrong[0]]


@pytest.fixture(scope="module")
def course_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_course(tmp_path_factory.mktemp("hl") / "hl")


def keyboard_bot(page: Page, site: Path, serve_dir: ServeDir, info: dict[str, Any]
                 ) -> LearnerBot:
    page.goto(serve_dir(site) + "index.html")
    page.wait_for_selector("#tf-main:not([aria-busy])", state="attached")
    return LearnerBot(page, info, keyboard=True)


def span_style(span: Locator) -> dict[str, str]:
    style: dict[str, str] = span.evaluate(
        """el => { const s = getComputedStyle(el.closest('label'));
                   return {border: s.borderTopStyle, line: s.textDecorationLine,
                           outline: s.outlineStyle, weight: s.fontWeight}; }""")
    return style


def test_spans_are_marked_by_keyboard_with_partial_credit(
        page: Page, page_log: PageLog, site: Path, serve_dir: ServeDir,
        info: dict[str, Any]) -> None:
    bot = keyboard_bot(page, site, serve_dir, info)
    box = page.locator('[data-tf-question="hl-check"]')
    looks = box.locator('[data-tf-option="looks"]')
    assert span_style(looks) == {"border": "solid", "line": "underline", "outline": "none",
                                 "weight": "400"}
    bot.choose(box, ["looks"])
    assert set(bot.keys) == {"Tab", "Space"}
    # Focus is visible on the span's label; the selected state is more than a colour.
    assert looks.evaluate("el => el === document.activeElement && el.matches(':focus-visible')")
    assert span_style(looks) == {"border": "solid", "line": "none", "outline": "solid",
                                 "weight": "600"}
    assert looks.evaluate("el => el.closest('label').textContent") == (
        "[insult about the creator's appearance]")
    feedback = box.locator("[data-tf-feedback]")
    bot.activate(bot.action("submit", box))
    box.locator('[data-tf-feedback="partial"]').wait_for()  # one right span of two
    assert box.get_attribute("data-tf-correct") == "false"
    assert "An insult about the creator's appearance." in feedback.inner_text()
    bot.choose(box, ["looks", "edit"])  # a wrong span takes its share back: 0
    bot.activate(bot.action("submit", box))
    box.locator('[data-tf-feedback="incorrect"]').wait_for()
    assert "Criticism of the work" in feedback.inner_text()
    # The rule (README): right spans' share less one share per wrong span, never below 0.
    for chosen, share in [(["looks", "intellect"], 1), (["looks"], 0.5), (["looks", "edit"], 0),
                          (["looks", "intellect", "edit"], 0.5), (["edit", "recipe"], 0),
                          (["looks", "intellect", "edit", "recipe"], 0)]:
        graded = page.evaluate("c => TF.grade(TF.course.questions['hl-check'], c)", chosen)
        assert graded["score"] == pytest.approx(share), chosen
    bot.choose(box, ["looks", "intellect"])
    bot.activate(bot.action("submit", box))
    box.locator('[data-tf-feedback="correct"]').wait_for()
    assert box.get_attribute("data-tf-correct") == "true"
    assert axe_violations(page) == []
    assert page_log.errors == []


def test_the_generic_bot_takes_it_by_keyboard(
        page: Page, page_log: PageLog, site: Path, serve_dir: ServeDir,
        info: dict[str, Any]) -> None:
    assert [o["id"] for o in next(q for q in info["questions"] if q["id"] == "hl-final")[
        "options"] if o["correct"]] == ["looks", "intellect"]
    bot = keyboard_bot(page, site, serve_dir, info)
    assert bot.run() == Result("passed", 100)
    assert set(bot.keys) <= {"Tab", "Space", "Enter"}
    assert page_log.errors == []


def test_only_a_course_asking_it_ships_its_stylesheet(site: Path) -> None:
    html = (site / "index.html").read_text("utf-8")
    assert html.index('href="assets/tf.css"') < html.index(f'href="assets/{runtime.TYPES_CSS}"')
    assert b".tf-span" in (site / "assets" / runtime.TYPES_CSS).read_bytes()
    assert runtime.types_css(("single_choice", "matching")) == b""


def test_scorm12_tracks_a_choice_over_span_ids(
        scorm12: Scorm12Launcher, page_log: PageLog, course_dir: Path,
        tmp_path: Path) -> None:
    package = build_package(course_dir, tmp_path, "scorm12")
    session = scorm12(package.root)
    session.wait_for_call("LMSInitialize")
    bot = LearnerBot(session.frame(), package.info, policy=right_and_one_wrong, keyboard=True,
                     page=session.page)
    bot.target.wait_for_selector("#tf-main:not([aria-busy])", state="attached")
    assert bot.run() == Result("passed", 50)
    finished(session)
    # Spans by their place in `spans`: edit a, looks b, intellect c, recipe d.
    assert summary(record_of(session, "hl-final")) == ("choice", "a,b,c", "{b,c}", "0.5", "1")
    assert summary(record_of(session, "hl-check_check")) == ("choice", "a,b,c", "{b,c}", "0.5", "0")
    assert_clean_protocol(session, page_log)


def test_xapi_answers_a_choice_with_the_spans_as_components(
        page: Page, page_log: PageLog, course_dir: Path, tmp_path: Path,
        static_server: StaticServerFactory, lrs: LRSStarter) -> None:
    package: Package = build_package(course_dir, tmp_path, "xapi")
    launched = Launched(package, static_server, lrs)
    page.goto(launched.url("index.html"))
    page.wait_for_selector("#tf-main:not([aria-busy])", state="attached")
    bot = LearnerBot(page, package.info, policy=right_and_one_wrong, keyboard=True)
    assert bot.run() == Result("passed", 50)
    page.goto("about:blank")  # pagehide: terminated, and the queue flushes
    wait_for(lambda: any(s["verb"]["id"] == VERB + "terminated"
                         for s in launched.lrs.statements()), 30, "terminated")
    stored = launched.lrs.statements()
    for statement in stored:
        validate_statement(statement)
    answered = by(stored, "answered", f"{BASE}/hl/questions/hl-final")
    definition = answered["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert definition["correctResponsesPattern"] == ["looks[,]intellect"]
    assert [(c["id"], c["description"]) for c in definition["choices"]] == [
        ("edit", {"en": "The editing in this one drags"}),
        ("looks", {"en": "[insult about the creator's appearance]"}),
        ("intellect", {"en": "[insult about the creator's intelligence]"}),
        ("recipe", {"en": "Still saving the recipe for Sunday."})]
    assert answered["result"]["response"] == "edit[,]looks[,]intellect"
    assert answered["result"]["score"] == {"scaled": 0.5, "raw": 0.5, "min": 0, "max": 1}
    assert answered["result"]["success"] is False
    assert page_log.errors == []
