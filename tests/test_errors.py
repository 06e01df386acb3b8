"""errors.py: diagnostics survive the JSON round trip, and misspellings get a suggestion."""

from __future__ import annotations

import json

import pytest

from trainforge.errors import Diagnostic, Location, error, format_diagnostics, suggest, warning


@pytest.mark.parametrize("diagnostic", [
    error("policy.unknown-clause", "unknown policy clause `HB-3.3`",
          Location("courses/c/lessons/01.md", 4, 9), "did you mean `HB-3.2`?"),
    warning("policy.superseded", "`HB-1@1` cites version 1", Location("c/course.yaml")),
])
def test_a_diagnostic_round_trips_through_json(diagnostic: Diagnostic) -> None:
    assert Diagnostic.from_json(diagnostic.as_json()) == diagnostic
    (printed,) = json.loads(format_diagnostics([diagnostic], "json"))  # --diagnostics json
    assert Diagnostic.from_json(printed) == diagnostic


def test_suggest_names_the_closest_choice_or_nothing() -> None:
    assert suggest("intro-2", ["intro-02", "outro"]) == "did you mean `intro-02`?"
    assert suggest("zzz", ["intro-02"]) == ""
