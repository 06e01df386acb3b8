"""matching: sources and targets (distractors included, by id), a position per source."""

from __future__ import annotations

from question_kit import convert, player_data, view

from trainforge import questions
from trainforge.questions.matching import MatchingQuestion
from trainforge.runtime import statesize

SOURCE = """\
    id: m1
    type: matching
    prompt: Match each report to its queue.
    pairs:
      - {source: {id: s2, text: Spam}, target: {id: t2, text: Spam queue}}
      - {source: {id: s1, text: Threat}, target: {id: t1, text: Urgent queue}}
    distractors: [{id: t0, text: Nowhere}]
    feedback: {correct: Well matched., incorrect: Look again.}
"""


def test_targets_are_sorted_by_id_with_the_distractors() -> None:
    q, problems = convert(SOURCE)
    assert problems == [] and isinstance(q, MatchingQuestion)
    assert q.pairs == (("s2", "t2"), ("s1", "t1"))
    assert [o.id for o in q.sources] == ["s2", "s1"]
    assert [o.id for o in q.targets] == ["t0", "t1", "t2"]
    assert q.feedback == ("Well matched.", "Look again.") and q.options == ()


def test_player_data_has_pairs_sources_and_targets() -> None:
    q, _ = convert(SOURCE)
    data = player_data(q)
    assert data["pairs"] == [["s2", "t2"], ["s1", "t1"]]
    assert data["sources"][0] == {"id": "s2", "correct": True, "text": "Spam"}
    assert [t["id"] for t in data["targets"]] == ["t0", "t1", "t2"]


def test_one_position_per_source_over_every_target() -> None:
    q, _ = convert(SOURCE)
    assert questions.get(q.type).state_parts(q) == (3, 3)
    assert statesize.payload_width(q) == 1 + 2
    assert statesize.answer_width(q) == statesize.OTHER + 3


def test_inspect_and_view() -> None:
    q, _ = convert(SOURCE)
    assert questions.get(q.type).inspect(q)[0]["pairs"] == [["s2", "t2"], ["s1", "t1"]]
    assert view(q) == {"sources": [{"id": "s2"}, {"id": "s1"}],
                       "targets": [{"id": "t0"}, {"id": "t1"}, {"id": "t2"}]}
