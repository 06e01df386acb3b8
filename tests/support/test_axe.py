"""axe-core helper: finds WCAG A/AA problems in a page and inside its iframes."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from support.axe import axe_violations, describe_violations
from support.fixtures import Scorm12Launcher, ServeDir

DATA = Path(__file__).with_name("data")

GOOD = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Good</title></head>
<body><main><h1>Good</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="A dot">
{extra}</main></body></html>"""
BAD = """<!doctype html><html><head><meta charset="utf-8"><title>Bad</title></head>
<body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>"""


def _ids(violations: list[dict[str, object]]) -> set[object]:
    return {v["id"] for v in violations}


def test_clean_page_has_no_violations(page: Page) -> None:
    page.set_content(GOOD.format(extra=""))
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def test_reports_violations_with_a_readable_description(page: Page) -> None:
    page.set_content(BAD)
    violations = axe_violations(page)
    assert {"image-alt", "html-has-lang"} <= _ids(violations)
    assert "image-alt" in describe_violations(violations)


def test_checks_inside_iframes(page: Page, serve_dir: ServeDir, tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text(BAD, "utf-8")
    frame = '<iframe src="bad.html" title="Course"></iframe>'
    (tmp_path / "index.html").write_text(GOOD.format(extra=frame), "utf-8")
    page.goto(serve_dir(tmp_path))
    assert "image-alt" in _ids(axe_violations(page))
    child = page.frames[1]
    assert "image-alt" in _ids(axe_violations(child))


def test_harness_page_adds_no_violations(scorm12: Scorm12Launcher, tmp_path: Path) -> None:
    """So a test may run axe on the whole LMS page and blame only the course."""
    (tmp_path / "index.html").write_text(
        (DATA / "tiny_sco.html").read_text("utf-8"), encoding="utf-8"
    )
    session = scorm12(tmp_path, launch="index.html")
    violations = axe_violations(session.page)
    assert violations == [], describe_violations(violations)
