"""`trainforge impact`: a policy release or the commits since a git ref → affected items."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from policy_fixture import edit, make_repo

from trainforge.cli import main


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_repo(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "-c", "user.email=t@example.org", "-c", "user.name=t", "add", "-A")
    git(tmp_path, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "v1")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def impact(*args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["impact", *args, "--json"])
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


def test_release_lists_items_citing_its_clauses(repo: Path) -> None:
    found = impact("hb@2")
    assert [(h["kind"], h["id"], h["clauses"]) for h in found] == [
        ("course", "c", ["HB-3.2"]), ("page", "applying", ["HB-3.2"]),  # its knowledge check
        ("page", "final", ["HB-3.2"]), ("question", "q-apply", ["HB-3.2"])]


def test_whole_policy(repo: Path) -> None:
    assert {h["id"] for h in impact("hb")} == {"c", "welcome", "applying", "final", "q-apply"}


def test_since_a_commit_that_changed_a_clause(repo: Path) -> None:
    edit(repo / "policies" / "hb.yaml", "summary: Stronger protection.",
         "summary: Stronger protection for everyone.")
    git(repo, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qam", "v2")
    found = impact("--since", "HEAD~1")
    assert [(h["course"], h["kind"], h["id"]) for h in found] == [
        ("c", "course", "c"), ("c", "page", "applying"), ("c", "page", "final"),
        ("c", "question", "q-apply")]
    assert impact("--since", "HEAD") == []


def test_since_includes_courses_whose_files_changed(repo: Path) -> None:
    edit(repo / "courses" / "c" / "lessons" / "02-applying.md", "Read the whole", "Read all of")
    found = impact("--since", "HEAD")
    assert [(h["kind"], h["id"]) for h in found] == [("course", "c")]


def test_unknown_policy_and_bad_ref_exit_1(repo: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["impact", "nope"])
    assert result.exit_code == 1 and "unknown policy `nope` (known: hb)" in result.stderr
    result = runner.invoke(main, ["impact", "--since", "no-such-ref"])
    assert result.exit_code == 1 and "git.failed" in result.stderr
    assert runner.invoke(main, ["impact"]).exit_code == 2


def test_build_changed_since_builds_only_affected_courses(repo: Path) -> None:
    from trainforge.commands.new import scaffold

    scaffold(repo / "courses" / "other")  # cites no clause
    git(repo, "-c", "user.email=t@example.org", "-c", "user.name=t", "add", "-A")
    git(repo, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "other")
    edit(repo / "policies" / "hb.yaml", "title: Harassment & Bullying",
         "title: Harassment and bullying")  # shown in c's packages, not in other's
    result = CliRunner().invoke(main, ["build", "--changed-since", "HEAD", "--out", "dist",
                                       "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (repo / "dist").iterdir() if not p.name.startswith(".")
                  and p.name != "manifest.json" and not p.name.endswith(".json")) == [
        "c-0.1.0-en-web"]
    assert "1 course(s) affected since HEAD." in result.stderr


def test_table_has_the_documented_columns(repo: Path) -> None:
    result = CliRunner().invoke(main, ["impact", "hb"])
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["course", "kind", "id", "changed", "title"]
    row = next(r.split() for r in rows if " q-apply " in r)
    assert row[:4] == ["c", "question", "q-apply", "HB-3.2"]
