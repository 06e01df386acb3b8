"""Run git in a test repository, with a fixed identity so commits work on any machine."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git(repo: Path, *args: str) -> str:
    """git's standard output; a failing git fails the test."""
    done = subprocess.run(["git", "-C", str(repo), "-c", "user.email=t@example.org",
                           "-c", "user.name=t", *args], check=True, capture_output=True,
                          text=True)
    return done.stdout
