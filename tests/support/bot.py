"""A generic learner bot: takes any built course through the `data-tf-*` hooks only.

It knows the course through `trainforge inspect --json` data (pages in order, each question's
options and which are right) and the page through README's automation contract, nothing else,
so it drives any course in any format: pass a `Frame` for a SCO inside an LMS harness.

    bot = LearnerBot(page, inspect_json, policy=correct)
    result = bot.run()            # answer, submit, next ... finish
    assert result.status == "passed" and result.score == 100

With `keyboard=True` it never clicks: it moves focus with Tab (Arrow keys inside a radio group,
the one place the platform offers no Tab stop per option) and operates controls with Space and
Enter, recording every key in `bot.keys`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Frame, Locator, Page

Question = dict[str, Any]
#: (page id, question from inspect data, attempt number from 1) -> option ids to choose
Policy = Callable[[str, Question, int], list[str]]

VISIBLE_PAGE = "[data-tf-page]:not([hidden])"
MAX_TABS = 400  # more Tab presses than any course page needs to reach a control


def correct(page_id: str, question: Question, attempt: int) -> list[str]:
    """The right answer."""
    return [o["id"] for o in question["options"] if o["correct"]]


def wrong(page_id: str, question: Question, attempt: int) -> list[str]:
    """A wrong answer: the first wrong option, or (all options right) all but the last."""
    wrong_ids = [o["id"] for o in question["options"] if not o["correct"]]
    if wrong_ids:
        return wrong_ids[:1]
    return [o["id"] for o in question["options"]][:-1]


def wrong_then_correct(page_id: str, question: Question, attempt: int) -> list[str]:
    """Wrong on a first attempt, right afterwards."""
    answer = wrong if attempt == 1 else correct
    return answer(page_id, question, attempt)


@dataclass(frozen=True)
class Result:
    """What `[data-tf-result]` says: status and score (None when the course has no assessment)."""

    status: str
    score: int | None


@dataclass
class LearnerBot:
    target: Page | Frame
    course: dict[str, Any]  # trainforge inspect --json
    policy: Policy = correct
    keyboard: bool = False
    retake: bool = True  # take a failed assessment again while the course offers it
    page: Page | None = None  # for keyboard input when `target` is a Frame
    keys: list[str] = field(default_factory=list)
    attempts: dict[str, int] = field(default_factory=dict)  # "page/question" -> attempts

    # --- reading the page ------------------------------------------------------------------
    def visible_page(self) -> str:
        """The id of the one page that is shown."""
        shown = self.target.locator(VISIBLE_PAGE)
        shown.first.wait_for()
        assert shown.count() == 1, f"{shown.count()} pages visible at once"
        return shown.get_attribute("data-tf-page") or ""

    def section(self, page_id: str | None = None) -> Locator:
        pid = page_id or self.visible_page()
        return self.target.locator(f'[data-tf-page="{pid}"]')

    def question(self, qid: str) -> Question:
        return next(q for q in self.course["questions"] if q["id"] == qid)

    def page_info(self, page_id: str) -> dict[str, Any]:
        info: dict[str, Any] = next(p for p in self.course["pages"] if p["id"] == page_id)
        return info

    def result(self) -> Result:
        box = self.target.locator("[data-tf-result]")
        box.wait_for()
        score = box.get_attribute("data-tf-score") or ""
        return Result(box.get_attribute("data-tf-status") or "", int(score) if score else None)

    def action(self, name: str, within: Locator | None = None) -> Locator:
        return (within or self.target.locator("body")).locator(f'[data-tf-action="{name}"]')

    def can(self, name: str, within: Locator | None = None) -> bool:
        """True if a `name` action is visible and enabled."""
        button = self.action(name, within).first
        return button.count() > 0 and button.is_visible() and button.is_enabled()

    # --- acting ----------------------------------------------------------------------------
    def press(self, key: str) -> None:
        keyboard = (self.page or self.target).keyboard  # type: ignore[union-attr]
        keyboard.press(key)
        self.keys.append(key)

    def focus(self, element: Locator) -> None:
        """Tab until `element` has focus; inside its radio group, arrow to it."""
        for _ in range(MAX_TABS):
            where = element.evaluate(
                """el => {
                    const a = document.activeElement;
                    if (a === el) return 'here';
                    if (a && a.type === 'radio' && el.type === 'radio' && a.name === el.name) {
                        const group = [...document.getElementsByName(el.name)];
                        return group.indexOf(el) > group.indexOf(a) ? 'down' : 'up';
                    }
                    return 'away';
                }"""
            )
            if where == "here":
                return
            self.press({"down": "ArrowDown", "up": "ArrowUp"}.get(where, "Tab"))
        raise AssertionError(f"Tab never reached {element}")

    def activate(self, element: Locator) -> None:
        """Click, or focus it by keyboard and press Enter (Space for a checkbox or radio)."""
        if not self.keyboard:
            element.click()
            return
        self.focus(element)
        kind = element.evaluate("el => el.type")
        self.press("Space" if kind in ("checkbox", "radio") else "Enter")

    def choose(self, fieldset: Locator, wanted: list[str]) -> None:
        """Make exactly `wanted` checked among the question's options."""
        for option in fieldset.locator("[data-tf-option]").all():
            want = option.get_attribute("data-tf-option") in wanted
            if option.is_checked() == want:
                continue
            if self.keyboard:
                self.focus(option)  # arrowing onto a radio already checks it
                if option.is_checked() != want:
                    self.press("Space")
            elif want:
                option.check()
            else:
                option.uncheck()

    def answer(self, page_id: str, fieldset: Locator) -> None:
        qid = fieldset.get_attribute("data-tf-question") or ""
        slot = f"{page_id}/{qid}"
        self.attempts[slot] = self.attempts.get(slot, 0) + 1
        self.choose(fieldset, self.policy(page_id, self.question(qid), self.attempts[slot]))

    def answer_page(self) -> None:
        """Answer every question of the visible page and submit, as its kind asks."""
        page_id = self.visible_page()
        section = self.section(page_id)
        if self.page_info(page_id)["kind"] == "assessment":
            self.take_assessment(page_id, section)
            return
        for fieldset in section.locator("[data-tf-question]").all():
            if not fieldset.is_visible() or fieldset.get_attribute("data-tf-correct") is not None:
                continue  # not asked now, or answered in an earlier session
            self.answer(page_id, fieldset)
            self.activate(self.action("submit", fieldset))

    def take_assessment(self, page_id: str, section: Locator) -> None:
        form = section.locator("[data-tf-assessment]")
        while True:
            if form.locator('[data-tf-action="submit"]').is_visible():
                for fieldset in form.locator("[data-tf-question]").all():
                    if fieldset.is_visible():  # a pool shows only the drawn questions
                        self.answer(page_id, fieldset)
                self.activate(self.action("submit", form))
                section.locator("[data-tf-score-panel]").wait_for()
            if not (self.retake and self.can("retake", section)):
                return
            self.activate(self.action("retake", section))

    def run(self, max_steps: int = 1000) -> Result:
        """Answer each page, go next while enabled, then finish; return the course result."""
        for _ in range(max_steps):
            self.answer_page()
            if self.can("next"):
                self.activate(self.action("next").first)
            else:
                break
        self.activate(self.action("finish").first)
        return self.result()
