"""Mistakes a new author makes, through the CLI: exit code, located diagnostic, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainforge import questions
from trainforge.cli import main
from trainforge.commands.new import scaffold


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The starter course in ``c``, with the working directory its parent (short paths).

    Without the starter's policy layer: tests here bring their own registry, or none.
    """
    monkeypatch.chdir(tmp_path)
    scaffold(tmp_path / "c")
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


# -- markup that used to fail silently ----------------------------------------------------------
LESSON = "lessons/01-welcome.md"


def test_unknown_box_is_a_located_error(course: Path) -> None:
    edit(course / LESSON, "::: tip", "::: danger")
    code, _, err = run("build", "c", "--out", "dist")
    assert code == 1
    assert ("c/lessons/01-welcome.md:8:1: error: unknown box `::: danger` "
            "(known: note, tip, warning) [markup.unknown-container]") in err
    assert not (course.parent / "dist").exists()


def test_unclosed_box_is_a_located_error(course: Path) -> None:
    edit(course / LESSON, "(02-applying.md).\n:::\n", "(02-applying.md).\n")
    code, _, err = run("validate", "c")
    assert code == 1
    assert "c/lessons/01-welcome.md:8:1: error: `::: tip` is never closed" in err
    assert "[markup.unclosed-container]" in err


def test_unsafe_link_warns_and_ships_only_its_text(course: Path) -> None:
    edit(course / LESSON, "[next lesson](02-applying.md)", "[next lesson](javascript:alert(1))")
    code, _, err = run("build", "c", "--out", "dist", "--format", "web")
    assert code == 0
    assert ("c/lessons/01-welcome.md:9:1: warning: link target `javascript:alert(1)` is not "
            "allowed; the link is shown as text") in err
    page = (course.parent / "dist" / "c-0.1.0-en-web" / "index.html").read_text(encoding="utf-8")
    assert "See the next lesson." in page and "javascript:" not in page
    code, _, err = run("validate", "--strict", "c")
    assert code == 1 and "[markup.unsafe-link]" in err


# -- a file that cannot be parsed is reported alone ---------------------------------------------
def test_mis_indented_bank_reports_the_yaml_error_alone(course: Path) -> None:
    edit(course / "questions" / "bank.yaml", "    type: true_false", "   type: true_false")
    code, _, err = run("build", "c", "--out", "dist")
    assert code == 1
    lines = [ln for ln in err.splitlines() if not ln.startswith("trainforge-build ")]
    assert lines[0].startswith("c/questions/bank.yaml:16:4: error: invalid YAML: ")
    assert "(check the indentation" in lines[0]
    assert "unknown question" not in err and lines[1:] == ["1 error(s); nothing was written."]


def test_unclosed_front_matter_gives_no_wrong_suggestion(course: Path) -> None:
    (course / "lessons" / "03-extra.md").write_text("---\nid: extra\ntitle: Extra\n---\nMore.\n")
    edit(course / "course.yaml", "      - lesson: lessons/02-applying.md\n",
         "      - lesson: lessons/02-applying.md\n      - lesson: lessons/03-extra.md\n")
    edit(course / "lessons" / "02-applying.md", "objectives: [obj-apply]\n---\n",
         "objectives: [obj-apply]\n")
    code, _, err = run("validate", "c")
    assert code == 1
    assert err.splitlines() == [
        "c/lessons/02-applying.md:1:1: error: front matter is not closed with `---` "
        "(add a line `---` after its last key) [lesson.front-matter]",
        "1 error(s); nothing was written.",
    ]


# -- symbolic links out of the course -----------------------------------------------------------
HINT = "(copy the file into the folder instead of linking it) [source.escape]"


def link_out(course: Path, rel: str) -> None:
    """Replace the course file ``rel`` with a link to a copy of it outside the course."""
    outside = course.parent / "outside" / rel
    outside.parent.mkdir(parents=True, exist_ok=True)
    (course / rel).replace(outside)
    (course / rel).symlink_to(outside)


@pytest.mark.parametrize("rel", ["course.yaml", "lessons/01-welcome.md", "questions/bank.yaml"])
def test_source_file_linked_from_outside_is_refused(course: Path, rel: str) -> None:
    link_out(course, rel)
    code, _, err = run("build", "c", "--out", "dist")
    assert code == 1
    assert f"c/{rel}: error: symbolic link points outside the course folder {HINT}" in err
    assert not (course.parent / "dist").exists()


def test_linked_lessons_folder_is_refused(course: Path) -> None:
    link_out(course, "lessons")
    code, _, err = run("validate", "c")
    assert code == 1
    for rel in ("lessons/01-welcome.md", "lessons/02-applying.md"):
        assert f"c/{rel}: error: symbolic link points outside the course folder {HINT}" in err


def test_linked_media_folder_is_refused(course: Path) -> None:
    link_out(course, "media")
    code, _, err = run("validate", "c")
    assert code == 1
    assert ("c/media/steps.svg: error: symbolic link points outside the course folder "
            "[asset.escape]") in err


def test_policy_file_linked_from_outside_the_registry_is_refused(course: Path) -> None:
    (course.parent / ".git").mkdir()  # the registry search stops at the repository's root
    (course.parent / "policies").mkdir()
    (course.parent / "outside").mkdir()
    (course.parent / "outside" / "hb.yaml").write_text("id: hb\n")
    (course.parent / "policies" / "hb.yaml").symlink_to(course.parent / "outside" / "hb.yaml")
    code, _, err = run("validate", "c")
    assert code == 1
    assert ("policies/hb.yaml: error: symbolic link points outside the policy folder "
            f"{HINT}") in err


def test_course_folder_linked_from_outside_is_refused(course: Path) -> None:
    (course.parent / "courses").mkdir()
    (course.parent / "courses" / "x").symlink_to(course)  # c is outside courses/
    code, _, err = run("build", "courses", "--out", "dist")
    assert code == 1
    assert ("courses/x: error: course folder is a symbolic link pointing outside `courses` "
            "(move the course into the folder instead of linking it) [source.escape]") in err
    assert not (course.parent / "dist").exists()
    code, _, err = run("validate", "courses/x")  # named directly: the same rule
    assert code == 1 and "courses/x: error: course folder is a symbolic link" in err


def test_course_folder_linked_to_a_folder_beside_it_is_followed(course: Path) -> None:
    (course.parent / "courses").mkdir()
    course.rename(course.parent / "courses" / "c")
    (course.parent / "courses" / "x").symlink_to("c")
    code, _, err = run("validate", "courses/x")
    assert (code, err) == (0, "1 course(s) valid, 0 warning(s).\n")


def test_policy_folder_linked_from_outside_the_repository_is_refused(course: Path) -> None:
    (course.parent / ".git").mkdir()
    outside = course.parent.parent / f"{course.parent.name}-outside"
    outside.mkdir()
    (outside / "hb.yaml").write_text("id: hb\n")
    (course.parent / "policies").symlink_to(outside)
    code, _, err = run("validate", "c")
    assert code == 1
    assert ("policies: error: policy folder is a symbolic link pointing outside the repository "
            "(keep the registry in the repository instead of linking it) [source.escape]") in err
    assert "hb.yaml" not in err  # not read at all


def test_policy_folder_linked_within_the_repository_is_followed(course: Path) -> None:
    (course.parent / ".git").mkdir()
    (course.parent / "shared" / "policies").mkdir(parents=True)
    (course.parent / "policies").symlink_to("shared/policies")
    (course.parent / "shared" / "policies" / "hb.yaml").write_text("id: hb\n")
    code, _, err = run("validate", "c")
    assert code == 1  # read and validated: its one line is not a policy
    assert "policies/hb.yaml:1:1: error:" in err and "[source.escape]" not in err


def test_theme_linking_outside_itself_is_refused(course: Path) -> None:
    (course.parent / "theme").mkdir()
    (course.parent / "outside").mkdir()
    (course.parent / "theme" / "static").symlink_to(course.parent / "outside")
    code, _, err = run("build", "c", "--out", "dist", "--theme", "theme")
    assert code == 1
    assert ("theme/static: error: symbolic link points outside the theme folder "
            "[theme.escape]") in err


def test_theme_strings_for_norwegian_are_a_language_table(course: Path) -> None:
    edit(course / "course.yaml", "language: en", "language: no")
    (course.parent / "theme").mkdir()
    (course.parent / "theme" / "strings.yaml").write_text("no:\n  admonition_tip: Tips\n")
    code, _, _ = run("build", "c", "--out", "dist", "--format", "web", "--theme", "theme")
    assert code == 0
    page = (course.parent / "dist" / "c-0.1.0-no-web" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Tips"' in page


# -- markup in question text --------------------------------------------------------------------
BANK = "questions/bank.yaml"


def test_script_in_question_text_is_shown_as_text_and_warned(course: Path) -> None:
    edit(course / BANK, "prompt: What do you do first with a report?",
         "prompt: What do you do first with <script>alert(1)</script>?")
    edit(course / BANK, "text: Read the whole report and its context",
         'text: "Read <img src=x onerror=alert(2)> it"')
    code, _, err = run("build", "c", "--out", "dist", "--format", "web")
    assert code == 0
    assert ("c/questions/bank.yaml:5:13: warning: raw HTML `<script>` is not allowed in Markdown "
            "text; it is shown as text (use Markdown instead) [markup.raw-html]") in err
    assert "c/questions/bank.yaml:9:15: warning: raw HTML `<img src=x onerror=alert(2)>`" in err
    page = (course.parent / "dist" / "c-0.1.0-en-web" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "\\u003cscript>alert(1)\\u003c/script>" in page  # runtime data: plain text, escaped
    assert run("validate", "--strict", "c")[0] == 1


def test_unsafe_link_in_feedback_ships_only_its_text(course: Path) -> None:
    edit(course / BANK, "feedback: Right — context decides most cases.",
         "feedback: Right — [see the guide](javascript:alert(1)).")
    code, _, err = run("build", "c", "--out", "dist", "--format", "web")
    assert code == 0
    assert ("c/questions/bank.yaml:11:19: warning: link target `javascript:alert(1)` is not "
            "allowed; the link is shown as text") in err
    page = (course.parent / "dist" / "c-0.1.0-en-web" / "index.html").read_text(encoding="utf-8")
    assert "Right — see the guide." in page and "javascript:" not in page


def test_image_in_a_prompt_is_a_located_error_not_a_traceback(course: Path) -> None:
    edit(course / BANK, "prompt: What do you do first with a report?",
         "prompt: What do you do first with ![a report](../media/steps.svg)?")
    code, _, err = run("build", "c", "--out", "dist", "--format", "web")
    assert code == 1
    assert ("c/questions/bank.yaml:5:13: error: image `../media/steps.svg` cannot be used in this "
            "text") in err and "[markup.path-in-text]" in err


# -- question types -----------------------------------------------------------------------------
def test_an_unknown_question_type_names_every_registered_type(course: Path) -> None:
    """No close match: the hint lists the types the registry knows, whatever plugins exist."""
    edit(course / "questions" / "bank.yaml", "type: true_false", "type: essay")
    code, _, err = run("validate", str(course))
    assert code == 1
    names = [t.name for t in questions.all_types()]
    assert f"unknown type 'essay' (known types: {', '.join(names)})" in err
    assert "highlight" in names
