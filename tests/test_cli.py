"""The CLI contract: exit codes 0/1/2, diagnostics as text or JSON, inspect --json, new, schema."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from trainforge.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_new_then_build(tmp_path: Path) -> None:
    code, out, _ = run("new", str(tmp_path / "my-course"))
    assert code == 0 and "course.yaml" in out
    code, out, _ = run("build", str(tmp_path / "my-course"), "--out", str(tmp_path / "dist"))
    assert code == 0
    assert (tmp_path / "dist" / "my-course-0.1.0-web" / "index.html").is_file()


def test_new_refuses_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    code, _, err = run("new", str(tmp_path / "x"))
    assert code == 1 and "folder exists and is not empty" in err
    assert (tmp_path / "x" / "keep.txt").read_text() == "mine"


def test_invalid_course_exits_1_with_located_errors(tmp_path: Path) -> None:
    run("new", str(tmp_path / "c"))
    (tmp_path / "c" / "course.yaml").write_text("id: c\ntitle: [\n")
    code, _, err = run("validate", str(tmp_path / "c"))
    assert code == 1
    assert "course.yaml:3:1: error: invalid YAML" in err
    assert "Traceback" not in err


def test_diagnostics_json(tmp_path: Path) -> None:
    run("new", str(tmp_path / "c"))
    (tmp_path / "c" / "course.yaml").write_text("id: c\n")
    code, out, _ = run("validate", str(tmp_path / "c"), "--diagnostics", "json")
    assert code == 1
    items = json.loads(out)
    assert {i["code"] for i in items} == {"schema.missing"}
    assert all(i["line"] == 1 and i["severity"] == "error" for i in items)


def test_diagnostics_github(tmp_path: Path) -> None:
    run("new", str(tmp_path / "c"))
    (tmp_path / "c" / "course.yaml").write_text("id: c\n")
    code, out, _ = run("validate", str(tmp_path / "c"), "--diagnostics", "github")
    assert code == 1
    assert out.startswith("::error file=") and ",line=1,col=1,title=schema.missing::" in out


def test_usage_error_exits_2() -> None:
    code, _, _ = run("build", "--format", "nope")
    assert code == 2
    code, _, _ = run("frobnicate")
    assert code == 2


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    run("new", str(tmp_path / "c"))
    (tmp_path / "c" / "lessons" / "99-orphan.md").write_text("---\nid: orphan\ntitle: O\n---\n")
    assert run("validate", str(tmp_path / "c"))[0] == 0
    code, _, err = run("validate", "--strict", str(tmp_path / "c"))
    assert code == 1 and "lesson.unused" in err


def test_inspect_json_contract() -> None:
    code, out, _ = run("inspect", str(ROOT / "courses" / "harassment-bullying"), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "hb-101"
    assert [p["kind"] for p in data["pages"]].count("assessment") >= 1
    assert {"id", "title", "kind", "module", "questions"} <= set(data["pages"][0])
    used = {q for p in data["pages"] for q in p["questions"]}
    steps = {s for q in data["questions"] for s in q.get("steps", [])}
    assert used | steps == {q["id"] for q in data["questions"]}  # a scenario's steps follow it
    keys = {
        "moderation_decision": {"id", "correct", "group"},
        "scenario_step": {"id", "correct", "next"},
    }
    for question in data["questions"]:
        kind = question["type"]
        if kind in {"matching", "ordering", "scenario"}:  # answered by pairs, order or steps
            assert question["options"] == []
            assert question[{"matching": "pairs", "ordering": "order", "scenario": "steps"}[kind]]
            continue
        assert kind in {"single_choice", "multiple_response", "true_false", *keys}
        assert any(o["correct"] for o in question["options"])
        assert all(set(o) == keys.get(kind, {"id", "correct"}) for o in question["options"])
    assert {q["type"] for q in data["questions"]} >= {"matching", "ordering", "scenario", *keys}


def test_schema_command_writes_files(tmp_path: Path) -> None:
    code, _, _ = run("schema", "--out", str(tmp_path))
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "course.schema.json", "lesson.schema.json", "policy.schema.json",
        "question-bank.schema.json"]
