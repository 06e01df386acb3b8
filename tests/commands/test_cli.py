"""The CLI contract: exit codes 0/1/2, diagnostics as text or JSON, inspect --json, new, schema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from trainforge.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_new_then_build(tmp_path: Path) -> None:
    code, out, _ = run("new", str(tmp_path / "my-course"))
    assert code == 0 and "course.yaml" in out
    code, out, _ = run("build", str(tmp_path / "my-course"), "--out", str(tmp_path / "dist"))
    assert code == 0
    assert (tmp_path / "dist" / "my-course-0.1.0-en-web" / "index.html").is_file()


MODELINE = "# yaml-language-server: $schema="
FORMATS = ("-f", "web", "-f", "scorm12", "-f", "xapi")


def _builds_cleanly(course: Path, out: Path) -> None:
    """The starter validates with zero warnings under --strict and builds in every format."""
    code, out_text, err = run("validate", "--strict", str(course))
    assert code == 0 and "0 warning(s)" in out_text + err, err
    code, _, err = run("build", str(course), "--strict", "--out", str(out), *FORMATS)
    assert code == 0, err
    stem = f"{course.name}-0.1.0-en"
    assert (out / f"{stem}-web" / "index.html").is_file()
    code, _, err = run("check", "--strict", str(out / f"{stem}-scorm12.zip"),
                       str(out / f"{stem}-xapi.zip"))
    assert code == 0, err


def test_new_in_a_repository_cites_its_registry_and_resolves_its_schemas(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    course = tmp_path / "courses" / "new-one"
    assert run("new", str(course))[0] == 0
    assert not (course / "policies").exists()  # the repository's registry is the one cited
    for rel, name in (("course.yaml", "course"), ("questions/bank.yaml", "question-bank"),
                      ("questions/decisions.yaml", "question-bank")):
        first = (course / rel).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(MODELINE)
        target = (course / rel).parent / first.removeprefix(MODELINE)
        assert target.resolve() == tmp_path / "schemas" / f"{name}.schema.json"
    assert "cites: [HB-1]" in (course / "lessons" / "01-welcome.md").read_text(encoding="utf-8")
    bank = (course / "questions" / "decisions.yaml").read_text(encoding="utf-8")
    assert "type: moderation_decision" in bank and "policy: hb" in bank
    _builds_cleanly(course, tmp_path / "dist")


def test_new_without_a_registry_brings_its_own(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # no schemas/ nor policies/ in this repository
    course = tmp_path / "c"
    assert run("new", str(course))[0] == 0
    assert (course / "policies" / "example.yaml").is_file()
    first = (course / "course.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# For editor checks, run `trainforge schema")  # no schemas/ above
    assert "cites: [EX-1]" in (course / "lessons" / "01-welcome.md").read_text(encoding="utf-8")
    _builds_cleanly(course, tmp_path / "dist")


def test_new_takes_id_and_title(tmp_path: Path) -> None:
    code, _, _ = run("new", str(tmp_path / "folder"), "--id", "hb-201", "--title", 'A "new" one')
    assert code == 0
    code, out, _ = run("inspect", str(tmp_path / "folder"), "--json")
    assert code == 0
    assert (json.loads(out)["id"], json.loads(out)["title"]) == ("hb-201", 'A "new" one')


def test_new_refuses_a_bad_id(tmp_path: Path) -> None:
    code, _, err = run("new", str(tmp_path / "x"), "--id", "Bad_Id")
    assert code == 1 and "[new.id]" in err and "course id `Bad_Id` is not valid" in err
    assert "Traceback" not in err and not (tmp_path / "x").exists()


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
        assert kind in {"single_choice", "multiple_response", "true_false", "highlight", *keys}
        assert any(o["correct"] for o in question["options"])
        assert all(set(o) == keys.get(kind, {"id", "correct"}) for o in question["options"])
    assert {q["type"] for q in data["questions"]} >= {"matching", "ordering", "scenario", *keys}


def test_schema_command_writes_files(tmp_path: Path) -> None:
    code, _, _ = run("schema", "--out", str(tmp_path))
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "course.schema.json", "lesson.schema.json", "policy.schema.json",
        "question-bank.schema.json"]


def test_inspect_json_gives_an_object_per_course_and_an_array_for_several(tmp_path: Path) -> None:
    code, out, _ = run("inspect", str(ROOT / "courses"), "--json")
    assert code == 0
    data = json.loads(out)
    assert [c["id"] for c in data] == ["hb-101", "ms-101"]  # sorted by folder path
    run("new", str(tmp_path / "one" / "only"))
    code, out, _ = run("inspect", str(tmp_path / "one"), "--json")  # a folder with one course
    assert code == 0 and json.loads(out)["id"] == "only"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    contract = " ".join(readme.split("### `trainforge inspect PATH --json`", 1)[1]
                        .split("\n## ", 1)[0].split())
    assert "a folder holding a single course — the output is that course's object" in contract
    assert "it is an array of those objects, one per course, sorted by folder path" in contract
