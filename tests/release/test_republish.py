"""build --against: ids that learners' records refer to may not vanish or change unannounced."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from corpus_kit import copy_example

from trainforge.batch.build import build
from trainforge.errors import TrainforgeError
from trainforge.release.manifest import ManifestRecord
from trainforge.release.republish import Current, check_against

ROOT = Path(__file__).resolve().parents[2]
OLD = {"pages": {"intro": "lesson", "final": "assessment"},
       "questions": {"q1": {"type": "single_choice", "options": {"a": True, "b": False}},
                     "q2": {"type": "multiple_response",
                            "options": {"a": True, "b": False, "c": True}}}}


def current(ids: dict[str, Any], renames: list[dict[str, Any]] | None = None) -> Current:
    locations = {"": ["c/course.yaml", 1, 1], "question:q1": ["c/questions/b.yaml", 3, 5],
                 "question:q2": ["c/questions/b.yaml", 9, 5], "page:intro": ["c/l/i.md", 1, 1],
                 "rename:0": ["c/course.yaml", 20, 5]}
    return Current("c1", "en", {**ids, "renames": renames or []}, locations)


def codes(new: dict[str, Any], renames: list[dict[str, Any]] | None = None) -> list[str]:
    previous = [ManifestRecord("c1-1.0.0-en-xapi.zip", "c1", "en", OLD)]
    return [f"{d.code} {d.location}" for d in check_against(previous, [current(new, renames)])]


def changed(**questions: Any) -> dict[str, Any]:
    return {"pages": dict(OLD["pages"]), "questions": {**OLD["questions"], **questions}}


def test_unchanged_ids_pass_and_additions_are_free() -> None:
    assert codes(OLD) == []
    more = changed(q3={"type": "true_false", "options": {"true": True, "false": False}})
    more["pages"]["extra"] = "lesson"
    assert codes(more) == []


def test_each_kind_of_change_is_a_located_error() -> None:
    assert codes({"pages": {"final": "assessment"}, "questions": OLD["questions"]}) == [
        "republish.page-removed c/course.yaml:1:1"]
    assert codes({"pages": {"intro": "assessment", "final": "assessment"},
                  "questions": OLD["questions"]}) == ["republish.page-changed c/l/i.md:1:1"]
    assert codes({"pages": OLD["pages"], "questions": {"q2": OLD["questions"]["q2"]}}) == [
        "republish.question-removed c/course.yaml:1:1"]
    assert codes(changed(q1={"type": "multiple_response", "options": {"a": True, "b": False}})
                 ) == ["republish.question-changed c/questions/b.yaml:3:5"]
    assert codes(changed(q1={"type": "single_choice", "options": {"a": False, "b": True}})) == [
        "republish.option-changed c/questions/b.yaml:3:5"] * 2
    assert codes(changed(q2={"type": "multiple_response", "options": {"a": True, "c": True}})
                 ) == ["republish.option-removed c/questions/b.yaml:9:5"]
    assert codes(changed(q2={"type": "multiple_response",
                             "options": {"a": True, "b": False, "c": True, "d": True}})) == [
        "republish.option-changed c/questions/b.yaml:9:5"]  # a new correct option regrades


def test_renames_acknowledge_changes_and_must_point_somewhere() -> None:
    flipped = changed(q1={"type": "single_choice", "options": {"a": False, "b": True}})
    assert codes(flipped, [{"from": "q1", "to": None}]) == []
    assert codes(flipped, [{"from": "q1/a", "to": None}]) == [
        "republish.option-changed c/questions/b.yaml:3:5"]
    gone = {"pages": {"final": "assessment", "welcome": "lesson"},
            "questions": OLD["questions"]}
    assert codes(gone, [{"from": "intro", "to": "welcome"}]) == []
    assert codes(gone, [{"from": "intro", "to": "nowhere"}]) == [
        "republish.rename-target c/course.yaml:20:5"]
    assert codes(OLD, [{"from": "x", "to": "q1/b"}]) == []


def test_other_courses_and_locales_are_not_compared() -> None:
    previous = [ManifestRecord("c2-1.0.0-en-xapi.zip", "c2", "en", OLD),
                ManifestRecord("c1-1.0.0-fr-xapi.zip", "c1", "fr", OLD)]
    assert check_against(previous, [current({"pages": {}, "questions": {}})]) == []


@pytest.fixture
def released(tmp_path: Path) -> tuple[Path, Path]:
    course = copy_example("minor-safety", tmp_path)
    build([course], ["xapi"], tmp_path / "v1")
    return course, tmp_path / "v1" / "manifest.json"


def drop_last_final_question(course: Path) -> None:
    text = (course / "course.yaml").read_text()
    assert ", ms-q26]" in text
    (course / "course.yaml").write_text(text.replace(", ms-q26]", "]"))


def test_a_dropped_question_fails_the_build_until_renamed(released: tuple[Path, Path],
                                                          tmp_path: Path) -> None:
    course, manifest = released
    drop_last_final_question(course)
    with pytest.raises(TrainforgeError) as info:
        build([course], ["xapi"], tmp_path / "v2", against=manifest)
    [problem] = info.value.diagnostics
    assert problem.code == "republish.question-removed" and "ms-q26" in problem.message
    assert problem.location.path.endswith("minor-safety/course.yaml")
    assert not (tmp_path / "v2").exists() or not list((tmp_path / "v2").glob("*.zip"))
    with (course / "course.yaml").open("a") as handle:
        handle.write("renames:\n  - from: ms-q26\n")
    result = build([course], ["xapi"], tmp_path / "v2", against=manifest)
    assert len(result.packages) == 1


def test_cli_reports_against_errors_with_exit_code_1(released: tuple[Path, Path],
                                                     tmp_path: Path) -> None:
    course, manifest = released
    drop_last_final_question(course)
    done = subprocess.run([sys.executable, "-m", "trainforge.cli", "build", str(course), "-f",
                           "xapi", "-o", str(tmp_path / "v2"), "--against", str(manifest),
                           "--diagnostics", "github"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    assert "::error file=" in done.stdout and "republish.question-removed" in done.stdout


def test_a_manifest_from_before_locales_named_packages_still_compares(
        released: tuple[Path, Path], tmp_path: Path) -> None:
    course, manifest = released
    old = manifest.read_text().replace("-1.0.0-en-xapi", "-1.0.0-xapi")
    assert old != manifest.read_text()
    (tmp_path / "old.json").write_text(old)
    drop_last_final_question(course)
    with pytest.raises(TrainforgeError) as info:
        build([course], ["xapi"], tmp_path / "v2", against=tmp_path / "old.json")
    assert [d.code for d in info.value.diagnostics] == ["republish.question-removed"]
