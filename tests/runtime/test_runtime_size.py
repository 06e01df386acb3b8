"""The runtime a package ships stays small: core + its adapter + the theme's CSS ≤ 25 KB gzipped.

Measured on the bytes packages ship (compacted JS, see ``runtime.compact``), per file as a server or
LMS sends them (gzip), for every adapter a format can pick.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from trainforge import runtime

SRC = Path(__file__).parents[2] / "src" / "trainforge"
CSS = SRC / "themes" / "default" / "static" / "tf.css"
BUDGET = 25 * 1024


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


@pytest.mark.parametrize(
    "adapter", sorted(p.stem for p in (SRC / "runtime" / "adapters").glob("*.js"))
)
def test_runtime_fits_the_budget(adapter: str) -> None:
    shipped = [runtime.core_js(), runtime.adapter_js(adapter), CSS.read_bytes()]
    total = sum(gzipped(data) for data in shipped)
    assert total <= BUDGET, f"core + {adapter}.js + tf.css = {total} bytes gzipped"
