"""Cross-file checks: ids, references, objectives and media → the resolved course.

Every problem is collected (never the first only) with the location of the reference at fault.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import MappingProxyType
from typing import TypeVar

from pydantic import ValidationError

from trainforge import model
from trainforge import questions as question_types
from trainforge.errors import Diagnostic, Location, Severity, error, suggest, warning
from trainforge.load.markdown_file import LessonSource
from trainforge.load.yamlfile import YamlDoc
from trainforge.markup import markdown
from trainforge.markup.directives import DIRECTIVES
from trainforge.markup.scan import Reference, scan
from trainforge.resolve import coursewide, resolved
from trainforge.resolve.paths import EscapeError, hashed_name, resolve_relative
from trainforge.resolve.registry import Registry
from trainforge.resolve.samples import sample_of
from trainforge.validate import markup
from trainforge.validate.course import ValidatedCourse

T = TypeVar("T")


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

    def collect(self, made: tuple[T, list[Diagnostic]]) -> T:
        """What a helper made; its problems join the course's."""
        value, problems = made
        self.problems.extend(problems)
        return value

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
                rel = self.source.rel_of(doc.display)
                src = question_types.Source(doc, rel, ("questions", index), cites)
                found[question.id], problems = question_types.get(question.type).convert(
                    question, src, self)
                self.problems.extend(problems)
                self.problems.extend(markup.check_fields(question, ("questions", index),
                                                                doc.location))
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
        if a.intro:
            self.problems.extend(markup.check_text(
                a.intro, doc.location((*path, "assessment", "intro")), block=True))
        pool = tuple(self._draw(a, d, doc.location((*path, "assessment", "pool", i)))
                     for i, d in enumerate(a.pool))
        asked = tuple(dict.fromkeys([*a.questions, *(q for d in pool for q in d.candidates)]))
        return resolved.Page(a.id, a.title, "assessment", module, (), asked, a.intro or "", "",
                             pool=pool, shuffle=a.shuffle, review=a.review,
                             role=a.role.value if a.role else None, pairs_with=a.pairs_with)

    def _draw(self, a: model.Assessment, draw: model.course.PoolDraw, loc: Location
              ) -> resolved.PoolDraw:
        """The candidates of one pool draw: questions of its area not asked in every attempt."""
        banks = {self.source.rel_of(doc.display): bank for doc, bank in self.v.banks}
        for name in draw.banks:
            if name not in banks:
                self.problems.append(error("ref.bank", f"no question bank `{name}`", loc,
                                           suggest(name, banks)))
        chosen = [b for name, b in banks.items() if not draw.banks or name in draw.banks]
        ids = [q.id for bank in chosen for q in bank.questions if q.id not in a.questions]
        candidates = tuple(i for i in ids if i in self.questions
                           and self._in_area(self.questions[i], draw.area))
        if len(candidates) < draw.count:
            self.problems.append(error(
                "pool.too-small", f"pool asks for {draw.count} questions of area `{draw.area}`, "
                f"but the banks hold {len(candidates)}", loc,
                "lower `count` or cite the area's clauses in more questions"))
        for qid in candidates:
            self.use_question(qid, loc)
        return resolved.PoolDraw(draw.area, draw.count, candidates)

    def _in_area(self, q: resolved.Question, area: str) -> bool:
        if area in self.registry.policies:
            return any(self.registry.clause_policy.get(c) == area for c in q.cites)
        return any(c == area or c.startswith(f"{area}.") for c in q.cites)

    # -- lesson content --------------------------------------------------------------------
    def lesson_refs(self, page: resolved.Page) -> resolved.Page:
        lesson = self.source.lessons[page.source]
        embedded: list[str] = []
        samples: list[resolved.Sample] = []
        for ref in scan(markdown().parse(page.markdown)):
            loc = Location(lesson.display, lesson.body_line + ref.line, 1)
            if ref.kind == "question":
                if self.use_question(ref.target, loc):
                    embedded.append(ref.target)
            elif ref.kind in ("image", "video", "captions"):
                self._asset(lesson, ref, loc)
            elif ref.kind == "sample":
                sample = self._sample(lesson, ref, loc)
                if sample is not None:
                    samples.append(sample)
            elif ref.kind == "link":
                self._link(lesson, ref, loc)
            elif ref.kind == "directive":
                self.problems.append(error("markup.directive", f"unknown directive "
                                           f"`{{{ref.target}}}`", loc,
                                           suggest(ref.target, DIRECTIVES) or
                                           f"known: {', '.join(DIRECTIVES)}"))
            else:
                self.problems.extend(d for d in [markup.problem(ref, loc)] if d)
        return resolved.Page(page.id, page.title, page.kind, page.module, page.objectives,
                             tuple(dict.fromkeys(embedded)), page.markdown, page.source,
                             page.body_line, page.cites, samples=tuple(samples))

    def _asset(self, lesson: LessonSource, ref: Reference, loc: Location) -> None:
        if ref.kind == "image" and not ref.alt:
            self.problems.append(error("markup.image-alt", f"image `{ref.target}` has no alt "
                                       "text", loc, "describe it: ![what it shows](path)"))
        if not ref.target:
            what = "a captions file (WebVTT)" if ref.kind == "captions" else "a path"
            self.problems.append(error(f"markup.{ref.kind}", f"{ref.kind} needs {what}", loc,
                                       "captions: ../media/clip.vtt"))
            return
        self.asset(lesson.rel, ref.target, loc, ref.kind)

    def asset(self, base: str, target: str, loc: Location, kind: str) -> str | None:
        """Register the media file ``target`` (relative to ``base``); its course path or None."""
        if target.startswith(("http://", "https://", "data:")):
            self.problems.append(error("asset.external", f"`{target}` is not a file of the "
                                       "course; packages must be self-contained", loc))
            return None
        try:
            rel = resolve_relative(base, target)
        except EscapeError:
            self.problems.append(error("asset.escape", f"path `{target}` leaves the course "
                                       "folder", loc, "put media in the course's media/ folder"))
            return None
        data = self.source.media.get(rel)
        if data is None:
            self.problems.append(error("asset.missing", f"no media file `{target}` "
                                       f"(looked for {rel})", loc, suggest(rel, self.source.media)))
            return None
        self.assets.setdefault(rel, resolved.Asset(rel, hashed_name(rel, data), data))
        return rel

    def _sample(self, lesson: LessonSource, ref: Reference, loc: Location
                ) -> resolved.Sample | None:
        """A ``{sample}`` directive in a lesson, validated like a bank sample."""
        data: dict[str, object] = dict(ref.options)
        if ref.target:
            data["src"] = ref.target
        data.setdefault("kind", "text" if "text" in data else "image")
        try:
            sample = model.Sample.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"])
                message = err["msg"].removeprefix("Value error, ")
                where = f"sample `{field}`" if field else "sample"
                self.problems.append(error("markup.sample", f"{where}: {message}", loc))
            return None
        self.problems.extend(markup.check_fields(sample, (), lambda _: loc))
        return sample_of(sample, lesson.rel, loc, self)

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
    changes = r.collect(coursewide.what_changed(course, doc, r.registry))
    if changes is not None:
        pages.insert(0, changes)
    _unused_lessons(r)
    _objective_coverage(r, course)
    for q in r.used_questions.values():
        r.check_objectives(q.objectives, q.location)
    if any(d.severity is Severity.ERROR for d in r.problems):
        return None, r.problems
    by_module = {m.id: [p for p in pages if p.module == m.id] for m in course.modules}
    modules = tuple(r.collect(coursewide.module_of(course, doc, i, by_module[m.id], r.questions))
                    for i, m in enumerate(course.modules))
    r.problems.extend(coursewide.check_pairs(course, doc, pages))
    attestation = r.collect(coursewide.attestation_of(course, doc, r.registry))
    if attestation is not None:
        r.cited_policies.setdefault(attestation.policy, set())
    policies = tuple(
        resolved.PolicyRef(pid, pol.title, pol.version, pol.effective.isoformat(),
                           tuple(sorted(r.cited_policies.get(pid, ()))))
        for pid, pol in sorted(r.registry.policies.items())
        if pid in r.cited_policies or pid in course.policies)
    c = course.completion
    return resolved.Course(
        id=course.id, title=course.title, description=course.description, version=course.version,
        language=course.language, audience=course.audience,
        duration_minutes=course.duration_minutes,
        objectives=objectives,
        completion=resolved.Completion(c.rule.value, c.passing_score, c.max_attempts,
                                       c.report_failed.value),
        modules=modules, pages=tuple(pages),
        questions=MappingProxyType(dict(r.used_questions)),
        assets=MappingProxyType(dict(sorted(r.assets.items()))),
        source_dir=v.source.display,
        policies=policies,
        attestation=attestation,
        xapi_base_iri=course.xapi_base_iri,
        xapi_base_iri_at=doc.location(("xapi_base_iri",)) if course.xapi_base_iri
        else Location(doc.display, 1, 1),
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


def _at(doc: YamlDoc, *prefix: str | int) -> Callable[[int], Location]:
    """Where the i-th item of the list at ``prefix`` is."""
    return lambda i: doc.location((*prefix, i))
