"""Read a course folder into memory: course.yaml, lessons, question banks and media.

Everything later stages need is read here, once, so validation, resolution and rendering are pure
functions over what this returns.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from trainforge.errors import Diagnostic, Location, TrainforgeError, error
from trainforge.load.files import escapes, read_text
from trainforge.load.limits import MAX_MEDIA_BYTES
from trainforge.load.markdown_file import LessonSource, split_lesson
from trainforge.load.yamlfile import YamlDoc, parse_yaml

COURSE_FILE = "course.yaml"
MEDIA_DIR = "media"


@dataclass(frozen=True)
class CourseSource:
    """One course folder as read from disk."""

    root: Path
    display: str  # how the folder is shown in diagnostics
    course: YamlDoc | None
    lessons: dict[str, LessonSource] = field(default_factory=dict)  # by path relative to root
    banks: tuple[YamlDoc, ...] = ()
    media: dict[str, bytes] = field(default_factory=dict)  # by path relative to root
    unreadable: frozenset[str] = frozenset()  # files that exist but could not be read

    def rel_of(self, display: str) -> str:
        """The course-relative path of a file shown as ``display`` in diagnostics."""
        return display if self.display == "." else display.removeprefix(f"{self.display}/")


def display_path(path: Path) -> str:
    """A path relative to the working directory when it is inside it, for short messages."""
    try:
        return Path(os.path.relpath(path)).as_posix() if path.is_relative_to(Path.cwd()) else str(
            path
        )
    except ValueError:
        return str(path)


def discover(paths: Iterable[Path]) -> list[Path]:
    """Course folders named by ``paths``: a folder with course.yaml, or folders holding such."""
    found: list[Path] = []
    for path in paths:
        if (path / COURSE_FILE).is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(sorted(p.parent for p in path.glob(f"*/{COURSE_FILE}")))
        else:
            raise TrainforgeError.single("source.not-found", "no such course folder", path)
    if not found:
        raise TrainforgeError.single(
            "source.no-course", f"no {COURSE_FILE} here or in any sub-folder",
            ", ".join(str(p) for p in paths),
        )
    return sorted(set(found), key=lambda p: p.as_posix())


def load_course(root: Path) -> tuple[CourseSource, list[Diagnostic]]:
    """Read every source file of the course at ``root``; problems are returned, not raised."""
    linked_out = _linked_out(root)
    if linked_out is not None:
        return CourseSource(root, display_path(root), None), [linked_out]
    root = root.resolve()
    display = display_path(root)
    problems: list[Diagnostic] = []
    course = _load_yaml(root, root / COURSE_FILE, _join(display, COURSE_FILE), problems)
    lessons: dict[str, LessonSource] = {}
    unreadable: set[str] = set()
    for path in sorted((root / "lessons").rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        text = read_text(path, _join(display, rel), root)
        if isinstance(text, Diagnostic):
            problems.append(text)
            unreadable.add(rel)
            continue
        lesson, found = split_lesson(text, rel, _join(display, rel))
        lessons[rel] = lesson
        problems.extend(found)
    banks: list[YamlDoc] = []
    for path in sorted((root / "questions").rglob("*.y*ml")):
        rel = path.relative_to(root).as_posix()
        doc = _load_yaml(root, path, _join(display, rel), problems)
        if doc is not None:
            banks.append(doc)
    media = _load_media(root, display, problems)
    source = CourseSource(root, display, course, lessons, tuple(banks), media,
                          frozenset(unreadable))
    return source, problems


def read_course_file(root: Path) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Only ``course.yaml``, read as a full load reads it (size limit, no links out, no aliases):
    for a look at the course's id before the course is loaded."""
    problems: list[Diagnostic] = []
    root = root.resolve()
    doc = _load_yaml(root, root / COURSE_FILE, _join(display_path(root), COURSE_FILE), problems)
    return doc, problems


def _linked_out(root: Path) -> Diagnostic | None:
    """Refuse a course folder that is a symbolic link leading out of the folder that holds it.

    ``courses/x -> /elsewhere`` would publish whatever lessons and media lie there; a link to a
    folder beside it (``courses/x -> y``) stays inside what is being built and is followed.
    """
    if not root.is_symlink() or not escapes(root, root.absolute().parent.resolve()):
        return None
    holder = display_path(root.absolute().parent)
    return error("source.escape", f"course folder is a symbolic link pointing outside `{holder}`",
                 Location(display_path(root.absolute())),
                 "move the course into the folder instead of linking it")


def _join(display: str, rel: str) -> str:
    return rel if display == "." else f"{display}/{rel}"


def _load_yaml(root: Path, path: Path, display: str, problems: list[Diagnostic]
               ) -> YamlDoc | None:
    text = read_text(path, display, root)
    if isinstance(text, Diagnostic):
        problems.append(text)
        return None
    doc, found = parse_yaml(text, display)
    problems.extend(found)
    return doc


def _load_media(root: Path, display: str, problems: list[Diagnostic]) -> dict[str, bytes]:
    media: dict[str, bytes] = {}
    for path in sorted((root / MEDIA_DIR).rglob("*")):
        rel = path.relative_to(root).as_posix()
        where = Location(_join(display, rel))
        if escapes(path, root):  # a link itself, or inside a linked media/ folder
            problems.append(error("asset.escape", "symbolic link points outside the course "
                                  "folder", where))
            continue
        if not path.is_file() or path.name.startswith("."):
            continue
        if path.stat().st_size > MAX_MEDIA_BYTES:
            problems.append(error("asset.too-large", f"media file is over the limit of "
                                  f"{MAX_MEDIA_BYTES // (1024 * 1024)} MiB", where))
            continue
        media[rel] = path.read_bytes()
    return media
