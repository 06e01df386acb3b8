"""Decide what to build: course × format items, their cache keys, the shard's share, what is fresh.

Planning reads raw files only (hashes, never parses), so a build where nothing changed finishes
without loading a single course.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from trainforge.batch.cache import (
    BuildCache,
    Entry,
    package_key,
    slot,
    toolchain_digest,
    tree_digest,
)
from trainforge.batch.options import BuildOptions
from trainforge.batch.provenance import Commit, last_commits
from trainforge.batch.shard import Shard, course_id_hint
from trainforge.load.policy_files import find_policy_dir


@dataclass(frozen=True)
class Item:
    """One package to have: a course folder in one format."""

    root: Path
    format: str
    slot: str  # its cache slot
    key: str
    source: str  # digest of the course's files and policy registry
    commit: Commit
    fresh: Entry | None  # the cache entry when the package is up to date


def options_json(options: BuildOptions) -> str:
    return json.dumps(dataclasses.asdict(options), sort_keys=True, default=str)


def make_plan(roots: Sequence[Path], format_names: Sequence[str], options: BuildOptions,
              theme: str, cache: BuildCache, *, force: bool = False,
              shard: Shard | None = None) -> list[Item]:
    """Every (course, format) of this build (this shard's share), marked fresh or stale.

    ``theme`` is the digest of the theme folder ("" for the built-in theme).
    """
    toolchain = toolchain_digest()
    opts = options_json(options)
    registries: dict[Path | None, str] = {}
    commits = last_commits(roots)
    items: list[Item] = []
    for root in roots:
        resolved = root.resolve()
        policy_dir = find_policy_dir(resolved)
        if policy_dir not in registries:
            registries[policy_dir] = tree_digest(policy_dir)
        source = package_key(tree_digest(root), registries[policy_dir])
        if shard is not None and not shard.owns(_course_id(resolved, source, format_names,
                                                           cache)):
            continue
        commit = commits.get(resolved, Commit())
        for name in format_names:
            key = package_key(toolchain, theme, opts, name, source, commit.sha,
                              str(commit.epoch()))
            where = slot(resolved, name)
            fresh = None if force else cache.hit(where, key)
            items.append(Item(root, name, where, key, source, commit, fresh))
    return items


def _course_id(resolved: Path, source: str, format_names: Sequence[str], cache: BuildCache
               ) -> str:
    for name in format_names:
        entry = cache.entries.get(slot(resolved, name))
        if entry is not None and entry.source == source:
            return entry.course
    return course_id_hint(resolved)
