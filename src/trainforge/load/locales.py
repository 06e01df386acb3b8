"""The locales a course folder is built in: the build's third dimension beside course and format.

Today a course has one locale, its source language (``language`` in course.yaml). Translations
(issue 13) add one locale per translation found beside the sources — here, so the plan, the
cache slots and the package names follow without further change.
"""

from __future__ import annotations

from pathlib import Path

from trainforge.load.course_dir import COURSE_FILE
from trainforge.load.files import read_text
from trainforge.load.yamlfile import parse_yaml

#: BCP 47 "undetermined": course.yaml names no usable language. Such a course fails to
#: validate, so this locale only ever labels a build that reports why and writes nothing.
UNDETERMINED = "und"


def locales_of(root: Path) -> tuple[str, ...]:
    """The locales ``root`` is built in, read before validation so that planning needs no compile.

    The value is read the way validation reads it (our YAML loader, within the source limits), so
    a course that validates is compiled in exactly the locales planned for it.
    """
    resolved = root.resolve()
    text = read_text(resolved / COURSE_FILE, COURSE_FILE, resolved)
    doc = parse_yaml(text, COURSE_FILE)[0] if isinstance(text, str) else None
    language = doc.data.get("language") if doc and isinstance(doc.data, dict) else None
    return (language,) if isinstance(language, str) and language else (UNDETERMINED,)
