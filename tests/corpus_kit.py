"""Course folders for the build tests: the benchmark's generator, small, plus helpers."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("tf_bench_corpus", ROOT / "benchmarks" / "corpus.py")
assert _spec is not None and _spec.loader is not None
_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_corpus)


def make_courses(root: Path, count: int, lessons: int = 3, questions: int = 8) -> list[Path]:
    """``count`` small valid courses (course-000 …) under ``root``."""
    made: list[Path] = _corpus.generate(root, courses=count, lessons=lessons,
                                        questions=questions, images=1)
    return made


def digest_tree(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder`` by relative path (hidden files included)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def packages(folder: Path) -> dict[str, str]:
    """The packages (zips) and item files in ``folder``: the manifest's and the cache's
    siblings, without the cache file itself."""
    return {k: v for k, v in digest_tree(folder).items() if not k.startswith(".")}


def copy_example(name: str, repo: Path) -> Path:
    """An example course copied into ``repo/courses/``, with the policy registry it cites."""
    course = repo / "courses" / name
    shutil.copytree(ROOT / "courses" / name, course)
    if (ROOT / "policies").is_dir():
        shutil.copytree(ROOT / "policies", repo / "policies")
    return course


def text_only_course(root: Path) -> Path:
    """The benchmark's text-only course (lessons and one single-choice assessment) at ``root``."""
    made: Path = _corpus.write_text_only_course(root)
    return made
