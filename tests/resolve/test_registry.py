"""The registry is built from validated policies in memory: the pipeline reads and validates the
files (load → validate), the registry only looks across them."""

from __future__ import annotations

from pathlib import Path

from policy_fixture import POLICY

from trainforge.load.yamlfile import YamlDoc, parse_yaml
from trainforge.pipeline import load_registry
from trainforge.resolve.registry import build_registry
from trainforge.validate.policy import validate_policies


def _docs(**files: str) -> list[YamlDoc]:
    docs = []
    for name, text in files.items():
        doc, problems = parse_yaml(text, f"policies/{name}.yaml")
        assert doc is not None and problems == []
        docs.append(doc)
    return docs


def test_a_registry_is_built_without_reading_files() -> None:
    validated, problems = validate_policies(_docs(hb=POLICY))
    assert problems == []
    registry, problems = build_registry(validated, Path("policies"))
    assert problems == [] and not registry.incomplete
    assert registry.clause_policy == {"HB-1": "hb", "HB-3.2": "hb"}


def test_clashes_across_files_are_the_registry_s_and_mark_it_incomplete() -> None:
    other = POLICY.replace("id: hb", "id: hb2").replace("HB-3.2", "HB-7")
    validated, _ = validate_policies(_docs(hb=POLICY, hb2=other, misnamed=POLICY))
    registry, problems = build_registry(validated, Path("policies"))
    assert sorted(p.code for p in problems) == ["id.duplicate", "id.duplicate"]
    assert registry.incomplete and set(registry.policies) == {"hb", "hb2"}


def test_an_invalid_policy_is_a_validation_problem_located_in_its_file() -> None:
    validated, problems = validate_policies(_docs(bad="id: bad\ntitle: 3\n"))
    assert validated == []
    assert {p.location.path for p in problems} == {"policies/bad.yaml"}
    registry, _ = build_registry(validated, Path("policies"), incomplete=bool(problems))
    assert registry.incomplete  # an unknown clause may be defined in the invalid file


def test_the_pipeline_reads_a_registry_folder_through_the_stages(tmp_path: Path) -> None:
    (tmp_path / "hb.yaml").write_text(POLICY, encoding="utf-8")
    other = POLICY.replace("id: hb", "id: other").replace("HB-", "OT-")
    (tmp_path / "wrong.yaml").write_text(other, encoding="utf-8")
    registry, problems = load_registry(tmp_path)
    assert [p.code for p in problems] == ["policy.file-name"]
    assert set(registry.policies) == {"hb", "other"} and registry.folder == tmp_path
