"""Every shipped theme passes the same accessibility audit as the default one, and lines up.

The default theme and each folder under themes/ build an example course; axe-core audits the
first page and a graded assessment, and the header's text must start where the content does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from support.axe import axe_violations, describe_violations
from support.fixtures import ServeDir

from trainforge.batch.build import build

ROOT = Path(__file__).parents[2]
THEMES = [None, *sorted(p for p in (ROOT / "themes").iterdir() if p.is_dir())]


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: "default" if t is None else t.name)
def test_shipped_theme_has_no_wcag_violations_and_aligns(
    theme: Path | None, page: Page, tmp_path: Path, serve_dir: ServeDir
) -> None:
    source = ROOT / "courses" / "harassment-bullying"
    package = build([source], ["web"], tmp_path, theme_dir=theme).packages[0]
    page.goto(serve_dir(package) + "index.html")
    page.wait_for_selector('[data-tf-action="next"]:enabled')
    assert not (found := axe_violations(page)), describe_violations(found)

    title = page.locator(".tf-header .tf-course-title").bounding_box()
    content = page.locator("#tf-main :is(h1, h2):visible").first.bounding_box()
    assert title is not None and content is not None
    assert abs(title["x"] - content["x"]) <= 1, (title, content)
