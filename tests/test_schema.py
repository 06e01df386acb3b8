"""The committed JSON Schemas in schemas/ must match the models (run `make schema`)."""

from __future__ import annotations

import json
from pathlib import Path

from trainforge.schema import schema_files

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def test_committed_schemas_are_up_to_date() -> None:
    for name, data in schema_files().items():
        committed = (SCHEMAS / name).read_bytes() if (SCHEMAS / name).exists() else b""
        assert committed == data, f"schemas/{name} is stale: run `make schema`"


def test_course_schema_forbids_unknown_keys() -> None:
    schema = json.loads(schema_files()["course.schema.json"])
    assert schema["additionalProperties"] is False
    assert "modules" in schema["required"]
