"""Mistakes a new author makes, through the CLI: exit code, located diagnostic, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainforge.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The starter course in ``c``, with the working directory its parent (short paths)."""
    monkeypatch.chdir(tmp_path)
    assert run("new", "c")[0] == 0
    return tmp_path / "c"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# -- YAML 1.1 words -----------------------------------------------------------------------------
def test_yaml_1_1_boolean_words_stay_text(course: Path) -> None:
    edit(course / "course.yaml", "language: en", "language: no")
    edit(course / "course.yaml", "title: New policy course", "title: Yes")
    code, out, _ = run("inspect", "c", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["language"], data["title"]) == ("no", "Yes")


@pytest.mark.parametrize(("answer", "message"), [
    ("no", "`no` is text, not a boolean; write true or false (YAML 1.2)"),
    ('"false"', '`"false"` is quoted text; write false without quotes'),
])
def test_true_false_answer_is_true_or_false(course: Path, answer: str, message: str) -> None:
    edit(course / "questions" / "bank.yaml", "answer: true", f"answer: {answer}")
    code, _, err = run("validate", "c")
    assert code == 1
    assert f"c/questions/bank.yaml:19:13: error: `questions[1].answer`: {message}" in err
