"""Package timestamps and commits: SOURCE_DATE_EPOCH, else the course's last commit, else 1980."""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from corpus_kit import make_courses

from trainforge.batch.build import build
from trainforge.batch.provenance import Commit, last_commits
from trainforge.write.archive import ZIP_EPOCH_SECONDS


def git(repo: Path, *args: str, when: int = 0) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"}
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    make_courses(tmp_path / "courses", 2)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "courses/course-000")
    git(tmp_path, "commit", "-qm", "first", when=1_600_000_000)
    git(tmp_path, "add", "courses/course-001")
    git(tmp_path, "commit", "-qm", "second", when=1_700_000_000)
    return tmp_path


def test_each_course_gets_the_last_commit_that_touched_it(repo: Path) -> None:
    commits = last_commits(sorted((repo / "courses").iterdir()))
    first = commits[(repo / "courses" / "course-000").resolve()]
    second = commits[(repo / "courses" / "course-001").resolve()]
    assert (first.time, second.time) == (1_600_000_000, 1_700_000_000)
    assert second.sha == git(repo, "rev-parse", "HEAD") and first.sha != second.sha


def test_zip_timestamps_and_manifest_follow_the_commit(repo: Path) -> None:
    result = build([repo / "courses"], ["xapi"], repo / "dist")
    with zipfile.ZipFile(result.packages[0]) as zf:
        assert zf.infolist()[0].date_time == (2020, 9, 13, 12, 26, 40)
    manifest = (repo / "dist" / "manifest.json").read_text()
    assert git(repo, "rev-parse", "HEAD") in manifest


def test_a_new_commit_rebuilds_only_its_course(repo: Path) -> None:
    build([repo / "courses"], ["xapi"], repo / "dist")
    lesson = repo / "courses" / "course-000" / "lessons" / "01.md"
    lesson.write_text(lesson.read_text() + "\nMore.\n")
    git(repo, "commit", "-qam", "third", when=1_800_000_000)
    result = build([repo / "courses"], ["xapi"], repo / "dist")
    assert [p.name for p in result.built] == ["course-000-1.0.0-en-xapi.zip"]


def test_source_date_epoch_wins(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert Commit("abc", 1_700_000_000).epoch() == 1234567890


def test_outside_git_the_time_is_1980(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    make_courses(tmp_path / "c", 1)
    commits = last_commits([tmp_path / "c" / "course-000"])
    assert list(commits.values()) == [Commit()]
    assert Commit().epoch() == ZIP_EPOCH_SECONDS
    result = build([tmp_path / "c"], ["xapi"], tmp_path / "dist")
    with zipfile.ZipFile(result.packages[0]) as zf:
        assert zf.infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)
