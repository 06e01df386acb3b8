"""Bad input, as data: each scenario mutates the starter course and expects exact diagnostics."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from trainforge.batch.build import load_courses
from trainforge.commands.new import scaffold
from trainforge.errors import TrainforgeError

SCENARIOS = yaml.safe_load((Path(__file__).parent / "scenarios" / "bad_input.yaml").read_text())


def apply(root: Path, scenario: dict[str, Any]) -> None:
    for rel, text in scenario.get("files", {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    for rel, pairs in scenario.get("replace", {}).items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        for old, new in pairs.items():
            assert old in text, f"scenario text {old!r} not in {rel}"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")


def diagnostics_for(root: Path) -> list[str]:
    try:
        _, found = load_courses([root])
    except TrainforgeError as exc:
        found = exc.diagnostics
    return [str(d) for d in found]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario(scenario: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                  ) -> None:
    scaffold(tmp_path / "c")
    apply(tmp_path / "c", scenario)
    monkeypatch.chdir(tmp_path)
    assert sorted(diagnostics_for(Path("c"))) == sorted(scenario["expected"])


def test_starter_course_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scaffold(tmp_path / "c")
    monkeypatch.chdir(tmp_path)
    assert diagnostics_for(Path("c")) == []


def test_non_utf8_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scaffold(tmp_path / "c")
    (tmp_path / "c" / "lessons" / "01-welcome.md").write_bytes(
        b"---\nid: welcome\ntitle: Caf\xe9\n---\nText\n")
    monkeypatch.chdir(tmp_path)
    assert diagnostics_for(Path("c")) == [
        "c/lessons/01-welcome.md:3:11: error: file is not valid UTF-8 (byte 0xe9) "
        "(save it as UTF-8) [source.encoding]",
    ]


def test_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scaffold(tmp_path / "c")
    bank = tmp_path / "c" / "questions" / "big.yaml"
    bank.write_bytes(b"# " + b"x" * (1024 * 1024) + b"\n")
    monkeypatch.chdir(tmp_path)
    size = os.path.getsize(bank)
    assert diagnostics_for(Path("c")) == [
        f"c/questions/big.yaml: error: file is {size} bytes; the limit is 1048576 bytes "
        "(1 MiB) (split it into smaller files) [source.too-large]",
    ]


def test_symlink_out_of_course_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    scaffold(tmp_path / "c")
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "c" / "media" / "leak.svg").symlink_to(tmp_path / "secret.txt")
    monkeypatch.chdir(tmp_path)
    assert diagnostics_for(Path("c")) == [
        "c/media/leak.svg: error: symbolic link points outside the course folder [asset.escape]",
    ]
