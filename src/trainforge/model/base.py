"""Shared pieces of the source models: the strict base class and the id types."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

# Ids are tracking keys: they reach LMS interaction ids, xAPI IRIs and saved learner state, so
# they are restricted to characters every one of those accepts unescaped.
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"),
]
OptionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9_-]{0,30}[a-z0-9])?$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000, strip_whitespace=True)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]


class Strict(BaseModel):
    """Frozen, no unknown keys, no silent type coercion of strings."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)
