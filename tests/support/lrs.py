"""A real Ralph LRS for xAPI tests: its own process on 127.0.0.1, stopped by its PID.

Ralph keeps statements in a JSON-lines file in a temp directory (its `fs` backend), so a test
can stop the LRS (an outage), start it again on the same port, and find the earlier statements.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import requests

from support.ports import LOOPBACK, free_port, wait_until

LAUNCHER = Path(__file__).with_name("ralph_server.py")
XAPI_VERSION = "1.0.3"
START_TIMEOUT_S = 60.0


class RalphLRS:
    """Ralph 5.1.0 with the fs backend, basic auth and CORS for the given origins.

    `endpoint` and `auth_header` are what a course's xAPI launch parameters carry.
    """

    def __init__(
        self,
        workdir: Path,
        *,
        cors_origins: Sequence[str] = (),
        port: int | None = None,
        append_workaround: bool = True,
        username: str = "trainforge-test",
        password: str = "trainforge-test-password",
    ) -> None:
        """Prepare (not start) an LRS whose files all live in `workdir`.

        `cors_origins` are exact origins ("http://127.0.0.1:PORT"); never "*", because browsers
        refuse a wildcard for requests that carry an Authorization header.
        """
        for origin in cors_origins:
            if origin == "*" or origin.endswith("/"):
                raise ValueError(
                    f"CORS origin must be exact, like http://127.0.0.1:8000: {origin!r}"
                )
        self.workdir = workdir
        self.cors_origins = list(cors_origins)
        self.port = port or free_port()
        self.append_workaround = append_workaround
        self.username = username
        self.password = password
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = workdir / "ralph.log"
        self.last_start_seconds: float | None = None
        workdir.mkdir(parents=True, exist_ok=True)

    # --- addresses and credentials -------------------------------------------------------

    @property
    def url(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def endpoint(self) -> str:
        """The xAPI endpoint, with the trailing slash xAPI launch expects: …/xAPI/."""
        return f"{self.url}/xAPI/"

    @property
    def auth_header(self) -> str:
        """The `Authorization` header value: "Basic base64(user:password)"."""
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"

    @property
    def headers(self) -> dict[str, str]:
        """Headers every xAPI request needs (the version header is mandatory in xAPI 1.0.3)."""
        return {"Authorization": self.auth_header, "X-Experience-API-Version": XAPI_VERSION}

    # --- process -------------------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        """The parent's environment without RALPH_* (a developer's own Ralph settings must not
        leak in), plus settings that keep every file in `workdir`."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("RALPH_")}
        env.update(
            {
                "RALPH_RUNSERVER_BACKEND": "fs",
                "RALPH_RUNSERVER_HOST": LOOPBACK,
                "RALPH_RUNSERVER_PORT": str(self.port),
                "RALPH_RUNSERVER_CORS_ALLOW_ORIGINS": json.dumps(self.cors_origins),
                "RALPH_APP_DIR": str(self.workdir),
                "RALPH_AUTH_FILE": str(self.workdir / "auth.json"),
                # The fs backend logs every write to HISTORY_FILE, by default in ~/.config/ralph.
                "RALPH_HISTORY_FILE": str(self.workdir / "history.json"),
                "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.workdir / "data"),
            }
        )
        return env

    def _launcher(self, *args: str) -> list[str]:
        return [sys.executable, "-I", str(LAUNCHER), *args]

    def start(self) -> RalphLRS:
        """Start Ralph (same port, same data on a restart) and wait for its heartbeat."""
        if self.process is not None:
            raise RuntimeError("Ralph is already running")
        args = [
            "--port",
            str(self.port),
            "--username",
            self.username,
            "--password",
            self.password,
            "--mbox",
            f"mailto:{self.username}@example.org",
        ]
        if not self.append_workaround:
            args.append("--no-append-workaround")
        began = time.monotonic()
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self._launcher(*args),
                cwd=self.workdir,
                env=self._env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        try:
            wait_until(self._healthy, timeout=START_TIMEOUT_S, what=f"Ralph on {self.url}")
        except TimeoutError as error:
            self.stop()
            raise RuntimeError(f"{error}; its log:\n{self.log_tail()}") from None
        self.last_start_seconds = time.monotonic() - began
        return self

    def _healthy(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(
                f"Ralph exited with {self.process.returncode}; its log:\n{self.log_tail()}"
            )
        try:
            return requests.get(f"{self.url}/__heartbeat__", timeout=1).status_code == 200
        except requests.ConnectionError:
            return False

    def stop(self) -> None:
        """Stop Ralph by its PID (SIGTERM, then SIGKILL after 10 s); data stays for `start`."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    @property
    def running(self) -> bool:
        """Whether the Ralph process is alive."""
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        """The end of Ralph's stdout/stderr, for failure messages."""
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text("utf-8", "replace").splitlines()[-lines:])

    # --- xAPI ----------------------------------------------------------------------------

    def post(self, statements: dict[str, Any] | Iterable[dict[str, Any]]) -> requests.Response:
        """POST one statement or a list to /xAPI/statements; returns the raw response."""
        body = statements if isinstance(statements, dict) else list(statements)
        return requests.post(
            f"{self.endpoint}statements", json=body, headers=self.headers, timeout=30
        )

    def statements(self, **params: str) -> list[dict[str, Any]]:
        """Every stored statement matching the xAPI query `params`, following `more` pages."""
        url: str | None = f"{self.endpoint}statements"
        query: dict[str, str] | None = dict(params)
        found: list[dict[str, Any]] = []
        while url:
            response = requests.get(url, params=query, headers=self.headers, timeout=30)
            response.raise_for_status()
            page = response.json()
            found.extend(page["statements"])
            more = page.get("more")
            # Ralph offers one extra, empty page when the total is a multiple of `limit`.
            url = urllib.parse.urljoin(self.url, more) if more and page["statements"] else None
            query = None  # `more` carries the whole query
        return found
