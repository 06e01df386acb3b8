"""Progress: parseable key=value lines in CI and pipes; a rich bar only on a terminal."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from corpus_kit import make_courses

from trainforge.batch.build import build
from trainforge.batch.progress import Bar, LogLines, for_stream

LINE = re.compile(r"^trainforge-build( [a-z]+=\S+)+$")


def fields(line: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in line.split()[1:])


def test_log_lines_describe_every_package(tmp_path: Path) -> None:
    make_courses(tmp_path / "c", 2)
    stream = io.StringIO()
    build([tmp_path / "c"], ["scorm12", "xapi"], tmp_path / "d", reporter=LogLines(stream))
    lines = stream.getvalue().splitlines()
    assert all(LINE.match(line) for line in lines), lines
    events = [fields(line) for line in lines]
    assert events[0] == {"event": "plan", "total": "4", "cached": "0", "stale": "4"}
    built = [e for e in events if e["event"] == "built"]
    assert sorted(e["package"] for e in built) == [
        "course-000-1.0.0-en-scorm12.zip", "course-000-1.0.0-en-xapi.zip",
        "course-001-1.0.1-en-scorm12.zip", "course-001-1.0.1-en-xapi.zip"]
    assert [e["done"] for e in built] == ["1", "2", "3", "4"]
    assert events[-1]["event"] == "done" and events[-1]["built"] == "4"
    again = io.StringIO()
    build([tmp_path / "c"], ["scorm12", "xapi"], tmp_path / "d", reporter=LogLines(again))
    assert [fields(line)["event"] for line in again.getvalue().splitlines()] == ["plan", "done"]


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_and_ci_gets_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert isinstance(for_stream(Tty()), Bar)
    assert isinstance(for_stream(io.StringIO()), LogLines)
    monkeypatch.setenv("CI", "true")
    assert isinstance(for_stream(Tty()), LogLines)


def test_the_bar_runs_a_build(tmp_path: Path) -> None:
    make_courses(tmp_path / "c", 1)
    stream = Tty()
    build([tmp_path / "c"], ["xapi"], tmp_path / "d", reporter=Bar(stream))
    assert "1 built" in stream.getvalue()
