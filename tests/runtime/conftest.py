"""Fixtures of the runtime tests: built courses, their player data, and core.js run in node."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from runtime_courses import RunNode, load

from trainforge import runtime
from trainforge.batch.build import build
from trainforge.commands.inspect_course import inspect_course
from trainforge.commands.new import scaffold

RUNNER = Path(__file__).with_name("state_runner.js")


@pytest.fixture(scope="session")
def node_with(tmp_path_factory: pytest.TempPathFactory) -> Callable[[bytes], RunNode]:
    """Run commands through the state functions of a given tf-core.js in node (state_runner.js)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (Debian: apt-get install nodejs)")
    folder = tmp_path_factory.mktemp("runtime")

    def with_core(core_js: bytes) -> RunNode:
        core = folder / f"{hashlib.sha256(core_js).hexdigest()[:16]}.js"
        core.write_bytes(core_js)

        def run(commands: list[dict[str, Any]]) -> list[Any]:
            done = subprocess.run(
                [node, str(RUNNER), str(core)],
                input=json.dumps(commands),
                capture_output=True,
                text=True,
                check=False,
                timeout=60,
            )
            assert done.returncode == 0, done.stderr
            results: list[Any] = json.loads(done.stdout)
            return results

        return run

    return with_core


@pytest.fixture(scope="session")
def run_node(node_with: Callable[[bytes], RunNode]) -> RunNode:
    """Commands through the tf-core.js of a course using every question type and feature."""
    return node_with(runtime.core_js())


@pytest.fixture(scope="session")
def scaffold_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`trainforge new`'s starter course (read-only for tests)."""
    root = tmp_path_factory.mktemp("scaffold") / "starter"
    scaffold(root, policy=True)
    return root


@pytest.fixture(scope="session")
def scaffold_web(scaffold_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter course built in the `web` format; returns the package folder."""
    out = tmp_path_factory.mktemp("web")
    result = build([scaffold_dir], ["web"], out)
    return result.packages[0]


@pytest.fixture(scope="session")
def scaffold_inspect(scaffold_dir: Path) -> dict[str, Any]:
    """`trainforge inspect --json` of the starter course: what a bot may know about it."""
    return inspect_course(load(scaffold_dir))


@pytest.fixture(scope="module")
def site(course_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The module's `course_dir` (a fixture each test module defines) built as `web`."""
    return build([course_dir], ["web"], tmp_path_factory.mktemp("web")).packages[0]


@pytest.fixture(scope="module")
def info(course_dir: Path) -> dict[str, Any]:
    """What `inspect --json` says of the module's `course_dir`."""
    return inspect_course(load(course_dir))
