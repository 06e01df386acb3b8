"""The build cache: a no-op rebuild parses nothing; a change rebuilds exactly what it affects."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from corpus_kit import copy_example, make_courses

from trainforge import pipeline
from trainforge.batch.build import build
from trainforge.batch.cache import CACHE_FILE, BuildCache
from trainforge.batch.options import BuildOptions
from trainforge.errors import TrainforgeError

FORMATS = ["scorm12", "xapi"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    make_courses(tmp_path / "courses", 3)
    build([tmp_path / "courses"], FORMATS, tmp_path / "dist")
    return tmp_path


def built(corpus: Path, **kwargs: Any) -> list[str]:
    result = build([corpus / "courses"], FORMATS, corpus / "dist", **kwargs)
    return sorted(p.name for p in result.built)


def test_noop_rebuild_loads_no_course(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("a course was loaded on a no-op rebuild")

    monkeypatch.setattr(pipeline, "load", refuse)
    result = build([corpus / "courses"], FORMATS, corpus / "dist")
    assert not result.built
    assert len(result.cached) == len(result.packages) == 6


HEAVY = ("pydantic", "jinja2", "markdown_it", "lxml")
NOOP = f"""
import sys
from trainforge.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    assert done.code in (0, None), done.code
print(",".join(m for m in {HEAVY!r} if m in sys.modules) or "none")
"""


def test_noop_cli_build_never_imports_the_compiler(corpus: Path) -> None:
    """A no-op build is planning and hashing: templates, Markdown and models stay unloaded."""
    done = subprocess.run([sys.executable, "-c", NOOP, "build", str(corpus / "courses"),
                           "-f", "scorm12", "-f", "xapi", "-o", str(corpus / "dist")],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.splitlines()[-1] == "none"
    assert "built=0 cached=6" in done.stderr


def test_changing_one_lesson_rebuilds_that_course_in_every_format(corpus: Path) -> None:
    lesson = corpus / "courses" / "course-001" / "lessons" / "02.md"
    lesson.write_text(lesson.read_text() + "\nOne more paragraph.\n")
    assert built(corpus) == ["course-001-1.0.1-en-scorm12.zip", "course-001-1.0.1-en-xapi.zip"]
    assert built(corpus) == []


def test_changing_media_rebuilds_that_course(corpus: Path) -> None:
    (corpus / "courses" / "course-002" / "media" / "figure-0.svg").write_text("<svg/>\n")
    assert built(corpus) == ["course-002-1.0.2-en-scorm12.zip", "course-002-1.0.2-en-xapi.zip"]


def test_changing_the_theme_rebuilds_everything(corpus: Path) -> None:
    theme = corpus / "theme"
    (theme / "static").mkdir(parents=True)
    (theme / "static" / "brand.css").write_text("body { color: #123; }\n")
    assert len(built(corpus, theme_dir=theme)) == 6
    assert built(corpus, theme_dir=theme) == []
    (theme / "static" / "brand.css").write_text("body { color: #456; }\n")
    assert len(built(corpus, theme_dir=theme)) == 6


def test_changing_options_rebuilds_what_they_reach(corpus: Path) -> None:
    options = BuildOptions(xapi_base_iri="https://lms.example.com/courses")
    assert len(built(corpus, options=options)) == 6  # every option is part of every key


def test_force_rebuilds_everything_identically(corpus: Path) -> None:
    before = (corpus / "dist" / "course-000-1.0.0-en-xapi.zip").read_bytes()
    assert len(built(corpus, force=True)) == 6
    assert (corpus / "dist" / "course-000-1.0.0-en-xapi.zip").read_bytes() == before


def test_a_damaged_or_missing_output_is_rebuilt(corpus: Path) -> None:
    dist = corpus / "dist"
    (dist / "course-000-1.0.0-en-xapi.zip").write_bytes(b"not a zip")
    (dist / "course-001-1.0.1-en-scorm12.zip").unlink()
    (dist / "course-002-1.0.2-en-scorm12.items.json").unlink()
    assert built(corpus) == ["course-000-1.0.0-en-xapi.zip", "course-001-1.0.1-en-scorm12.zip",
                             "course-002-1.0.2-en-scorm12.zip"]


def test_a_damaged_cache_file_only_costs_a_rebuild(corpus: Path) -> None:
    (corpus / "dist" / CACHE_FILE).write_text("{not json")
    assert len(built(corpus)) == 6
    assert BuildCache.load(corpus / "dist").entries


def test_a_new_version_replaces_the_old_package(corpus: Path) -> None:
    course = corpus / "courses" / "course-000" / "course.yaml"
    course.write_text(course.read_text().replace("version: 1.0.0", "version: 1.1.0"))
    assert built(corpus) == ["course-000-1.1.0-en-scorm12.zip", "course-000-1.1.0-en-xapi.zip"]
    names = {p.name for p in (corpus / "dist").iterdir()}
    assert "course-000-1.1.0-en-xapi.zip" in names
    assert not [n for n in names if n.startswith("course-000-1.0.0")]


def test_cached_warnings_are_replayed_and_strict_still_fails(tmp_path: Path) -> None:
    course = copy_example("minor-safety", tmp_path)
    (course / "lessons" / "99-spare.md").write_text("---\nid: spare\ntitle: Spare\n---\nText.\n")
    first = build([course], ["xapi"], tmp_path / "dist")
    codes = [d.code for d in first.diagnostics]
    assert "lesson.unused" in codes
    again = build([course], ["xapi"], tmp_path / "dist")
    assert not again.built
    assert [d.code for d in again.diagnostics] == codes
    with pytest.raises(TrainforgeError):
        build([course], ["xapi"], tmp_path / "dist", strict=True)


def test_changing_the_policy_registry_rebuilds_its_courses(corpus: Path) -> None:
    from policy_fixture import POLICY

    (corpus / "policies").mkdir()
    (corpus / "policies" / "hb.yaml").write_text(POLICY)
    assert len(built(corpus)) == 6
    assert built(corpus) == []
    (corpus / "policies" / "hb.yaml").write_text(POLICY.replace("Stronger", "More"))
    assert len(built(corpus)) == 6


def test_folder_packages_are_cached_and_checked_too(corpus: Path) -> None:
    first = build([corpus / "courses"], ["web"], corpus / "web")
    assert len(first.built) == 3
    assert not build([corpus / "courses"], ["web"], corpus / "web").built
    (corpus / "web" / "course-001-1.0.1-en-web" / "index.html").write_text("tampered")
    again = build([corpus / "courses"], ["web"], corpus / "web")
    assert [p.name for p in again.built] == ["course-001-1.0.1-en-web"]
