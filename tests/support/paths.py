"""Where the repository and its npm test peers are, with a clear error when they are missing."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"


def require_node_package(name: str) -> Path:
    """The installed npm package `name`; fail with the fix if `npm ci` has not been run."""
    path = NODE_MODULES / name
    if not (path / "package.json").is_file():
        raise FileNotFoundError(
            f"{path} is missing: run `npm ci` (or `make deps-test`) in {REPO_ROOT}"
        )
    return path
