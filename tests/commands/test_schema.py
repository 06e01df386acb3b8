"""The committed JSON Schemas in schemas/ must match the models (run `make schema`)."""

from __future__ import annotations

import json
from pathlib import Path

from trainforge.commands.schema import schema_files

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def test_committed_schemas_are_up_to_date() -> None:
    for name, data in schema_files().items():
        committed = (SCHEMAS / name).read_bytes() if (SCHEMAS / name).exists() else b""
        assert committed == data, f"schemas/{name} is stale: run `make schema`"


def test_course_schema_forbids_unknown_keys() -> None:
    schema = json.loads(schema_files()["course.schema.json"])
    assert schema["additionalProperties"] is False
    assert "modules" in schema["required"]


REPO = SCHEMAS.parent
MODELINE = "# yaml-language-server: $schema="
# Which schema each kind of source file in the repository names in its modeline.
KINDS = {"courses/*/course.yaml": "course.schema.json",
         "courses/*/questions/*.yaml": "question-bank.schema.json",
         "policies/*.yaml": "policy.schema.json"}


def test_policy_files_have_a_schema() -> None:
    schema = json.loads(schema_files()["policy.schema.json"])
    assert schema["additionalProperties"] is False
    assert {"id", "clauses", "actions", "changelog"} <= set(schema["properties"])


def test_repository_modelines_resolve_to_the_right_schema() -> None:
    """yaml-language-server resolves a relative `$schema` against the file's folder."""
    for pattern, name in KINDS.items():
        files = sorted(REPO.glob(pattern))
        assert files, pattern
        for path in files:
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first.startswith(MODELINE), f"{path}: no modeline"
            target = (path.parent / first.removeprefix(MODELINE)).resolve()
            assert target == SCHEMAS / name, f"{path}: modeline names {target}"


def test_readme_policy_example_has_the_modeline() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Policies: `policies/<policy-id>.yaml`", 1)[1]
    example = section.split("```yaml\n", 1)[1]
    assert example.startswith(f"{MODELINE}../schemas/policy.schema.json\n")
