"""A batch build, sequencing only: plan → compile stale courses (in workers) → check → commit.

Every course is read and checked before anything is renamed into place (MkDocs' habit), so a
build with errors leaves ``dist/`` as it was. Packages whose inputs did not change are taken
from the cache; the others are compiled, ``jobs`` courses at a time, each rendered once and
packaged per format. The output folder gets ``manifest.json`` and an item-metadata file beside
every package.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from trainforge.batch.cache import BuildCache, Entry, tree_digest
from trainforge.batch.options import BuildOptions
from trainforge.batch.plan import Item, make_plan
from trainforge.batch.progress import Reporter, Silent
from trainforge.batch.shard import Shard
from trainforge.errors import (
    Diagnostic,
    Diagnostics,
    Location,
    TrainforgeError,
    error,
    strictly,
)
from trainforge.load.course_dir import COURSE_FILE, discover, display_path
from trainforge.package import formats
from trainforge.release.manifest import ManifestRecord, write_manifest
from trainforge.release.republish import Current, check_against
from trainforge.write.archive import commit, discard, flush_all, sweep_temporaries

if TYPE_CHECKING:  # the compiler itself is imported only when something is out of date
    from trainforge.batch.workers import Outcome
    from trainforge.resolve import resolved
    from trainforge.resolve.registry import Registry

__all__ = ["BuildResult", "build", "load_courses", "load_one"]


@dataclass
class BuildResult:
    packages: list[Path] = field(default_factory=list)  # every package of the build
    diagnostics: list[Diagnostic] = field(default_factory=list)
    built: list[Path] = field(default_factory=list)  # compiled in this run
    cached: list[Path] = field(default_factory=list)  # up to date, taken from the cache
    manifest: Path | None = None


def load_courses(paths: Sequence[Path], strict: bool = False
                 ) -> tuple[list[resolved.Course], list[Diagnostic]]:
    """Read, validate and resolve every course under ``paths``; raise with all errors at once."""
    found = Diagnostics()
    courses: list[resolved.Course] = []
    for root in discover(paths):
        course = load_one(root, found)
        if course is not None:
            courses.append(course)
    _check_unique_ids([(c.id, c.language, c.source_dir) for c in courses], found)
    found.items = list(dict.fromkeys(found.items))  # a shared policy registry's, once
    strictly(found, strict)
    if found.has_errors():
        raise TrainforgeError(found.sorted())
    return courses, found.sorted()


def load_one(root: Path, found: Diagnostics, registry: Registry | None = None
             ) -> resolved.Course | None:
    """One course through load → validate → resolve, collecting diagnostics into ``found``."""
    from trainforge.pipeline import load

    loaded = load(root, found, registry)
    return loaded.course if loaded else None


def build(
    paths: Sequence[Path],
    format_names: Sequence[str],
    out: Path,
    *,
    theme_dir: Path | None = None,
    options: BuildOptions | None = None,
    strict: bool = False,
    jobs: int = 1,
    force: bool = False,
    shard: Shard | None = None,
    against: str | Path | None = None,
    reporter: Reporter | None = None,
) -> BuildResult:
    """Build every course under ``paths`` in every format into ``out``.

    ``against`` names the previous release, a manifest.json or a git ref (see history.py).
    """
    options = options or BuildOptions()
    reporter = reporter or Silent()
    names = formats.check_names(format_names)
    roots = discover(paths)
    if theme_dir is not None and not theme_dir.is_dir():
        raise TrainforgeError.single("theme.not-found", "theme folder does not exist", theme_dir)
    theme = tree_digest(theme_dir) if theme_dir is not None else ""
    cache = BuildCache.load(out)
    items = make_plan(roots, names, options, theme, cache, force=force, shard=shard)
    previous, unread = (_previous(against, list(dict.fromkeys(i.root for i in items)))
                        if against is not None else (None, []))
    sweep_temporaries(out)
    stale = _stale_by_course(items)
    fresh = [i for i in items if i.fresh is not None]

    def report(outcome: Outcome) -> None:
        for name in outcome.task.formats:
            done = next((s.name for s in outcome.packages if s.format == name), "-")
            reporter.package("failed" if outcome.failed else "built",
                             outcome.course_id or outcome.task.root.name, name, done)

    finished = False
    try:
        outcomes = _compile(stale, _Setup(out, options, theme_dir, theme, strict), jobs,
                            lambda: reporter.start(len(items), len(fresh)), report)
        found = _diagnostics(fresh, outcomes, strict)
        if previous is not None:
            found.extend(strictly(Diagnostics(unread), strict).items)
            found.extend(check_against(previous, _currents(fresh, outcomes)))
        if found.has_errors():
            for outcome in outcomes:
                for staged in outcome.packages:
                    staged.discard()
            raise TrainforgeError(found.sorted())
        result = _commit(out, items, outcomes, cache)
        result.diagnostics = found.sorted()
        reporter.finish(len(result.built), len(result.cached), failed=False)
        finished = True
        return result
    finally:
        if not finished:  # errors, or interrupted: the bar (if any) must give the terminal back
            reporter.finish(0, len(fresh), failed=True)


@dataclass(frozen=True)
class _Setup:
    """What every course's compile task shares."""

    out: Path
    options: BuildOptions
    theme_dir: Path | None
    theme: str  # the theme's digest
    strict: bool


def _compile(stale: dict[tuple[Path, str], list[Item]], setup: _Setup, jobs: int,
             on_start: Callable[[], None], on_outcome: Callable[[Outcome], None]
             ) -> list[Outcome]:
    """Compile the out-of-date courses; the compiler is imported only when there are some."""
    if not stale:
        on_start()
        return []
    from trainforge.batch.workers import Task, run_tasks, theme_for

    # Loaded before the workers fork, so each inherits them instead of loading them again.
    theme_for(setup.theme_dir, setup.theme)
    for name in dict.fromkeys(i.format for group in stale.values() for i in group):
        formats.get(name)
    tasks = [Task(root, locale, tuple(i.format for i in group), setup.out, setup.options,
                  setup.theme_dir, setup.theme, setup.strict, group[0].commit.epoch(),
                  group[0].commit.sha) for (root, locale), group in stale.items()]
    return run_tasks(tasks, jobs, on_start, on_outcome)


def _previous(against: str | Path, roots: list[Path]
              ) -> tuple[list[ManifestRecord], list[Diagnostic]]:
    from trainforge.release.history import previous_records

    return previous_records(against, roots)


def _stale_by_course(items: list[Item]) -> dict[tuple[Path, str], list[Item]]:
    """One task per course and locale: rendered once for all its out-of-date formats."""
    stale: dict[tuple[Path, str], list[Item]] = {}
    for item in items:
        if item.fresh is None:
            stale.setdefault((item.root, item.locale), []).append(item)
    return stale


def _diagnostics(fresh: list[Item], outcomes: list[Outcome], strict: bool) -> Diagnostics:
    found = Diagnostics()
    for outcome in outcomes:
        found.extend(outcome.all_diagnostics)
    replayed: dict[Diagnostic, None] = {}
    for item in fresh:
        assert item.fresh is not None
        for d in item.fresh.details.get("diagnostics", []):
            replayed[Diagnostic.from_json(d)] = None
    found.extend(strictly(Diagnostics(list(replayed)), strict).items)
    ids = {(i.root, i.locale): (i.fresh.course, i.locale, display_path(i.root.resolve()))
           for i in fresh if i.fresh}
    ids.update({(o.task.root, o.task.locale): (o.course_id, o.task.locale,
                                               display_path(o.task.root.resolve()))
                for o in outcomes if o.course_id})
    _check_unique_ids(list(ids.values()), found)
    found.items = list(dict.fromkeys(found.items))  # a shared policy registry's, once
    return found


def _currents(fresh: list[Item], outcomes: list[Outcome]) -> list[Current]:
    currents: dict[tuple[Path, str], Current] = {}
    for item in fresh:
        assert item.fresh is not None
        rec, details = item.fresh.record, item.fresh.details
        currents[item.root, rec.locale] = Current(rec.course, rec.locale, rec.ids,
                                                  details.get("locations", {}))
    for outcome in outcomes:
        if outcome.packages:
            rec = outcome.packages[0].record
            currents[outcome.task.root, rec.locale] = Current(
                rec.course, rec.locale, rec.ids, outcome.details["locations"])
    return list(currents.values())


def _commit(out: Path, items: list[Item], outcomes: list[Outcome], cache: BuildCache
            ) -> BuildResult:
    """Rename every staged output into place, then write manifest.json and the cache."""
    result = BuildResult()
    by_slot = {(o.task.root, o.task.locale, s.format): (o, s)
               for o in outcomes for s in o.packages}
    if by_slot:
        flush_all()  # every staged byte on disk before the first rename
    records: list[ManifestRecord] = []
    locales: dict[Path, set[str]] = {}
    for item in items:
        locales.setdefault(item.root, set()).add(item.locale)
    for item in items:
        if item.fresh is not None:
            records.append(item.fresh.record)
            result.cached.append(out / item.fresh.record.name)
            result.packages.append(out / item.fresh.record.name)
            continue
        outcome, staged = by_slot[(item.root, item.locale, item.format)]
        commit(staged.staged, out / staged.name)
        commit(staged.items_staged, out / staged.items_name)
        replaced = _replaced(cache, item, locales[item.root])
        outputs = {staged.name: staged.record.sha256, staged.items_name: staged.items_sha}
        cache.entries[item.slot] = Entry(
            item.key, item.source, outcome.course_id or "", outputs, staged.record,
            {"diagnostics": [d.as_json() for d in (*outcome.diagnostics,
                                                    *outcome.checks.get(item.format, ()))],
             "locations": outcome.details["locations"]})
        for previous in replaced:
            _remove_replaced(out, previous, outputs)
        records.append(staged.record)
        result.built.append(out / staged.name)
        result.packages.append(out / staged.name)
    result.manifest = write_manifest(out, records)
    if result.built or not cache.path.exists():
        cache.save()
    return result


def _replaced(cache: BuildCache, item: Item, locales: set[str]) -> list[Entry]:
    """The entries ``item``'s package replaces, taken out of the cache: its slot's, and its
    folder's in its format in a locale the folder is no longer built in (``language`` changed)."""
    slots = [k for k, e in cache.of_folder(item.root.resolve()).items()
             if k == item.slot or (e.record.format == item.format
                                   and e.record.locale not in locales)]
    return [cache.entries.pop(k) for k in slots]


def _remove_replaced(out: Path, previous: Entry, outputs: dict[str, str]) -> None:
    """A course whose version or locale changed leaves no package of the old one behind."""
    for name in previous.outputs:
        if name not in outputs and "/" not in name and not name.startswith("."):
            discard(out / name)


def _check_unique_ids(courses: Sequence[tuple[str | None, str, str]], found: Diagnostics
                      ) -> None:
    """One folder per (course id, locale): two folders of one id are that course's locales."""
    seen: dict[tuple[str, str], str] = {}
    for course_id, locale, where in courses:
        if course_id is None:
            continue
        if (course_id, locale) in seen:
            found.add(error("id.duplicate-course", f"course id `{course_id}` is also used by "
                            f"{seen[course_id, locale]} in locale `{locale}`; their packages "
                            "would overwrite each other",
                            Location(f"{where}/{COURSE_FILE}", 1, 1)))
        seen.setdefault((course_id, locale), where)
