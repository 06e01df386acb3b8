"""A generic learner bot: takes any built course through the `data-tf-*` hooks only.

It knows the course through `trainforge inspect --json` data (pages in order; each question's
options and which are right, a matching question's `pairs`, an ordering question's `order`, a
scenario step's options with their `next`) and the page through README's automation contract,
nothing else, so it drives any course in any format: pass a `Frame` for a SCO inside an LMS
harness.

    bot = LearnerBot(page, inspect_json, policy=correct)
    result = bot.run()            # answer, submit, next ... finish
    assert result.status == "passed" and result.score == 100

It answers only the questions it can see (a pool shows its draw), takes a branching scenario
step by step (each step appears after the previous one's submit), reveals or skips sensitive
samples (`sensitive`) and ticks the attestation before finishing.

With `keyboard=True` it never clicks: it moves focus with Tab (Arrow keys inside a radio group,
the one place the platform offers no Tab stop per option, and on a `<select>` to change its
value) and operates controls with Space and Enter, recording every key in `bot.keys`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from playwright.sync_api import Frame, Locator, Page

Question = dict[str, Any]
#: (page id, question from inspect data, attempt number from 1) -> the answer: option ids
#: (choice questions, a moderation decision's action and clause, a scenario step's choice),
#: [source id, target id] pairs (matching) or item ids in order (ordering)
Policy = Callable[[str, Question, int], list[Any]]

VISIBLE_PAGE = "[data-tf-page]:not([hidden])"
QUESTION = "[data-tf-question]"
CONTROLS = "input, select, [data-tf-action=up]"
MAX_TABS = 400  # more Tab presses than any course page needs to reach a control
MAX_ROUNDS = 200  # questions appearing on one page (a scenario's steps) before the bot gives up


def correct(page_id: str, question: Question, attempt: int) -> list[Any]:
    """The right answer."""
    if question["type"] == "matching":
        return [list(pair) for pair in question["pairs"]]
    if question["type"] == "ordering":
        return list(question["order"])
    return [o["id"] for o in question["options"] if o["correct"]]


def wrong(page_id: str, question: Question, attempt: int) -> list[Any]:
    """A wrong answer: every pair or place wrong; the first wrong option (of each group of a
    moderation decision); with every option right, all but the last."""
    kind = question["type"]
    if kind == "matching":
        targets = [t for _, t in question["pairs"]]
        return [[s, targets[(n + 1) % len(targets)]] for n, (s, _) in enumerate(question["pairs"])]
    if kind == "ordering":
        order = list(question["order"])
        return order[1:] + order[:1]
    wrong_ids = [o for o in question["options"] if not o["correct"]]
    if kind == "moderation_decision":
        return [next(o["id"] for o in wrong_ids if o["group"] == g) for g in ("action", "clause")]
    if wrong_ids:
        return [wrong_ids[0]["id"]]
    return [o["id"] for o in question["options"]][:-1]


def wrong_then_correct(page_id: str, question: Question, attempt: int) -> list[Any]:
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
    sensitive: Literal["reveal", "skip"] | None = "skip"  # what to do with a sensitive sample
    attest: bool = True  # tick the attestation before finishing
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

    def own_submit(self, form: Locator) -> Locator:
        """An assessment's submit: the one outside its questions (scenario steps have theirs)."""
        return form.locator(':scope > [data-tf-action="submit"]')

    def can(self, name: str, within: Locator | None = None) -> bool:
        """True if a `name` action is visible and enabled."""
        button = self.action(name, within).first
        return button.count() > 0 and button.is_visible() and button.is_enabled()

    def pending(self, root: Locator) -> list[str]:
        """The questions under `root` to answer now, in page order: shown, not locked, not
        graded in an earlier session."""
        qids: list[str] = root.evaluate(
            """(root, controls) => [...root.querySelectorAll('[data-tf-question]')]
                .filter(fs => fs.offsetParent !== null && !fs.hasAttribute('data-tf-correct'))
                .filter(fs => { const c = fs.querySelector(controls); return c && !c.disabled; })
                .map(fs => fs.getAttribute('data-tf-question'))""",
            CONTROLS,
        )
        return qids

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

    def match(self, fieldset: Locator, pairs: list[list[str]]) -> None:
        """Set each source's `<select data-tf-match>` to its target."""
        for source, target in pairs:
            select = fieldset.locator(f'select[data-tf-match="{source}"]')
            if not self.keyboard:
                select.select_option(target)
                continue
            self.focus(select)
            values: list[str] = select.evaluate("s => [...s.options].map(o => o.value)")
            for _ in range(len(values)):
                now = values.index(select.input_value())
                if now == values.index(target):
                    break
                self.press("ArrowDown" if now < values.index(target) else "ArrowUp")

    def order(self, fieldset: Locator, wanted: list[str]) -> None:
        """Move items up until the list reads `wanted` (the up button keeps focus as it moves)."""
        for place, item in enumerate(wanted):
            now: list[str] = fieldset.locator("[data-tf-item]").evaluate_all(
                "items => items.map(i => i.dataset.tfItem)"
            )
            up = fieldset.locator(f'[data-tf-item="{item}"] [data-tf-action="up"]')
            for _ in range(now.index(item) - place):
                if self.keyboard:
                    self.focus(up)  # stays there after the first move
                    self.press("Enter")
                else:
                    up.click()

    def answer(self, page_id: str, fieldset: Locator) -> None:
        qid = fieldset.get_attribute("data-tf-question") or ""
        slot = f"{page_id}/{qid}"
        self.attempts[slot] = self.attempts.get(slot, 0) + 1
        question = self.question(qid)
        wanted = self.policy(page_id, question, self.attempts[slot])
        if question["type"] == "matching":
            self.match(fieldset, wanted)
        elif question["type"] == "ordering":
            self.order(fieldset, wanted)
        else:
            self.choose(fieldset, wanted)

    def samples(self, section: Locator) -> None:
        """Reveal or skip the visible sensitive samples still behind their warning."""
        if self.sensitive is None:
            return
        for sample in section.locator("[data-tf-sensitive]").all():
            reveal = self.action("reveal", sample)
            skip = self.action("skip", sample)
            if sample.is_visible() and reveal.is_visible() and skip.is_visible():
                self.activate(reveal if self.sensitive == "reveal" else skip)

    def answer_all(self, page_id: str, root: Locator) -> None:
        """Answer every question shown under `root`, submitting those with their own submit
        (knowledge checks, scenario steps), until no new question appears."""
        done: set[str] = set()  # assessment questions answered, waiting for the page's submit
        for _ in range(MAX_ROUNDS):
            todo = [qid for qid in self.pending(root) if qid not in done]
            if not todo:
                return
            for qid in todo:
                fieldset = root.locator(f'[data-tf-question="{qid}"]').first
                self.samples(fieldset)
                self.answer(page_id, fieldset)
                submit = self.action("submit", fieldset)
                if submit.count():
                    self.activate(submit)
                else:
                    done.add(qid)
        raise AssertionError(f"page {page_id}: questions kept appearing")

    def answer_page(self) -> None:
        """Answer every question of the visible page and submit, as its kind asks."""
        page_id = self.visible_page()
        section = self.section(page_id)
        self.samples(section)
        if self.page_info(page_id)["kind"] == "assessment":
            self.take_assessment(page_id, section)
        else:
            self.answer_all(page_id, section)

    def take_assessment(self, page_id: str, section: Locator) -> None:
        form = section.locator("[data-tf-assessment]")
        while True:
            if self.own_submit(form).is_visible():
                self.answer_all(page_id, form)  # only the questions of this attempt's draw
                self.activate(self.own_submit(form))
                section.locator("[data-tf-score-panel]").wait_for()
            if not (self.retake and self.can("retake", section)):
                return
            self.activate(self.action("retake", section))

    def walk(self, max_steps: int = 1000) -> None:
        """Answer each page and go next while enabled: up to the last page, answered."""
        for _ in range(max_steps):
            self.answer_page()
            if not self.can("next"):
                return
            self.activate(self.action("next").first)

    def run(self, max_steps: int = 1000) -> Result:
        """Answer each page, go next while enabled, then finish; return the course result."""
        self.walk(max_steps)
        tick = self.action("attest")
        if self.attest and tick.count() and tick.is_visible() and not tick.is_checked():
            self.activate(tick)
        self.activate(self.action("finish").first)
        return self.result()
