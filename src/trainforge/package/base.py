"""The packager interface and its registry (Sphinx-style builders, registered by name)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from trainforge import runtime
from trainforge.batch.options import BuildOptions
from trainforge.errors import Diagnostic, TrainforgeError
from trainforge.render.site import Site, View
from trainforge.resolve import resolved


@dataclass(frozen=True)
class Package:
    """The files of one package and the name it is written under (a zip, or a folder)."""

    name: str  # e.g. "hb-101-1.2.0-en-scorm12.zip" or "hb-101-1.2.0-en-web"
    files: dict[str, bytes]
    zipped: bool = True


class Packager(ABC):
    """One output format: a packager over a layout (render/layouts/).

    Subclasses set ``name`` and ``adapter`` and implement ``package``.
    """

    name: str
    adapter: str  # runtime/adapters/<adapter>.js
    layout: str = "player"  # the rendering this format packages
    description: str = ""

    def views(self, course: resolved.Course, options: BuildOptions) -> tuple[View, ...]:
        """The HTML entry points this format needs; one page over all modules by default."""
        return (View(),)

    def check(self, course: resolved.Course, options: BuildOptions) -> list[Diagnostic]:
        """Format-specific limits, checked before anything is written (warnings or errors)."""
        return []

    @abstractmethod
    def package(self, course: resolved.Course, site: Site, options: BuildOptions) -> Package:
        """Assemble the package's files from the rendered site."""

    def with_runtime(self, site: Site) -> dict[str, bytes]:
        """The site plus this format's tracking adapter under the name every page loads."""
        files = dict(site)
        files[f"assets/{runtime.TRACKING}"] = runtime.adapter_js(self.adapter)
        return files

    @staticmethod
    def stem(course: resolved.Course) -> str:
        """``{id}-{version}-{locale}``: a format adds ``-{format}``, so no two packages collide."""
        return f"{course.id}-{course.version}-{course.language}"


_REGISTRY: dict[str, Packager] = {}


def register(packager: Packager) -> Packager:
    _REGISTRY[packager.name] = packager
    return packager


def get(name: str) -> Packager:
    """The registered packager ``name`` (trainforge.formats.get also loads built-in ones)."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise unknown(name, names()) from None


def unknown(name: str, known: list[str]) -> TrainforgeError:
    return TrainforgeError.single("format.unknown", f"unknown format `{name}` (known: "
                                  f"{', '.join(known)})", "--format")


def names() -> list[str]:
    return sorted(_REGISTRY)
