"""Where a package comes from: the sources' last git commit and the time its zip entries carry.

A package's timestamp is ``SOURCE_DATE_EPOCH`` when set, else the time of the last commit that
touched the course folder (``git log -1 --format=%ct -- <course dir>``), else 1980-01-01 outside
git, so the same sources give the same bytes on any machine, at any time, in any time zone.
One ``git log`` per repository serves every course in it: a no-op rebuild cannot afford a
process per course.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from trainforge.load.git import git_lines, repository
from trainforge.write.archive import ZIP_EPOCH_SECONDS, source_date_epoch


@dataclass(frozen=True)
class Commit:
    """The last commit that touched a course folder ("" and 0 outside git)."""

    sha: str = ""
    time: int = 0

    def epoch(self) -> int:
        """The zip timestamp of packages built from these sources."""
        override = source_date_epoch()
        if override is not None:
            return override
        return self.time or ZIP_EPOCH_SECONDS


def last_commits(roots: Iterable[Path]) -> dict[Path, Commit]:
    """The last commit of each course folder (resolved paths as keys)."""
    by_repo: dict[Path, list[Path]] = {}
    result: dict[Path, Commit] = {}
    for root in roots:
        root = root.resolve()
        result[root] = Commit()
        top = repository(root)
        if top is not None:
            by_repo.setdefault(top, []).append(root)
    for top, members in by_repo.items():
        result.update(_scan(top, members))
    return result


def _scan(top: Path, roots: list[Path]) -> dict[Path, Commit]:
    """Walk the history newest first until every course folder has been seen in a commit."""
    wanted = {r.relative_to(top).as_posix(): r for r in roots}
    found: dict[Path, Commit] = {}
    current = Commit()
    with git_lines(top, "-c", "core.quotepath=off", "log", "--no-renames",
                   "--format=%x01%H %ct", "--name-only", "--", *sorted(wanted)) as lines:
        for line in lines:  # none without git: the 1980 fallback
            line = line.rstrip("\n")
            if line.startswith("\x01"):
                sha, _, stamp = line[1:].partition(" ")
                current = Commit(sha, int(stamp or 0))
                continue
            for rel, root in wanted.items():
                if root not in found and (rel == "." or line.startswith(rel + "/")):
                    found[root] = current
            if len(found) == len(wanted):
                break
    return found
