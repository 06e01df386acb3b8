"""scenario: a graph of steps checked for dangling, looping and unreachable steps."""

from __future__ import annotations

from question_kit import convert, player_data, view

from trainforge import questions
from trainforge.questions.scenario import ScenarioQuestion
from trainforge.runtime import statesize

SOURCE = """\
    id: case
    type: scenario
    prompt: A report comes in.
    steps:
      - id: start
        prompt: First?
        choices:
          - {id: a, text: Read it, correct: true, next: second}
          - {id: b, text: Close it}
      - id: second
        prompt: Then?
        choices:
          - {id: c, text: Act, correct: true}
          - {id: d, text: Wait, next: start}
          - {id: e, text: Ask}
"""


def test_steps_keep_where_each_choice_leads() -> None:
    q, problems = convert(SOURCE)
    assert problems == [] and isinstance(q, ScenarioQuestion) and q.options == ()
    assert [(o.id, o.next) for s in q.steps for o in s.options] == [
        ("a", "second"), ("b", None), ("c", None), ("d", "start"), ("e", None)]


def test_a_choice_leading_nowhere_a_loop_and_an_unreachable_step_are_located() -> None:
    looping = SOURCE.replace("{id: b, text: Close it}", "{id: b, text: Close it, next: start}")
    looping = looping.replace("{id: c, text: Act, correct: true}",
                              "{id: c, text: Act, correct: true, next: secnd}")
    looping = looping.replace("{id: e, text: Ask}", "{id: e, text: Ask, next: start}")
    looping += ("      - id: orphan\n        prompt: Never\n        choices:\n"
                "          - {id: f, text: F, correct: true}\n          - {id: g, text: G}\n")
    _, problems = convert(looping)
    assert problems == [
        "questions/bank.yaml:13:49: error: choice `c` of step `second` leads to unknown step "
        "`secnd` (did you mean `second`?) [scenario.next]",
        "questions/bank.yaml:5:3: error: steps `start`, `second` loop with no way to end the "
        "scenario (give one choice no `next` to end the case) [scenario.cycle]",
        "questions/bank.yaml:16:9: warning: step `orphan` cannot be reached from the first step "
        "[scenario.unreachable]"]


def test_player_data_has_each_step_as_a_question_of_its_own() -> None:
    q, _ = convert(SOURCE)
    steps = player_data(q)["steps"]
    assert [(s["id"], s["question"], s["text"]) for s in steps] == [
        ("start", "case--start", "First?"), ("second", "case--second", "Then?")]
    assert steps[0]["options"][1] == {"id": "b", "correct": False, "text": "Close it",
                                      "group": "start",
                                      "next": None}


def test_inspect_lists_the_case_then_its_steps() -> None:
    q, _ = convert(SOURCE)
    entries = questions.get(q.type).inspect(q)
    assert [e["id"] for e in entries] == ["case", "case--start", "case--second"]
    assert entries[0]["steps"] == ["case--start", "case--second"]
    assert entries[1] == {"id": "case--start", "type": "scenario_step", "scenario": "case",
                          "points": 0, "objectives": [], "clauses": [],
                          "options": [{"id": "a", "correct": True, "next": "case--second"},
                                      {"id": "b", "correct": False, "next": None}]}


def test_one_position_per_step_and_a_view_per_step() -> None:
    q, _ = convert(SOURCE)
    assert questions.get(q.type).state_parts(q) == (2, 3)
    assert statesize.payload_width(q) == 3
    assert [s["qid"] for s in view(q)["steps"]] == ["case--start", "case--second"]
