"""The runtime a package ships stays small: core + its adapter + the theme's CSS ≤ 25 KB gzipped.

Measured per file as a server or LMS sends them (gzip), for every adapter a format can pick.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

SRC = Path(__file__).parents[2] / "src" / "trainforge"
CORE = SRC / "runtime" / "core.js"
CSS = SRC / "themes" / "default" / "static" / "tf.css"
BUDGET = 25 * 1024


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


@pytest.mark.parametrize(
    "adapter", sorted((SRC / "runtime" / "adapters").glob("*.js")), ids=lambda p: p.stem
)
def test_runtime_fits_the_budget(adapter: Path) -> None:
    total = gzipped(CORE) + gzipped(adapter) + gzipped(CSS)
    assert total <= BUDGET, f"core + {adapter.name} + tf.css = {total} bytes gzipped"
