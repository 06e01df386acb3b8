"""One course through the pipeline: load → validate → resolve, then render once, package per format.

Pure functions over the course's files; ``batch.build`` sequences them over many courses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from trainforge.batch.options import BuildOptions
from trainforge.errors import Diagnostics, Location, Severity
from trainforge.load.course_dir import COURSE_FILE, load_course
from trainforge.package.base import Package, Packager
from trainforge.release.itemmeta import Rename
from trainforge.render.site import Site, View, render
from trainforge.render.theme import Theme
from trainforge.resolve import resolved
from trainforge.resolve.registry import Registry, registry_for
from trainforge.resolve.resolver import resolve
from trainforge.resolve.sensitive import strip_sensitive
from trainforge.resolve.state_keys import state_key_problems
from trainforge.validate.course import validate_course


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
