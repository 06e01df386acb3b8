"""The packager interface and its registry (Sphinx-style builders, registered by name)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field

from trainforge import resolved, runtime
from trainforge.errors import Diagnostic, TrainforgeError
from trainforge.render import Site, View


@dataclass(frozen=True)
class BuildOptions:
    """Options that reach packagers; every one of them is part of the build's cache key."""

    sco_per_module: bool = False
    xapi_base_iri: str = "https://training.example.org/courses"
    strip_sensitive: bool = False  # ship descriptions instead of sensitive media
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Package:
    """The files of one package and the name it is written under (a zip, or a folder)."""

    name: str  # e.g. "hb-101-1.2.0-scorm12.zip" or "hb-101-1.2.0-web"
    files: dict[str, bytes]
    zipped: bool = True


class Packager(ABC):
    """One output format. Subclasses set ``name`` and ``adapter`` and implement ``package``."""

    name: str
    adapter: str  # runtime/adapters/<adapter>.js
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
        return f"{course.id}-{course.version}"


_REGISTRY: dict[str, Packager] = {}


def register(packager: Packager) -> Packager:
    _REGISTRY[packager.name] = packager
    return packager


def get(name: str) -> Packager:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise TrainforgeError.single("format.unknown", f"unknown format `{name}` (known: "
                                     f"{', '.join(names())})", "--format") from None


def names() -> list[str]:
    return sorted(_REGISTRY)
