"""build --against GIT_REF: a release named by the commit of its sources, read with git archive."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from corpus_kit import copy_example
from support.git import git

from trainforge.batch.build import build
from trainforge.commands.new import scaffold
from trainforge.errors import Severity, TrainforgeError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """minor-safety committed and tagged `v1` in a fresh repository."""
    repo = tmp_path / "repo"
    course = copy_example("minor-safety", repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "v1")
    git(repo, "tag", "v1")
    return course


def drop_last_final_question(course: Path) -> None:
    text = (course / "course.yaml").read_text()
    assert ", ms-q26]" in text
    (course / "course.yaml").write_text(text.replace(", ms-q26]", "]"))


def test_a_dropped_question_fails_against_the_release_tag_until_renamed(course: Path,
                                                                         tmp_path: Path) -> None:
    drop_last_final_question(course)
    with pytest.raises(TrainforgeError) as info:
        build([course], ["xapi"], tmp_path / "out", against="v1")
    [problem] = info.value.diagnostics
    assert problem.code == "republish.question-removed" and "ms-q26" in problem.message
    assert problem.location.path.endswith("minor-safety/course.yaml")
    with (course / "course.yaml").open("a") as handle:
        handle.write("renames:\n  - from: ms-q26\n")
    assert len(build([course], ["xapi"], tmp_path / "out", against="v1").packages) == 1
    assert git(course, "status", "--porcelain") == " M courses/minor-safety/course.yaml\n"


def test_unchanged_sources_pass_against_head(course: Path, tmp_path: Path) -> None:
    result = build([course], ["scorm12"], tmp_path / "out", against="HEAD")
    assert len(result.packages) == 1 and result.diagnostics == []


def test_a_course_new_since_the_ref_has_nothing_to_compare(course: Path, tmp_path: Path) -> None:
    new = course.parent / "fresh"
    scaffold(new)
    result = build([course, new], ["web"], tmp_path / "out", against="v1")
    assert len(result.packages) == 2 and result.diagnostics == []


def test_old_sources_that_do_not_build_are_a_warning(course: Path, tmp_path: Path) -> None:
    text = (course / "course.yaml").read_text()
    (course / "course.yaml").write_text(text.replace("id: ", "id: [", 1))
    git(course, "commit", "-qam", "broken")
    (course / "course.yaml").write_text(text)
    result = build([course], ["web"], tmp_path / "out", against="HEAD")
    [problem] = result.diagnostics
    assert problem.code == "against.unbuildable" and problem.severity is Severity.WARNING
    assert problem.message.startswith("the course at `HEAD` has errors (invalid YAML")
    with pytest.raises(TrainforgeError):
        build([course], ["web"], tmp_path / "strict", against="HEAD", strict=True)


@pytest.mark.parametrize("ref", ["no-such-tag", "--output=evil.tar", "v1:courses"])
def test_a_ref_that_names_no_commit_is_an_error(course: Path, tmp_path: Path, ref: str) -> None:
    with pytest.raises(TrainforgeError) as info:
        build([course], ["web"], tmp_path / "out", against=ref)
    [problem] = info.value.diagnostics
    assert problem.code == "against.not-found"
    assert problem.message.startswith(f"`{ref}` is neither a manifest.json file nor a commit")
    assert str(problem.location) == "--against"
    assert not (course.parent.parent / "evil.tar").exists()
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_links_out_of_the_tree_at_the_ref_are_not_followed(course: Path, tmp_path: Path) -> None:
    link = course / "media" / "evil.svg"
    link.symlink_to("/etc/passwd")
    (course / "media" / "up.svg").symlink_to("../../../../outside.svg")
    git(course, "add", "-A")
    git(course, "commit", "-qm", "links")
    link.unlink()
    (course / "media" / "up.svg").unlink()
    result = build([course], ["web"], tmp_path / "out", against="HEAD")
    assert len(result.packages) == 1 and result.diagnostics == []
    assert not (tmp_path / "outside.svg").exists()


def test_outside_git_a_missing_manifest_is_an_error(tmp_path: Path) -> None:
    scaffold(tmp_path / "c")
    with pytest.raises(TrainforgeError) as info:
        build([tmp_path / "c"], ["web"], tmp_path / "out", against="HEAD")
    assert info.value.diagnostics[0].code == "against.not-found"
    assert "is not in a git repository" in info.value.diagnostics[0].message


def test_cli_against_a_ref_exits_1_with_located_errors(course: Path, tmp_path: Path) -> None:
    drop_last_final_question(course)
    done = subprocess.run([sys.executable, "-m", "trainforge.cli", "build", str(course), "-f",
                           "xapi", "-o", str(tmp_path / "v2"), "--against", "v1"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    assert "course.yaml:" in done.stderr and "[republish.question-removed]" in done.stderr
