"""Courses for the runtime tests: loading, the player's JSON, and a generated large course."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trainforge import resolved
from trainforge.build import load_courses
from trainforge.render import render
from trainforge.theme import load_theme

#: Runs a batch of commands through core.js's state functions in node (see state_runner.js).
RunNode = Callable[[list[dict[str, Any]]], list[Any]]

_DATA = re.compile(rb'<script type="application/json" id="tf-course">(.*?)</script>', re.S)


def load(course_dir: Path) -> resolved.Course:
    courses, _ = load_courses([course_dir])
    return courses[0]


def player_data(course: resolved.Course) -> dict[str, Any]:
    """The #tf-course JSON the player reads, from a real render of ``course``."""
    html = render(course, load_theme())["index.html"]
    match = _DATA.search(html)
    assert match, "index.html has no #tf-course data"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def write_big_course(
    root: Path,
    *,
    lessons: int = 20,
    checks_per_lesson: int = 5,
    assessments: int = 2,
    questions_per_assessment: int = 50,
    options: int = 26,
    version: str = "1.0.0",
) -> Path:
    """A generated course of multiple-response questions with ``options`` options each.

    The defaults give 200 questions (100 knowledge checks, 100 in assessments), each asked once.
    """
    letters = "abcdefghijklmnopqrstuvwxyz"[:options]
    (root / "lessons").mkdir(parents=True)
    (root / "questions").mkdir()
    qid = iter(f"q-{n:03d}" for n in range(1, 10_000))
    bank, outline = [], []
    for lesson in range(1, lessons + 1):
        ids = [next(qid) for _ in range(checks_per_lesson)]
        body = "\n".join(f"```{{question}} {i}\n```\n" for i in ids)
        name = f"l{lesson:02d}.md"
        (root / "lessons" / name).write_text(
            f"---\nid: lesson-{lesson:02d}\ntitle: Lesson {lesson}\n---\nText {lesson}.\n\n{body}",
            encoding="utf-8",
        )
        outline.append(f"      - lesson: lessons/{name}")
        bank.extend(ids)
    for a in range(1, assessments + 1):
        ids = [next(qid) for _ in range(questions_per_assessment)]
        outline.append(
            f"      - assessment:\n          id: test-{a}\n          title: Test {a}\n"
            f"          questions: [{', '.join(ids)}]"
        )
        bank.extend(ids)
    questions = []
    for i in bank:
        opts = "\n".join(
            f"      - id: {o}\n        text: Option {o}\n        correct: {str(n % 3 == 0).lower()}"
            for n, o in enumerate(letters)
        )
        questions.append(
            f"  - id: {i}\n    type: multiple_response\n    prompt: Question {i}\n"
            f"    options:\n{opts}"
        )
    (root / "questions" / "bank.yaml").write_text(
        "questions:\n" + "\n".join(questions) + "\n", encoding="utf-8"
    )
    (root / "course.yaml").write_text(
        f"id: big\ntitle: Big course\ndescription: Generated.\nversion: {version}\nlanguage: en\n"
        "completion:\n  rule: viewed_and_passed\n  passing_score: 80\n  max_attempts: 0\n"
        "modules:\n  - id: all\n    title: Everything\n    pages:\n" + "\n".join(outline) + "\n",
        encoding="utf-8",
    )
    return root
