"""Locale is a build dimension: one course in two locales builds side by side, without collisions.

Translations do not exist yet, so the second locale comes from the sources: a copy of the course
folder with the same `id` and another `language`, which is what a course in two locales is today.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from corpus_kit import make_courses, packages

from trainforge import pipeline
from trainforge.batch.build import build
from trainforge.batch.cache import CACHE_FILE, BuildCache
from trainforge.errors import TrainforgeError
from trainforge.release.manifest import read_manifest

FORMATS = ["scorm12", "xapi", "web"]


def in_french(course: Path) -> Path:
    """The course folder again beside it, the same course (same `id`) in `language: fr`."""
    french = course.with_name(f"{course.name}-fr")
    shutil.copytree(course, french)
    text = (french / "course.yaml").read_text()
    assert "language: en\n" in text
    (french / "course.yaml").write_text(text.replace("language: en\n", "language: fr\n"))
    return french


@pytest.fixture
def two_locales(tmp_path: Path) -> Path:
    [course] = make_courses(tmp_path / "courses", 1)
    in_french(course)
    return tmp_path


def test_one_course_in_two_locales_builds_side_by_side(two_locales: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    dist = two_locales / "dist"
    result = build([two_locales / "courses"], FORMATS, dist)
    names = sorted(p.name for p in result.built)
    assert names == [f"course-000-1.0.0-{locale}-{f}"
                     for locale in ("en", "fr")
                     for f in ("scorm12.zip", "web", "xapi.zip")]
    assert {p.name for p in dist.iterdir() if p.name.endswith(".items.json")} == {
        n.removesuffix(".zip") + ".items.json" for n in names}
    records = read_manifest(dist / "manifest.json")
    assert sorted((r.name, r.course, r.locale) for r in records) == [
        (n, "course-000", n.split("-")[3]) for n in names]
    slots = BuildCache.load(dist).entries
    assert len(slots) == 6 and {e.record.name for e in slots.values()} == set(names)
    assert len({k.split("\0")[1] for k in slots}) == 2  # the locale is part of every slot

    before = packages(dist)
    cache_bytes = (dist / CACHE_FILE).read_bytes()

    def refuse(*args: object) -> None:
        raise AssertionError("a course was loaded on a no-op rebuild")

    monkeypatch.setattr(pipeline, "load", refuse)
    again = build([two_locales / "courses"], FORMATS, dist)
    assert not again.built and sorted(p.name for p in again.cached) == names
    assert packages(dist) == before and (dist / CACHE_FILE).read_bytes() == cache_bytes


def test_each_locale_is_rebuilt_on_its_own(two_locales: Path) -> None:
    dist = two_locales / "dist"
    build([two_locales / "courses"], ["xapi"], dist)
    lesson = two_locales / "courses" / "course-000-fr" / "lessons" / "01.md"
    lesson.write_text(lesson.read_text() + "\nUn paragraphe de plus.\n")
    again = build([two_locales / "courses"], ["xapi"], dist)
    assert [p.name for p in again.built] == ["course-000-1.0.0-fr-xapi.zip"]
    assert [p.name for p in again.cached] == ["course-000-1.0.0-en-xapi.zip"]


def test_the_same_course_twice_in_one_locale_is_still_an_error(two_locales: Path) -> None:
    french = two_locales / "courses" / "course-000-fr"
    text = (french / "course.yaml").read_text()
    (french / "course.yaml").write_text(text.replace("language: fr\n", "language: en\n"))
    with pytest.raises(TrainforgeError) as info:
        build([two_locales / "courses"], ["xapi"], two_locales / "dist")
    [problem] = info.value.diagnostics
    assert problem.code == "id.duplicate-course" and "locale `en`" in problem.message


def test_a_cache_from_before_locales_replaces_the_old_packages(two_locales: Path) -> None:
    """Format 1 slotted by folder and format: its packages go once their successors are built."""
    dist = two_locales / "dist"
    shutil.rmtree(two_locales / "courses" / "course-000-fr")
    build([two_locales / "courses"], ["xapi"], dist)
    data = json.loads((dist / CACHE_FILE).read_bytes())
    [(key, entry)] = data["entries"].items()
    folder, _, _ = key.split("\0")
    old = "course-000-1.0.0-xapi.zip"
    (dist / entry["record"]["name"]).rename(dist / old)
    (dist / entry["record"]["items"]).unlink()
    entry["outputs"] = {old: entry["outputs"][entry["record"]["name"]]}
    entry["record"]["name"] = old
    entry["key"] = "0" * 64  # keys of that trainforge (its own files are in them) never match
    (dist / CACHE_FILE).write_text(json.dumps({"format": 1,
                                               "entries": {f"{folder}\0xapi": entry}}))
    again = build([two_locales / "courses"], ["xapi"], dist)
    assert [p.name for p in again.built] == ["course-000-1.0.0-en-xapi.zip"]
    assert not (dist / old).exists()


def test_a_course_whose_language_changed_leaves_no_package_of_the_old_locale(
        tmp_path: Path) -> None:
    [course] = make_courses(tmp_path / "courses", 1)
    dist = tmp_path / "dist"
    build([tmp_path / "courses"], ["xapi", "web"], dist)
    text = (course / "course.yaml").read_text()
    (course / "course.yaml").write_text(text.replace("language: en\n", "language: fr\n"))
    again = build([tmp_path / "courses"], ["xapi"], dist)
    assert [p.name for p in again.built] == ["course-000-1.0.0-fr-xapi.zip"]
    assert sorted(p.name for p in dist.iterdir() if not p.name.startswith(".")) == [
        "course-000-1.0.0-en-web",  # another format, not built this time: kept
        "course-000-1.0.0-en-web.items.json", "course-000-1.0.0-fr-xapi.items.json",
        "course-000-1.0.0-fr-xapi.zip", "manifest.json"]
