"""Generate the benchmark corpus: many realistic courses (lessons, question banks, SVG media)."""

from __future__ import annotations

import json
import random
from pathlib import Path

TOPICS = ["scope", "signals", "context", "intent", "severity", "escalation", "appeals",
          "exceptions", "regional rules", "wellbeing", "evidence", "reporting"]
WORDS = (
    "policy", "content", "moderator", "report", "account", "user", "post", "video", "comment",
    "context", "intent", "harm", "signal", "review", "escalate", "remove", "restrict", "label",
    "appeal", "evidence", "queue", "region", "public", "private", "minor", "adult", "threat",
    "target", "satire", "news", "documentary",
)


def _q(text: str) -> str:
    """A YAML scalar that is always a string (JSON is YAML)."""
    return json.dumps(text)


def _sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.3:  # some emphasis, as authors write it
        words[rng.randrange(n)] = f"**{words[0]}**"
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _svg(rng: random.Random, title: str) -> str:
    boxes = "\n".join(
        f'    <rect x="{20 + 120 * i}" y="{60 + rng.randrange(20)}" width="100" height="60" '
        f'fill="#{rng.randrange(0xFFFFFF):06x}" stroke="#37474f"/>\n'
        f'    <text x="{70 + 120 * i}" y="{95 + rng.randrange(10)}" font-size="12">'
        f'{rng.choice(WORDS)}</text>' for i in range(5))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 200" width="640" '
            f'height="200" role="img" aria-labelledby="t">\n  <title id="t">{title}</title>\n'
            f'  <g font-family="sans-serif" text-anchor="middle">\n{boxes}\n  </g>\n</svg>\n')


def _lesson(rng: random.Random, n: int, lessons: int, images: int, checks: list[str]) -> str:
    topic = TOPICS[n % len(TOPICS)]
    front = f"id: l{n:02d}\ntitle: {_q(f'Lesson {n}: {topic}')}\nobjectives: [obj-{n % 3}]"
    parts = [f"---\n{front}\n---", _paragraph(rng), f"## Why {topic} matters",
             _paragraph(rng, 5)]
    step = max(1, lessons // max(1, images))
    if images and n % step == 0 and n // step <= images:
        parts.append(f"![Diagram of {topic}](../media/figure-{n // step - 1}.svg)")
    parts += ["| Signal | Weight |\n|---|---|\n" + "\n".join(
        f"| {rng.choice(WORDS)} | {rng.choice(['strong', 'moderate', 'weak'])} |"
        for _ in range(4)),
        "::: tip Remember\n" + _paragraph(rng, 2) + "\n:::",
        "\n".join(f"- {_sentence(rng, 8)}" for _ in range(5)), _paragraph(rng, 3)]
    if n > 1:
        parts.append(f"See [the previous lesson]({n - 1:02d}.md).")
    parts += [f"```{{question}} {qid}\n```" for qid in checks]
    return "\n\n".join(parts) + "\n"


def _question(rng: random.Random, qid: str, objective: str) -> str:
    kind = rng.choice(["single_choice", "multiple_response", "true_false"])
    head = (f"  - id: {qid}\n    type: {kind}\n    prompt: {_q(_sentence(rng, 16))}\n"
            f"    objectives: [{objective}]\n")
    if kind == "true_false":
        return head + f"    answer: {rng.choice(['true', 'false'])}\n"
    correct = {0} if kind == "single_choice" else {0, 2}
    options = "".join(
        f"      - id: {'abcd'[i]}\n        text: {_q(_sentence(rng, 6))}\n"
        + ("        correct: true\n" if i in correct else "")
        + f"        feedback: {_q(_sentence(rng, 10))}\n" for i in range(4))
    return head + "    options:\n" + options


def generate(root: Path, courses: int = 100, lessons: int = 10, questions: int = 30,
             images: int = 3, seed: int = 7) -> list[Path]:
    """Write ``courses`` course folders under ``root``; return them. Deterministic for a seed."""
    rng = random.Random(seed)
    made: list[Path] = []
    for c in range(courses):
        folder = root / f"course-{c:03d}"
        for sub in ("lessons", "questions", "media"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        qids = [f"c{c:03d}-q{i:02d}" for i in range(questions)]
        checks, final = qids[: lessons * 2], qids[lessons * 2:]
        bank = "questions:\n" + "".join(_question(rng, q, f"obj-{i % 3}")
                                        for i, q in enumerate(qids))
        (folder / "questions" / "bank.yaml").write_text(bank, encoding="utf-8")
        for i in range(images):
            (folder / "media" / f"figure-{i}.svg").write_text(_svg(rng, f"Figure {i}"), "utf-8")
        pages = []
        for n in range(1, lessons + 1):
            text = _lesson(rng, n, lessons, images, checks[(n - 1) * 2:n * 2])
            (folder / "lessons" / f"{n:02d}.md").write_text(text, encoding="utf-8")
            pages.append(f"      - lesson: lessons/{n:02d}.md")
        (folder / "course.yaml").write_text(
            f"id: course-{c:03d}\ntitle: Benchmark course {c}\n"
            f"description: {_q(_paragraph(rng, 2))}\nversion: 1.0.{c % 7}\nlanguage: en\n"
            "xapi_base_iri: https://learning.trust-safety.example/courses\n"
            "objectives:\n" + "".join(f"  - id: obj-{i}\n    text: {_q(_sentence(rng, 8))}\n"
                                      for i in range(3))
            + "completion:\n  rule: passed\n  passing_score: 80\n  max_attempts: 3\n"
            "modules:\n  - id: m1\n    title: Lessons\n    pages:\n" + "\n".join(pages)
            + "\n  - id: m2\n    title: Final assessment\n    pages:\n      - assessment:\n"
            f"          id: final\n          title: Final assessment\n"
            f"          questions: [{', '.join(final)}]\n", encoding="utf-8")
        made.append(folder)
    return made


def write_text_only_course(root: Path) -> Path:
    """The smallest course the runtime targets measure: two lessons of text and an assessment of
    one single-choice question (no media, no policy, no optional feature)."""
    (root / "lessons").mkdir(parents=True)
    (root / "questions").mkdir()
    for n in (1, 2):
        (root / "lessons" / f"{n:02d}.md").write_text(
            f"---\nid: lesson-{n}\ntitle: Lesson {n}\n---\n{_paragraph(random.Random(n))}\n",
            encoding="utf-8")
    (root / "questions" / "bank.yaml").write_text(
        "questions:\n  - id: q-1\n    type: single_choice\n    prompt: Which one?\n    options:\n"
        "      - {id: a, text: This one, correct: true}\n      - {id: b, text: That one}\n",
        encoding="utf-8")
    (root / "course.yaml").write_text(
        "id: text-only\ntitle: Text only\ndescription: Lessons and one question.\n"
        "version: 1.0.0\nlanguage: en\n"
        "xapi_base_iri: https://learning.trust-safety.example/courses\n"
        "completion:\n  rule: viewed_and_passed\n  passing_score: 80\n  max_attempts: 0\n"
        "modules:\n  - id: all\n    title: All\n    pages:\n"
        "      - lesson: lessons/01.md\n      - lesson: lessons/02.md\n"
        "      - assessment:\n          id: final\n          title: Final\n"
        "          questions: [q-1]\n",
        encoding="utf-8")
    return root
