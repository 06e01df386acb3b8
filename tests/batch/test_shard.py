"""--shard I/N: a stable split by course id; the shards together are exactly the full build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_kit import make_courses, packages

from trainforge.batch.build import build
from trainforge.batch.shard import Shard, course_id_hint, parse_shard

FORMATS = ["scorm12", "xapi"]


def test_parse() -> None:
    assert parse_shard("2/4") == Shard(2, 4) and str(Shard(2, 4)) == "2/4"
    for bad in ("0/4", "5/4", "x", "1/0", "1-2"):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_assignment_depends_on_the_id_alone() -> None:
    ids = [f"course-{i:03d}" for i in range(200)]
    shards = [Shard(i, 4) for i in range(1, 5)]
    owners = {cid: [s.index for s in shards if s.owns(cid)] for cid in ids}
    assert all(len(v) == 1 for v in owners.values())  # each course in exactly one shard
    assert {v[0] for v in owners.values()} == {1, 2, 3, 4}  # and every shard gets some
    assert owners == {cid: [s.index for s in shards if s.owns(cid)] for cid in reversed(ids)}


def test_union_of_shards_equals_the_full_build(tmp_path: Path) -> None:
    make_courses(tmp_path / "courses", 6)
    full = build([tmp_path / "courses"], FORMATS, tmp_path / "full")
    union: dict[str, str] = {}
    records: list[dict[str, object]] = []
    for index in (1, 2, 3):
        out = tmp_path / f"shard-{index}"
        result = build([tmp_path / "courses"], FORMATS, out, shard=Shard(index, 3))
        assert all(len(p.name) for p in result.packages)
        part = {k: v for k, v in packages(out).items() if k != "manifest.json"}
        assert not set(part) & set(union)  # disjoint
        union.update(part)
        records += json.loads((out / "manifest.json").read_bytes())["packages"]
    expected = {k: v for k, v in packages(tmp_path / "full").items() if k != "manifest.json"}
    assert union == expected and len(full.packages) == 12
    full_records = json.loads((tmp_path / "full" / "manifest.json").read_bytes())["packages"]
    assert sorted(records, key=lambda r: str(r["name"])) == full_records


def test_a_course_keeps_its_shard_when_others_are_added(tmp_path: Path) -> None:
    make_courses(tmp_path / "a", 3)
    make_courses(tmp_path / "b", 8)
    shard = Shard(1, 2)
    first = {p.name for p in build([tmp_path / "a"], ["xapi"], tmp_path / "o1",
                                   shard=shard).packages}
    second = {p.name for p in build([tmp_path / "b"], ["xapi"], tmp_path / "o2",
                                    shard=shard).packages}
    assert first <= second


def test_id_hint_falls_back_to_the_folder_name(tmp_path: Path) -> None:
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "course.yaml").write_text("id: [unclosed")
    assert course_id_hint(tmp_path / "broken") == "broken"
    make_courses(tmp_path / "ok", 1)
    assert course_id_hint(tmp_path / "ok" / "course-000") == "course-000"


@pytest.mark.parametrize("text", [
    "id: &a real-id\ntitle: *a\n",  # anchors and aliases are refused, as in a full load
    "id: x\neffective: 2024-13-01\n",  # not a date: a located error, never a traceback
    "id: x\n" + "# padding\n" * 120_000,  # over the 1 MiB source limit
])
def test_id_hint_reads_course_yaml_through_the_loaders_limits(tmp_path: Path, text: str) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "course.yaml").write_text(text, encoding="utf-8")
    assert course_id_hint(tmp_path / "c") == "c"


def test_id_hint_refuses_a_course_yaml_linked_out_of_the_course(tmp_path: Path) -> None:
    (tmp_path / "outside.yaml").write_text("id: elsewhere\n", encoding="utf-8")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "course.yaml").symlink_to(tmp_path / "outside.yaml")
    assert course_id_hint(tmp_path / "c") == "c"
