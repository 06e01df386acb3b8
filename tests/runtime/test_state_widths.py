"""statesize.py's widths are the JS encoder's: each course's own tf-core.js, run in node.

The player encodes the state itself (types/<type>.js and shared/positions.js write the records);
statesize.py computes the same widths in Python for the SCORM 1.2 limit. For the example courses
and generated edge courses, the worst case and every record's width must agree.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from runtime_courses import RunNode, load, player_data
from test_statesize import any_answer, worst_state

from trainforge import runtime
from trainforge.resolve import resolved
from trainforge.runtime.statesize import answer_width, worst_case_state_size

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "courses").iterdir() if (p / "course.yaml").exists())


def write_edge_course(root: Path) -> Path:
    """Widths at their edges: 35 and 36 targets (one and two base-36 digits), the fewest and
    the most items, a true/false."""
    items = lambda n: "".join(f"      - {{id: i{i:02d}, text: I{i}}}\n" for i in range(n))  # noqa: E731
    pairs = "".join(f"      - {{source: {{id: s{p}, text: S{p}}}, target: {{id: t{p}, "
                    f"text: T{p}}}}}\n" for p in range(2))
    extra = lambda n: ", ".join(f"{{id: x{d}, text: X{d}}}" for d in range(n))  # noqa: E731
    bank = (
        f"  - id: o2\n    type: ordering\n    prompt: P\n    items:\n{items(2)}"
        f"  - id: o26\n    type: ordering\n    prompt: P\n    items:\n{items(26)}"
        f"  - id: m35\n    type: matching\n    prompt: P\n    pairs:\n{pairs}"
        f"    distractors: [{extra(33)}]\n"
        f"  - id: m36\n    type: matching\n    prompt: P\n    pairs:\n{pairs}"
        f"    distractors: [{extra(34)}]\n"
        "  - id: tf\n    type: true_false\n    prompt: P\n    answer: true\n"
    )
    (root / "questions").mkdir(parents=True)
    (root / "questions" / "bank.yaml").write_text("questions:\n" + bank, encoding="utf-8")
    (root / "course.yaml").write_text(
        "id: edge\ntitle: Edge\ndescription: Generated.\nversion: 1.0.0\nlanguage: en\n"
        "xapi_base_iri: https://learning.trust-safety.example/courses\n"
        "completion:\n  rule: passed\n  passing_score: 80\n  max_attempts: 3\n"
        "modules:\n  - id: all\n    title: All\n    pages:\n"
        "      - assessment:\n          id: test\n          title: Test\n"
        "          questions: [o2, o26, m35, m36, tf]\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module", params=[*(p.name for p in EXAMPLES), "edge"])
def course(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> resolved.Course:
    if request.param == "edge":
        return load(write_edge_course(tmp_path_factory.mktemp("edge") / "edge"))
    return load(ROOT / "courses" / request.param)


@pytest.fixture(scope="module")
def own_node(course: resolved.Course, node_with: Callable[[bytes], RunNode]) -> RunNode:
    """The encoder of the tf-core.js this course's packages ship."""
    return node_with(runtime.core_js_for(course))


def test_the_worst_case_is_what_the_course_s_own_player_writes(
    course: resolved.Course, own_node: RunNode
) -> None:
    data = player_data(course)
    [encoded] = own_node([{"op": "encode", "state": worst_state(course, data), "course": data}])
    assert len(encoded) == worst_case_state_size(course)


def test_every_record_is_as_wide_as_statesize_says(
    course: resolved.Course, own_node: RunNode
) -> None:
    data = player_data(course)
    empty: dict[str, Any] = worst_state(course, data) | {"answers": {}}
    slots = [(p["id"], q) for p in data["pages"] for q in p["questions"]]
    states = [empty] + [
        empty | {"answers": {f"{page}/{q}": {"chosen": any_answer(data["questions"][q]),
                                             "submitted": True, "correct": False, "score": 0}}}
        for page, q in slots
    ]
    base, *one_each = map(len, own_node([{"op": "encode", "state": s, "course": data}
                                         for s in states]))
    widths = {f"{page}/{q}": n - base for (page, q), n in zip(slots, one_each, strict=True)}
    assert widths == {f"{page}/{q}": answer_width(course.questions[q]) for page, q in slots}
