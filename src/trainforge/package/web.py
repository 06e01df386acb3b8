"""``web``: a self-contained static course for ``file://`` or any static host (no LMS)."""

from __future__ import annotations

from trainforge.batch.options import BuildOptions
from trainforge.package.base import Package, Packager, register
from trainforge.render.site import Site
from trainforge.resolve import resolved


class WebPackager(Packager):
    name = "web"
    adapter = "local"
    description = "static course; progress kept in the browser's localStorage"

    def package(self, course: resolved.Course, site: Site, options: BuildOptions) -> Package:
        return Package(f"{self.stem(course)}-web", self.with_runtime(site), zipped=False)


register(WebPackager())
