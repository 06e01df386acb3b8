"""Worker processes: a parallel build writes exactly what a serial one writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from corpus_kit import make_courses, packages

from trainforge.batch.build import build
from trainforge.batch.options import BuildOptions
from trainforge.batch.workers import Task, compile_course
from trainforge.errors import TrainforgeError

FORMATS = ["scorm12", "xapi", "web"]


def test_parallel_equals_serial(tmp_path: Path) -> None:
    make_courses(tmp_path / "c", 5)
    serial = build([tmp_path / "c"], FORMATS, tmp_path / "serial", jobs=1)
    parallel = build([tmp_path / "c"], FORMATS, tmp_path / "parallel", jobs=3)
    assert [p.name for p in serial.packages] == [p.name for p in parallel.packages]
    assert packages(tmp_path / "serial") == packages(tmp_path / "parallel")


def test_an_invalid_course_fails_the_build_and_writes_nothing(tmp_path: Path) -> None:
    courses = make_courses(tmp_path / "c", 4)
    bank = courses[2] / "questions" / "bank.yaml"
    bank.write_text(bank.read_text().replace("type: ", "kind: ", 1))
    with pytest.raises(TrainforgeError) as info:
        build([tmp_path / "c"], ["xapi"], tmp_path / "d", jobs=2)
    assert all("course-002" in d.location.path for d in info.value.diagnostics)
    assert not (tmp_path / "d").exists() or not list((tmp_path / "d").iterdir())


def test_duplicate_course_ids_are_refused(tmp_path: Path) -> None:
    courses = make_courses(tmp_path / "c", 2)
    shutil.copytree(courses[0], tmp_path / "c" / "copy")
    with pytest.raises(TrainforgeError) as info:
        build([tmp_path / "c"], ["xapi"], tmp_path / "d", jobs=2)
    assert [d.code for d in info.value.diagnostics] == ["id.duplicate-course"]


def test_a_broken_policy_registry_is_reported_once(tmp_path: Path) -> None:
    make_courses(tmp_path / "c", 3)
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "hb.yaml").write_text("id: hb\ntitle: [unclosed\n")
    with pytest.raises(TrainforgeError) as info:
        build([tmp_path / "c"], ["xapi"], tmp_path / "d", jobs=2)
    assert [d.code for d in info.value.diagnostics] == ["yaml.syntax"]


def test_a_course_whose_language_changed_after_planning_is_not_packaged(tmp_path: Path) -> None:
    """The plan read `language: en`; the worker finds `fr`: its package would be misnamed."""
    [course] = make_courses(tmp_path / "c", 1)
    text = (course / "course.yaml").read_text()
    (course / "course.yaml").write_text(text.replace("language: en\n", "language: fr\n"))
    outcome = compile_course(Task(course, "en", ("xapi",), tmp_path / "d", BuildOptions()))
    assert outcome.failed and not outcome.packages
    assert [d.code for d in outcome.diagnostics] == ["build.sources-changed"]
