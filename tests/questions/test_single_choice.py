"""single_choice: options as written, the shuffle rule, a choice record, its player data."""

from __future__ import annotations

from question_kit import convert, player_data, view

from trainforge import questions
from trainforge.questions.choice import ChoiceQuestion
from trainforge.runtime import statesize

SOURCE = """\
    id: q1
    type: single_choice
    prompt: Which *one*?
    points: 2
    objectives: [obj-a]
    shuffle: true
    options:
      - {id: a, text: "**Right**", correct: true, feedback: Yes.}
      - {id: b, text: Wrong}
      - {id: c, text: Also wrong}
      - {id: d, text: None of the above}
"""


def test_converts_to_a_choice_question_shuffling_before_none_of_the_above() -> None:
    q, problems = convert(SOURCE)
    assert problems == []
    assert isinstance(q, ChoiceQuestion) and q.type == "single_choice"
    assert [(o.id, o.correct, o.feedback) for o in q.options] == [
        ("a", True, "Yes."), ("b", False, None), ("c", False, None), ("d", False, None)]
    assert (q.points, q.objectives, q.shuffle) == (2, ("obj-a",), 3)
    assert str(q.location) == "questions/bank.yaml:1:5"


def test_a_shuffle_that_cannot_move_anything_is_a_located_warning() -> None:
    q, problems = convert(SOURCE.replace("text: Wrong}", "text: All of the above}"))
    assert q.shuffle == 0
    assert problems == [
        "questions/bank.yaml:9:19: warning: `shuffle` has no effect: option `b` refers to other "
        "options by place, so it and the options after it keep their place (put options like "
        "\"all of the above\" last, or remove `shuffle`) [question.shuffle-positional]"]


def test_player_data_is_plain_text_with_each_options_correctness() -> None:
    q, _ = convert(SOURCE)
    assert player_data(q) == {
        "type": "single_choice", "points": 2, "objectives": ["obj-a"], "clauses": [],
        "policy": None, "text": "Which one?", "shuffle": 3,
        "options": [{"id": "a", "correct": True, "text": "Right"},
                    {"id": "b", "correct": False, "text": "Wrong"},
                    {"id": "c", "correct": False, "text": "Also wrong"},
                    {"id": "d", "correct": False, "text": "None of the above"}]}


def test_saved_as_a_choice_record_rendered_with_radio_buttons() -> None:
    q, _ = convert(SOURCE)
    assert questions.get(q.type).state_parts(q) is None
    assert statesize.answer_width(q) == statesize.ANSWER
    assert view(q) == {"multiple": False}
    assert questions.get(q.type).partial == "questions/choice.html"


def test_inspect_lists_the_options_with_correct() -> None:
    q, _ = convert(SOURCE)
    assert questions.get(q.type).inspect(q) == [{
        "id": "q1", "type": "single_choice", "points": 2, "objectives": ["obj-a"],
        "clauses": [], "options": [{"id": "a", "correct": True}, {"id": "b", "correct": False},
                                   {"id": "c", "correct": False}, {"id": "d", "correct": False}]}]
