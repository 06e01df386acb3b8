"""load/yamlfile.py: YAML into data and marks, every problem a located diagnostic."""

from __future__ import annotations

from trainforge.errors import Location
from trainforge.load.yamlfile import parse_yaml


def test_an_impossible_date_is_a_located_error_not_a_traceback() -> None:
    doc, problems = parse_yaml("id: x\neffective: 2024-13-01\n", "policies/hb.yaml")
    assert doc is None
    (problem,) = problems
    assert problem.code == "yaml.value"
    assert problem.location == Location("policies/hb.yaml", 2, 12)
    assert problem.message == "invalid YAML value: `2024-13-01`: month must be in 1..12"


def test_an_impossible_date_as_a_key_is_located_too() -> None:
    _, problems = parse_yaml("a: 1\n2024-02-30: b\n", "x.yaml")
    assert [(p.code, p.location.line) for p in problems] == [("yaml.value", 2)]
