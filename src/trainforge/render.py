"""RENDER: resolved course + theme → the course site in memory, ``{path: bytes}``.

Rendering happens once per course; every packager works from the same site. A *view* is one HTML
entry point over some of the course's modules (all of them by default; SCORM's SCO-per-module
packaging asks for one view per module).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import lxml.html
from markupsafe import Markup

from trainforge import resolved, runtime
from trainforge.markup import markdown
from trainforge.paths import EscapeError, fragment, resolve_relative
from trainforge.theme import Theme

Site = dict[str, bytes]
ASSETS = "assets"


@dataclass(frozen=True)
class View:
    """One HTML entry point: ``path`` in the package, over ``modules`` (None = all)."""

    path: str = "index.html"
    modules: tuple[str, ...] | None = None


def render(course: resolved.Course, theme: Theme, views: Sequence[View] = (View(),)) -> Site:
    """Render ``course`` into every requested view plus its runtime, styles and media."""
    strings = theme.ui(course.language)
    renderer = _PageRenderer(course, theme, strings)
    pages_html = {p.id: renderer.page(p) for p in course.pages}
    site: Site = {}
    for view in views:
        site[view.path] = _view_html(course, theme, strings, view, pages_html)
    site[f"{ASSETS}/{runtime.CORE}"] = runtime.core_js()
    for name, data in theme.static.items():
        site[f"{ASSETS}/{name}"] = data
    for asset in course.assets.values():
        site[asset.url] = asset.data
    return dict(sorted(site.items()))


def plain_text(html: str) -> str:
    """Text of an HTML fragment, for places that take no markup (LMS reports, xAPI names)."""
    if not html.strip():
        return ""
    text: str = lxml.html.fragment_fromstring(html, create_parent="div").text_content()
    return " ".join(text.split())


class _PageRenderer:
    def __init__(self, course: resolved.Course, theme: Theme, strings: dict[str, str]) -> None:
        self.course = course
        self.strings = strings
        self.macros: Any = theme.env.get_template("question.html").module
        self.changes: Any = theme.env.get_template("changes.html").module
        self.md = markdown()

    def inline(self, text: str) -> Markup:
        return Markup(self.md.renderInline(text))

    def question(self, qid: str, page: resolved.Page, mode: str) -> Markup:
        q = self.course.questions[qid]
        options = [
            {"id": o.id, "correct": o.correct,
             "html": self.inline(o.text) if o.text else self.strings[f"option_{o.id}"],
             "feedback": self.inline(o.feedback) if o.feedback else Markup("")}
            for o in q.options
        ]
        view = {"id": q.id, "type": q.type, "prompt": self.inline(q.prompt), "options": options,
                "uid": f"{page.id}--{q.id}"}
        return Markup(self.macros.question(view, mode, self.strings))

    def page(self, page: resolved.Page) -> Markup:
        if page.changes:
            return Markup(self.changes.what_changed(page.changes, self.strings))
        env = self._env(page)
        body = Markup(self.md.render(page.markdown, env)) if page.markdown else Markup("")
        if page.kind == "lesson":
            return body
        questions = [self.question(qid, page, "assessment") for qid in page.questions]
        return Markup(self.macros.assessment(page, body, questions, self.strings,
                                             self.course.completion))

    def _env(self, page: resolved.Page) -> dict[str, Any]:
        base = page.source or "course.yaml"
        return {
            "strings": self.strings,
            "language": self.course.language,
            "asset_url": self._asset_url(base),
            "page_href": self._page_href(base),
            "question_html": lambda qid: self.question(qid, page, "check"),
        }

    def _asset_url(self, base: str) -> Callable[[str], str]:
        def url(target: str) -> str:
            try:
                return self.course.assets[resolve_relative(base, target)].url
            except (EscapeError, KeyError):  # refused by resolve; never reached for valid input
                return ""
        return url

    def _page_href(self, base: str) -> Callable[[str], str]:
        lessons = self.course.lesson_pages

        def href(target: str) -> str:
            try:
                page_id = lessons[resolve_relative(base, target)]
            except (EscapeError, KeyError):
                return "#"
            anchor = fragment(target)
            return f"#page-{page_id}" + (f"--{anchor}" if anchor else "")
        return href


def _view_html(course: resolved.Course, theme: Theme, strings: dict[str, str], view: View,
               pages_html: Mapping[str, Markup]) -> bytes:
    modules = [m for m in course.modules if view.modules is None or m.id in view.modules]
    page_ids = [pid for m in modules for pid in m.pages]
    pages = [course.page(pid) for pid in page_ids]
    data = _runtime_data(course, strings, modules, pages)
    html = theme.env.get_template("course.html").render(
        course=course, modules=modules, pages=pages, pages_html=pages_html, strings=strings,
        data_json=Markup(data), assets=ASSETS, core_js=runtime.CORE, tracking_js=runtime.TRACKING,
        # The default stylesheet first, so a theme's own sheets override it.
        styles=sorted((n for n in theme.static if n.endswith(".css")),
                      key=lambda n: (n != "tf.css", n)),
    )
    return html.encode("utf-8")


def _runtime_data(course: resolved.Course, strings: dict[str, str],
                  modules: Sequence[resolved.Module], pages: Sequence[resolved.Page]) -> str:
    """The course structure the JS runtime needs, as JSON safe inside a ``<script>`` element."""
    md = markdown()
    used = dict.fromkeys(q for p in pages for q in p.questions)
    questions = {}
    for qid in used:
        q = course.questions[qid]
        questions[qid] = {
            "type": q.type, "points": q.points, "objectives": list(q.objectives),
            "clauses": list(q.cites),
            "text": plain_text(md.renderInline(q.prompt)),
            "options": [{"id": o.id, "correct": o.correct,
                         "text": plain_text(md.renderInline(o.text)) if o.text
                         else strings[f"option_{o.id}"]} for o in q.options],
        }
    data = {
        "id": course.id, "title": course.title, "version": course.version,
        "language": course.language, "description": plain_text(md.render(course.description)),
        "completion": {"rule": course.completion.rule,
                       "passingScore": course.completion.passing_score,
                       "maxAttempts": course.completion.max_attempts},
        "objectives": [{"id": o.id, "text": o.text, "clauses": list(o.cites)}
                       for o in course.objectives],
        "policies": [{"id": p.id, "title": p.title, "version": p.version,
                      "clauses": list(p.clauses)} for p in course.policies],
        "modules": [{"id": m.id, "title": m.title, "pages": list(m.pages)} for m in modules],
        "pages": [{"id": p.id, "title": p.title, "kind": p.kind, "module": p.module,
                   "objectives": list(p.objectives), "questions": list(p.questions),
                   "clauses": list(p.cites)}
                  for p in pages],
        "questions": questions,
        "strings": strings,
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # "<" never appears raw, so "</script>" or "<!--" in author text cannot end the element.
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
