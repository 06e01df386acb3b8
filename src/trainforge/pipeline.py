"""One course through the pipeline: load → validate → resolve, then render once, package per format.

Pure functions over the course's files; ``batch.build`` sequences them over many courses.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from trainforge.batch.options import BuildOptions
from trainforge.errors import Diagnostic, Diagnostics, Location, Severity
from trainforge.load.course_dir import COURSE_FILE, load_course
from trainforge.load.policy_files import find_policy_dir, load_policy_files
from trainforge.package.base import Package, Packager
from trainforge.release.itemmeta import Rename
from trainforge.render.site import Site, View, render
from trainforge.render.theme import Theme
from trainforge.resolve import resolved
from trainforge.resolve.registry import Registry, build_registry
from trainforge.resolve.resolver import resolve
from trainforge.resolve.sensitive import strip_sensitive
from trainforge.resolve.state_keys import state_key_problems
from trainforge.validate.course import validate_course
from trainforge.validate.policy import validate_policies


@dataclass(frozen=True)
class Loaded:
    """A resolved course and what the build needs beyond it."""

    course: resolved.Course
    renames: tuple[Rename, ...]
    course_file: Location  # course.yaml, for messages about the course as a whole


def load(root: Path, found: Diagnostics, registry: Registry | None = None) -> Loaded | None:
    """One course through load → validate → resolve, collecting diagnostics into ``found``.

    Without ``registry``, the ``policies/`` folder nearest the course (read once per process;
    its problems are reported with every course, and the build reports them once).
    """
    source, unread = load_course(root)
    found.extend(unread)
    validated, problems = validate_course(source)
    found.extend(problems)
    if validated is None or any(d.severity is Severity.ERROR for d in unread):
        # A file that could not be read or parsed is missing from the course, so every
        # cross-file check would only report what follows from that ("unknown question …").
        return None
    if registry is None:
        registry, problems = registry_for(root)
        found.extend(problems)
    course, problems = resolve(validated, registry)
    found.extend(problems)
    if course is None:
        return None
    found.extend(state_key_problems(course, validated))
    doc = validated.source.course
    where = doc.location(("id",)) if doc else Location(f"{source.display}/{COURSE_FILE}", 1, 1)
    renames = tuple(
        Rename(r.from_, r.to, doc.location(("renames", i)) if doc else where)
        for i, r in enumerate(validated.course.renames))
    return Loaded(course, renames, Location(where.path, 1, 1))


def load_registry(folder: Path | None) -> tuple[Registry, list[Diagnostic]]:
    """The policy registry in ``folder`` through load → validate → resolve (empty without one)."""
    if folder is None:
        return Registry(), []
    docs, problems = load_policy_files(folder)
    validated, found = validate_policies(docs)
    problems += found
    registry, found = build_registry(validated, folder, incomplete=bool(problems))
    return registry, [*problems, *found]


def registry_for(course_root: Path) -> tuple[Registry, list[Diagnostic]]:
    """The registry nearest ``course_root``, read once per process (every course shares it)."""
    folder = find_policy_dir(course_root)
    if folder is None:
        return Registry(), []
    # Keyed by the files' sizes and times too, so an edited policy is read again.
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                  for p in sorted(folder.glob("*.y*ml")))
    return _cached_registry(folder, stamp)


@functools.lru_cache(maxsize=8)
def _cached_registry(folder: Path, stamp: tuple[tuple[str, int, int], ...]
                     ) -> tuple[Registry, list[Diagnostic]]:
    return load_registry(folder)


def package_course(course: resolved.Course, theme: Theme, packagers: Sequence[Packager],
                   options: BuildOptions, extra_files: Mapping[str, bytes] | None = None
                   ) -> list[Package]:
    """Render once per layout (every view its packagers need), then package once per format.

    ``extra_files`` join the rendered site, so every format ships them (item metadata).
    """
    if options.strip_sensitive:
        course = strip_sensitive(course)
    own = {p.name: p.views(course, options) or (View(),) for p in packagers}
    sites: dict[str, Site] = {}
    for layout in dict.fromkeys(p.layout for p in packagers):
        views = dict.fromkeys(v for p in packagers if p.layout == layout for v in own[p.name])
        sites[layout] = render(course, theme, tuple(views), layout)
        sites[layout].update(extra_files or {})
    packages = []
    for p in packagers:
        # Each format gets only its own entry pages (SCORM's per-module pages stay out of web).
        foreign = {v.path for q in packagers if q.layout == p.layout
                   for v in own[q.name]} - {v.path for v in own[p.name]}
        packages.append(p.package(course, {k: b for k, b in sites[p.layout].items()
                                           if k not in foreign}, options))
    return packages
