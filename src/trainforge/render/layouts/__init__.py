"""Layouts: how a rendered course reads — its entry template and what that template is given.

The site renderer (render/site.py) turns pages into HTML; a layout turns a view (some modules'
pages) into an entry page. Today there is the interactive ``player``; a print or facilitator
layout is one module here registering a :class:`Layout`, plus its templates in the theme. A
format packages one layout (``Packager.layout``), so a format is a packager over a layout.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from importlib import import_module
from typing import Any

from trainforge.render.theme import UIString
from trainforge.resolve import resolved

BUILT_IN = ("player",)  # modules of this package that register a layout


class Layout(ABC):
    """One way to lay a course out. Subclasses set ``name`` and ``entry`` and give the context."""

    name: str
    entry: str  # the template every view of this layout renders

    @abstractmethod
    def context(self, course: resolved.Course, strings: dict[str, UIString],
                modules: Sequence[resolved.Module], pages: Sequence[resolved.Page]
                ) -> dict[str, Any]:
        """What the entry template gets beyond the course, its pages and the theme's styles."""


_REGISTRY: dict[str, Layout] = {}


def register(layout: Layout) -> Layout:
    _REGISTRY[layout.name] = layout
    return layout


def get(name: str) -> Layout:
    """The layout ``name``; the built-in ones register themselves on first use."""
    if name not in _REGISTRY:
        for module in BUILT_IN:
            import_module(f"{__name__}.{module}")
    try:
        return _REGISTRY[name]
    except KeyError:  # a packager's declaration, never an author's input
        raise LookupError(f"unknown layout `{name}` (known: {', '.join(names())})") from None


def names() -> list[str]:
    return sorted(_REGISTRY)
