"""load/git.py: the one way trainforge runs git and finds a repository's top."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from support.git import git

from trainforge.errors import TrainforgeError
from trainforge.load.git import (
    changed_files,
    git_lines,
    git_text,
    repository,
    repository_top,
    safe_member,
    up_to_repository,
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    top = tmp_path / "top"
    (top / "a" / "b").mkdir(parents=True)
    git(top, "init", "-q")
    for n in range(3):
        (top / "a" / f"{n}.txt").write_text(str(n), encoding="utf-8")
        git(top, "add", "-A")
        git(top, "commit", "-qm", f"commit {n}")
    return top


def test_the_repository_is_the_nearest_folder_with_git(repo: Path, tmp_path: Path) -> None:
    assert repository(repo / "a" / "b") == repo.resolve()
    assert repository(tmp_path) is None
    (repo / "a" / ".git").write_text("gitdir: elsewhere\n", encoding="utf-8")  # a worktree's
    assert repository(repo / "a" / "b") == (repo / "a").resolve()


def test_upward_searches_stop_at_the_repository_top(repo: Path) -> None:
    assert list(up_to_repository(repo / "a" / "b")) == [
        (repo / "a" / "b").resolve(), (repo / "a").resolve(), repo.resolve()]


def test_outside_a_repository_the_top_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(TrainforgeError) as caught:
        repository_top(tmp_path)
    assert [d.code for d in caught.value.diagnostics] == ["git.failed"]


def test_git_lines_stream_and_stop_when_the_reader_leaves(repo: Path) -> None:
    with git_lines(repo, "log", "--format=%s") as lines:
        first = next(iter(lines))
    assert first == "commit 2\n"


def test_without_git_there_are_no_lines(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "a" / "b"))  # a folder with no git in it
    with git_lines(repo, "log") as lines:
        assert list(lines) == []


def test_a_failing_git_is_a_git_failed_error_quoting_git(repo: Path) -> None:
    with pytest.raises(TrainforgeError) as caught:
        git_text(repo, "rev-parse", "--verify", "--end-of-options", "no-such-ref")
    (found,) = caught.value.diagnostics
    assert found.code == "git.failed"
    assert found.message.startswith("fatal:")  # git's own last line


def test_a_ref_is_never_read_as_an_option(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "written"
    with pytest.raises(TrainforgeError):
        changed_files(repo, f"--output={target}")
    assert not target.exists()


def test_changed_files_include_edits_and_untracked_files(repo: Path) -> None:
    (repo / "a" / "0.txt").write_text("edited", encoding="utf-8")
    (repo / "a" / "new.txt").write_text("new", encoding="utf-8")
    assert changed_files(repo, "HEAD") == {repo / "a" / "0.txt", repo / "a" / "new.txt"}
    assert changed_files(repo, "HEAD~2") >= {repo / "a" / "1.txt", repo / "a" / "2.txt"}


def test_what_the_data_filter_refuses_is_skipped(tmp_path: Path) -> None:
    link = tarfile.TarInfo("courses/c/media/evil.svg")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    climb = tarfile.TarInfo("../outside.svg")
    plain = tarfile.TarInfo("courses/c/course.yaml")
    assert safe_member(link, str(tmp_path)) is None
    assert safe_member(climb, str(tmp_path)) is None
    assert safe_member(plain, str(tmp_path)) is not None
