"""The policy registry: validated policies, clause lookup and what changed between versions.

Courses cite clauses (``HB-3.2``, or pinned to the version they were written against,
``HB-3.2@4``); the registry answers which policy a clause belongs to, whether it still exists,
and what the changelog says happened to it since a given version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from trainforge.errors import Diagnostic, Location, error, suggest, warning
from trainforge.load.yamlfile import YamlDoc
from trainforge.model.policy import Clause, ClauseChange, Policy, Release


@dataclass(frozen=True)
class Cited:
    """A resolved citation: the clause, its policy and the version pinned (None = current)."""

    clause: str
    policy: str
    pinned: int | None


@dataclass(frozen=True)
class Registry:
    policies: dict[str, Policy] = field(default_factory=dict)
    clause_policy: dict[str, str] = field(default_factory=dict)  # clause id → policy id
    locations: dict[str, Location] = field(default_factory=dict)  # policy id → its file
    folder: Path | None = None
    incomplete: bool = False  # a policy file was invalid: unknown clauses may be defined there

    def clause(self, clause_id: str) -> Clause:
        policy = self.policies[self.clause_policy[clause_id]]
        return next(c for c in policy.clauses if c.id == clause_id)

    def releases_after(self, policy_id: str, version: int) -> list[Release]:
        """Changelog entries newer than ``version``, oldest first."""
        return sorted((r for r in self.policies[policy_id].changelog if r.version > version),
                      key=lambda r: r.version)

    def changes_to(self, clause_id: str, since: int) -> list[tuple[Release, ClauseChange]]:
        policy_id = self.clause_policy.get(clause_id) or _removed_owner(self, clause_id)
        if policy_id is None:
            return []
        return [(r, c) for r in self.releases_after(policy_id, since) for c in r.changes
                if c.clause == clause_id]

    def cite(self, citation: str, loc: Location) -> tuple[Cited | None, list[Diagnostic]]:
        """Resolve one citation; unknown clauses are errors, pins to old versions warnings."""
        clause_id, _, pin = citation.partition("@")
        pinned = int(pin) if pin else None
        policy_id = self.clause_policy.get(clause_id)
        if policy_id is None:
            removed = [c for _, c in self.changes_to(clause_id, 0) if c.change == "removed"]
            if removed:
                return None, [error("policy.clause-removed", f"clause `{clause_id}` was removed "
                                    f"from the policy: {removed[-1].why}", loc)]
            if self.incomplete:
                return None, []  # the invalid policy file is what is reported
            return None, [error("policy.unknown-clause", f"unknown policy clause `{clause_id}`",
                                loc, suggest(clause_id, self.clause_policy))]
        current = self.policies[policy_id].version
        if pinned is not None and pinned > current:
            return None, [error("policy.version", f"`{citation}` pins version {pinned}, but "
                                f"policy `{policy_id}` is at version {current}", loc)]
        problems: list[Diagnostic] = []
        if pinned is not None and pinned < current:
            problems.extend(_superseded(self, citation, clause_id, pinned, current, loc))
        return Cited(clause_id, policy_id, pinned), problems


def _superseded(registry: Registry, citation: str, clause_id: str, pinned: int, current: int,
                loc: Location) -> list[Diagnostic]:
    changes = registry.changes_to(clause_id, pinned)
    if not changes:
        return []
    what = "; ".join(f"v{r.version} {c.change.value} it: {c.why}" for r, c in changes)
    return [warning("policy.superseded", f"`{citation}` cites version {pinned}; the policy is "
                    f"at version {current} ({what})", loc,
                    f"review the text and cite `{clause_id}@{current}`")]


def _removed_owner(registry: Registry, clause_id: str) -> str | None:
    for pid, policy in registry.policies.items():
        if any(c.clause == clause_id for r in policy.changelog for c in r.changes):
            return pid
    return None


def build_registry(validated: Sequence[tuple[YamlDoc, Policy]], folder: Path,
                   incomplete: bool = False) -> tuple[Registry, list[Diagnostic]]:
    """The registry of the policies validated from ``folder``; ``incomplete`` when a file of it
    could not be read or validated (then an unknown clause may be defined there)."""
    problems: list[Diagnostic] = []
    policies: dict[str, Policy] = {}
    index: dict[str, str] = {}
    locations: dict[str, Location] = {}
    for doc, policy in validated:
        if policy.id in policies:
            problems.append(error("id.duplicate", f"policy id `{policy.id}` is already defined "
                                  f"in {locations[policy.id].path}", doc.location(("id",))))
            continue
        stem = Path(doc.display).stem
        if stem != policy.id:
            problems.append(error("policy.file-name", f"policy `{policy.id}` must be in "
                                  f"`{policy.id}.yaml`, not `{stem}.yaml`", doc.location(("id",))))
        policies[policy.id] = policy
        locations[policy.id] = doc.location(())
        for i, clause in enumerate(policy.clauses):
            if clause.id in index:
                problems.append(error("id.duplicate", f"clause `{clause.id}` is also defined by "
                                      f"policy `{index[clause.id]}`",
                                      doc.location(("clauses", i, "id"))))
            index.setdefault(clause.id, policy.id)
    registry = Registry(policies, index, locations, folder, incomplete or bool(problems))
    return registry, problems
