"""``highlight`` ("mark the words"): select the spans of a text that break the cited clause.

The passage is one inline-Markdown ``text`` with its spans marked in place, ``{id}…{/id}``, so
an author writes it as it reads and a translator (who sees each marker as an inline code) may
move a span within the sentence; ``spans`` says, per id, whether it breaks the clause. Each span
is an option: its id is the tracking key, its place in ``spans`` (not in the text, which a
translation may reorder) its SCORM 1.2 key. Partial credit is graded by the runtime
(runtime/types/highlight.js), by the rule the README states.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field

from trainforge import questions
from trainforge.errors import Diagnostic, error, suggest
from trainforge.model.base import OptionId, Strict, Text
from trainforge.model.question_parts import MAX_OPTIONS, QuestionSource
from trainforge.resolve import resolved

# `{id}` opens a span, `{/id}` closes it; ids as option ids (other braces are text).
_MARKER = re.compile(r"\{(/?)([a-z0-9](?:[a-z0-9_-]{0,30}[a-z0-9])?)\}")


class Span(Strict):
    id: OptionId
    correct: bool = Field(False, description="the span breaks the cited clause")
    feedback: Text | None = Field(None, description="why it does or does not; cite the clause")


class Highlight(QuestionSource):
    """Mark the spans of a text that break the cited clause. Partial credit: the share of the
    right spans marked, less one share per wrong span marked, never below 0."""

    type: Literal["highlight"]
    text: Text = Field(description="the passage, each span marked in place: `{id}words{/id}`")
    spans: Annotated[list[Span], Field(min_length=1, max_length=MAX_OPTIONS)]


@dataclass(frozen=True, kw_only=True)
class HighlightQuestion(resolved.QuestionBase):
    """Options are the spans (in ``spans`` order); ``passage`` is the text in reading order, as
    (span id, text) runs, ``""`` for the text between spans."""

    type: Literal["highlight"] = "highlight"
    passage: tuple[tuple[str, str], ...] = ()


class HighlightType(questions.QuestionType[Highlight, HighlightQuestion]):
    name = "highlight"
    model = Highlight
    partial = "questions/highlight.html"

    def convert(self, q: Highlight, src: questions.Source, ctx: questions.Context
                ) -> tuple[HighlightQuestion, list[Diagnostic]]:
        passage, problems = _passage(q.text, src)
        problems += _check_spans(q, passage, src)
        marked = {span: text for span, text in passage if span}
        options = tuple(resolved.Option(s.id, marked.get(s.id, s.id), s.correct, s.feedback)
                        for s in q.spans)
        return HighlightQuestion(**self.common(q, src), options=options,
                                 passage=tuple(passage)), problems

    def view(self, q: HighlightQuestion, html: questions.ViewHelpers) -> questions.Json:
        return {"passage": [{"span": span, "html": html.inline(text)} for span, text in q.passage]}


def _passage(text: str, src: questions.Source) -> tuple[list[tuple[str, str]], list[Diagnostic]]:
    """The text as runs, spans stripped (their outer spaces belong to the text around them),
    and the markers that do not pair up."""
    runs: list[tuple[str, str]] = []
    problems: list[Diagnostic] = []
    at = src.where("text")
    opened, pos = "", 0
    for m in _MARKER.finditer(text):
        closing, span = m.group(1) == "/", m.group(2)
        if not closing and opened:
            problems.append(error("highlight.nested-span", f"span `{span}` starts inside span "
                                  f"`{opened}`", at, f"close it first: `{{/{opened}}}`"))
        elif closing and span != opened:
            problems.append(error("highlight.unclosed-span", f"`{{/{span}}}` closes no open span",
                                  at, f"open it before: `{{{span}}}`"))
        else:
            body = text[pos:m.start()]
            if closing:
                stripped = body.strip()
                runs += [("", body[:len(body) - len(body.lstrip())]), (span, stripped),
                         ("", body[len(body.rstrip()):] if stripped else "")]
            else:
                runs.append(("", body))
            opened, pos = "" if closing else span, m.end()
    if opened:
        problems.append(error("highlight.unclosed-span", f"span `{opened}` is never closed", at,
                              f"end it with `{{/{opened}}}`"))
    runs.append(("", text[pos:]))
    return _joined(runs), problems


def _joined(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Adjacent text runs as one, and no empty text run."""
    out: list[tuple[str, str]] = []
    for span, text in runs:
        if not span and out and not out[-1][0]:
            out[-1] = ("", out[-1][1] + text)
        else:
            out.append((span, text))
    return [(span, text) for span, text in out if span or text]


def _check_spans(q: Highlight, passage: list[tuple[str, str]], src: questions.Source
                 ) -> list[Diagnostic]:
    """Every span listed once and marked once, none empty, at least one right."""
    at = src.where("text")
    listed = [s.id for s in q.spans]
    marks = Counter(span for span, _ in passage if span)
    mentioned = {m.group(2) for m in _MARKER.finditer(q.text)}  # a bad marker is reported
    problems = [error("highlight.duplicate-span", f"span id `{span}` is listed twice",
                      src.where("spans", i, "id"))
                for i, span in enumerate(listed) if span in listed[:i]]
    problems += [error("highlight.duplicate-span", f"span `{span}` is marked {n} times in the "
                       "text", at, "give each span its own id")
                 for span, n in marks.items() if n > 1]
    problems += [error("highlight.unknown-span", f"span `{span}` is marked in the text but not "
                       "listed in `spans`", at, suggest(span, listed) or f"add `- id: {span}` "
                       "to `spans`") for span in marks if span not in listed]
    problems += [error("highlight.unmarked-span", f"span `{s.id}` is not marked in the text",
                       src.where("spans", i, "id"), f"mark it: `{{{s.id}}}words{{/{s.id}}}`")
                 for i, s in enumerate(q.spans) if s.id not in mentioned and s.id not in listed[:i]]
    problems += [error("highlight.empty-span", f"span `{span}` marks no text", at)
                 for span, text in passage if span and not text]
    if not any(s.correct for s in q.spans):
        problems.append(error("highlight.no-correct-span", "no span is `correct: true`",
                              src.where("spans"), "mark at least one span as breaking the "
                              "clause; a text with none is a single_choice question"))
    return problems


questions.register(HighlightType())
