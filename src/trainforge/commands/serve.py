"""SERVE: preview courses while writing them — build the web format, serve it on 127.0.0.1,
rebuild when a source changes and reload the open pages.

What is served is the web package exactly as ``build --format web`` writes it; the server only
adds one same-origin script tag to HTML responses, which polls the build state and reloads the
page after each good build. A build with errors keeps the last good packages on show, and the
terminal and the index page list the errors. Builds run in this process, one at a time, through
the ordinary incremental build (``jobs=1``: forking a process that runs server threads is unsafe).
"""

from __future__ import annotations

import json
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import Any

import click
from jinja2 import Environment
from markupsafe import Markup

from trainforge.batch.build import build
from trainforge.commands.shared import (
    course_paths,
    paths_argument,
    strict_option,
    theme_option,
    user_errors,
)
from trainforge.errors import Diagnostic, Severity, TrainforgeError, format_diagnostics
from trainforge.load.course_dir import discover
from trainforge.load.policy_files import find_policy_dir

HOST = "127.0.0.1"  # a preview is for the author's own browser, never the network
API = "/__trainforge__/"
RELOAD_JS = b"""(function () {
  var shown = null;
  function poll() {
    fetch('/__trainforge__/build', {cache: 'no-store'})
      .then(function (r) { return r.json(); })
      .then(function (b) {
        if (shown !== null && b.built !== shown) location.reload();
        shown = b.built;
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"""
RELOAD_TAG = b'<script src="/__trainforge__/reload.js" defer></script>'
Echo = Callable[[str], None]


@dataclass
class Preview:
    """The courses under preview and the outcome of their last build."""

    paths: list[Path]
    out: Path
    theme_dir: Path | None = None
    strict: bool = False
    echo: Echo = print
    generation: int = 0  # builds attempted
    built: int = 0  # the generation now on show (the last good build)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    packages: list[Path] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def rebuild(self) -> None:
        """Build the web format; on errors keep what is on show and report them."""
        began = time.perf_counter()
        try:
            result = build(self.paths, ["web"], self.out, theme_dir=self.theme_dir,
                           strict=self.strict, jobs=1)
        except TrainforgeError as exc:
            with self.lock:
                self.generation += 1
                self.diagnostics = list(exc.diagnostics)
            errors = sum(1 for d in exc.diagnostics if d.severity is Severity.ERROR)
            self.echo(format_diagnostics(exc.diagnostics, "text"))
            self.echo(f"{errors} error(s); still showing the last good build.")
            return
        with self.lock:
            self.generation += 1
            self.built = self.generation
            self.diagnostics = list(result.diagnostics)
            self.packages = list(result.packages)
        if result.diagnostics:
            self.echo(format_diagnostics(result.diagnostics, "text"))
        self.echo(f"built {len(result.built)} package(s), {len(result.cached)} unchanged, "
                  f"in {time.perf_counter() - began:.2f} s")

    def state(self) -> dict[str, Any]:
        with self.lock:
            return {"generation": self.generation, "built": self.built,
                    "ok": self.built == self.generation and self.generation > 0,
                    "diagnostics": [d.as_json() for d in self.diagnostics]}

    def watched(self) -> list[Path]:
        """The course folders, their policy registries and the theme: what a rebuild reads."""
        roots = [*self.paths, *(p for p in map(find_policy_dir, self.paths) if p is not None)]
        if self.theme_dir is not None:
            roots.append(self.theme_dir)
        return list(dict.fromkeys(r.resolve() for r in roots))

    def watch(self, seen: dict[str, tuple[int, int]], stop: threading.Event,
              interval: float) -> None:
        """Rebuild whenever a watched file differs from ``seen``, until ``stop``."""
        while not stop.wait(interval):
            now = snapshot(self.watched(), self.out)
            if now != seen:
                seen = now
                self.rebuild()


def snapshot(roots: Sequence[Path], out: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``roots`` (the output folder aside) with its mtime and size."""
    skip = out.resolve()
    files: dict[str, tuple[int, int]] = {}
    for root in roots:
        for path in _files(root, skip):
            try:
                info = path.stat()
            except OSError:  # removed while walking: the next snapshot tells
                continue
            files[str(path)] = (info.st_mtime_ns, info.st_size)
    return files


def _files(root: Path, skip: Path) -> Iterator[Path]:
    if not root.is_dir():
        if root.is_file():
            yield root
        return
    for path in root.iterdir():
        if path == skip or path.name.startswith("."):
            continue
        if path.is_dir():
            yield from _files(path, skip)
        else:
            yield path


INDEX = Environment(autoescape=True).from_string("""\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>trainforge preview</title></head>
<body><main>
<h1>trainforge preview</h1>
<p role="status">{% if ok %}Up to date.{% elif generation %}The last build failed; showing the \
last good build.{% else %}Building…{% endif %}</p>
<h2>Courses</h2>
<ul>{% for name in packages %}<li><a href="/{{ name }}/">{{ name }}</a></li>
{% else %}<li>No course built yet.</li>{% endfor %}</ul>
{% if diagnostics %}<h2>Problems</h2>
<ul>{% for d in diagnostics %}<li><code>{{ d.path }}:{{ d.line }}:{{ d.col }}</code> \
{{ d.severity }}: {{ d.message }}</li>
{% endfor %}</ul>{% endif %}
</main>{{ reload }}</body></html>
""")


def index_html(preview: Preview) -> bytes:
    """The preview's home page: the courses on show and the last build's problems."""
    state = preview.state()
    with preview.lock:
        packages = [p.name for p in preview.packages]
    return INDEX.render(packages=packages, reload=Markup(RELOAD_TAG.decode()),
                        **state).encode()


def with_reload(page: bytes) -> bytes:
    """``page`` with the reload script before its last ``</body>`` (or at its end)."""
    at = page.rfind(b"</body>")
    return page + RELOAD_TAG if at < 0 else page[:at] + RELOAD_TAG + page[at:]


def handler_for(preview: Preview) -> type[SimpleHTTPRequestHandler]:
    """A request handler serving ``preview.out``, plus the index page and the build state."""

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(preview.out), **kwargs)

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path in ("/", "/index.html"):
                self._send(index_html(preview), "text/html; charset=utf-8")
            elif path == API + "build":
                self._send(json.dumps(preview.state()).encode(), "application/json")
            elif path == API + "reload.js":
                self._send(RELOAD_JS, "text/javascript; charset=utf-8")
            elif (page := self._html_file(path)) is not None:
                self._send(with_reload(page.read_bytes()), "text/html; charset=utf-8")
            else:
                super().do_GET()

        def _html_file(self, path: str) -> Path | None:
            target = Path(self.translate_path(path))  # normalised inside preview.out
            if target.is_dir():
                if not path.endswith("/"):
                    return None  # http.server redirects to the slashed URL first
                target = target / "index.html"
            return target if target.suffix == ".html" and target.is_file() else None

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")  # an edit must show on reload
            super().end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the terminal is for build results."""

    return Handler


def serve(preview: Preview, port: int = 8000, interval: float = 0.5,
          ready: Callable[[str], None] | None = None) -> None:
    """Build, then serve ``preview`` on 127.0.0.1:``port`` until SIGINT or SIGTERM."""
    preview.out.mkdir(parents=True, exist_ok=True)
    seen = snapshot(preview.watched(), preview.out)  # before building: no edit goes unseen
    preview.rebuild()
    server = ThreadingHTTPServer((HOST, port), handler_for(preview))
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(seen, stop, interval), daemon=True)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        watcher.start()
        url = f"http://{HOST}:{server.server_address[1]}/"
        (ready or preview.echo)(url)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        watcher.join(timeout=5)
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def temporary_out() -> Path:
    return Path(tempfile.mkdtemp(prefix="trainforge-serve-"))


def remove(out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)


@click.command("serve")
@paths_argument
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--out", "-o", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the preview build.  [default: a temporary folder, removed on exit]")
@theme_option
@strict_option
@click.option("--poll", type=click.FloatRange(min=0.05), default=0.5, show_default=True,
              metavar="SECONDS", help="How often to look for changed sources.")
@user_errors
def command(paths: tuple[Path, ...], port: int, out: Path | None, theme: Path | None,
            strict: bool, poll: float) -> None:
    """Preview courses in the browser; rebuild and reload on every change. Ctrl-C stops."""
    discover(course_paths(paths))  # a mistyped path is an error at once, not an empty preview
    target = out or temporary_out()
    preview = Preview(course_paths(paths), target, theme, strict,
                      echo=lambda text: click.echo(text, err=True))
    try:
        serve(preview, port, poll, ready=lambda url: click.echo(f"Serving {url} (Ctrl-C to stop)"))
    except OSError as exc:  # the port is taken, most often
        raise click.ClickException(f"cannot serve on 127.0.0.1:{port}: {exc.strerror}") from None
    finally:
        if out is None:
            remove(target)
