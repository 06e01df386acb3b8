"""Chromium fixtures: loopback works, the network is unreachable, tests are isolated."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from support.browser import PageLog, is_local
from support.fixtures import ServeDir, StaticServerFactory


def _site(root: Path) -> Path:
    root.mkdir()
    (root / "index.html").write_text(
        "<!doctype html><html lang='en'><title>t</title><p id='p'>served</p></html>", "utf-8"
    )
    return root


def test_is_local() -> None:
    assert is_local("http://127.0.0.1:8000/x") and is_local("http://localhost/")
    assert is_local("data:text/plain,hi") and is_local("about:blank")
    assert not is_local("https://example.com/") and not is_local("http://127.0.0.1.nip.io/")


def test_page_loads_loopback(page: Page, serve_dir: ServeDir, tmp_path: Path) -> None:
    page.goto(serve_dir(_site(tmp_path / "site")))
    assert page.inner_text("#p") == "served"


def test_off_machine_requests_are_blocked_and_logged(
    page: Page, page_log: PageLog, serve_dir: ServeDir, tmp_path: Path
) -> None:
    page.goto(serve_dir(_site(tmp_path / "site")))
    outcome = page.evaluate(
        """() => fetch("https://example.com/font.woff2").then(() => "loaded", e => e.name)"""
    )
    assert outcome == "TypeError"  # the request failed inside the browser
    ip_literal = page.evaluate(
        """() => fetch("http://93.184.216.34/").then(() => "loaded", e => e.name)"""
    )
    assert ip_literal == "TypeError"
    assert page_log.blocked == ["https://example.com/font.woff2", "http://93.184.216.34/"]


def test_cors_preflights_reach_the_real_server(
    page: Page, static_server: StaticServerFactory, tmp_path: Path
) -> None:
    """Why the network cut is not Playwright routing: with a route, Playwright fakes every
    preflight as allowed and the refused POST still reaches the server."""
    site = _site(tmp_path / "site")
    content, other = static_server({"/": site}), static_server({"/": site})
    page.goto(content.base_url)
    outcome = page.evaluate(
        """url => fetch(url, {method: "POST", headers: {"X-Experience-API-Version": "1.0.3"}})
                    .then(() => "sent", e => e.name)""",
        other.base_url + "index.html",
    )
    assert outcome == "TypeError"
    assert [(r.method, r.status) for r in other.requests] == [("OPTIONS", 501)]


def test_uncaught_errors_are_logged(page: Page, page_log: PageLog) -> None:
    page.set_content("<script>setTimeout(() => { throw new Error('boom') }, 0)</script>")
    page.wait_for_timeout(100)
    assert page_log.errors == ["Error: boom"]


def test_each_test_gets_a_fresh_context(page: Page, serve_dir: ServeDir, tmp_path: Path) -> None:
    """localStorage of one context is invisible to the next (resume tests rely on it)."""
    base = serve_dir(_site(tmp_path / "site"))
    page.goto(base)
    page.evaluate("() => localStorage.setItem('k', 'v')")
    browser = page.context.browser
    assert browser is not None
    other = browser.new_context()
    try:
        fresh = other.new_page()
        fresh.goto(base)
        assert fresh.evaluate("() => localStorage.getItem('k')") is None
    finally:
        other.close()
