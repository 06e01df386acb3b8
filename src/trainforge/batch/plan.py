"""Decide what to build: course × locale × format items, their cache keys, the shard's share, what
is fresh.

Planning reads raw files only (hashes, never parses), so a build where nothing changed finishes
without loading a single course: a course's locales come from the cache while its packages are
up to date, and from :func:`locales_of` (course.yaml, read raw) once something changed.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
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
from trainforge.load.locales import locales_of
from trainforge.load.policy_files import find_policy_dir


@dataclass(frozen=True)
class Item:
    """One package to have: a course folder in one locale and one format."""

    root: Path
    locale: str
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
    """Every (course, locale, format) of this build (this shard's share), marked fresh or stale.

    ``theme`` is the digest of the theme folder ("" for the built-in theme).
    """
    build = (toolchain_digest(), theme, options_json(options))
    registries: dict[Path | None, str] = {}
    commits = last_commits(roots)
    items: list[Item] = []
    for root in roots:
        resolved = root.resolve()
        policy_dir = find_policy_dir(resolved)
        if policy_dir not in registries:
            registries[policy_dir] = tree_digest(policy_dir)
        source = package_key(tree_digest(root), registries[policy_dir])
        built = cache.built(resolved, source)
        if shard is not None and not shard.owns(built[0].course if built
                                                else course_id_hint(resolved)):
            continue
        course = _Course(root, source, commits.get(resolved, Commit()))
        mine = course.items(dict.fromkeys(e.record.locale for e in built), format_names, build,
                            cache, force)
        if not mine or any(i.fresh is None for i in mine):  # something changed: read course.yaml
            mine = course.items(locales_of(resolved), format_names, build, cache, force)
        items.extend(mine)
    return items


@dataclass(frozen=True)
class _Course:
    """One course folder of the plan and what its packages' keys share."""

    root: Path
    source: str
    commit: Commit

    def items(self, locales: Iterable[str], format_names: Sequence[str],
              build: tuple[str, ...], cache: BuildCache, force: bool) -> list[Item]:
        """Its items in ``locales``; ``build`` is the toolchain, theme and options digests."""
        found = []
        for locale in locales:
            for name in format_names:
                key = package_key(*build, locale, name, self.source, self.commit.sha,
                                  str(self.commit.epoch()))
                where = slot(self.root.resolve(), locale, name)
                fresh = None if force else cache.hit(where, key)
                found.append(Item(self.root, locale, name, where, key, self.source, self.commit,
                                  fresh))
        return found
