"""The pytest fixtures of trainforge's test suite (registered by tests/conftest.py).

Fixtures hand out real peers and stop them by their own handle in teardown:
`browser`/`page` (Chromium), `serve_dir`/`static_server` (HTTP on 127.0.0.1),
`scorm12` (scorm-again as the LMS), `lrs` (Ralph as the LRS).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from support.browser import PageLog, launch_chromium, new_isolated_context, watch_page
from support.lrs import RalphLRS
from support.scorm_harness import ScormSession
from support.static_server import StaticServer, origin_of

# --- markers: a test that uses a peer is marked for `-m "not browser"` / `-m "not lrs"` ------

_MARKER_FIXTURES = {"browser": {"browser", "page", "scorm12"}, "lrs": {"lrs"}}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by the peers they use, so nobody has to remember the marker."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for marker, fixtures in _MARKER_FIXTURES.items():
            if used & fixtures:
                item.add_marker(getattr(pytest.mark, marker))


# --- Chromium ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run (startup costs ~0.3 s; contexts isolate tests)."""
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page_log() -> PageLog:
    """What `page` saw besides the DOM: blocked off-machine URLs, JS errors, console errors."""
    return PageLog()


@pytest.fixture
def page(browser: Browser, page_log: PageLog) -> Iterator[Page]:
    """A page in a fresh browser context that can only reach 127.0.0.1/localhost."""
    context = new_isolated_context(browser, page_log)
    new_page = context.new_page()
    watch_page(new_page, page_log)
    yield new_page
    context.close()


# --- static HTTP ------------------------------------------------------------------------


class StaticServerFactory(Protocol):
    """`static_server({"/": dir, "/lms/": other})` -> a started StaticServer."""

    def __call__(self, mounts: Mapping[str, Path | str]) -> StaticServer: ...


class ServeDir(Protocol):
    """`serve_dir(path)` -> "http://127.0.0.1:PORT/" serving `path` at its root."""

    def __call__(self, path: Path | str) -> str: ...


@pytest.fixture
def static_server() -> Iterator[StaticServerFactory]:
    """Start servers with URL-prefix mounts; each call is a new port. Stopped after the test."""
    servers: list[StaticServer] = []

    def start(mounts: Mapping[str, Path | str]) -> StaticServer:
        server = StaticServer(mounts).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def serve_dir(static_server: StaticServerFactory) -> ServeDir:
    """Serve a directory at the root of a new 127.0.0.1 server; returns its base URL."""

    def serve(path: Path | str) -> str:
        return static_server({"/": path}).base_url

    return serve


# --- SCORM 1.2 LMS ----------------------------------------------------------------------


class Scorm12Launcher(Protocol):
    """`scorm12(package_dir, launch=None, cmi=None, settings=None)` -> ScormSession."""

    def __call__(
        self,
        package_dir: Path | str,
        *,
        launch: str | None = None,
        cmi: Mapping[str, Any] | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> ScormSession: ...


@pytest.fixture
def scorm12(page: Page) -> Iterator[Scorm12Launcher]:
    """Launch an extracted SCORM 1.2 package under scorm-again in `page` (see ScormSession).

    A later call in the same test closes the earlier session first (its calls and CMI stay
    readable); to resume the same package, prefer `session.relaunch()`.
    """
    servers: list[StaticServer] = []
    sessions: list[ScormSession] = []

    def launch(
        package_dir: Path | str,
        *,
        launch: str | None = None,
        cmi: Mapping[str, Any] | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> ScormSession:
        for previous in sessions:
            previous.close()
        root = Path(package_dir)
        server = ScormSession.serve(root)
        servers.append(server)
        session = ScormSession.launch(page, server, root, launch=launch, cmi=cmi, settings=settings)
        sessions.append(session)
        return session

    yield launch
    for server in servers:
        server.stop()


# --- Ralph LRS --------------------------------------------------------------------------


class LRSStarter(Protocol):
    """`lrs(origins)` -> a started RalphLRS whose CORS allow-list is exactly those origins."""

    def __call__(
        self, cors_origins: str | Sequence[str] = ..., *, append_workaround: bool = True
    ) -> RalphLRS: ...


@pytest.fixture
def lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LRSStarter]:
    """Start Ralph LRS processes for this test (e.g. `lrs(content.origin)`); stopped by PID after.

    Takes the content server's origin (a base URL such as serve_dir's return is fine) because
    CORS must list it exactly: the browser posts statements cross-origin with an Authorization
    header, which a `*` allow-list cannot serve.
    """
    started: list[RalphLRS] = []

    def start(
        cors_origins: str | Sequence[str] = (), *, append_workaround: bool = True
    ) -> RalphLRS:
        given = [cors_origins] if isinstance(cors_origins, str) else list(cors_origins)
        origins = [origin_of(url) for url in given]
        server = RalphLRS(
            tmp_path_factory.mktemp("ralph"),
            cors_origins=origins,
            append_workaround=append_workaround,
        )
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()
