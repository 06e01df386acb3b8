"""The output formats: one packager module per format, registered by name.

A packager turns the rendered site into the files of one package. It never renders content: it
adds its tracking adapter and its descriptors (manifests), and names the result. The built-in
formats are imported when first asked for, so what only names formats (``--help``, a build with
nothing out of date) never loads the compiler.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainforge.package.base import Packager

# A built-in format is one module that registers its packager; add it here by name.
BUILTIN = {
    "web": "trainforge.package.web",
    "scorm12": "trainforge.package.scorm12",
    "xapi": "trainforge.package.xapi",
}


def names() -> list[str]:
    """Every format: the built-in ones and any registered since (a plugin's)."""
    base = sys.modules.get("trainforge.package.base")
    return sorted({*BUILTIN, *(base.names() if base is not None else ())})


def get(name: str) -> Packager:
    """The packager of format ``name``, loading a built-in one on first use."""
    if name in BUILTIN:
        importlib.import_module(BUILTIN[name])
    from trainforge.package.base import get as registered

    return registered(name)


def check_names(wanted: Iterable[str]) -> list[str]:
    """``wanted`` without repeats, or an error naming the first unknown format."""
    known, chosen = names(), list(dict.fromkeys(wanted))
    for name in chosen:
        if name not in known:
            from trainforge.package.base import unknown

            raise unknown(name, known)
    return chosen
