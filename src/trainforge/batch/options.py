"""The options of a build that reach packagers (and so are part of every package's cache key)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BuildOptions:
    """Options that reach packagers; every one of them is part of the build's cache key."""

    sco_per_module: bool = False
    # Overrides every course's `xapi_base_iri` (course.yaml); None: each course says its own.
    xapi_base_iri: str | None = None
    strip_sensitive: bool = False  # ship descriptions instead of sensitive media
    extra: Mapping[str, str] = field(default_factory=dict)
