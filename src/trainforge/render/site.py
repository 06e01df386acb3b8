"""The site renderer: resolved course + theme + layout → the course site, ``{path: bytes}``.

Rendering happens once per course and layout; every packager of that layout works from the same
site. A *view* is one HTML entry point over some of the course's modules (all of them by default;
SCORM's SCO-per-module packaging asks for one view per module); the layout (render/layouts/)
decides which template renders it and what that template is given.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from trainforge import questions, runtime
from trainforge.markup import markdown
from trainforge.render import layouts
from trainforge.render.theme import Theme, UIString
from trainforge.resolve import resolved
from trainforge.resolve.paths import EscapeError, fragment, resolve_relative

Site = dict[str, bytes]
ASSETS = "assets"


@dataclass(frozen=True)
class View:
    """One HTML entry point: ``path`` in the package, over ``modules`` (None = all)."""

    path: str = "index.html"
    modules: tuple[str, ...] | None = None


def render(course: resolved.Course, theme: Theme, views: Sequence[View] = (View(),),
           layout: str = "player") -> Site:
    """Render ``course`` into every requested view of ``layout`` plus its runtime, styles and
    media."""
    strings = theme.ui(course.language)
    renderer = _PageRenderer(course, theme, strings)
    pages_html = {p.id: renderer.page(p) for p in course.pages}
    site: Site = {}
    types_css = runtime.types_css(runtime.used_parts(course)[0])
    styles = _styles(theme, bool(types_css))
    entry = layouts.get(layout)
    for view in views:
        site[view.path] = _view_html(course, theme, strings, view, pages_html, entry, styles)
    site[f"{ASSETS}/{runtime.CORE}"] = runtime.core_js_for(course)
    if types_css:  # before the theme's files: a theme may replace it as it replaces tf.css
        site[f"{ASSETS}/{runtime.TYPES_CSS}"] = types_css
    for name, data in theme.static.items():
        site[f"{ASSETS}/{name}"] = data
    for asset in course.assets.values():
        site[asset.url] = asset.data
    return dict(sorted(site.items()))


_TAG = re.compile(r"<[^>]*>")


def plain_text(html: str) -> str:
    """Text of HTML the Markdown renderer made, for places that take no markup (LMS reports).

    The renderer escapes every ``<``, ``>`` and quote in text and attribute values (raw HTML
    too, see markup/rawhtml.py), so each tag is exactly ``<…>``: dropping tags and unescaping
    entities gives what an HTML parser's text content would, without parsing.
    """
    if "<" in html:
        html = _TAG.sub("", html)
    if "&" in html:
        html = html_lib.unescape(html)
    return " ".join(html.split())


class _PageRenderer:
    def __init__(self, course: resolved.Course, theme: Theme, strings: dict[str, UIString]) -> None:
        self.course = course
        self.strings = strings
        self.env = theme.env
        self.macros: Any = theme.env.get_template("question.html").module
        self.samples: Any = theme.env.get_template("sample.html").module
        self.changes: Any = theme.env.get_template("changes.html").module
        self.md = markdown()

    def inline(self, text: str) -> Markup:
        return Markup(self.md.renderInline(text))

    def option(self, o: resolved.Option) -> dict[str, Any]:
        return {"id": o.id, "correct": o.correct, "text": plain_text(self.md.renderInline(o.text)),
                "html": self.inline(o.text) if o.text else self.strings[f"option_{o.id}"],
                "feedback": self.inline(o.feedback) if o.feedback else Markup("")}

    def question(self, qid: str, page: resolved.Page, mode: str) -> Markup:
        """One question by its type's template partial (``questions/<type>.html``)."""
        q = self.course.questions[qid]
        right, wrong = q.feedback
        plugin = questions.get(q.type)
        view: dict[str, Any] = {
            "id": q.id, "type": q.type, "prompt": self.inline(q.prompt),
            "uid": f"{page.id}--{q.id}",
            "options": [self.option(o) for o in q.options],
            "feedback_right": self.inline(right) if right else None,
            "feedback_wrong": self.inline(wrong) if wrong else None,
            "sample": self.sample_view(q.sample) if q.sample else None,
        } | plugin.view(q, self)
        partial: Any = self.env.get_template(plugin.partial).module
        return Markup(partial.question(view, mode, self.strings))

    def sample_view(self, s: resolved.Sample) -> dict[str, Any]:
        assets = self.course.assets
        return {"kind": s.kind, "text": self.inline(s.text), "alt": s.alt,
                "url": assets[s.src].url if s.src in assets else "",
                "captions_url": assets[s.captions].url if s.captions in assets else "",
                "description": Markup(self.md.render(s.description)), "warning": s.warning,
                "sensitive": s.sensitive, "language": self.course.language,
                "stripped": s.stripped}

    def sample(self, s: resolved.Sample) -> Markup:
        return Markup(self.samples.sample(self.sample_view(s), self.strings))

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
            "sample_html": self._next_sample(page),
        }

    def _next_sample(self, page: resolved.Page) -> Callable[[], Markup]:
        """Render the page's ``{sample}`` directives one by one, in document order."""
        samples = iter(page.samples)
        return lambda: self.sample(next(samples))

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


def _view_html(course: resolved.Course, theme: Theme, strings: dict[str, UIString], view: View,
               pages_html: Mapping[str, Markup], layout: layouts.Layout, styles: list[str]
               ) -> bytes:
    modules = [m for m in course.modules if view.modules is None or m.id in view.modules]
    page_ids = [pid for m in modules for pid in m.pages]
    pages = [course.page(pid) for pid in page_ids]
    html = theme.env.get_template(layout.entry).render(
        course=course, modules=modules, pages=pages, pages_html=pages_html, strings=strings,
        assets=ASSETS, **layout.context(course, strings, modules, pages),
        styles=styles,
    )
    return html.encode("utf-8")


def _styles(theme: Theme, types_css: bool) -> list[str]:
    """The stylesheets a page links, in cascade order: the default ``tf.css``, the question
    types' (``tf-types.css``), then the theme's own sheets by name, each overriding those
    before it."""
    names = {n for n in theme.static if n.endswith(".css")} | (
        {runtime.TYPES_CSS} if types_css else set())
    first = ("tf.css", runtime.TYPES_CSS)
    return sorted(names, key=lambda n: (first.index(n) if n in first else len(first), n))


def runtime_data(course: resolved.Course, strings: dict[str, UIString],
                  modules: Sequence[resolved.Module], pages: Sequence[resolved.Page]) -> str:
    """The course structure the JS runtime needs, as JSON safe inside a ``<script>`` element."""
    md = markdown()
    used = dict.fromkeys(q for p in pages for q in p.questions)
    questions = {qid: _question_data(course.questions[qid], strings) for qid in used}
    attestation = course.attestation
    data = {
        "id": course.id, "title": course.title, "version": course.version,
        "language": course.language, "description": plain_text(md.render(course.description)),
        "completion": {"rule": course.completion.rule,
                       "passingScore": course.completion.passing_score,
                       "maxAttempts": course.completion.max_attempts,
                       "reportFailed": course.completion.report_failed},
        "objectives": [{"id": o.id, "text": o.text, "clauses": list(o.cites)}
                       for o in course.objectives],
        "policies": [{"id": p.id, "title": p.title, "version": p.version,
                      "clauses": list(p.clauses)} for p in course.policies],
        "modules": [{"id": m.id, "title": m.title, "pages": list(m.pages),
                     "sensitive": dict(m.sensitive)} for m in modules],
        "pages": [{"id": p.id, "title": p.title, "kind": p.kind, "module": p.module,
                   "objectives": list(p.objectives), "questions": list(p.questions),
                   "clauses": list(p.cites), "shuffle": p.shuffle, "review": p.review,
                   "role": p.role, "pairsWith": p.pairs_with,
                   "pool": [{"area": d.area, "count": d.count, "questions": list(d.candidates)}
                            for d in p.pool]}
                  for p in pages],
        "questions": questions,
        "attestation": None if attestation is None else {
            "policy": attestation.policy, "version": attestation.version,
            "title": attestation.title, "required": attestation.required},
        # Shown only to a learner whose saved state is of another course version (core.js).
        "whatChanged": next((p.id for p in pages if p.changes), None),
        "strings": strings,
    }
    return _script_json(data)


def _question_data(q: resolved.Question, strings: dict[str, UIString]) -> dict[str, Any]:
    """What grading and tracking need of one question (plain text for LMS/LRS reports)."""
    md = markdown()
    text = questions.PlayerText(lambda source: plain_text(md.renderInline(source)), strings)
    return questions.get(q.type).player_data(q, text)


def _script_json(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # "<" never appears raw, so "</script>" or "<!--" in author text cannot end the element.
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
