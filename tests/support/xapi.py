"""Strict xAPI statement validation with Ralph's pydantic models, and a sample statement.

Ralph's LRS stores statements leniently (a scaled score of 1.5, for one), so "the LRS took it"
proves little; tests validate what the course sent against Ralph's strict base model, which
encodes the xAPI 1.0.3 rules.
"""

from __future__ import annotations

import uuid
from typing import Any

from ralph.models.xapi.base.statements import BaseXapiStatement


def validate_statement(statement: dict[str, Any]) -> BaseXapiStatement:
    """Return the parsed statement; raise pydantic.ValidationError naming each broken field."""
    return BaseXapiStatement.model_validate(statement)


def sample_statement(activity: str, **extra: Any) -> dict[str, Any]:
    """A valid xAPI 1.0.3 statement about `activity`, with a fresh id; `extra` adds fields."""
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": "mailto:learner@example.org", "name": "L"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"en": "ex"}},
        "object": {"objectType": "Activity", "id": f"https://example.org/activities/{activity}"},
        "timestamp": "2024-05-01T10:00:00Z",
        **extra,
    }
