"""The benchmark's generated corpus is valid: `make bench` measures builds, not errors."""

from __future__ import annotations

from pathlib import Path

from corpus_kit import make_courses

from trainforge.batch.build import load_courses


def test_generated_courses_validate_without_warnings(tmp_path: Path) -> None:
    make_courses(tmp_path, 3, lessons=10, questions=30)
    courses, warnings = load_courses([tmp_path])
    assert len(courses) == 3 and warnings == []
    assert [len(c.questions) for c in courses] == [30, 30, 30]
    assert all(len(c.assets) >= 1 for c in courses)
