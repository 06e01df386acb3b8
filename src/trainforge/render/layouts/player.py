"""The player layout: the interactive course page the JS runtime drives (tracking, navigation).

Its entry template is ``course.html``; it gets the runtime's course data as JSON and the names
of the runtime's scripts. Every format today (web, SCORM 1.2, xAPI) packages this layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from trainforge import runtime
from trainforge.render.layouts import Layout, register
from trainforge.render.site import runtime_data
from trainforge.render.theme import UIString
from trainforge.resolve import resolved


class Player(Layout):
    name = "player"
    entry = "course.html"

    def context(self, course: resolved.Course, strings: dict[str, UIString],
                modules: Sequence[resolved.Module], pages: Sequence[resolved.Page]
                ) -> dict[str, Any]:
        return {"data_json": Markup(runtime_data(course, strings, modules, pages)),
                "core_js": runtime.CORE, "tracking_js": runtime.TRACKING}


register(Player())
