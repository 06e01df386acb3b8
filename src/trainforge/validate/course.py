"""Raw data → model: run pydantic and turn its errors into located diagnostics.

Pydantic reports an error by a ``loc`` path into the data; the YAML loader recorded a line and
column for each such path, so every message points at the key or value at fault, names the
dotted field (``modules[2].pages[0]``) and, for misspelt keys, suggests the closest allowed one.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from typing import Any, TypeVar, Union

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from trainforge import model
from trainforge.errors import Diagnostic, Severity, error, suggest
from trainforge.load.course_dir import CourseSource
from trainforge.load.yamlfile import PathKey, YamlDoc

M = TypeVar("M", bound=BaseModel)


def validate_doc(doc: YamlDoc, model: type[M]) -> tuple[M | None, list[Diagnostic]]:
    """Validate a parsed YAML document against ``model``; every problem becomes a diagnostic."""
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else f"a {_kind(doc.data)}"
        msg = f"expected a mapping of keys to values, but the file is {kind}"
        return None, [error("schema.type", msg, doc.location(()))]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [_diagnostic(doc, model, e) for e in exc.errors()]


def dotted(path: PathKey) -> str:
    """``("modules", 2, "pages", 0)`` → ``modules[2].pages[0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(top level)"


def _diagnostic(doc: YamlDoc, model: type[BaseModel], err: ErrorDetails) -> Diagnostic:
    kind = err["type"]
    path, extra = _data_path(doc.data, err["loc"], kind in ("missing", "extra_forbidden"))
    if kind == "extra_forbidden":
        key = str(err["loc"][-1])
        allowed = _allowed_keys(model, doc.data, path[:-1])
        hint = suggest(key, allowed)
        if not hint and allowed:
            hint = f"allowed: {', '.join(sorted(allowed))}"
        where = dotted(path[:-1])
        return error("schema.unknown-key", f"`{where}`: unknown key `{key}`",
                     doc.location(path, key=True), hint)
    if kind == "missing":
        where = dotted(path[:-1]) if extra else dotted(path)
        text = f"missing required key `{extra[-1]}`" if extra else "missing required value"
        return error("schema.missing", f"`{where}`: {text}", doc.location(path))
    message = _PATTERN_MESSAGES.get(str(err.get("ctx", {}).get("pattern")), "")
    message = message or _type_message(kind, err.get("input")) or err["msg"].removeprefix(
        "Value error, ")
    hint = ""
    if kind == "union_tag_invalid":  # a question's `type`: name the closest registered one
        ctx = err.get("ctx", {})
        tags = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))
        message = f"unknown type {ctx.get('tag')!r}"
        hint = suggest(str(ctx.get("tag")), tags) or f"known types: {', '.join(tags)}"
    return error(f"schema.{_code(kind)}", f"`{dotted(path)}`: {message}", doc.location(path),
                 hint)


_PATTERN_MESSAGES = {
    r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$":
        "an id is 1-64 lowercase letters, digits and '-', starting and ending with a letter "
        "or digit",
    r"^[a-z0-9](?:[a-z0-9_-]{0,30}[a-z0-9])?$":
        "an option id is 1-32 lowercase letters, digits, '-' and '_'",
}


def _type_message(kind: str, value: object) -> str:
    """What to write instead, when YAML read a value as another type than the field takes."""
    if kind == "bool_type" and isinstance(value, str):
        if value.lower() in ("true", "false"):
            return f'`"{value}"` is quoted text; write {value.lower()} without quotes'
        return f"`{value}` is text, not a boolean; write true or false (YAML 1.2)"
    if kind == "string_type" and isinstance(value, bool):
        word = str(value).lower()
        return f'`{word}` is read as a boolean; quote it: "{word}"'
    if kind == "string_type" and value is None:
        return 'no text here (a " #" starts a comment: quote text that contains one)'
    if kind == "string_type" and isinstance(value, int | float):
        return f'`{value}` is read as a number; quote it: "{value}"'
    return ""


def _code(kind: str) -> str:
    return kind.replace("_", "-")


def _kind(value: object) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )


def _data_path(
    data: Any, loc: tuple[int | str, ...], key_error: bool
) -> tuple[PathKey, PathKey]:
    """Split pydantic's ``loc`` into the part that exists in the data and what does not.

    Union tags that pydantic inserts (``single_choice``) are skipped where they are not keys.
    """
    path: list[str | int] = []
    current = data
    rest = list(loc)
    while rest:
        part = rest[0]
        in_dict = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_dict or in_list:
            current = current[part]
        elif isinstance(current, dict) and len(rest) > 1 and isinstance(part, str):
            rest.pop(0)  # a union tag
            continue
        else:
            break
        path.append(part)
        rest.pop(0)
    if key_error and rest and isinstance(current, dict) and len(rest) == 1:
        # the last part is a key that is not there (missing) or is forbidden (extra)
        return (*path, str(rest[0])), tuple(rest)
    return tuple(path), tuple(rest)


def _allowed_keys(model: type[BaseModel], data: Any, path: PathKey) -> set[str]:
    """The keys a mapping at ``path`` may hold, found by walking the model's annotations."""
    annotation: Any = model
    current = data
    for part in path:
        annotation = _pick(annotation, current)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return set()
            annotation = field.annotation
        else:
            args = typing.get_args(annotation)
            annotation = args[0] if args else Any
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        else:
            current = None
    annotation = _pick(annotation, current)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return set(annotation.model_fields)
    return set()


def _pick(annotation: Any, data: Any) -> Any:
    """Resolve Annotated/Optional/Union to the model that best fits ``data``."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (Union, types.UnionType):
        models = [_pick(a, data) for a in typing.get_args(annotation)]
        models = [m for m in models if isinstance(m, type) and issubclass(m, BaseModel)]
        if not models:
            return annotation
        keys = set(data) if isinstance(data, dict) else set()
        tag = data.get("type") if isinstance(data, dict) else None
        for m in models:
            field = m.model_fields.get("type")
            if field is not None and tag in typing.get_args(field.annotation):
                return m
        return max(models, key=lambda m: len(keys & set(m.model_fields)))
    return annotation


@dataclass(frozen=True)
class ValidatedCourse:
    """A course whose every file matched its model (cross-file references not yet checked)."""

    source: CourseSource
    course: model.Course
    lessons: dict[str, model.FrontMatter]  # by lesson path relative to the course folder
    banks: tuple[tuple[YamlDoc, model.QuestionBank], ...]


def validate_course(source: CourseSource) -> tuple[ValidatedCourse | None, list[Diagnostic]]:
    """Validate every file of a loaded course; None when any file is invalid."""
    problems: list[Diagnostic] = []
    course = None
    if source.course is not None:
        course, found = validate_doc(source.course, model.Course)
        problems.extend(found)
    lessons: dict[str, model.FrontMatter] = {}
    for rel, lesson in source.lessons.items():
        if lesson.front is None:
            continue
        front, found = validate_doc(lesson.front, model.FrontMatter)
        problems.extend(found)
        if front is not None:
            lessons[rel] = front
    banks: list[tuple[YamlDoc, model.QuestionBank]] = []
    for doc in source.banks:
        bank, found = validate_doc(doc, model.QuestionBank)
        problems.extend(found)
        if bank is not None:
            banks.append((doc, bank))
    if course is None or any(d.severity is Severity.ERROR for d in problems):
        return None, problems
    return ValidatedCourse(source, course, lessons, tuple(banks)), problems
