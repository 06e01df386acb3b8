"""ordering: the items in the right order, shown in a seeded order that is never the right one."""

from __future__ import annotations

from question_kit import convert, player_data, view

from trainforge import questions
from trainforge.questions.ordering import shuffled
from trainforge.resolve import resolved
from trainforge.runtime import statesize

SOURCE = """\
    id: o1
    type: ordering
    prompt: Put the steps in order.
    items:
      - {id: read, text: Read the report}
      - {id: match, text: Find the clause}
      - {id: act, text: Act}
"""


def test_items_keep_the_right_order_for_grading() -> None:
    q, problems = convert(SOURCE)
    assert problems == []
    assert player_data(q)["order"] == ["read", "match", "act"]
    assert questions.get(q.type).inspect(q)[0]["order"] == ["read", "match", "act"]


def test_the_page_shows_them_shuffled_never_in_the_right_order() -> None:
    q, _ = convert(SOURCE)
    shown = [i["id"] for i in view(q)["items"]]
    assert sorted(shown) == ["act", "match", "read"] and shown != ["read", "match", "act"]
    for n in range(2, 8):
        items = [resolved.Option(f"i{k}", "", True, None) for k in range(n)]
        assert [o.id for o in shuffled(items, "seed")] != [o.id for o in items]


def test_one_position_per_place() -> None:
    q, _ = convert(SOURCE)
    assert questions.get(q.type).state_parts(q) == (3, 3, 3)
    assert statesize.payload_width(q) == 4
