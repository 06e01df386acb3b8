"""`build --changed-since` and `impact --since` on registry edits that change packages.

Each case commits one policy edit in a real repository and checks that `--changed-since HEAD~1`
builds exactly the packages whose bytes a full build changes (compared with a full build before
the edit), and that `impact --since HEAD~1` names the course, page and question showing it.
Courses: `c` offers HB-5 only as a wrong option of a moderation decision; `u` cites HB-1 only;
`o` uses another policy.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from policy_fixture import edit, make_repo

from trainforge.cli import main
from trainforge.commands.new import scaffold

DECISION = """\
  - id: mod-5
    type: moderation_decision
    prompt: A reply posting someone's street name.
    policy: hb
    objectives: [obj-apply]
    sample:
      kind: text
      text: "[street name of a private person]"
      description: A reply naming the street where a private person lives.
    actions:
      - {action: remove, correct: true}
      - {action: leave-up}
    clauses:
      - {clause: HB-3.2, correct: true}
      - {clause: HB-5}
"""

OTHER_POLICY = """\
id: ot
title: Other
version: 1
effective: 2025-01-01
clauses:
  - {id: OT-1, title: Other scope, summary: Another policy.}
"""


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.email=t@example.org", "-c",
                    "user.name=t", *args], check=True, capture_output=True)


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def cite(course: Path, clause: str) -> None:
    edit(course / "lessons" / "01-welcome.md", "objectives: [obj-apply]",
         f"objectives: [obj-apply]\ncites: [{clause}]")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    c = make_repo(tmp_path)
    policy = tmp_path / "policies" / "hb.yaml"
    edit(policy, "  - {id: HB-3.2,", "  - {id: HB-5, title: Doxxing, summary: Addresses.}\n"
         "  - {id: HB-3.2,")
    (c / "questions" / "bank.yaml").write_text((c / "questions" / "bank.yaml").read_text()
                                                + DECISION)
    edit(c / "course.yaml", "questions: [q-apply, q-context]",
         "questions: [q-apply, q-context, mod-5]")
    scaffold(tmp_path / "courses" / "u")
    cite(tmp_path / "courses" / "u", "HB-1")
    (tmp_path / "policies" / "ot.yaml").write_text(OTHER_POLICY)
    scaffold(tmp_path / "courses" / "o")
    cite(tmp_path / "courses" / "o", "OT-1")
    git(tmp_path, "init", "-q")
    commit(tmp_path, "v1")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(*args: str) -> list[str]:
    """The names of the packages a scorm12 build wrote."""
    result = CliRunner().invoke(main, ["build", "-f", "scorm12", "--jobs", "1", *args])
    assert result.exit_code == 0, result.output
    return sorted(Path(line).name for line in result.stdout.splitlines())


def digests(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.glob("*.zip")}


def changed_packages(repo: Path, change: str) -> tuple[list[str], list[str]]:
    """Commit ``change`` (a function of the repo); the packages whose bytes it changes, and
    those ``--changed-since HEAD~1`` builds."""
    build("--out", "before")
    CHANGES[change](repo)
    commit(repo, change)
    build("--out", "after")
    before, after = digests(repo / "before"), digests(repo / "after")
    differ = sorted(name for name in after if before.get(name) != after[name])
    return differ, build("--changed-since", "HEAD~1", "--out", "changed")


def retitle_wrong_option(repo: Path) -> None:
    edit(repo / "policies" / "hb.yaml", "title: Doxxing", "title: Publishing addresses")


def rename_wrong_option(repo: Path) -> None:
    edit(repo / "policies" / "hb.yaml", "{id: HB-5,", "{id: HB-6,")
    edit(repo / "courses" / "c" / "questions" / "bank.yaml", "{clause: HB-5}", "{clause: HB-6}")


def relabel_action(repo: Path) -> None:
    edit(repo / "policies" / "hb.yaml", "label: Remove}", "label: Remove the content}")


def retitle_policy(repo: Path) -> None:
    edit(repo / "policies" / "hb.yaml", "title: Harassment & Bullying",
         "title: Harassment and bullying")


CHANGES = {f.__name__: f for f in (retitle_wrong_option, rename_wrong_option, relabel_action,
                                   retitle_policy)}
REBUILT = {"retitle_wrong_option": ["c"], "rename_wrong_option": ["c"],
           "relabel_action": ["c"], "retitle_policy": ["c", "u"]}
SHOWN = {"retitle_wrong_option": ("clauses", ["HB-5"]), "rename_wrong_option": ("clauses",
                                                                                ["HB-6"]),
         "relabel_action": ("actions", ["hb/remove"]), "retitle_policy": ("policies", ["hb"])}


@pytest.mark.parametrize("change", list(CHANGES))
def test_changed_since_builds_exactly_the_packages_whose_bytes_change(repo: Path,
                                                                     change: str) -> None:
    differ, built = changed_packages(repo, change)
    assert [name.split("-")[0] for name in differ] == REBUILT[change]  # the edit shows
    assert built == differ


@pytest.mark.parametrize("change", list(CHANGES))
def test_impact_since_names_the_course_page_and_question(repo: Path, change: str) -> None:
    CHANGES[change](repo)
    commit(repo, change)
    result = CliRunner().invoke(main, ["impact", "--since", "HEAD~1", "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    field, shown = SHOWN[change]
    named = {(h["course"], h["kind"], h["id"]) for h in found if h[field] == shown}
    assert {("c", "course", "c"), ("c", "page", "final"), ("c", "question", "mod-5")} <= named
    assert "o" not in {h["course"] for h in found}
    if change != "retitle_policy":
        assert "u" not in {h["course"] for h in found}


def test_an_edit_no_package_shows_builds_nothing_but_is_named_for_review(repo: Path) -> None:
    edit(repo / "policies" / "hb.yaml", "summary: Addresses.", "summary: Home addresses.")
    commit(repo, "summary")
    assert build("--changed-since", "HEAD~1", "--out", "changed") == []
    found = CliRunner().invoke(main, ["impact", "--since", "HEAD~1", "--json"]).stdout
    assert {(h["kind"], h["id"]) for h in json.loads(found)} == {
        ("course", "c"), ("page", "final"), ("question", "mod-5")}


def test_a_changed_theme_rebuilds_every_course(repo: Path) -> None:
    (repo / "theme").mkdir()
    (repo / "theme" / "extra.css").write_text("body {}\n")
    commit(repo, "theme")
    (repo / "theme" / "extra.css").write_text("body { margin: 0 }\n")
    commit(repo, "theme 2")
    built = build("--changed-since", "HEAD~1", "--theme", "theme", "--out", "changed")
    assert [name.split("-")[0] for name in built] == ["c", "o", "u"]
