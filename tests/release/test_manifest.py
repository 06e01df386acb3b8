"""manifest.json and the item-metadata files: what every package is, and how to join records."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from corpus_kit import make_courses

from trainforge.batch.build import build
from trainforge.errors import TrainforgeError
from trainforge.release.itemmeta import ITEMS_PATH
from trainforge.release.manifest import read_manifest


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("manifest")
    make_courses(root / "courses", 2)
    build([root / "courses"], ["scorm12", "xapi", "web"], root / "dist")
    return root / "dist"


def test_every_package_has_a_record(dist: Path) -> None:
    records = read_manifest(dist / "manifest.json")
    assert [r.name for r in records] == sorted(
        p.name for p in dist.iterdir() if p.suffix == ".zip" or p.name.endswith("-web"))
    record = next(r for r in records if r.name == "course-001-1.0.1-en-scorm12.zip")
    package = dist / record.name
    import hashlib

    assert record.sha256 == hashlib.sha256(package.read_bytes()).hexdigest()
    assert record.size == package.stat().st_size
    assert (record.course, record.version, record.format, record.locale) == (
        "course-001", "1.0.1", "scorm12", "en")
    assert record.policies == {} and record.commit == ""
    assert record.items == "course-001-1.0.1-en-scorm12.items.json"
    assert set(record.ids["pages"]) == {"l01", "l02", "l03", "final"}
    question = record.ids["questions"]["c001-q00"]
    assert set(question) == {"type", "options"}


def test_a_record_is_the_same_json_it_was_read_from(dist: Path) -> None:
    packages = json.loads((dist / "manifest.json").read_bytes())["packages"]
    assert set(packages[0]) == {"name", "course", "version", "format", "locale", "policies",
                                "sha256", "size", "commit", "items", "ids"}
    assert [r.to_json() for r in read_manifest(dist / "manifest.json")] == packages


def test_item_metadata_is_inside_each_package_and_beside_it(dist: Path) -> None:
    beside = (dist / "course-000-1.0.0-en-xapi.items.json").read_bytes()
    with zipfile.ZipFile(dist / "course-000-1.0.0-en-xapi.zip") as zf:
        assert zf.read(ITEMS_PATH) == beside
    with zipfile.ZipFile(dist / "course-000-1.0.0-en-scorm12.zip") as zf:
        assert zf.read(ITEMS_PATH) == beside
        assert ITEMS_PATH.encode() in zf.read("imsmanifest.xml")  # listed, not a stray file
    assert (dist / "course-000-1.0.0-en-web" / ITEMS_PATH).read_bytes() == beside


def test_item_rows_join_ids_objectives_policy_and_locale(dist: Path) -> None:
    doc = json.loads((dist / "course-000-1.0.0-en-xapi.items.json").read_bytes())
    assert doc["course"] == {"id": "course-000", "version": "1.0.0",
                             "title": "Benchmark course 0", "locale": "en"}
    rows = {r["id"]: r for r in doc["items"]}
    question = rows["c000-q00"]
    assert question["kind"] == "question" and question["objectives"] == ["obj-0"]
    assert question["locale"] == "en" and question["policy"] == []
    options = [r for r in doc["items"] if r["question"] == "c000-q00" and r["kind"] == "option"]
    assert options and all(r["id"] == f"c000-q00/{r['option']}" for r in options)
    assert any(r["correct"] for r in options)
    assert {p["id"] for p in doc["pages"]} == {"l01", "l02", "l03", "final"}


def test_a_broken_previous_manifest_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "m.json").write_text('{"packages": 3}')
    with pytest.raises(TrainforgeError) as info:
        read_manifest(tmp_path / "m.json")
    assert info.value.diagnostics[0].code == "manifest.invalid"
    with pytest.raises(TrainforgeError) as info:
        read_manifest(tmp_path / "missing.json")
    assert info.value.diagnostics[0].code == "manifest.unreadable"
