"""What a policy change touches: every course, page, question and objective that shows it.

``trainforge impact hb@4`` answers "what must be reviewed for this release of the policy";
``--since REF`` answers "what did the commits since REF change", comparing the policy registry
with the registry at REF. An item shows a clause it cites, one it offers as an option (right or
wrong), an action it offers, and the policy of every clause and action it shows; a page shows
what its questions show. ``build --changed-since`` builds the courses whose packages change:
those whose own files changed, and those the registry at REF resolves differently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from trainforge.errors import Diagnostics, TrainforgeError
from trainforge.load.git import changed_files, git_text, repository_top, tree_at
from trainforge.load.policy_files import find_policy_dir
from trainforge.model.policy import Policy
from trainforge.pipeline import load_registry
from trainforge.resolve import resolved
from trainforge.resolve.registry import Registry


@dataclass(frozen=True)
class Shown:
    """Clause ids, ``policy/action`` ids and policy ids: what an item shows, or what changed."""

    clauses: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    policies: frozenset[str] = frozenset()

    def __or__(self, other: Shown) -> Shown:
        return Shown(self.clauses | other.clauses, self.actions | other.actions,
                     self.policies | other.policies)

    def __and__(self, other: Shown) -> Shown:
        return Shown(self.clauses & other.clauses, self.actions & other.actions,
                     self.policies & other.policies)

    def __bool__(self) -> bool:
        return bool(self.clauses or self.actions or self.policies)


@dataclass(frozen=True)
class Hit:
    """One affected item and the changes it shows (all empty: only the course's files changed)."""

    course: str
    version: str
    source_dir: str
    kind: str  # course | page | question | objective
    id: str
    title: str
    clauses: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()  # policy/action
    policies: tuple[str, ...] = ()  # whose title changed

    def as_json(self) -> dict[str, object]:
        return {"course": self.course, "version": self.version, "source_dir": self.source_dir,
                "kind": self.kind, "id": self.id, "title": self.title,
                "clauses": list(self.clauses), "actions": list(self.actions),
                "policies": list(self.policies)}

    @property
    def changes(self) -> tuple[str, ...]:
        return (*self.clauses, *self.actions, *self.policies)


def hits(courses: Iterable[resolved.Course], changed: Shown, registry: Registry,
         rebuilt: Iterable[str] = ()) -> list[Hit]:
    """Every item of ``courses`` showing something ``changed``, and each such course; courses
    whose ``source_dir`` is in ``rebuilt`` (their packages change) are named in any case."""
    owners = registry.clause_policy
    rebuilt = set(rebuilt)
    found: list[Hit] = []
    for c in courses:
        def hit(kind: str, id_: str, title: str, shows: Shown, c: resolved.Course = c) -> None:
            touched = shows & changed
            if touched or (kind == "course" and c.source_dir in rebuilt):
                found.append(Hit(c.id, c.version, c.source_dir, kind, id_, title,
                                 *(tuple(sorted(s)) for s in (touched.clauses, touched.actions,
                                                              touched.policies))))
        questions = {q.id: _question(q, owners) for q in c.questions.values()}
        pages = {p.id: _page(p, questions, owners) for p in c.pages}
        objectives = {o.id: _about(o.cites, owners) for o in c.objectives}
        everything = Shown(policies=frozenset(p.id for p in c.policies))
        for shows in (*questions.values(), *pages.values(), *objectives.values()):
            everything |= shows
        hit("course", c.id, c.title, everything)
        for page in c.pages:
            hit("page", page.id, page.title, pages[page.id])
        for q in c.questions.values():
            hit("question", q.id, _short(q.prompt), questions[q.id])
        for o in c.objectives:
            hit("objective", o.id, o.text, objectives[o.id])
    return found


def _about(clauses: Iterable[str], owners: Mapping[str, str]) -> Shown:
    """Clauses, with the policies they belong to."""
    ids = frozenset(clauses)
    return Shown(ids, policies=frozenset(owners[c] for c in ids if c in owners))


def _question(q: resolved.Question, owners: Mapping[str, str]) -> Shown:
    """A question shows the clauses it cites and offers, and the actions it offers."""
    shown = _about((*q.cites, *(o.id for o in q.options if o.group == "clause")), owners)
    actions = frozenset(f"{q.policy}/{o.id}" for o in q.options if o.group == "action")
    return shown | Shown(actions=actions, policies=frozenset([q.policy] if q.policy else []))


def _page(p: resolved.Page, questions: Mapping[str, Shown], owners: Mapping[str, str]) -> Shown:
    """A page shows its citations, its "What changed" list and every question it may ask."""
    shown = _about((*p.cites, *(d.clause for r in p.changes for d in r.changes)), owners)
    shown |= Shown(policies=frozenset(r.policy for r in p.changes))
    for qid in (*p.questions, *(q for draw in p.pool for q in draw.candidates)):
        shown |= questions.get(qid, Shown())
    return shown


def release_changes(registry: Registry, spec: str) -> Shown:
    """``hb`` → every clause and action of the policy; ``hb@4`` → what release 4 changed."""
    policy_id, _, version = spec.partition("@")
    policy = registry.policies.get(policy_id)
    if policy is None:
        raise TrainforgeError.single("impact.policy", f"unknown policy `{policy_id}` (known: "
                                     f"{', '.join(sorted(registry.policies)) or 'none'})", spec)
    if not version:
        return Shown(frozenset(c.id for c in policy.clauses),
                     frozenset(f"{policy.id}/{a.id}" for a in policy.actions))
    release = next((r for r in policy.changelog if str(r.version) == version), None)
    if release is None:
        raise TrainforgeError.single("impact.version", f"policy `{policy_id}` has no release "
                                     f"`{version}` in its changelog", spec)
    return Shown(frozenset(c.clause for c in release.changes))


def registry_changes(old: Registry, new: Registry) -> Shown:
    """Clauses, actions and policy titles that differ between two registries, and the clauses
    of every changelog release newer than the old registry's version of the policy."""
    changed = Shown()
    for pid in old.policies.keys() | new.policies.keys():
        changed |= _policy_changes(pid, old.policies.get(pid), new.policies.get(pid))
    return changed


def _policy_changes(pid: str, old: Policy | None, new: Policy | None) -> Shown:
    def clauses(p: Policy | None) -> dict[str, object]:
        return {c.id: c for c in p.clauses} if p else {}

    def actions(p: Policy | None) -> dict[str, object]:
        return {f"{pid}/{a.id}": a for a in p.actions} if p else {}

    def differ(a: dict[str, object], b: dict[str, object]) -> frozenset[str]:
        return frozenset(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))

    released = frozenset(c.clause for r in (new.changelog if new else [])
                         if r.version > (old.version if old else 0) for c in r.changes)
    title = (old.title if old else None) != (new.title if new else None)
    return Shown(differ(clauses(old), clauses(new)) | released, differ(actions(old), actions(new)),
                 frozenset([pid] if title else []))


@dataclass(frozen=True)
class Since:
    """What the commits since a ref changed: files, registry items, courses to rebuild."""

    files: set[Path] = field(default_factory=set)
    changed: Shown = Shown()
    rebuilt: set[str] = field(default_factory=set)  # source_dir of courses whose packages change


def since(ref: str, roots: Sequence[Path], courses: Sequence[resolved.Course],
          registry: Registry, theme_dir: Path | None = None) -> Since:
    """Compare the sources with those at ``ref``; a course's packages change when its files or
    the theme changed, or when the registry at ``ref`` resolves it differently."""
    repo = repository_top(roots[0] if roots else Path.cwd())
    files = changed_files(repo, ref)
    old = _registry_at(repo, ref, registry.folder) if _touches(registry.folder, files) else None
    changed = registry_changes(old, registry) if old is not None else Shown()
    themed = theme_dir is not None and _touches(theme_dir, files)
    rebuilt = {c.source_dir for root, c in zip(roots, courses, strict=True)
               if themed or _touches(root, files) or (old is not None and _load(root, old) != c)}
    return Since(files, changed, rebuilt)


def _registry_at(repo: Path, ref: str, folder: Path | None) -> Registry:
    """The policy registry as it was at ``ref`` (empty if it did not exist then)."""
    if folder is None:
        return Registry()
    commit = git_text(repo, "rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}")
    rel = folder.resolve().relative_to(repo.resolve()).as_posix()
    with tree_at(repo, commit.strip(), [rel], f"--since {ref}") as old_top:
        registry, _ = load_registry(old_top / rel)
    return registry


def _load(root: Path, registry: Registry) -> resolved.Course | None:
    """The course resolved against ``registry`` (None if it does not resolve there)."""
    from trainforge.batch.build import load_one

    return load_one(root, Diagnostics(), registry)


def impact(roots: Sequence[Path], courses: Sequence[resolved.Course], registry: Registry, *,
           spec: str | None, ref: str | None, theme_dir: Path | None = None) -> list[Hit]:
    """The hits for a policy release (``spec``) and for the commits since ``ref``."""
    found: list[Hit] = []
    if spec:
        found = hits(courses, release_changes(registry, spec), registry)
    if ref:
        done = since(ref, roots, courses, registry, theme_dir)
        found += hits(courses, done.changed, registry, done.rebuilt)
    return sorted(set(found), key=lambda h: (h.course, h.kind != "course", h.kind, h.id,
                                             h.changes))


def load_all(paths: Sequence[Path]) -> tuple[list[Path], list[resolved.Course], Registry]:
    """The course folders under ``paths``, their resolved courses and their policy registry."""
    from trainforge.batch.build import load_courses
    from trainforge.load.course_dir import discover

    roots = discover(paths)
    courses, _ = load_courses(roots)
    registry, _ = load_registry(next(filter(None, map(find_policy_dir, roots)), None))
    return roots, courses, registry


def affected_courses(paths: Sequence[Path], ref: str, theme_dir: Path | None = None
                     ) -> list[Path]:
    """Course folders under ``paths`` whose packages the commits since ``ref`` change (for CI)."""
    roots, courses, registry = load_all(paths)
    rebuilt = since(ref, roots, courses, registry, theme_dir).rebuilt
    return [root for root, course in zip(roots, courses, strict=True)
            if course.source_dir in rebuilt]


def _touches(folder: Path | None, files: set[Path]) -> bool:
    """Whether one of ``files`` is inside ``folder``."""
    if folder is None:
        return False
    root = folder.resolve()
    return any(f.resolve().is_relative_to(root) for f in files)


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
