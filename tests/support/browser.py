"""Headless Debian Chromium driven by Playwright, unable to reach anything but this machine.

We use the distribution's /usr/bin/chromium (installed by `make deps-test`) instead of
`playwright install`: no browser download from a CDN, and the same binary on CI and laptops.

The network is cut in Chromium's host resolver, not with Playwright routing: as soon as any
route is registered, Playwright answers every CORS preflight itself with "allow everything"
(crNetworkManager, `isInterceptedOptionsPreflight`), so the LRS's real CORS answer would never
be tested and a refused cross-origin POST would still reach the server.
"""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass, field

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, Request

CHROMIUM = os.environ.get("TRAINFORGE_CHROMIUM", "/usr/bin/chromium")

CHROMIUM_ARGS = [
    "--no-sandbox",  # containers and CI runners as root cannot use the setuid/user-ns sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # The network cut: every host, IP literals included, fails to resolve except loopback.
    # It covers fetch, navigation, WebSockets, DNS prefetch and workers alike.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--no-proxy-server",  # an http_proxy in the environment must not become a way out
]

#: Hosts a test page may reach (the resolver rules above enforce it; this names them for logs).
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
LOCAL_SCHEMES = frozenset({"file", "data", "blob", "about"})


def launch_chromium(playwright: Playwright) -> Browser:
    """Start headless Chromium; Playwright gives each launch a fresh temporary profile.

    (Playwright refuses `--user-data-dir` in `launch`, and deletes its own temp profile on close.)
    """
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def is_local(url: str) -> bool:
    """True for URLs the tests may load: loopback HTTP(S) and non-network schemes."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class PageLog:
    """What happened in a test's browser context besides the DOM, for assertions.

    `blocked`: off-machine URLs the page tried to load, which failed (a package that loads a
    CDN font would break in an offline LMS). `errors`: uncaught JS exceptions in any page of
    the context. `console_errors`: `console.error` output.
    """

    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def new_isolated_context(browser: Browser, log: PageLog) -> BrowserContext:
    """A fresh context (no cookies/storage from other tests) that logs off-machine attempts."""
    context = browser.new_context(service_workers="block")

    def note(request: Request) -> None:
        if not is_local(request.url):
            log.blocked.append(request.url)  # it fails with net::ERR_NAME_NOT_RESOLVED

    context.on("request", note)
    return context


def watch_page(page: Page, log: PageLog) -> None:
    """Record uncaught exceptions and console errors of `page` (all its frames) into `log`."""
    page.on("pageerror", lambda exc: log.errors.append(f"{exc.name}: {exc.message}"))

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            log.console_errors.append(message.text)

    page.on("console", on_console)
