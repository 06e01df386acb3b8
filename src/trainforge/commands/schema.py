"""JSON Schemas of the source files, generated from the models (``trainforge schema``)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from pydantic import BaseModel

from trainforge import model
from trainforge.model.policy import Policy
from trainforge.write.archive import write_atomic

SCHEMAS: dict[str, type[BaseModel]] = {
    "course.schema.json": model.Course,
    "lesson.schema.json": model.FrontMatter,
    "policy.schema.json": Policy,
    "question-bank.schema.json": model.QuestionBank,
}


def schema_files() -> dict[str, bytes]:
    """Each schema file's bytes, stable (sorted keys) so a stale committed copy is detectable."""
    out: dict[str, bytes] = {}
    for name, cls in SCHEMAS.items():
        schema = cls.model_json_schema(mode="validation")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  "$id": f"https://trainforge.dev/schemas/{name}", **schema}
        text = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        out[name] = text.encode()
    return out


def write_schemas(out: Path) -> list[Path]:
    written = []
    for name, data in schema_files().items():
        write_atomic(out / name, data)
        written.append(out / name)
    return written


@click.command()
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("schemas"),
              show_default=True)
def schema(out: Path) -> None:
    """Write the JSON Schemas of course.yaml, lesson front matter, question banks and policies."""
    for path in write_schemas(out):
        click.echo(str(path))


command = schema
