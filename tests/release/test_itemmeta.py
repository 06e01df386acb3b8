"""Item metadata rows: frozen records whose ids are the tracking ids reports join on."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from policy_fixture import add_rich_content, make_repo

from trainforge.batch.build import load_courses
from trainforge.release.itemmeta import ItemRow, item_metadata, item_rows, items_bytes
from trainforge.resolve import resolved
from trainforge.tracking.ids import ItemRef, parse_item_id


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> resolved.Course:
    course: Path = make_repo(tmp_path_factory.mktemp("repo"), released=1)
    add_rich_content(course)
    return load_courses([course])[0][0]


def test_rows_are_frozen_and_their_ids_parse_back(rich: resolved.Course) -> None:
    rows = item_rows(rich)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rows[0].points = 5  # type: ignore[misc]
    for row in rows:
        assert parse_item_id(row.id) == ItemRef(row.question, row.option)
        assert (row.kind == "option") == (row.option is not None)
    options = [r for r in rows if r.question == "mod-1" and r.kind == "option"]
    assert [(r.option, r.correct) for r in options] == [
        (o.id, o.correct) for o in rich.questions["mod-1"].options]


def test_rows_serialise_as_the_documented_json(rich: resolved.Course) -> None:
    document = json.loads(items_bytes(item_metadata(rich, ())))
    row = next(r for r in document["items"] if r["id"] == "mod-1/remove")
    assert row == {"id": "mod-1/remove", "kind": "option", "question": "mod-1",
                   "type": "moderation_decision", "objectives": ["obj-apply"],
                   "policy": [{"clause": "HB-3.2", "policy": "hb", "version": 2}],
                   "pages": row["pages"], "locale": rich.language,
                   "option": "remove", "correct": True, "points": None}
    question = next(r for r in document["items"] if r["id"] == "match-1")
    assert question["policy"] == [{"clause": "HB-1", "policy": "hb", "version": 2}]
    assert set(question) == {f.name for f in dataclasses.fields(ItemRow)}
