"""``build --against GIT_REF``: the tracked ids of the courses as they were at a commit.

A release is a commit as much as a ``manifest.json``: the course folders and the policy registry
at ``ref`` are read with ``git archive`` into a temporary folder (the working tree is never
touched), go through load → validate → resolve like any sources, and give the records a
release's manifest holds, for ``republish.check_against``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from trainforge.errors import (
    Diagnostic,
    Diagnostics,
    Location,
    Severity,
    TrainforgeError,
    warning,
)
from trainforge.load.course_dir import COURSE_FILE, display_path
from trainforge.load.git import repository, run_git, tree_at
from trainforge.load.policy_files import find_policy_dir
from trainforge.pipeline import load
from trainforge.release.itemmeta import tracked_ids
from trainforge.release.manifest import ManifestRecord, read_manifest

Records = list[ManifestRecord]
WHERE = "--against"  # where problems with the option itself are reported


def previous_records(against: str | Path, roots: Sequence[Path]
                     ) -> tuple[Records, list[Diagnostic]]:
    """The previous release named by ``against``: a manifest.json file, or a git ref."""
    if Path(against).is_file():
        return read_manifest(Path(against)), []
    by_repo: dict[Path, list[Path]] = {}
    for root in roots:
        top = repository(root.resolve())
        if top is None:
            raise TrainforgeError.single("against.not-found", f"`{against}` is not a file, and "
                                         f"{display_path(root.resolve())} is not in a git "
                                         "repository to look it up as a ref", WHERE)
        by_repo.setdefault(top, []).append(root.resolve())
    records: Records = []
    found: list[Diagnostic] = []
    for top, members in by_repo.items():
        more, problems = records_at(top, str(against), members)
        records += more
        found += problems
    return records, found


def records_at(top: Path, ref: str, roots: Sequence[Path]) -> tuple[Records, list[Diagnostic]]:
    """Records (course, locale, tracked ids) of the courses under ``roots`` at ``ref``.

    A course that did not exist at ``ref`` has none (all its ids are new); one whose sources at
    ``ref`` do not build is a warning, since its ids cannot be compared.
    """
    # --end-of-options: a ref is never read as an option, whatever it starts with.
    verified = run_git(top, "rev-parse", "--verify", "--quiet", "--end-of-options",
                    f"{ref}^{{commit}}")
    if verified is None:
        raise TrainforgeError.single("against.not-found", f"`{ref}` is neither a manifest.json "
                                     f"file nor a commit of {display_path(top)}", WHERE)
    commit = verified.decode().strip()
    wanted = {root: root.relative_to(top).as_posix() for root in roots}
    registries = {find_policy_dir(root) for root in roots} - {None}
    paths = [*wanted.values(), *(p.relative_to(top).as_posix() for p in registries if p)]
    with tree_at(top, commit, paths, WHERE, "against.unreadable") as old_top:
        records: Records = []
        found: list[Diagnostic] = []
        for root, rel in wanted.items():
            old = old_top / rel
            if not (old / COURSE_FILE).is_file():
                continue  # a course new since ref
            record, problem = _record(old, f"{rel}@{ref}")
            if record is not None:
                records.append(record)
            else:
                found.append(warning("against.unbuildable", f"the course at `{ref}` has errors "
                                     f"({problem}), so its ids are not compared",
                                     Location(f"{display_path(root)}/{COURSE_FILE}", 1, 1)))
    return records, found


def _record(root: Path, name: str) -> tuple[ManifestRecord | None, str]:
    found = Diagnostics()
    loaded = load(root, found)
    if loaded is None or found.has_errors():
        first = next((d for d in found.sorted() if d.severity is Severity.ERROR), None)
        return None, first.message if first else "it does not load"
    course = loaded.course
    return ManifestRecord(name, course.id, course.language, tracked_ids(course, loaded.renames),
                          course.version), ""
