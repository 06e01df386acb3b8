"""Cross-file checks: ids, references, objectives and media → the resolved course.

Every problem is collected (never the first only) with the location of the reference at fault.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import MappingProxyType

from trainforge import model, resolved
from trainforge.errors import Diagnostic, Location, Severity, error, warning
from trainforge.markup import markdown
from trainforge.markup.directives import DIRECTIVES
from trainforge.markup.scan import Reference, scan
from trainforge.paths import EscapeError, hashed_name, resolve_relative
from trainforge.policies import Registry
from trainforge.sources.markdown_file import LessonSource
from trainforge.sources.yamlfile import YamlDoc
from trainforge.validate import ValidatedCourse, suggest

WHAT_CHANGED = "what-changed"


class _Resolver:
    def __init__(self, v: ValidatedCourse, registry: Registry) -> None:
        self.v = v
        self.source = v.source
        self.registry = registry
        self.problems: list[Diagnostic] = []
        self.cited_policies: dict[str, set[str]] = {}  # policy id → clause ids cited
        self.questions = self._collect_questions()
        self.objective_ids = {o.id for o in v.course.objectives}
        self.lesson_by_rel: dict[str, str] = {}  # outline lesson path → page id
        self.used_questions: dict[str, resolved.Question] = {}
        self.assets: dict[str, resolved.Asset] = {}

    # -- questions -------------------------------------------------------------------------
    def _collect_questions(self) -> dict[str, resolved.Question]:
        found: dict[str, resolved.Question] = {}
        for doc, bank in self.v.banks:
            for index, question in enumerate(bank.questions):
                loc = doc.location(("questions", index, "id"))
                if question.id in found:
                    first = found[question.id].location
                    self.problems.append(error("id.duplicate", f"question id `{question.id}` is "
                                               f"already defined at {first}", loc))
                    continue
                cites = self.cite(question.cites, _at(doc, "questions", index, "cites"))
                found[question.id] = _question(question, loc, cites)
        return found

    def cite(self, citations: list[str], where: Callable[[int], Location]) -> tuple[str, ...]:
        """Check citations against the registry; the clause ids they name, pins dropped."""
        clauses: list[str] = []
        for i, citation in enumerate(citations):
            cited, problems = self.registry.cite(citation, where(i))
            self.problems.extend(problems)
            if cited is not None:
                clauses.append(cited.clause)
                self.cited_policies.setdefault(cited.policy, set()).add(cited.clause)
        return tuple(dict.fromkeys(clauses))

    def use_question(self, qid: str, loc: Location) -> bool:
        question = self.questions.get(qid)
        if question is None:
            self.problems.append(error("ref.question", f"unknown question `{qid}`", loc,
                                       suggest(qid, self.questions)))
            return False
        self.used_questions.setdefault(qid, question)
        return True

    def check_objectives(self, ids: Iterable[str], loc: Location) -> None:
        for oid in ids:
            if oid not in self.objective_ids:
                self.problems.append(error("ref.objective", f"unknown learning objective `{oid}`",
                                           loc, suggest(oid, self.objective_ids)))

    # -- outline ---------------------------------------------------------------------------
    def pages(self) -> list[resolved.Page]:
        course, doc = self.v.course, self.source.course
        assert doc is not None
        pages: list[resolved.Page] = []
        seen: dict[str, Location] = {}
        for mi, module in enumerate(course.modules):
            for pi, entry in enumerate(module.pages):
                path = ("modules", mi, "pages", pi)
                if isinstance(entry, model.course.LessonPage):
                    page = self._lesson_page(entry.lesson, module.id, doc.location((*path,
                                                                                    "lesson")))
                else:
                    page = self._assessment_page(entry.assessment, module.id, path)
                if page is None:
                    continue
                loc = doc.location(path)
                if page.id in seen:
                    self.problems.append(error("id.duplicate", f"page id `{page.id}` is already "
                                               f"used at {seen[page.id]}", loc))
                    continue
                seen[page.id] = loc
                pages.append(page)
        return pages

    def _lesson_page(self, rel_in: str, module: str, loc: Location) -> resolved.Page | None:
        try:
            rel = resolve_relative("course.yaml", rel_in)
        except EscapeError:
            self.problems.append(error("source.escape", f"lesson path `{rel_in}` leaves the course "
                                       "folder", loc, "lessons live in lessons/"))
            return None
        lesson = self.source.lessons.get(rel)
        front = self.v.lessons.get(rel)
        if lesson is None and rel in self.source.unreadable:
            return None  # already reported where it could not be read
        if lesson is None:
            self.problems.append(error("ref.lesson", f"no lesson file `{rel_in}`", loc,
                                       suggest(rel, self.source.lessons)))
            return None
        if front is None:
            return None  # its front matter problems are already reported
        if rel in self.lesson_by_rel:
            self.problems.append(error("ref.lesson", f"lesson `{rel_in}` is in the outline twice",
                                       loc))
            return None
        self.lesson_by_rel[rel] = front.id
        fm = lesson.front
        assert fm is not None
        self.check_objectives(front.objectives, fm.location(("objectives",)))
        cites = self.cite(front.cites, _at(fm, "cites"))
        return resolved.Page(front.id, front.title, "lesson", module, tuple(front.objectives),
                             (), lesson.body, rel, lesson.body_line, cites)

    def _assessment_page(self, a: model.Assessment, module: str,
                         path: tuple[str | int, ...]) -> resolved.Page:
        doc = self.source.course
        assert doc is not None
        for i, qid in enumerate(a.questions):
            loc = doc.location((*path, "assessment", "questions", i))
            if qid in a.questions[:i]:
                self.problems.append(error("id.duplicate", f"assessment `{a.id}` asks question "
                                           f"`{qid}` twice", loc))
            self.use_question(qid, loc)
        return resolved.Page(a.id, a.title, "assessment", module, (), tuple(a.questions),
                             a.intro or "", "")

    # -- lesson content --------------------------------------------------------------------
    def lesson_refs(self, page: resolved.Page) -> resolved.Page:
        lesson = self.source.lessons[page.source]
        embedded: list[str] = []
        for ref in scan(markdown().parse(page.markdown)):
            loc = Location(lesson.display, lesson.body_line + ref.line, 1)
            if ref.kind == "question":
                if self.use_question(ref.target, loc):
                    embedded.append(ref.target)
            elif ref.kind in ("image", "video", "captions"):
                self._asset(lesson, ref, loc)
            elif ref.kind == "link":
                self._link(lesson, ref, loc)
            elif ref.kind == "raw-html":
                snippet = " ".join(ref.target.split())[:40]
                self.problems.append(warning("markup.raw-html", f"raw HTML `{snippet}` is not "
                                             "allowed in lessons; it is shown as text", loc,
                                             "use Markdown instead"))
            elif ref.kind == "directive":
                self.problems.append(error("markup.directive", f"unknown directive "
                                           f"`{{{ref.target}}}`", loc,
                                           suggest(ref.target, DIRECTIVES) or
                                           f"known: {', '.join(DIRECTIVES)}"))
        return resolved.Page(page.id, page.title, page.kind, page.module, page.objectives,
                             tuple(dict.fromkeys(embedded)), page.markdown, page.source,
                             page.body_line, page.cites)

    def _asset(self, lesson: LessonSource, ref: Reference, loc: Location) -> None:
        if ref.kind == "image" and not ref.alt:
            self.problems.append(error("markup.image-alt", f"image `{ref.target}` has no alt "
                                       "text", loc, "describe it: ![what it shows](path)"))
        if not ref.target:
            what = "a captions file (WebVTT)" if ref.kind == "captions" else "a path"
            self.problems.append(error(f"markup.{ref.kind}", f"{ref.kind} needs {what}", loc,
                                       "captions: ../media/clip.vtt"))
            return
        if ref.target.startswith(("http://", "https://", "data:")):
            self.problems.append(error("asset.external", f"`{ref.target}` is not a file of the "
                                       "course; packages must be self-contained", loc))
            return
        try:
            rel = resolve_relative(lesson.rel, ref.target)
        except EscapeError:
            self.problems.append(error("asset.escape", f"path `{ref.target}` leaves the course "
                                       "folder", loc, "put media in the course's media/ folder"))
            return
        data = self.source.media.get(rel)
        if data is None:
            self.problems.append(error("asset.missing", f"no media file `{ref.target}` "
                                       f"(looked for {rel})", loc, suggest(rel, self.source.media)))
            return
        self.assets.setdefault(rel, resolved.Asset(rel, hashed_name(rel, data), data))

    def _link(self, lesson: LessonSource, ref: Reference, loc: Location) -> None:
        try:
            rel = resolve_relative(lesson.rel, ref.target)
        except EscapeError:
            self.problems.append(error("link.escape", f"link `{ref.target}` leaves the course "
                                       "folder", loc))
            return
        if rel not in self.lesson_by_rel:
            others = [r for r in self.lesson_by_rel if r != lesson.rel]
            self.problems.append(error("link.unresolved", f"link `{ref.target}` does not lead to "
                                       "a lesson in the course outline", loc,
                                       suggest(rel, others)))


def resolve(v: ValidatedCourse, registry: Registry | None = None
            ) -> tuple[resolved.Course | None, list[Diagnostic]]:
    """Check every cross-file reference of a validated course and build the resolved course."""
    r = _Resolver(v, registry or Registry())
    course = v.course
    doc = v.source.course
    assert doc is not None
    objectives = tuple(
        resolved.Objective(o.id, o.text, r.cite(o.cites, _at(doc, "objectives", i, "cites")))
        for i, o in enumerate(course.objectives))
    for i, objective in enumerate(course.objectives):
        if [o.id for o in course.objectives].index(objective.id) != i:
            r.problems.append(error("id.duplicate", f"objective id `{objective.id}` is used twice",
                                    doc.location(("objectives", i, "id"))))
    module_ids = [m.id for m in course.modules]
    for i, mid in enumerate(module_ids):
        if module_ids.index(mid) != i:
            r.problems.append(error("id.duplicate", f"module id `{mid}` is used twice",
                                    doc.location(("modules", i, "id"))))
    pages = [r.lesson_refs(p) if p.kind == "lesson" else p for p in r.pages()]
    changes = _what_changed(r, course)
    if changes is not None:
        pages.insert(0, changes)
    _unused_lessons(r)
    _objective_coverage(r, course)
    for q in r.used_questions.values():
        r.check_objectives(q.objectives, q.location)
    if any(d.severity is Severity.ERROR for d in r.problems):
        return None, r.problems
    modules = tuple(resolved.Module(m.id, m.title, tuple(p.id for p in pages if p.module == m.id))
                    for m in course.modules)
    policies = tuple(
        resolved.PolicyRef(pid, pol.title, pol.version, pol.effective.isoformat(),
                           tuple(sorted(r.cited_policies.get(pid, ()))),
                           tuple((a.id, a.label) for a in pol.actions))
        for pid, pol in sorted(r.registry.policies.items())
        if pid in r.cited_policies or pid in course.policies)
    c = course.completion
    return resolved.Course(
        id=course.id, title=course.title, description=course.description, version=course.version,
        language=course.language, audience=course.audience,
        duration_minutes=course.duration_minutes,
        objectives=objectives,
        completion=resolved.Completion(c.rule.value, c.passing_score, c.max_attempts),
        modules=modules, pages=tuple(pages),
        questions=MappingProxyType(dict(r.used_questions)),
        assets=MappingProxyType(dict(sorted(r.assets.items()))),
        source_dir=v.source.display,
        policies=policies,
    ), r.problems


def _unused_lessons(r: _Resolver) -> None:
    for rel, lesson in r.source.lessons.items():
        if rel not in r.lesson_by_rel and lesson.front is not None:
            r.problems.append(warning("lesson.unused", "lesson is not in the course outline",
                                      Location(lesson.display, 1, 1),
                                      "add it to `modules[].pages` in course.yaml or delete it"))


def _objective_coverage(r: _Resolver, course: model.Course) -> None:
    assessed = {o for q in r.used_questions.values() for o in q.objectives}
    doc = r.source.course
    assert doc is not None
    for i, objective in enumerate(course.objectives):
        if objective.id not in assessed:
            r.problems.append(warning("objective.unassessed", f"learning objective "
                                      f"`{objective.id}` is not assessed by any question",
                                      doc.location(("objectives", i, "id")),
                                      "list it in a question's `objectives`"))


def _what_changed(r: _Resolver, course: model.Course) -> resolved.Page | None:
    """A first page listing what changed in each cited policy since the course's last release."""
    doc = r.source.course
    assert doc is not None
    deltas: list[resolved.PolicyDelta] = []
    for pid, released in course.policies.items():
        loc = doc.location(("policies", pid))
        policy = r.registry.policies.get(pid)
        if policy is None and r.registry.incomplete:
            continue
        if policy is None:
            r.problems.append(error("policy.unknown", f"unknown policy `{pid}`", loc,
                                    suggest(pid, r.registry.policies)))
            continue
        if released > policy.version:
            r.problems.append(error("policy.version", f"released against version {released} of "
                                    f"`{pid}`, but the policy is at version {policy.version}", loc))
            continue
        for release in r.registry.releases_after(pid, released):
            deltas.append(resolved.PolicyDelta(
                pid, policy.title, release.version, release.date.isoformat(),
                release.summary or "",
                tuple(resolved.ClauseDelta(c.clause, _clause_title(r.registry, c.clause),
                                           c.change.value, c.why) for c in release.changes)))
    if not deltas:
        return None
    titles = ", ".join(dict.fromkeys(d.title for d in deltas))
    first_module = course.modules[0].id
    return resolved.Page(WHAT_CHANGED, f"What changed: {titles}", "lesson", first_module, (), (),
                         "", "", 1, (), tuple(deltas))


def _at(doc: YamlDoc, *prefix: str | int) -> Callable[[int], Location]:
    """Where the i-th item of the list at ``prefix`` is."""
    return lambda i: doc.location((*prefix, i))


def _clause_title(registry: Registry, clause_id: str) -> str:
    return registry.clause(clause_id).title if clause_id in registry.clause_policy else ""


def _question(q: model.Question, loc: Location, cites: tuple[str, ...] = ()
              ) -> resolved.Question:
    options: tuple[resolved.Option, ...]
    if isinstance(q, model.TrueFalse):
        options = (
            resolved.Option("true", "", q.answer is True, q.feedback.true),
            resolved.Option("false", "", q.answer is False, q.feedback.false),
        )
        shuffle = False
    else:
        options = tuple(resolved.Option(o.id, o.text, o.correct, o.feedback) for o in q.options)
        shuffle = q.shuffle
    return resolved.Question(q.id, q.type, q.prompt, options, tuple(q.objectives), q.points,
                             shuffle, loc, cites)
