"""cmi.suspend_data in SCORM 1.2: the 4,096-character budget of a 200-question course, the
build refusing what cannot fit, and relaunching a republished course with an older state."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Locator
from runtime_courses import load, write_big_course
from support.bot import LearnerBot, Result, wrong
from support.browser import PageLog
from support.fixtures import Scorm12Launcher
from test_scorm12_lms import (
    Built,
    assert_clean_protocol,
    finished,
    launch,
    ready,
    wait_for_page,
    walk,
)

from trainforge.batch.build import build
from trainforge.batch.options import BuildOptions
from trainforge.cli import main
from trainforge.commands.inspect_course import inspect_course
from trainforge.errors import TrainforgeError
from trainforge.runtime.statesize import SCORM12_SUSPEND_DATA_MAX, worst_case_state_size


def extract(course_dir: Path, out: Path, options: BuildOptions | None = None) -> Built:
    (zipped,) = build([course_dir], ["scorm12"], out, options=options).packages
    root = out / "extracted"
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(root)
    return Built(root, inspect_course(load(course_dir)))


class FreshPageBot(LearnerBot):
    """The generic bot, faster on questions nobody answered yet: it only checks what it wants
    (the generic one reads all 26 options of each of 200 questions first)."""

    def choose(self, fieldset: Locator, wanted: list[str]) -> None:
        for option in wanted:
            fieldset.locator(f'[data-tf-option="{option}"]').check()


def suspend_sizes(values: Sequence[tuple[str, object]]) -> list[int]:
    return [len(str(v)) for k, v in values if k == "cmi.suspend_data"]


# --- 200 questions --------------------------------------------------------------------------


def test_200_questions_fit_in_suspend_data_in_theory_and_in_the_browser(
    scorm12: Scorm12Launcher, page_log: PageLog, tmp_path: Path
) -> None:
    course_dir = write_big_course(tmp_path / "big")  # 200 questions of 26 options each
    course = load(course_dir)
    assert len(course.questions) == 200
    worst = worst_case_state_size(course)
    assert worst <= SCORM12_SUSPEND_DATA_MAX
    big = extract(course_dir, tmp_path / "out")  # the lint passed, or build() would raise

    session = scorm12(big.root)
    session.wait_for_call("LMSInitialize")
    bot = ready(FreshPageBot(session.frame(), big.info, policy=wrong, retake=False))
    # Wrong answers take one click each; every saved answer has the same width either way.
    assert bot.run().status == "incomplete"  # max_attempts: 0, so never `failed`
    finished(session)
    sizes = suspend_sizes(session.set_values())
    largest = max(sizes)
    print(f"\nworst case {worst}, largest cmi.suspend_data seen {largest} (200 questions)")
    assert largest <= worst <= SCORM12_SUSPEND_DATA_MAX
    records = session.cmi()["interactions"]
    assert len([r for r in records.values() if isinstance(r, dict)]) == 200
    assert_clean_protocol(session, page_log)


def test_a_course_that_cannot_fit_is_refused_at_build_time(tmp_path: Path) -> None:
    course_dir = write_big_course(tmp_path / "big", lessons=40, questions_per_assessment=100)
    size = worst_case_state_size(load(course_dir))
    assert size > SCORM12_SUSPEND_DATA_MAX
    with pytest.raises(TrainforgeError) as raised:
        build([course_dir], ["scorm12"], tmp_path / "out")
    (problem,) = raised.value.diagnostics
    assert problem.code == "scorm12.suspend-data"
    assert problem.location.path.endswith("course.yaml")
    assert f"course `big`: the saved learner state can reach {size} characters" in problem.message
    assert not (tmp_path / "out").exists()  # nothing written

    result = CliRunner().invoke(
        main, ["build", str(course_dir), "--format", "scorm12", "--out", str(tmp_path / "cli")]
    )
    assert result.exit_code == 1
    assert f"can reach {size} characters" in result.output
    assert "[scorm12.suspend-data]" in result.output


# --- republish: v1's saved state in v2 ------------------------------------------------------


def write_course(root: Path, version: str, lessons: Sequence[str], final: Sequence[str]) -> Path:
    """Lessons `l-<x>` with one knowledge check `q-<x>` each, then an assessment of ``final``."""
    (root / "lessons").mkdir(parents=True)
    (root / "questions").mkdir()
    questions = [f"q-{x}" for x in lessons] + list(final)
    for x in lessons:
        (root / "lessons" / f"{x}.md").write_text(
            f"---\nid: l-{x}\ntitle: Lesson {x}\n---\nAbout {x}.\n\n```{{question}} q-{x}\n```\n",
            encoding="utf-8",
        )
    bank = "".join(
        f"  - id: {q}\n    type: single_choice\n    prompt: Question {q}?\n"
        "    objectives: [obj-all]\n    options:\n"
        "      - {id: a, text: Right, correct: true}\n"
        "      - {id: b, text: Wrong}\n      - {id: c, text: Also wrong}\n"
        for q in questions
    )
    (root / "questions" / "bank.yaml").write_text("questions:\n" + bank, encoding="utf-8")
    pages = "".join(f"      - lesson: lessons/{x}.md\n" for x in lessons)
    (root / "course.yaml").write_text(
        f"id: repub\ntitle: Republished\ndescription: Two versions.\nversion: {version}\n"
        "language: en\nobjectives:\n  - id: obj-all\n    text: Everything\n"
        "completion:\n  rule: passed\n  passing_score: 80\n  max_attempts: 0\n"
        f"modules:\n  - id: m1\n    title: Lessons\n    pages:\n{pages}"
        "  - id: m2\n    title: Test\n    pages:\n      - assessment:\n          id: final\n"
        f"          title: Final\n          questions: [{', '.join(final)}]\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Built]:
    tmp = tmp_path_factory.mktemp("republish")
    v1 = write_course(tmp / "v1", "1.0.0", ["a", "b", "c", "d", "e"], ["f1", "f2", "f3"])
    # v2: `d` removed, `n` added, `b` and `c` swapped, one more assessment question.
    v2 = write_course(tmp / "v2", "1.1.0", ["a", "n", "c", "b", "e"], ["f1", "f2", "f3", "f4"])
    return extract(v1, tmp / "out1"), extract(v2, tmp / "out2")


@pytest.mark.parametrize("stop", ["l-e", "l-d"], ids=["page-kept", "page-removed"])
def test_relaunching_a_republished_course_keeps_what_still_exists(
    scorm12: Scorm12Launcher, page_log: PageLog, versions: tuple[Built, Built], stop: str
) -> None:
    v1, v2 = versions
    first = scorm12(v1.root)
    bot = launch(first, v1.info)
    while bot.visible_page() != stop:
        walk(bot, pages=1)
    first.close()
    assert first.get("core.lesson_location") == stop
    saved = first.resume_cmi()
    assert re.match(r"\d+~1\.0\.0~", saved["suspend_data"])  # state-format and course version

    second = scorm12(v2.root, cmi=saved)  # the LMS now serves v2 with v1's data
    bot = launch(second, v2.info)
    # The page the learner left, if v2 still has it; else the start. Never a blank page.
    expected = stop if stop == "l-e" else "l-a"
    wait_for_page(bot, expected)
    assert bot.section().locator("h1").inner_text() != ""
    # Answers to checks that v2 still asks are restored; `n` is new, so unanswered.
    for x, answered in [("a", True), ("b", True), ("c", True), ("n", False)]:
        option = bot.target.locator(f'[data-tf-question="q-{x}"] [data-tf-option="a"]')
        assert option.is_checked() is answered, x
    assert bot.run() == Result("passed", 100)
    finished(second)
    assert second.get("core.lesson_status") == "passed"
    assert re.match(r"\d+~1\.1\.0~", second.get("suspend_data"))
    assert_clean_protocol(second, page_log)
