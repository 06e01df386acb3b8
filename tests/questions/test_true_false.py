"""true_false: the options `true` and `false`, labelled by the theme's strings."""

from __future__ import annotations

from question_kit import convert, player_data

from trainforge import questions
from trainforge.runtime import statesize

SOURCE = """\
    id: tf1
    type: true_false
    prompt: Reports are anonymous.
    answer: false
    feedback: {false: "Right: they are confidential, not anonymous."}
"""


def test_the_answer_makes_one_of_two_textless_options_correct() -> None:
    q, problems = convert(SOURCE)
    assert problems == []
    assert [(o.id, o.text, o.correct, o.feedback) for o in q.options] == [
        ("true", "", False, None),
        ("false", "", True, "Right: they are confidential, not anonymous.")]


def test_player_data_labels_the_options_with_the_theme_strings() -> None:
    q, _ = convert(SOURCE)
    assert player_data(q)["options"] == [{"id": "true", "correct": False, "text": "True"},
                                         {"id": "false", "correct": True, "text": "False"}]


def test_a_choice_record_in_the_choice_partial() -> None:
    q, _ = convert(SOURCE)
    assert statesize.answer_width(q) == statesize.ANSWER
    assert questions.get(q.type).partial == "questions/choice.html"
    assert questions.get(q.type).inspect(q)[0]["options"] == [
        {"id": "true", "correct": False}, {"id": "false", "correct": True}]
