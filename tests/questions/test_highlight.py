"""highlight: spans marked in a passage, each an option; partial credit; located errors."""

from __future__ import annotations

from typing import Any

import pytest
from markupsafe import Markup
from question_kit import Html, convert, player_data, view

from trainforge import questions
from trainforge.questions.highlight import HighlightQuestion
from trainforge.render.theme import load_theme

SOURCE = """\
    id: hl-1
    type: highlight
    prompt: Mark what breaks HB-3.2.
    cites: [HB-3.2]
    text: >-
      Nice edit. {looks} [insult about the creator's appearance] {/looks}
      {tip}Try a *tripod*.{/tip} {threat}[threat to find where they live]{/threat}
    spans:
      - {id: looks, correct: true, feedback: An insult aimed at the creator (HB-3.2).}
      - {id: tip, feedback: Criticism of the work is allowed.}
      - {id: threat, correct: true}
"""


def test_spans_are_options_in_list_order_and_the_passage_keeps_reading_order() -> None:
    q, problems = convert(SOURCE)
    assert problems == [] and isinstance(q, HighlightQuestion)
    assert [(o.id, o.text, o.correct) for o in q.options] == [
        ("looks", "[insult about the creator's appearance]", True),
        ("tip", "Try a *tripod*.", False),
        ("threat", "[threat to find where they live]", True)]
    # A span's outer spaces belong to the text around it.
    assert q.passage == (("", "Nice edit.  "), ("looks", "[insult about the creator's appearance]"),
                         ("", "  "), ("tip", "Try a *tripod*."), ("", " "),
                         ("threat", "[threat to find where they live]"))
    assert q.options[1].feedback == "Criticism of the work is allowed."


def test_player_data_inspect_and_state_are_those_of_a_choice() -> None:
    q, _ = convert(SOURCE)
    plugin = questions.get(q.type)
    data = player_data(q)
    assert data["type"] == "highlight"
    assert data["options"][1] == {"id": "tip", "correct": False, "text": "Try a tripod."}
    assert plugin.state_parts(q) is None  # a choice record: one bit per span
    assert plugin.inspect(q)[0]["options"] == [
        {"id": "looks", "correct": True}, {"id": "tip", "correct": False},
        {"id": "threat", "correct": True}]


def test_tracked_as_a_choice_over_span_ids_with_spans_as_components() -> None:
    q, _ = convert(SOURCE)
    shape = questions.get(q.type).interaction(q)
    assert (shape.scorm_type, shape.xapi_type) == ("choice", "choice")
    assert shape.keys == ({"looks": "a", "tip": "b", "threat": "c"},)
    assert shape.scorm_pattern == "{a,c}" and shape.xapi_pattern == ("looks[,]threat",)
    assert [c.id for c in dict(shape.components)["choices"]] == ["looks", "tip", "threat"]


def test_the_partial_puts_one_checkbox_per_span_inside_its_label_in_the_passage() -> None:
    q, _ = convert(SOURCE)
    page = _render(q)
    assert page.count('type="checkbox"') == 3
    assert ('<label class="tf-span"><input type="checkbox" name="q-p--hl-1" id="q-p--hl-1-tip" '
            'value="tip" data-tf-option="tip">Try a *tripod*.</label>') in page
    assert 'Nice edit.  <label class="tf-span">' in page  # inline, in reading order
    assert page.count("data-tf-option-feedback=") == 2  # only spans with feedback
    assert 'data-tf-action="submit"' in page


def test_view_runs_are_rendered_inline() -> None:
    q, _ = convert(SOURCE)
    runs = view(q)["passage"]
    assert runs[1] == {"span": "looks", "html": Markup("[insult about the creator's appearance]")}
    assert runs[0]["span"] == ""


def _problems(text: str, spans: str) -> list[str]:
    source = SOURCE.split("    text:")[0] + f"    text: {text}\n    spans:\n{spans}"
    return convert(source)[1]


SPANS = "      - {id: a, correct: true}\n      - {id: b}\n"


def test_a_span_listed_twice_is_located_at_the_second() -> None:
    assert _problems("'{a}x{/a} {b}y{/b}'", SPANS + "      - {id: a}\n") == [
        "questions/bank.yaml:9:10: error: span id `a` is listed twice [highlight.duplicate-span]"]


def test_a_span_marked_twice_is_located_at_the_text() -> None:
    assert _problems("'{a}x{/a} {b}y{/b} {a}z{/a}'", SPANS) == [
        "questions/bank.yaml:5:7: error: span `a` is marked 2 times in the text "
        "(give each span its own id) [highlight.duplicate-span]"]


def test_a_marked_span_not_listed_is_unknown_with_a_suggestion() -> None:
    assert _problems("'{a}x{/a} {b}y{/b} {bb}z{/bb}'", SPANS) == [
        "questions/bank.yaml:5:7: error: span `bb` is marked in the text but not listed in "
        "`spans` (did you mean `b`?) [highlight.unknown-span]"]


def test_a_listed_span_not_marked_is_located_at_its_id() -> None:
    assert _problems("'{a}x{/a}'", SPANS) == [
        "questions/bank.yaml:8:10: error: span `b` is not marked in the text "
        "(mark it: `{b}words{/b}`) [highlight.unmarked-span]"]


def test_an_empty_span_is_an_error() -> None:
    assert _problems("'{a}x{/a} {b} {/b}'", SPANS) == [
        "questions/bank.yaml:5:7: error: span `b` marks no text [highlight.empty-span]"]


def test_no_correct_span_is_an_error_at_the_list() -> None:
    assert _problems("'{a}x{/a} {b}y{/b}'", "      - {id: a}\n      - {id: b}\n") == [
        "questions/bank.yaml:7:3: error: no span is `correct: true` (mark at least one span as "
        "breaking the clause; a text with none is a single_choice question) "
        "[highlight.no-correct-span]"]


@pytest.mark.parametrize(("text", "message"), [
    ("'{a}x {b}y{/b}'", "span `b` starts inside span `a` (close it first: `{/a}`) "
                        "[highlight.nested-span]"),
    ("'{a}x{/a} y{/b}'", "`{/b}` closes no open span (open it before: `{b}`) "
                         "[highlight.unclosed-span]"),
    ("'{a}x{/a} {b}y'", "span `b` is never closed (end it with `{/b}`) "
                        "[highlight.unclosed-span]"),
])
def test_markers_that_do_not_pair_up_are_errors(text: str, message: str) -> None:
    assert f"questions/bank.yaml:5:7: error: {message}" in _problems(text, SPANS)


def test_other_braces_are_text() -> None:
    q, problems = convert(SOURCE.replace("Nice edit.", "Nice {Edit} {2 of 3}."))
    assert problems == [] and q.passage[0] == ("", "Nice {Edit} {2 of 3}.  ")


def _render(q: HighlightQuestion) -> str:
    """The type's partial as the renderer calls it (the common view values plus the type's)."""
    theme = load_theme()
    html = Html()
    options: list[dict[str, Any]] = [
        {"id": o.id, "html": Markup(o.text), "feedback": Markup(o.feedback or "")}
        for o in q.options]
    values = {"id": q.id, "type": q.type, "prompt": Markup(q.prompt), "uid": f"p--{q.id}",
              "options": options} | questions.get(q.type).view(q, html)
    partial: Any = theme.env.get_template(questions.get(q.type).partial).module
    return str(partial.question(values, "check", theme.ui("en")))
