"""A package's player holds the question types and features its course uses, and only those."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from corpus_kit import text_only_course
from policy_fixture import add_rich_content, make_repo
from runtime_courses import load

from trainforge import runtime
from trainforge.render.site import render
from trainforge.render.theme import load_theme
from trainforge.resolve import resolved
from trainforge.resolve.sensitive import strip_sensitive

ROOT = Path(__file__).resolve().parents[2]
EVERY_TYPE = ("matching", "moderation_decision", "multiple_response", "ordering", "scenario",
              "single_choice", "true_false")


@pytest.fixture(scope="module")
def text_only(tmp_path_factory: pytest.TempPathFactory) -> resolved.Course:
    return load(text_only_course(tmp_path_factory.mktemp("text") / "text-only"))


def test_a_text_only_course_needs_one_type_and_no_feature(text_only: resolved.Course) -> None:
    assert runtime.used_parts(text_only) == (("single_choice",), ())


def test_the_examples_need_what_they_use() -> None:
    harassment = load(ROOT / "courses" / "harassment-bullying")
    minors = load(ROOT / "courses" / "minor-safety")
    assert runtime.used_parts(harassment) == (
        tuple(sorted((*EVERY_TYPE, "highlight"))),
        ("attestation", "draw", "sensitive", "what_changed"))
    assert runtime.used_parts(minors) == (EVERY_TYPE, ("attestation", "draw", "sensitive"))


def test_stripped_samples_need_no_reveal() -> None:
    course = strip_sensitive(load(ROOT / "courses" / "minor-safety"))
    assert "sensitive" not in runtime.used_parts(course)[1]


def test_shuffled_options_need_the_shuffle(tmp_path: Path) -> None:
    course_dir = make_repo(tmp_path)
    add_rich_content(course_dir)
    bank = course_dir / "questions" / "shuffled.yaml"
    bank.write_text("questions:\n  - id: q-shuf\n    type: single_choice\n    prompt: Which?\n"
                    "    shuffle: true\n    options:\n      - {id: a, text: A, correct: true}\n"
                    "      - {id: b, text: B}\n      - {id: c, text: C}\n", encoding="utf-8")
    lesson = course_dir / "lessons" / "02-applying.md"
    lesson.write_text(lesson.read_text("utf-8") + "\n```{question} q-shuf\n```\n", "utf-8")
    assert "shuffle" in runtime.used_parts(load(course_dir))[1]


def test_the_site_ships_the_player_of_the_course_s_parts(text_only: resolved.Course) -> None:
    player = render(text_only, load_theme())[f"assets/{runtime.CORE}"]
    assert player == runtime.core_js(("single_choice",), ())
    assert len(player) < len(runtime.core_js()) * 3 // 4


def test_the_order_of_the_parts_is_fixed() -> None:
    assert runtime.core_js(("true_false", "single_choice"), ("draw", "attestation")) == (
        runtime.core_js(("single_choice", "true_false"), ("attestation", "draw")))


def test_a_type_without_a_script_is_refused() -> None:
    with pytest.raises(ValueError, match="no script"):
        runtime.core_js(("no_such_type",), ())


def test_type_stylesheets_are_those_of_the_types_asked_compacted_in_name_order(
        tmp_path: Path) -> None:
    (tmp_path / "b.css").write_bytes(b".b { color: red; }\n")
    (tmp_path / "a.css").write_bytes(b"/* the a type's\n   own rules */\n.a {\n  margin: 0;\n}\n")
    (tmp_path / "a.js").write_bytes(b"// not a stylesheet")
    assert runtime.types_css(["b", "none", "a"], tmp_path) == (
        b".a {\nmargin: 0;\n}\n.b { color: red; }\n")
    assert runtime.types_css(["none"], tmp_path) == b""


def test_a_course_whose_types_have_no_stylesheet_links_only_the_theme_s(
        text_only: resolved.Course) -> None:
    site = render(text_only, load_theme())
    assert f"assets/{runtime.TYPES_CSS}" not in site
    assert re.findall(rb'<link rel="stylesheet" href="([^"]+)"', site["index.html"]) == [
        b"assets/tf.css"]
