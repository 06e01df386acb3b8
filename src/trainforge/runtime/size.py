"""How big the runtime a package ships is, as a web server or an LMS sends it (gzip, per file).

The runtime is the player (``assets/tf-core.js``: the core plus the question types and features
the course uses), the format's adapter and the theme's stylesheets (``assets/*.css``). The budget
and the per-course targets are docs/runtime.md "Size".
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping

from trainforge.runtime import CORE, adapter_js

BUDGET = 25 * 1024  # bytes, gzipped: what any package may ship
COURSE_TARGET = 22 * 1024  # an example course in SCORM 1.2 or xAPI: room for the next adapters
TEXT_ONLY_TARGET = 12 * 1024  # a text-only course with one single-choice assessment


def gzipped(data: bytes) -> int:
    """Bytes of ``data`` gzipped at the level servers use for static files (9, no timestamp)."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def shipped_gzip(files: Mapping[str, bytes], adapter: str) -> int:
    """Bytes gzipped of the runtime among a package's ``files``, each file compressed alone: its
    player, the code of its ``adapter`` and its stylesheets.

    The adapter is counted as code (``adapter_js``): a format may put course data in front of it
    in ``tf-tracking.js`` (xAPI: the activity ids), which grows with the course, not the runtime.
    """
    css = [data for name, data in files.items()
           if name.startswith("assets/") and name.count("/") == 1 and name.endswith(".css")]
    return sum(map(gzipped, [files[f"assets/{CORE}"], adapter_js(adapter), *css]))
