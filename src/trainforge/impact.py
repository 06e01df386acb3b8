"""What a policy change touches: every course, page, question and objective citing its clauses.

``trainforge impact hb@4`` answers "what must be reviewed for this release of the policy";
``--since REF`` answers "what did the commits since REF change", comparing each changed
policy file with its version at REF, and adding courses whose own files changed.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from trainforge import resolved
from trainforge.errors import TrainforgeError
from trainforge.policies import Registry


@dataclass(frozen=True)
class Hit:
    """One affected item and the changed clauses it cites (empty: the course itself changed)."""

    course: str
    version: str
    source_dir: str
    kind: str  # course | page | question | objective
    id: str
    title: str
    clauses: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["clauses"] = list(self.clauses)
        return data


def hits(courses: Iterable[resolved.Course], clauses: set[str]) -> list[Hit]:
    """Every page, question and objective of ``courses`` that cites one of ``clauses``."""
    found: list[Hit] = []
    for c in courses:
        def hit(kind: str, id_: str, title: str, cites: Sequence[str], c: resolved.Course = c
                ) -> None:
            touched = tuple(x for x in cites if x in clauses)
            if touched:
                found.append(Hit(c.id, c.version, c.source_dir, kind, id_, title, touched))
        for page in c.pages:
            hit("page", page.id, page.title, page.cites)
        for q in c.questions.values():
            hit("question", q.id, _short(q.prompt), q.cites)
        for o in c.objectives:
            hit("objective", o.id, o.text, o.cites)
    return found


def clauses_of_release(registry: Registry, spec: str) -> set[str]:
    """``hb`` → every clause of the policy; ``hb@4`` → the clauses release 4 changed."""
    policy_id, _, version = spec.partition("@")
    policy = registry.policies.get(policy_id)
    if policy is None:
        raise TrainforgeError.single("impact.policy", f"unknown policy `{policy_id}` (known: "
                                     f"{', '.join(sorted(registry.policies)) or 'none'})", spec)
    if not version:
        return {c.id for c in policy.clauses}
    release = next((r for r in policy.changelog if str(r.version) == version), None)
    if release is None:
        raise TrainforgeError.single("impact.version", f"policy `{policy_id}` has no release "
                                     f"`{version}` in its changelog", spec)
    return {c.clause for c in release.changes}


def changed_since(repo: Path, ref: str, registry: Registry, policy_dir: Path | None
                  ) -> tuple[set[str], set[Path]]:
    """Clauses changed in policy files since ``ref``, and every file changed since it."""
    files = {repo / name for name in _git(repo, "diff", "--name-only", ref, "--").splitlines()}
    files |= {repo / name for name in _git(repo, "ls-files", "--others", "--exclude-standard"
                                            ).splitlines()}
    clauses: set[str] = set()
    if policy_dir is not None:
        for path in sorted(f for f in files if f.parent == policy_dir.resolve()):
            clauses |= _changed_clauses(repo, ref, path, registry)
    return clauses, files


def _changed_clauses(repo: Path, ref: str, path: Path, registry: Registry) -> set[str]:
    rel = path.relative_to(repo).as_posix()
    try:
        old = yaml.safe_load(_git(repo, "show", f"{ref}:{rel}")) or {}
    except (TrainforgeError, yaml.YAMLError):
        old = {}  # a new policy file: every clause is new
    new = registry.policies.get(path.stem)
    old_clauses = {str(c.get("id")): c for c in old.get("clauses", []) if isinstance(c, dict)}
    new_clauses = {c.id: {"id": c.id, "title": c.title, "summary": c.summary}
                   for c in (new.clauses if new else [])}
    changed = {cid for cid in old_clauses.keys() | new_clauses.keys()
               if _norm(old_clauses.get(cid)) != _norm(new_clauses.get(cid))}
    old_version = int(old.get("version", 0)) if str(old.get("version", "0")).isdigit() else 0
    if new is not None:
        changed |= {c.clause for r in new.changelog if r.version > old_version for c in r.changes}
    return changed


def _norm(clause: object) -> tuple[str, str] | None:
    if not isinstance(clause, dict):
        return None
    return (str(clause.get("title", "")).strip(), " ".join(str(clause.get("summary", "")).split()))


def _git(repo: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                              check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise TrainforgeError.single("git.failed", f"cannot run git: {exc}", repo) from None
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "git failed"
        raise TrainforgeError.single("git.failed", message, f"git {' '.join(args)}")
    return done.stdout


def impact(courses: Sequence[resolved.Course], registry: Registry, *, spec: str | None,
           since: str | None, start: Path, policy_dir: Path | None) -> list[Hit]:
    """The hits for a policy release (``spec``) or for the commits since ``since``."""
    found: list[Hit] = []
    if spec:
        found = hits(courses, clauses_of_release(registry, spec))
    if since:
        repo = repo_root(start)
        clauses, files = changed_since(repo, since, registry, policy_dir)
        found += hits(courses, clauses)
        found += [Hit(c.id, c.version, c.source_dir, "course", c.id, c.title, ())
                  for c in courses if course_changed(Path(c.source_dir), files)]
    return sorted(set(found), key=lambda h: (h.course, h.kind != "course", h.kind, h.id))


def affected_courses(paths: Sequence[Path], ref: str) -> list[Path]:
    """Course folders under ``paths`` that the commits since ``ref`` affect (for CI)."""
    from trainforge.build import load_courses
    from trainforge.policies import load_registry
    from trainforge.sources.course_dir import discover

    roots = discover(paths)
    courses, _ = load_courses(roots)
    registry, _ = load_registry(roots)
    found = impact(courses, registry, spec=None, since=ref, start=roots[0],
                   policy_dir=registry.folder)
    hit = {h.source_dir for h in found}
    return [root for root, course in zip(roots, courses, strict=True)
            if course.source_dir in hit]


def repo_root(start: Path) -> Path:
    return Path(_git(start, "rev-parse", "--show-toplevel").strip())


def course_changed(course_dir: Path, files: set[Path]) -> bool:
    root = course_dir.resolve()
    return any(f.resolve().is_relative_to(root) for f in files)


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
