"""The model of ``policies/<id>.yaml``: a policy's clauses, action set and changelog."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from trainforge.model.base import Id, ShortText, Strict, Text

# A clause id: the policy's code, a dash and a dotted number (HB-3.2). A citation may pin the
# policy version it was written against: HB-3.2@4.
CLAUSE = r"^[A-Z][A-Z0-9]{0,9}-[0-9]+(?:\.[0-9]+)*$"
CITATION = r"^[A-Z][A-Z0-9]{0,9}-[0-9]+(?:\.[0-9]+)*(?:@[1-9][0-9]{0,3})?$"
ClauseId = Annotated[str, StringConstraints(pattern=CLAUSE)]
Citation = Annotated[str, StringConstraints(pattern=CITATION)]


class Clause(Strict):
    id: ClauseId
    title: ShortText
    summary: Text


class ChangeKind(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


class ClauseChange(Strict):
    clause: ClauseId
    change: ChangeKind = Field(strict=False)
    why: ShortText


class Release(Strict):
    """One version of the policy and what it changed relative to the one before."""

    version: int = Field(ge=1)
    date: dt.date = Field(strict=False)
    summary: ShortText | None = None
    changes: list[ClauseChange] = Field(default_factory=list)


class Action(Strict):
    """One enforcement action moderators can take under this policy."""

    id: Id
    label: ShortText


class Policy(Strict):
    """A content policy: its current version, clauses and enforcement actions."""

    id: Id
    title: ShortText
    version: int = Field(ge=1, description="current version")
    effective: dt.date = Field(strict=False, description="date the current version took effect")
    actions: list[Action] = Field(default_factory=list)
    clauses: Annotated[list[Clause], Field(min_length=1)]
    changelog: list[Release] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Policy:
        ids = [c.id for c in self.clauses]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"clause ids used twice: {', '.join(dupes)}")
        versions = [r.version for r in self.changelog]
        if versions and max(versions) != self.version:
            raise ValueError(f"the changelog's newest version is {max(versions)}, but `version` "
                             f"is {self.version}")
        if len(set(versions)) != len(versions):
            raise ValueError("a version appears twice in the changelog")
        return self
