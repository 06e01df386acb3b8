"""Split a Markdown lesson into its YAML front matter and body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass

from trainforge.errors import Diagnostic, Location, error
from trainforge.load.yamlfile import YamlDoc, parse_yaml


@dataclass(frozen=True)
class LessonSource:
    """A lesson file as read: front matter (parsed, not validated) and the Markdown body."""

    rel: str  # path relative to the course folder, with '/' separators
    display: str  # path as shown in diagnostics
    front: YamlDoc | None
    body: str
    body_line: int  # 1-based line of the body's first line in the file


def split_lesson(text: str, rel: str, display: str) -> tuple[LessonSource, list[Diagnostic]]:
    """Parse ``---``-fenced front matter at the top of ``text``."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        diag = error("lesson.front-matter", "a lesson must start with `---` and YAML front matter "
                     "(id, title, objectives)", Location(display, 1, 1))
        return LessonSource(rel, display, None, text, 1), [diag]
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            front_text = "".join(lines[1:index])
            doc, problems = parse_yaml("\n" + front_text, display)
            body = "".join(lines[index + 1 :])
            return LessonSource(rel, display, doc, body, index + 2), problems
    diag = error("lesson.front-matter", "front matter is not closed with `---`",
                 Location(display, 1, 1), "add a line `---` after its last key")
    return LessonSource(rel, display, None, "", 1), [diag]
