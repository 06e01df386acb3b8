"""Courses for the runtime tests: loading, the player's JSON, and a generated large course."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trainforge.batch.build import load_courses
from trainforge.render.site import render
from trainforge.render.theme import load_theme
from trainforge.resolve import resolved

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
    mixed: bool = False,
) -> Path:
    """A generated course of multiple-response questions with ``options`` options each.

    The defaults give 200 questions (100 knowledge checks, 100 in assessments), each asked once.
    ``mixed`` makes the last assessment's questions every type in turn (moderation decisions on
    a generated policy beside the course, matching, ordering, branching scenarios, multiple
    response), and lets it draw half of its pooled questions per attempt.
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
    if mixed:
        last = bank[-questions_per_assessment:]
        questions = questions[: -len(last)] + [_mixed_question(i, n) for n, i in enumerate(last)]
        (root.parent / "policies").mkdir(exist_ok=True)
        (root.parent / "policies" / "big.yaml").write_text(_BIG_POLICY, encoding="utf-8")
        fixed = last[: len(last) // 2]
        outline[-1] = (
            f"      - assessment:\n          id: test-{assessments}\n"
            f"          title: Test {assessments}\n"
            f"          questions: [{', '.join(fixed)}]\n"
            f"          pool:\n            - {{area: big, count: {len(last) // 4}}}\n"
            "          shuffle: true"
        )
    (root / "questions" / "bank.yaml").write_text(
        "questions:\n" + "\n".join(questions) + "\n", encoding="utf-8"
    )
    (root / "course.yaml").write_text(
        f"id: big\ntitle: Big course\ndescription: Generated.\nversion: {version}\nlanguage: en\n"
        "xapi_base_iri: https://learning.trust-safety.example/courses\n"
        "completion:\n  rule: viewed_and_passed\n  passing_score: 80\n  max_attempts: 0\n"
        "modules:\n  - id: all\n    title: Everything\n    pages:\n" + "\n".join(outline) + "\n",
        encoding="utf-8",
    )
    return root


_BIG_POLICY = (
    "id: big\ntitle: Generated policy\nversion: 1\neffective: 2026-01-01\nactions:\n"
    + "".join(f"  - {{id: act-{n:02d}, label: Action {n}}}\n" for n in range(26))
    + "clauses:\n"
    + "".join(f"  - {{id: BIG-{n}, title: Clause {n}, summary: About {n}.}}\n" for n in range(26))
    + "changelog:\n  - version: 1\n    date: 2026-01-01\n"
    + "    changes: [{clause: BIG-0, change: added, why: First version}]\n"
)


def _mixed_question(qid: str, n: int) -> str:
    """Question ``n`` of the mixed assessment, of the ``n % 5``-th type, as bank YAML."""
    head = f"  - id: {qid}\n    prompt: Question {qid}\n    cites: [BIG-{n % 26}]\n"
    kind = n % 5
    if kind == 0:  # every action and every clause of the policy
        actions = "".join(
            f"      - {{action: act-{a:02d}{', correct: true' if a == 0 else ''}}}\n"
            for a in range(26)
        )
        clauses = "".join(
            f"      - {{clause: BIG-{c}{', correct: true' if c == 0 else ''}}}\n" for c in range(26)
        )
        return (
            f"{head}    type: moderation_decision\n    policy: big\n"
            f"    sample: {{kind: text, text: Sample {qid}, description: About {qid}.}}\n"
            f"    actions:\n{actions}    clauses:\n{clauses}"
            "    scoring: {action: 0.7, clause: 0.3}"
        )
    if kind == 1:  # the widest: 26 sources, 40 targets (two characters each)
        pairs = "".join(
            f"      - {{source: {{id: s{p}, text: S{p}}}, target: {{id: t{p}, text: T{p}}}}}\n"
            for p in range(26)
        )
        extra = ", ".join(f"{{id: x{d}, text: X{d}}}" for d in range(14))
        return f"{head}    type: matching\n    pairs:\n{pairs}    distractors: [{extra}]"
    if kind == 2:
        items = "".join(f"      - {{id: i{i:02d}, text: Item {i}}}\n" for i in range(26))
        return f"{head}    type: ordering\n    items:\n{items}".rstrip("\n")
    if kind == 3:  # ten steps in a row, three choices each; the wrong one jumps back to start
        steps = []
        for st in range(10):
            nxt = f", next: st{st + 1}" if st < 9 else ""
            back = ", next: st0" if st else ""
            steps.append(
                f"      - id: st{st}\n        prompt: Step {st}\n        choices:\n"
                f"          - {{id: a, text: Best, correct: true{nxt}}}\n"
                f"          - {{id: b, text: Other{nxt}}}\n"
                f"          - {{id: c, text: Back{back or nxt}}}\n"
            )
        return f"{head}    type: scenario\n    steps:\n" + "".join(steps).rstrip("\n")
    opts = "\n".join(
        f"      - id: {o}\n        text: Option {o}\n        correct: {str(k % 3 == 0).lower()}"
        for k, o in enumerate("abcdefghijklmnopqrstuvwxyz")
    )
    return f"{head}    type: multiple_response\n    options:\n{opts}"
