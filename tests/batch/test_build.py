"""The pipeline end to end: byte-identical rebuilds, nothing written when input is bad."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from corpus_kit import copy_example

from trainforge.batch.build import build
from trainforge.errors import TrainforgeError
from trainforge.package import formats

ROOT = Path(__file__).resolve().parents[2]
COURSES = ROOT / "courses"


def digest_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_examples_build_in_every_format_byte_identically(tmp_path: Path) -> None:
    names = formats.names()
    first = build([COURSES], names, tmp_path / "a")
    second = build([COURSES], names, tmp_path / "b")
    assert [p.name for p in first.packages] == [p.name for p in second.packages]
    assert len(first.packages) == 2 * len(names)
    assert digest_tree(tmp_path / "a") == digest_tree(tmp_path / "b")


def test_errors_leave_dist_untouched(tmp_path: Path) -> None:
    course = copy_example("minor-safety", tmp_path)
    out = tmp_path / "dist"
    build([course], ["web"], out)
    before = digest_tree(out)
    lesson = next((course / "lessons").glob("*.md"))
    lesson.write_text(lesson.read_text().replace("title:", "titel:", 1))
    with pytest.raises(TrainforgeError) as info:
        build([course], ["web"], out)
    assert any(d.code == "schema.unknown-key" for d in info.value.diagnostics)
    assert digest_tree(out) == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]  # no temporary leftovers
