"""multiple_response: several right options, checkboxes, a choice record."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from question_kit import convert, player_data, view

from trainforge import questions
from trainforge.questions.multiple_response import MultipleResponse

SOURCE = """\
    id: q2
    type: multiple_response
    prompt: Which apply?
    cites: [HB-1]
    options:
      - {id: a, text: One, correct: true}
      - {id: b, text: Two, correct: true}
      - {id: c, text: Three}
"""


def test_every_right_option_is_correct_and_the_view_asks_for_checkboxes() -> None:
    q, problems = convert(SOURCE)
    assert problems == [] and q.shuffle == 0
    assert [o.id for o in q.options if o.correct] == ["a", "b"]
    assert view(q) == {"multiple": True}
    assert questions.get(q.type).state_parts(q) is None


def test_player_data_has_no_shuffle_unless_asked() -> None:
    q, _ = convert(SOURCE)
    data = player_data(q)
    assert "shuffle" not in data
    assert data["options"][1] == {"id": "b", "correct": True, "text": "Two"}


def test_no_right_option_is_refused_by_the_model() -> None:
    with pytest.raises(ValidationError, match="needs at least one correct option"):
        MultipleResponse.model_validate({"id": "q", "type": "multiple_response", "prompt": "?",
                                         "options": [{"id": "a", "text": "A"},
                                                     {"id": "b", "text": "B"}]})
