"""The JavaScript and CSS shipped inside packages: a core player and one adapter per standard.

The core decides *what* to report (page viewed, question answered, course finished); an adapter
decides *how* (localStorage, SCORM 1.2 API, xAPI statements). Packagers pick the adapter.
"""

from __future__ import annotations

from importlib import resources

CORE = "tf-core.js"
TRACKING = "tf-tracking.js"  # the adapter, under one name so the page never changes per format


def core_js() -> bytes:
    return (resources.files("trainforge") / "runtime" / "core.js").read_bytes()


def adapter_js(name: str) -> bytes:
    """The adapter script for a tracking standard (``local``, ``scorm12``, ``xapi`` …)."""
    return (resources.files("trainforge") / "runtime" / "adapters" / f"{name}.js").read_bytes()
