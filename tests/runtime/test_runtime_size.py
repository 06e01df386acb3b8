"""The runtime a package ships stays small: player + its adapter + the theme's CSS ≤ 25 KB gzipped.

Measured on what packages actually ship (``runtime.size``): each example course and the text-only
course, packaged in memory in every format, so the player holds only the course's question types
and features and the xAPI adapter carries its course's configuration.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_kit import text_only_course
from runtime_courses import load

from trainforge.batch.options import BuildOptions
from trainforge.package import formats
from trainforge.pipeline import package_course
from trainforge.render.theme import load_theme
from trainforge.resolve import resolved
from trainforge.runtime.size import BUDGET, COURSE_TARGET, shipped_gzip

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.name for p in (ROOT / "courses").iterdir() if (p / "course.yaml").exists())
FORMATS = ("scorm12", "xapi", "web")


def shipped(course: resolved.Course, fmt: str) -> int:
    packager = formats.get(fmt)
    [package] = package_course(course, load_theme(), [packager], BuildOptions())
    return shipped_gzip(package.files, packager.adapter)


@pytest.fixture(scope="module")
def text_only(tmp_path_factory: pytest.TempPathFactory) -> resolved.Course:
    return load(text_only_course(tmp_path_factory.mktemp("text") / "text-only"))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_fits_the_budget(name: str, fmt: str) -> None:
    size = shipped(load(ROOT / "courses" / name), fmt)
    assert size <= BUDGET, f"{name} as {fmt}: the runtime ships {size} bytes gzipped"


@pytest.mark.parametrize("fmt", ["scorm12", "xapi"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_leaves_room_for_the_next_adapters(name: str, fmt: str) -> None:
    """Issue 12's target: 22 KB, so SCORM 2004 and cmi5 adapters fit under the budget."""
    assert shipped(load(ROOT / "courses" / name), fmt) <= COURSE_TARGET


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_text_only_course_fits_the_budget(text_only: resolved.Course, fmt: str) -> None:
    assert shipped(text_only, fmt) <= BUDGET
