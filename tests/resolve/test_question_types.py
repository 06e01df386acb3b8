"""The policy question types, pools, sensitive samples and attestation through resolve, render
and inspect; and their bad inputs as located errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from policy_fixture import add_rich_content, edit, make_repo

from trainforge.batch.build import load_courses
from trainforge.commands.inspect_course import inspect_course
from trainforge.errors import TrainforgeError
from trainforge.render.site import render
from trainforge.render.theme import load_theme


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_repo(tmp_path)
    add_rich_content(root)
    monkeypatch.chdir(tmp_path)
    return Path("courses/c")


def messages(root: Path) -> list[str]:
    try:
        return [str(d) for d in load_courses([root])[1]]
    except TrainforgeError as exc:
        return [str(d) for d in exc.diagnostics]


def test_inspect_exposes_every_type_for_a_bot(course: Path) -> None:
    courses, found = load_courses([course])
    assert [d.code for d in found] == ["sensitive.budget", "sensitive.budget"]
    data = inspect_course(courses[0])
    by_id = {q["id"]: q for q in data["questions"]}
    mod = by_id["mod-1"]
    assert mod["options"] == [
        {"id": "remove", "correct": True, "group": "action"},
        {"id": "leave-up", "correct": False, "group": "action"},
        {"id": "HB-3.2", "correct": True, "group": "clause"},
        {"id": "HB-1", "correct": False, "group": "clause"}]
    assert mod["clauses"] == ["HB-3.2"] and mod["sensitive"] == "harassment"
    assert by_id["match-1"]["pairs"] == [["s1", "t1"], ["s2", "t2"]]
    assert by_id["order-1"]["order"] == ["read", "match", "act"]
    assert by_id["case-1"]["steps"] == ["case-1--start", "case-1--second", "case-1--end"]
    assert by_id["case-1--start"]["options"] == [
        {"id": "a", "correct": True, "next": "case-1--second"},
        {"id": "b", "correct": False, "next": "case-1--end"}]
    final = next(p for p in data["pages"] if p["id"] == "final")
    assert final["pool"] == [{"area": "hb", "count": 1, "questions": ["q-pool"]}]
    assert "q-pool" in final["questions"]
    assert data["attestation"] == {"policy": "hb", "version": 2, "required": True}
    assert data["modules"][0]["sensitive"] == {"harassment": 1}


def test_render_hooks_for_every_type(course: Path) -> None:
    courses, _ = load_courses([course])
    html = render(courses[0], load_theme())["index.html"].decode()
    final = html[html.index('data-tf-page="final"'):]
    assert 'data-tf-option="remove"' in final and 'data-tf-option="HB-3.2"' in final
    assert re.search(r'<select id="[^"]+" data-tf-match="s1">', final)
    assert '<option value="t9">' in final
    items = re.findall(r'data-tf-item="([a-z]+)"', final)
    assert sorted(items) == ["act", "match", "read"] and items != ["read", "match", "act"]
    assert final.count('data-tf-action="up"') == 3 and final.count('data-tf-action="down"') == 3
    assert 'data-tf-question="case-1--second"' in final
    # a sensitive sample: warning, reveal and skip; the media kept in a <template>
    assert 'data-tf-action="reveal"' in final and 'data-tf-action="skip"' in final
    assert re.search(r"<template data-tf-sensitive-media>\s*<blockquote", final)
    assert 'data-tf-action="attest"' in html
    assert "This module contains 1 sensitive example:" in html


@pytest.mark.parametrize(("change", "expected"), [
    (("questions/rich.yaml", "{action: leave-up,", "{action: ban,"),
     "courses/c/questions/rich.yaml:15:18: error: action `ban` is not in policy `hb`'s action set "
     "(leave-up, remove) [policy.action]"),
    (("questions/rich.yaml", "next: second}", "next: secnd}"),
     "courses/c/questions/rich.yaml:44:65: error: choice `a` of step `start` leads to unknown "
     "step `secnd` (did you mean `second`?) [scenario.next]"),
    (("questions/rich.yaml", "          - {id: b, text: Close without notes}",
      "          - {id: b, text: Close without notes, next: start}"),
     "loops with a way out are fine"),
    (("course.yaml", "{area: hb, count: 1}", "{area: hb, count: 5}"),
     "courses/c/course.yaml:33:15: error: pool asks for 5 questions of area `hb`, but the banks "
     "hold 1 (lower `count` or cite the area's clauses in more questions) [pool.too-small]"),
    (("questions/rich.yaml", "      - {clause: HB-1}", "      - {clause: HB-7}"),
     "courses/c/questions/rich.yaml:18:18: error: unknown policy clause `HB-7` "
     "(did you mean `HB-1`?) [policy.unknown-clause]"),
    (("lessons/02-applying.md", "warning: a threat to expose a home address\n", ""),
     "courses/c/lessons/02-applying.md:8:1: error: sample: a sensitive sample "
     "needs a `warning`: what it shows, in a few non-graphic words [markup.sample]"),
    (("lessons/02-applying.md", "sensitive: harassment", "sensitive: gore"),
     "courses/c/lessons/02-applying.md:8:1: error: sample `sensitive`: Input should be "
     "'graphic-violence', 'hate', 'self-harm', 'sexual', 'harassment', 'child-safety' or "
     "'distressing' [markup.sample]"),
])
def test_bad_input_is_located(course: Path, change: tuple[str, str, str], expected: str) -> None:
    rel, old, new = change
    edit(course / rel, old, new)
    errors = [m for m in messages(course) if ": error: " in m]
    assert errors == ([] if expected.startswith("loops") else [expected])


def test_cycle_that_never_ends(course: Path) -> None:
    bank = course / "questions" / "rich.yaml"
    edit(bank, "          - {id: a, text: Remove under HB-3.2, correct: true}",
         "          - {id: a, text: Remove under HB-3.2, correct: true, next: end}")
    edit(bank, "          - {id: a, text: Document the decision, correct: true}",
         "          - {id: a, text: Document the decision, correct: true, next: second}")
    edit(bank, "          - {id: b, text: Close without notes}",
         "          - {id: b, text: Close without notes, next: second}")
    assert [m for m in messages(course) if ": error: " in m] == [
        "courses/c/questions/rich.yaml:41:7: error: steps `start`, `second`, `end` loop with no "
        "way to end the scenario (give one choice no `next` to end the case) [scenario.cycle]"]


def test_strip_sensitive_ships_descriptions_only(course: Path) -> None:
    from trainforge.resolve.sensitive import strip_sensitive

    edit(course / "lessons" / "01-welcome.md", "![A three-step decision: read, match a clause, act]"
         "(../media/steps.svg)",
         "```{sample} ../media/steps.svg\nkind: image\nalt: A screenshot of a threat\n"
         "description: A post naming someone's street.\nsensitive: harassment\n"
         "warning: a post naming a street\n```")
    courses, _ = load_courses([course])
    full = render(courses[0], load_theme())
    assert any(name.startswith("media/steps.") for name in full)
    stripped = render(strip_sensitive(courses[0]), load_theme())
    html = stripped["index.html"].decode()
    assert not any(name.startswith("media/steps.") for name in stripped)
    assert 'data-tf-action="reveal"' not in html
    assert "[threat to share a private address]" not in html
    assert "[insult about the creator" not in html
    assert html.count("tf-sample-stripped") == 3
    assert "<p>A post naming someone's street.</p>" in html


def test_build_option_strip_sensitive(course: Path) -> None:
    from click.testing import CliRunner

    from trainforge.cli import main

    result = CliRunner().invoke(main, ["build", str(course), "--strip-sensitive", "--out",
                                       "stripped", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    html = next(Path("stripped").glob("c-*-web")).joinpath("index.html").read_text()
    assert 'data-tf-action="reveal"' not in html and "tf-sample-stripped" in html


SHUFFLED = """\
  - id: q-all
    type: single_choice
    prompt: What can a moderator do?
    shuffle: true
    options:
      - {id: a, text: Remove a post}
      - {id: b, text: None of the above}
      - {id: c, text: Escalate the case}
      - {id: d, text: All of the above, correct: true}
"""


def shuffled_question(course: Path, bank: str) -> tuple[int, list[str]]:
    (course / "questions" / "shuffled.yaml").write_text("questions:\n" + bank)
    edit(course / "course.yaml", "questions: [q-apply, ", "questions: [q-all, q-apply, ")
    courses, found = load_courses([course])
    return courses[0].questions["q-all"].shuffle, [str(d) for d in found
                                                  if d.code == "question.shuffle-positional"]


def test_options_naming_others_by_place_keep_their_place(course: Path) -> None:
    """Only the options before the first "… of the above" are shuffled; with fewer than two,
    `shuffle` has no effect, and the build says so where the option is."""
    count, warned = shuffled_question(course, SHUFFLED)
    assert count == 0
    assert warned == [
        "courses/c/questions/shuffled.yaml:8:23: warning: `shuffle` has no effect: option `b` "
        "refers to other options by place, so it and the options after it keep their place "
        '(put options like "all of the above" last, or remove `shuffle`) '
        "[question.shuffle-positional]"]


def test_shuffled_options_stop_before_all_of_the_above(course: Path) -> None:
    count, warned = shuffled_question(course, SHUFFLED.replace("None of the above", "Warn"))
    assert (count, warned) == (3, [])


@pytest.mark.parametrize("forms", ["{one: a}", "{one: a, other: b, some: c}"])
def test_a_counted_ui_string_needs_cldr_categories(tmp_path: Path, forms: str) -> None:
    (tmp_path / "strings.yaml").write_text(f"en:\n  module_sensitive: {forms}\n")
    with pytest.raises(TrainforgeError) as caught:
        load_theme(tmp_path)
    [problem] = caught.value.diagnostics
    assert problem.code == "theme.strings" and "`en.module_sensitive`" in problem.message
