"""The JavaScript and CSS shipped inside packages: a core player and one adapter per standard.

The core decides *what* to report (page viewed, question answered, course finished); an adapter
decides *how* (localStorage, SCORM 1.2 API, xAPI statements). Packagers pick the adapter.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from trainforge.runtime.compact import compact_js

CORE = "tf-core.js"
TRACKING = "tf-tracking.js"  # the adapter, under one name so the page never changes per format


@cache
def core_js() -> bytes:
    """The core player as packages ship it (compacted: see ``compact``)."""
    return compact_js((resources.files("trainforge") / "runtime" / "core.js").read_bytes())


@cache
def adapter_js(name: str) -> bytes:
    """The adapter script of a tracking standard (``local``, ``scorm12``, ``xapi``), compacted."""
    path = resources.files("trainforge") / "runtime" / "adapters" / f"{name}.js"
    return compact_js(path.read_bytes())
