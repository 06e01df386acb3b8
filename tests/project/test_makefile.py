"""`make build` installs what building needs; only `make test` adds the test tool chain.

Read from make's own dry run (`-n -B`: every recipe it would run, nothing run), so the test sees
the commands a fresh clone executes.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


def dry_run(target: str) -> str:
    done = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return done.stdout


def test_build_installs_trainforge_without_the_test_extras() -> None:
    recipe = dry_run("build")
    assert "pip install --quiet -e ." in recipe
    assert "[test]" not in recipe
    assert "npm" not in recipe and "apt-get" not in recipe
    assert "trainforge build courses" in recipe


def test_test_installs_the_test_extras_and_the_browser_stack() -> None:
    recipe = dry_run("test")
    assert "pip install --quiet -e '.[test]'" in recipe
    assert "npm ci" in recipe and "chromium" in recipe
    assert "pytest" in recipe
