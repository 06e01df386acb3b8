"""The policy registry: citations resolve, stale pins warn, and a "What changed" page appears."""

from __future__ import annotations

from pathlib import Path

import pytest
from policy_fixture import POLICY, edit, make_repo

from trainforge.batch.build import load_courses
from trainforge.commands.inspect_course import inspect_course
from trainforge.errors import TrainforgeError
from trainforge.render.site import render
from trainforge.render.theme import load_theme


def messages(root: Path) -> list[str]:
    try:
        return [str(d) for d in load_courses([root])[1]]
    except TrainforgeError as exc:
        return [str(d) for d in exc.diagnostics]


def test_citations_reach_inspect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    courses, found = load_courses([Path("courses")])
    assert found == []
    data = inspect_course(courses[0])
    assert data["policies"] == [{"id": "hb", "title": "Harassment & Bullying", "version": 2,
                                 "effective": "2026-09-01", "clauses": ["HB-1", "HB-3.2"]}]
    q_apply = next(q for q in data["questions"] if q["id"] == "q-apply")
    assert q_apply["clauses"] == ["HB-3.2"]
    assert data["pages"][0]["clauses"] == ["HB-1"]


def test_unknown_and_removed_clauses_are_located_errors(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    course = make_repo(tmp_path)
    edit(course / "questions" / "bank.yaml", "cites: [HB-3.2]", "cites: [HB-3.3, HB-9]")
    monkeypatch.chdir(tmp_path)
    assert messages(Path("courses")) == [
        "courses/c/questions/bank.yaml:7:13: error: unknown policy clause `HB-3.3` "
        "(did you mean `HB-3.2`?) [policy.unknown-clause]",
        "courses/c/questions/bank.yaml:7:21: error: clause `HB-9` was removed from the policy: "
        "Merged into HB-3.2 [policy.clause-removed]",
    ]


def test_pin_to_superseded_version_warns_with_what_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    course = make_repo(tmp_path)
    edit(course / "questions" / "bank.yaml", "cites: [HB-3.2]", "cites: [HB-3.2@1]")
    monkeypatch.chdir(tmp_path)
    assert messages(Path("courses")) == [
        "courses/c/questions/bank.yaml:7:13: warning: `HB-3.2@1` cites version 1; the policy is "
        "at version 2 (v2 changed it: Now covers former public figures) (review the text and "
        "cite `HB-3.2@2`) [policy.superseded]",
    ]


def test_pin_to_future_version_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    course = make_repo(tmp_path)
    edit(course / "questions" / "bank.yaml", "cites: [HB-3.2]", "cites: [HB-3.2@7]")
    monkeypatch.chdir(tmp_path)
    assert messages(Path("courses")) == [
        "courses/c/questions/bank.yaml:7:13: error: `HB-3.2@7` pins version 7, but policy `hb` "
        "is at version 2 [policy.version]",
    ]


def test_invalid_policy_file_is_reported_without_cascade(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_repo(tmp_path)
    (tmp_path / "policies" / "hb.yaml").write_text(POLICY.replace("version: 2\n", "version: 3\n",
                                                                  1))
    monkeypatch.chdir(tmp_path)
    assert messages(Path("courses")) == [
        "policies/hb.yaml:1:1: error: `(top level)`: the changelog's newest version is 2, but "
        "`version` is 3 [schema.value-error]",
    ]


def test_what_changed_page_opens_a_course_released_against_an_older_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_repo(tmp_path, released=1)
    monkeypatch.chdir(tmp_path)
    courses, _ = load_courses([Path("courses")])
    course = courses[0]
    assert course.pages[0].id == "what-changed"
    html = render(course, load_theme())["index.html"].decode()
    page = html[html.index('data-tf-page="what-changed"'):html.index('data-tf-page="welcome"')]
    assert "HB-3.2 Private individuals</strong> — changed: Now covers former public figures" in page
    assert "HB-9</strong> — removed: Merged into HB-3.2" in page


def test_no_what_changed_page_when_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    make_repo(tmp_path, released=2)
    monkeypatch.chdir(tmp_path)
    courses, _ = load_courses([Path("courses")])
    assert courses[0].pages[0].id == "welcome"
