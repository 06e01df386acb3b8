"""Read git: what changed since a ref, and the files of a commit, without touching the work tree.

``build --against GIT_REF`` and ``build --changed-since`` / ``impact --since`` compare today's
sources with those at a commit; the old files are extracted with ``git archive`` into a
temporary folder and then read by the same loaders as any sources.
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from trainforge.errors import TrainforgeError

if TYPE_CHECKING:  # tarfile is imported when a tree is extracted: a no-op build never does
    import tarfile

TIMEOUT = 120  # seconds: a git that hangs (a lock, a prompt) must not hang a CI build


def repository(folder: Path) -> Path | None:
    """The top of the repository holding ``folder``: the nearest folder at or above it with a
    ``.git`` (a folder, or the file of a worktree or submodule). No git process is started: a
    no-op build asks this of every course."""
    return next((f for f in up_to_repository(folder) if (f / ".git").exists()), None)


def repository_top(start: Path) -> Path:
    """The repository holding ``start``; outside one, a ``git.failed`` error."""
    top = repository(start)
    if top is None:
        raise TrainforgeError.single("git.failed", "not in a git repository", start)
    return top


def up_to_repository(start: Path) -> Iterator[Path]:
    """``start`` (resolved) and its parents, stopping at the repository's top: the folders an
    upward search (the policy registry, the schemas) may look in."""
    for folder in [start.resolve(), *start.resolve().parents]:
        yield folder
        if (folder / ".git").exists():
            return  # never look outside the repository


def _env() -> dict[str, str]:
    """git's environment: no optional locks (a build never blocks a commit), C messages."""
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}


def _run(top: Path, args: Sequence[str]) -> subprocess.CompletedProcess[bytes]:
    """Run git in ``top``; raises OSError (no git) or TimeoutExpired."""
    return subprocess.run(["git", "-C", str(top), *args], capture_output=True, env=_env(),
                          stdin=subprocess.DEVNULL, check=False, timeout=TIMEOUT)


def run_git(top: Path, *args: str) -> bytes | None:
    """git's standard output, or None when it fails (or cannot run)."""
    try:
        done = _run(top, args)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def git_text(repo: Path, *args: str) -> str:
    """git's standard output as text; a failure is a ``git.failed`` error quoting git."""
    try:
        done = _run(repo, args)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise TrainforgeError.single("git.failed", f"cannot run git: {exc}", repo) from None
    stderr = done.stderr.decode(errors="replace").strip()
    if done.returncode != 0:
        message = stderr.splitlines()[-1] if stderr else "git failed"
        raise TrainforgeError.single("git.failed", message, f"git {' '.join(args)}")
    return done.stdout.decode()


@contextmanager
def git_lines(top: Path, *args: str) -> Iterator[Iterator[str]]:
    """git's standard output line by line as git writes it, for a reader that stops early (a
    history walk that has seen every course); leaving the block stops git. No lines at all
    when git cannot run."""
    try:
        proc = subprocess.Popen(["git", "-C", str(top), *args], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=_env(),
                                text=True)
    except OSError:
        yield iter(())
        return
    assert proc.stdout is not None
    try:
        yield proc.stdout
    finally:
        proc.kill()
        proc.stdout.close()
        proc.wait()


def changed_files(repo: Path, ref: str) -> set[Path]:
    """Every file the commits since ``ref`` changed, uncommitted and untracked ones included."""
    # --end-of-options: a ref is never read as an option, whatever it starts with.
    names = git_text(repo, "diff", "--name-only", "--no-renames", "--end-of-options", ref, "--")
    names += git_text(repo, "ls-files", "--others", "--exclude-standard")
    return {repo / name for name in names.splitlines() if name}


@contextmanager
def tree_at(top: Path, commit: str, paths: Sequence[str], where: str,
            code: str = "git.failed") -> Iterator[Path]:
    """A temporary folder holding ``paths`` (repository-relative) as they were at ``commit``.

    It has an empty ``.git`` so that the registry search stops at its top, as in a repository;
    ``where`` is where a failure is reported (the option naming the ref), ``code`` its code.
    """
    with tempfile.TemporaryDirectory(prefix="trainforge-at-") as tmp:
        old_top = Path(tmp)
        extract(top, commit, paths, old_top, where, code)
        (old_top / ".git").mkdir()
        yield old_top


def extract(top: Path, commit: str, paths: Sequence[str], into: Path, where: str,
            code: str = "git.failed") -> None:
    """The ``paths`` (those that exist at ``commit``) as files under ``into``."""
    listed = run_git(top, "ls-tree", "--name-only", "-z", commit, "--", *paths) or b""
    present = [p for p in listed.decode().split("\0") if p]
    if not present:
        return
    archive = run_git(top, "archive", "--format=tar", commit, "--", *present)
    if archive is None:
        raise TrainforgeError.single(code, f"git archive of {commit} failed", where)
    import tarfile

    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter=safe_member)


def safe_member(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
    """The ``data`` filter (no absolute paths, no ``..``, no links leaving the folder), skipping
    what it refuses instead of failing: the source loader refuses links anyway."""
    import tarfile

    try:
        return tarfile.data_filter(member, path)
    except tarfile.FilterError:
        return None
