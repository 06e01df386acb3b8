"""``trainforge new``: copy the starter course (package data) into a new folder.

The starter's files are templates: ``{{name}}`` fields are filled at scaffold time with the
course id and title, the policy the starter cites and the path of the JSON Schemas.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import click
from pydantic import TypeAdapter, ValidationError

from trainforge.commands.shared import user_errors
from trainforge.errors import TrainforgeError
from trainforge.load.git import up_to_repository
from trainforge.load.policy_files import POLICY_DIR, find_policy_dir
from trainforge.model.base import Id, ShortText
from trainforge.pipeline import load_registry
from trainforge.write.archive import write_atomic

STARTER = resources.files("trainforge.commands") / "starter_course"
POLICY_LAYER = resources.files("trainforge.commands") / "starter_policy"  # overrides and adds files
BUNDLED_POLICY = f"{POLICY_DIR}/example.yaml"
SCHEMA_DIR = "schemas"
NO_SCHEMAS = "# For editor checks, run `trainforge schema --out schemas` and add a modeline here\n"
ID_RULE = "lowercase letters, digits and '-', starting and ending with a letter or digit, ≤ 64"


def scaffold(directory: Path, course_id: str | None = None, title: str | None = None,
             policy: bool = False) -> list[Path]:
    """Write the starter course into ``directory``, which must not exist or be empty.

    With ``policy`` (what ``trainforge new`` writes) the starter's welcome lesson cites the
    nearest policy registry above ``directory`` and asks a moderation decision under it; where
    there is no registry it brings a tiny one of its own (``policies/example.yaml`` in the course
    folder), so it builds out of the box either way. Without it, the starter cites nothing: tests
    that bring their own registry after scaffolding start from that.
    """
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise TrainforgeError.single("new.exists", "folder exists and is not empty", directory,
                                     "choose a new folder")
    fields = {"id": _checked(Id, course_id, "new.id", f"course id `{course_id}` is not "
                             f"valid: use {ID_RULE}") if course_id is not None
              else _slug(directory.resolve().name),
              "title": "New policy course" if title is None else json.dumps(_checked(
                  ShortText, title, "new.title", "the title must be 1–300 characters"),
                  ensure_ascii=False)}
    files = dict(_walk(STARTER, ""))
    if not policy:
        return [_write(directory, rel, text, fields) for rel, text in sorted(files.items())]
    files |= dict(_walk(POLICY_LAYER, ""))
    registry_dir = find_policy_dir(directory)
    written = []
    if registry_dir is None:
        registry_dir = directory / POLICY_DIR
        written.append(_write(directory, BUNDLED_POLICY, files.pop(BUNDLED_POLICY), fields))
    else:
        del files[BUNDLED_POLICY]
    fields |= _policy_fields(registry_dir)
    for rel, text in sorted(files.items()):
        written.append(_write(directory, rel, text, fields))
    return sorted(written)


def _checked(kind: Any, value: str | None, code: str, message: str) -> str:
    try:
        return str(TypeAdapter(kind).validate_python(value))
    except ValidationError:
        raise TrainforgeError.single(code, message, "--" + code.removeprefix("new.")) from None


def _write(directory: Path, rel: str, text: str, fields: dict[str, str]) -> Path:
    """Fill the template's fields; the modeline's schema path is relative to the file."""
    path = directory / rel
    schemas = _schema_dir(directory)
    lines = text.splitlines(keepends=True)
    if schemas is None:  # no schemas/ folder above: say how to get one, keeping line numbers
        lines = [NO_SCHEMAS if "{{schemas}}" in line else line for line in lines]
    else:
        rel_dir = Path(os.path.relpath(schemas, path.parent.resolve())).as_posix()
        lines = [line.replace("{{schemas}}", rel_dir) for line in lines]
    out = "".join(lines)
    for key, value in fields.items():
        out = out.replace("{{" + key + "}}", value)
    write_atomic(path, out.encode())
    return path


def _schema_dir(directory: Path) -> Path | None:
    """The nearest ``schemas/`` folder with the course schema above ``directory``, in its repo."""
    return next((f / SCHEMA_DIR for f in up_to_repository(directory)
                 if (f / SCHEMA_DIR / "course.schema.json").is_file()), None)


def _policy_fields(folder: Path) -> dict[str, str]:
    """The policy, two actions and two clauses the starter's citation and decision use."""
    registry, problems = load_registry(folder)
    if problems:
        raise TrainforgeError(problems)
    for policy in registry.policies.values():
        if len(policy.actions) >= 2 and len(policy.clauses) >= 2:
            return {"policy": policy.id,
                    "action": policy.actions[0].id, "other_action": policy.actions[1].id,
                    "clause": policy.clauses[0].id, "other_clause": policy.clauses[1].id}
    raise TrainforgeError.single("new.registry", "no policy in the registry has two actions and "
                                 "two clauses for the starter's moderation decision", folder,
                                 "add them, or create the course outside this repository")


def _walk(folder: Traversable, prefix: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for entry in folder.iterdir():
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            out.extend(_walk(entry, rel + "/"))
        elif not entry.name.startswith((".", "__")):
            out.append((rel, entry.read_text(encoding="utf-8")))
    return out


def _slug(name: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
    return "-".join(filter(None, slug.split("-")))[:64] or "new-course"


@click.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--id", "course_id", metavar="ID",
              help="The course id (default: from DIRECTORY's name).")
@click.option("--title", help='The course title (default: "New policy course").')
@user_errors
def new(directory: Path, course_id: str | None, title: str | None) -> None:
    """Scaffold a new course in DIRECTORY that builds as it is.

    It cites the nearest policies/ registry above DIRECTORY, or brings a tiny one of its own.
    """
    for path in scaffold(directory, course_id, title, policy=True):
        click.echo(str(path))


command = new
