"""Reproducible packages: the same bytes across runs, time zones, umasks and working folders."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from corpus_kit import make_courses, packages

FORMATS = ["scorm12", "xapi", "web"]


def cli_build(courses: Path, out: Path, cwd: Path, env: dict[str, str], umask: int) -> None:
    script = (f"import os, sys; os.umask({umask:#o}); from trainforge.cli import main; "
              "sys.argv[0] = 'trainforge'; main()")
    args = [sys.executable, "-c", script, "build", str(courses), "--out", str(out), "--jobs", "2",
            *(f"--format={f}" for f in FORMATS)]
    subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True, timeout=240)


def test_byte_identical_across_time_zones_umasks_and_folders(tmp_path: Path) -> None:
    courses = tmp_path / "src" / "courses"
    make_courses(courses, 2)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    (tmp_path / "elsewhere").mkdir()
    cli_build(courses, tmp_path / "a", tmp_path, {**env, "TZ": "UTC"}, 0o022)
    cli_build(courses, tmp_path / "b", tmp_path / "elsewhere",
              {**env, "TZ": "Pacific/Kiritimati", "LC_ALL": "C"}, 0o077)
    first, second = packages(tmp_path / "a"), packages(tmp_path / "b")
    assert first == second
    assert "manifest.json" in first and len([n for n in first if n.endswith(".zip")]) == 4
    for path in (tmp_path / "b").rglob("*"):  # the umask decided nothing
        assert path.stat().st_mode & 0o777 == (0o755 if path.is_dir() else 0o644), path


def test_zip_entries_are_sorted_stamped_and_hold_no_build_machine_data(tmp_path: Path) -> None:
    make_courses(tmp_path / "courses", 1)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    cli_build(tmp_path / "courses", tmp_path / "dist", tmp_path, env, 0o022)
    with zipfile.ZipFile(tmp_path / "dist" / "course-000-1.0.0-en-xapi.zip") as zf:
        infos = zf.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        blob = b"".join(zf.read(i) for i in infos)
    machine = [os.uname().nodename.encode()] if len(os.uname().nodename) > 6 else []
    for secret in (str(tmp_path).encode(), b"/root/", b"/home/", *machine):
        assert secret not in blob
