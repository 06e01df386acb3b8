"""An in-process static file server on 127.0.0.1 that serves directories under URL prefixes.

Packages are served over HTTP, never `file:`, because browsers treat `file:` as a unique origin
(no cross-frame scripting with an LMS, different CORS rules), so `file:` would test something no
learner runs. Mounting several directories on one server puts the LMS harness and a package on
the same origin, as a real LMS does; two servers give the cross-origin set-up of xAPI.
"""

from __future__ import annotations

import os
import posixpath
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from support.ports import LOOPBACK
from support.threaded_server import ThreadedServer


@dataclass(frozen=True)
class Request:
    """One request the server answered, so tests can assert e.g. that no asset was missing."""

    method: str
    path: str
    status: int


class _Server(ThreadingHTTPServer):
    """Carries the mount table and request log to the handler threads."""

    daemon_threads = True  # a browser holding a connection open must not block teardown
    block_on_close = False

    def __init__(self, mounts: dict[tuple[str, ...], Path], replies: dict[str, bytes]) -> None:
        self.mounts = mounts
        self.requests: list[Request] = []
        self.replies = replies  # POST path -> the JSON it answers
        self.posted: dict[str, list[bytes]] = {path: [] for path in replies}
        super().__init__((LOOPBACK, 0), _Handler)


class _Handler(SimpleHTTPRequestHandler):
    """Serves files from the mount whose prefix is longest; never lists directories."""

    server: _Server
    # Explicit types: the defaults come from the machine's /etc/mime.types and vary by distro,
    # and Chromium refuses module scripts and WebVTT tracks served with the wrong type.
    extensions_map = {  # noqa: RUF012 - the base class declares it as a plain dict
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".vtt": "text/vtt; charset=utf-8",
        ".xml": "application/xml",
        ".xsd": "application/xml",
        ".mp4": "video/mp4",
        ".webm": "video/webm",
        ".woff2": "font/woff2",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".webp": "image/webp",
    }

    def translate_path(self, path: str) -> str:
        """Map a URL path to a file under the best-matching mount; '..' cannot climb out."""
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(path).path, errors="surrogatepass")
        parts = [p for p in posixpath.normpath(url_path).split("/") if p not in ("", ".", "..")]
        for prefix, root in sorted(self.server.mounts.items(), key=lambda kv: -len(kv[0])):
            if tuple(parts[: len(prefix)]) == prefix:
                target = os.path.join(root, *parts[len(prefix) :])
                return target + "/" if url_path.endswith("/") else target
        return os.path.join(os.devnull, "unmounted")  # never exists: 404

    def do_POST(self) -> None:
        """Record the body sent to a POST endpoint (an LMS's commit URL) and answer its reply."""
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = urllib.parse.urlsplit(self.path).path
        if path not in self.server.replies:
            self.send_error(404, "no POST endpoint here")
            return
        self.server.posted[path].append(body)
        reply = self.server.replies[path]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """Answer 404: a listing would hide a missing index.html that an LMS would not forgive."""
        self.send_error(404, "directory listing disabled")
        return None

    def end_headers(self) -> None:
        """Forbid caching so a rebuilt package is never masked by a stale copy in the browser."""
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Record the request instead of printing it (pytest output stays readable)."""
        status = int(code) if str(code).isdigit() else 0
        self.server.requests.append(Request(self.command or "", self.path, status))

    def log_message(self, format: str, *args: Any) -> None:
        """Stay silent; `requests` holds what matters."""


def origin_of(url: str) -> str:
    """The origin of `url` ("http://127.0.0.1:8000/a/b" -> "http://127.0.0.1:8000")."""
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme or not parts.netloc:
        raise ValueError(f"not an absolute URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


class StaticServer(ThreadedServer):
    """A threaded HTTP server on 127.0.0.1 and a random free port, stopped by its own handle."""

    name = "static-server"

    def __init__(
        self, mounts: Mapping[str, Path | str], posts: Mapping[str, bytes] | None = None
    ) -> None:
        """`mounts` maps URL prefixes ("/", "/lms/") to directories, e.g. {"/": package_dir};
        `posts` maps POST paths to the JSON they answer (their bodies are kept: `posted`)."""
        table: dict[tuple[str, ...], Path] = {}
        for prefix, directory in mounts.items():
            root = Path(directory).resolve()
            if not root.is_dir():
                raise NotADirectoryError(f"cannot serve {root}: not a directory")
            table[tuple(p for p in prefix.split("/") if p)] = root
        self._httpd: _Server = _Server(table, dict(posts or {}))

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT/`, with the trailing slash so `urljoin` works."""
        return f"http://{LOOPBACK}:{self.port}/"

    @property
    def origin(self) -> str:
        """`http://127.0.0.1:PORT`, the value browsers send in `Origin` (for CORS allow-lists)."""
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def requests(self) -> list[Request]:
        """Every request answered so far, in order."""
        return list(self._httpd.requests)

    def posted(self, path: str) -> list[bytes]:
        """The bodies POSTed to `path` so far, in order."""
        return list(self._httpd.posted[path])

    def failed_requests(self) -> list[Request]:
        """Requests answered with 4xx/5xx: a broken link or missing asset in a package.

        /favicon.ico is left out: Chromium asks for it on its own for every top-level page.
        """
        return [r for r in self._httpd.requests if r.status >= 400 and r.path != "/favicon.ico"]
