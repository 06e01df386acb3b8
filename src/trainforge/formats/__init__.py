"""PACKAGE: one module per output format, registered by name.

A packager turns the rendered site into the files of one package. It never renders content: it
adds its tracking adapter and its descriptors (manifests), and names the result.
"""

from __future__ import annotations

from trainforge.formats.base import Package, Packager, get, names, register

# Importing the format modules registers them.
from trainforge.formats import web  # noqa: F401  isort: skip
from trainforge.formats import scorm12  # noqa: F401  isort: skip
from trainforge.formats import xapi  # noqa: F401  isort: skip

__all__ = ["Package", "Packager", "get", "names", "register"]
