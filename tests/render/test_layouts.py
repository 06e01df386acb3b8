"""Layouts: a format is a packager over a layout; a new layout is one module and its templates."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from trainforge.batch.build import load_courses
from trainforge.batch.options import BuildOptions
from trainforge.commands.new import scaffold
from trainforge.package import base, formats
from trainforge.package.web import WebPackager
from trainforge.pipeline import package_course
from trainforge.render import layouts
from trainforge.render.site import View, render
from trainforge.render.theme import UIString, load_theme
from trainforge.resolve import resolved

OUTLINE = ("<h1>{{ course.title }}</h1>{{ count }} pages"
           "{% for page in pages %}<h2>{{ page.title }}</h2>{% endfor %}\n")


class Outline(layouts.Layout):
    """What a print or facilitator layout will be: a name, an entry template, its context."""

    name = "outline"
    entry = "outline.html"

    def context(self, course: resolved.Course, strings: dict[str, UIString],
                modules: Sequence[resolved.Module], pages: Sequence[resolved.Page]
                ) -> dict[str, Any]:
        return {"count": len(pages)}


class OutlineWeb(WebPackager):
    name = "outline-web"
    layout = "outline"


@pytest.fixture
def outline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The outline layout registered (for this test only), its template in a theme folder."""
    monkeypatch.setitem(layouts._REGISTRY, "outline", Outline())
    monkeypatch.setitem(base._REGISTRY, "outline-web", OutlineWeb())
    (tmp_path / "theme" / "templates").mkdir(parents=True)
    (tmp_path / "theme" / "templates" / "outline.html").write_text(OUTLINE)
    scaffold(tmp_path / "c")
    return tmp_path


def test_every_built_in_format_packages_the_player(tmp_path: Path) -> None:
    scaffold(tmp_path / "c")
    [course], _ = load_courses([tmp_path / "c"])
    assert {formats.get(n).layout for n in formats.names()} == {"player"}
    assert layouts.get("player").entry == "course.html"
    assert render(course, load_theme()) == render(course, load_theme(), layout="player")
    with pytest.raises(LookupError, match="unknown layout `print` \\(known: player"):
        layouts.get("print")


def test_a_second_layout_renders_its_own_template_beside_the_player(outline: Path) -> None:
    [course], _ = load_courses([outline / "c"])
    theme = load_theme(outline / "theme")
    player = render(course, theme)
    web, other = package_course(course, theme, [formats.get("web"), formats.get("outline-web")],
                                BuildOptions())
    page = other.files["index.html"].decode()
    assert page.startswith(f"<h1>{course.title}</h1>{len(course.pages)} pages<h2>")
    assert web.files["index.html"] == player["index.html"]  # the player, as if built alone
    alone = render(course, theme, (View("outline.html"),), "outline")
    assert alone["outline.html"].decode() == page and "index.html" not in alone
