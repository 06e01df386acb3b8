"""``web``: a self-contained static course for ``file://`` or any static host (no LMS)."""

from __future__ import annotations

from trainforge import resolved
from trainforge.formats.base import Package, Packager, register
from trainforge.options import BuildOptions
from trainforge.render import Site


class WebPackager(Packager):
    name = "web"
    adapter = "local"
    description = "static course; progress kept in the browser's localStorage"

    def package(self, course: resolved.Course, site: Site, options: BuildOptions) -> Package:
        return Package(f"{self.stem(course)}-web", self.with_runtime(site), zipped=False)


register(WebPackager())
