"""A build killed with SIGKILL at any moment never leaves a truncated package in dist/."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from corpus_kit import make_courses

COURSES = 24


def start(courses: Path, out: Path) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "trainforge.cli", "build", str(courses), "--out", str(out),
            "--format", "scorm12", "--format", "xapi", "--jobs", "2", "--force"]
    env = {**os.environ, "CI": "true"}  # plain log lines on stderr, one per package
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=env, start_new_session=True)


def kill_after(proc: subprocess.Popen[str], events: int) -> None:
    """SIGKILL the build (its workers too: the whole session) once it logged ``events`` lines."""
    assert proc.stderr is not None
    for seen, _line in enumerate(proc.stderr, start=1):
        if seen >= events:
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    proc.stderr.close()


def assert_every_package_whole(out: Path) -> int:
    zips = sorted(out.glob("*.zip"))
    for path in zips:
        with zipfile.ZipFile(path) as zf:  # a truncated zip has no central directory
            assert zf.testzip() is None, path
    assert not [p for p in out.iterdir() if p.suffix == ".zip" and p.name.startswith(".")]
    return len(zips)


@pytest.fixture(scope="module")
def courses(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("atomic") / "courses"
    make_courses(root, COURSES)
    return root


@pytest.mark.parametrize("events", [1, 2, 9, 2 * COURSES - 4, 2 * COURSES + 1])
def test_killed_build_leaves_only_whole_packages(courses: Path, tmp_path: Path,
                                                 events: int) -> None:
    out = tmp_path / "dist"
    first = start(courses, out)  # a complete build, so later kills interrupt replacements too
    assert first.wait(timeout=240) == 0
    assert assert_every_package_whole(out) == 2 * COURSES
    proc = start(courses, out)
    kill_after(proc, events)
    assert assert_every_package_whole(out) == 2 * COURSES
    rerun = start(courses, out)
    assert rerun.wait(timeout=240) == 0
    assert assert_every_package_whole(out) == 2 * COURSES
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]  # leftovers swept


def test_killed_first_build_leaves_no_package_at_all_or_whole_ones(courses: Path,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "dist"
    proc = start(courses, out)
    kill_after(proc, COURSES)
    assert_every_package_whole(out)
