"""The pipeline, sequencing only: load → validate → resolve → render → package → write.

Every course is read and checked before anything is written (MkDocs' habit), so a build with
errors leaves ``dist/`` as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from trainforge import formats, resolved
from trainforge.archive import write_atomic, write_tree_atomic, zip_bytes
from trainforge.errors import (
    Diagnostic,
    Diagnostics,
    Location,
    Severity,
    TrainforgeError,
    error,
)
from trainforge.formats.base import BuildOptions, Package
from trainforge.render import View, render
from trainforge.policies import Registry, load_registry
from trainforge.resolve import resolve
from trainforge.sources.course_dir import discover, load_course
from trainforge.theme import Theme, load_theme
from trainforge.validate import validate_course


@dataclass
class BuildResult:
    packages: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def load_courses(paths: Sequence[Path], strict: bool = False
                 ) -> tuple[list[resolved.Course], list[Diagnostic]]:
    """Read, validate and resolve every course under ``paths``; raise with all errors at once."""
    found = Diagnostics()
    courses: list[resolved.Course] = []
    roots = discover(paths)
    registry, problems = load_registry(roots)
    found.extend(problems)
    for root in roots:
        course = load_one(root, found, registry)
        if course is not None:
            courses.append(course)
    _check_unique_ids(courses, found)
    if strict:
        found.items = [_strict(d) for d in found.items]
    if found.has_errors():
        raise TrainforgeError(found.sorted())
    return courses, found.sorted()


def load_one(root: Path, found: Diagnostics, registry: Registry | None = None
             ) -> resolved.Course | None:
    """One course through load → validate → resolve, collecting diagnostics into ``found``."""
    source, problems = load_course(root)
    found.extend(problems)
    validated, problems = validate_course(source)
    found.extend(problems)
    if validated is None:
        return None
    course, problems = resolve(validated, registry)
    found.extend(problems)
    return course


def build(
    paths: Sequence[Path],
    format_names: Sequence[str],
    out: Path,
    *,
    theme_dir: Path | None = None,
    options: BuildOptions | None = None,
    strict: bool = False,
) -> BuildResult:
    """Build every course under ``paths`` in every format into ``out``."""
    options = options or BuildOptions()
    packagers = [formats.get(name) for name in dict.fromkeys(format_names)]
    courses, diagnostics = load_courses(paths, strict)
    theme = load_theme(theme_dir)
    packages: list[Package] = []
    found = Diagnostics(list(diagnostics))
    for course in courses:
        for packager in packagers:
            found.extend(packager.check(course, options))
    if strict:
        found.items = [_strict(d) for d in found.items]
    if found.has_errors():
        raise TrainforgeError(found.sorted())
    for course in courses:
        packages.extend(package_course(course, theme, packagers, options))
    result = BuildResult(diagnostics=found.sorted())
    for package in packages:
        target = out / package.name
        if package.zipped:
            write_atomic(target, zip_bytes(package.files))
        else:
            write_tree_atomic(target, package.files)
        result.packages.append(target)
    return result


def package_course(course: resolved.Course, theme: Theme, packagers: Sequence[formats.Packager],
                   options: BuildOptions) -> list[Package]:
    """Render once (every view any packager needs), then package once per format."""
    views = dict.fromkeys(v for p in packagers for v in p.views(course, options))
    site = render(course, theme, tuple(views) or (View(),))
    return [p.package(course, site, options) for p in packagers]


def _check_unique_ids(courses: Sequence[resolved.Course], found: Diagnostics) -> None:
    seen: dict[str, str] = {}
    for course in courses:
        if course.id in seen:
            found.add(error("id.duplicate-course", f"course id `{course.id}` is also used by "
                            f"{seen[course.id]}; their packages would overwrite each other",
                            Location(f"{course.source_dir}/course.yaml", 1, 1)))
        seen.setdefault(course.id, course.source_dir)


def _strict(d: Diagnostic) -> Diagnostic:
    if d.severity is Severity.WARNING:
        return Diagnostic(Severity.ERROR, d.code, d.message + " (--strict)", d.location, d.hint)
    return d
