"""`trainforge serve`: a real server process on 127.0.0.1, edits rebuilt, errors shown, pages
reloaded in real Chromium, and the process stopped by its own PID."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from trainforge.commands.new import scaffold
from trainforge.commands.serve import RELOAD_TAG, Preview, index_html, with_reload
from trainforge.errors import Location, error


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    out: Path

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=5) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def state(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.get("__trainforge__/build")[1])
        return data

    def wait_for(self, check: Callable[[dict[str, Any]], bool], timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not check(self.state()):
            assert time.monotonic() < deadline, f"gave up waiting; state {self.state()}"
            time.sleep(0.1)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    scaffold(tmp_path / "c")
    return tmp_path / "c"


@pytest.fixture
def served(course: Path, tmp_path: Path) -> Iterator[Served]:
    out = tmp_path / "preview"
    process = subprocess.Popen(
        [sys.executable, "-m", "trainforge.cli", "serve", str(course), "--port", "0",
         "--out", str(out), "--poll", "0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("Serving http://127.0.0.1:"), line
        yield Served(process, line.split()[1], out)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            process.wait(timeout=10)


def _lesson(course: Path) -> Path:
    return next((course / "lessons").glob("*.md"))


def test_serves_the_built_course_with_its_index_and_state(served: Served) -> None:
    assert served.state() == {"generation": 1, "built": 1, "ok": True, "diagnostics": []}
    status, index = served.get("/")
    assert status == 200 and '<a href="/c-0.1.0-en-web/">' in index
    status, page = served.get("/c-0.1.0-en-web/")
    assert status == 200
    assert page.count(RELOAD_TAG.decode()) == 1
    served_only = (served.out / "c-0.1.0-en-web" / "index.html").read_bytes()
    assert RELOAD_TAG not in served_only
    status, script = served.get("/__trainforge__/reload.js")
    assert status == 200 and "location.reload()" in script


def test_an_edit_is_rebuilt_and_served(served: Served, course: Path) -> None:
    lesson = _lesson(course)
    lesson.write_text(lesson.read_text() + "\nA sentence added while serving.\n")
    served.wait_for(lambda s: s["built"] == 2)
    assert "A sentence added while serving." in served.get("/c-0.1.0-en-web/")[1]


def test_errors_are_listed_and_the_last_good_build_stays(served: Served, course: Path) -> None:
    good = served.get("/c-0.1.0-en-web/")[1]
    (course / "course.yaml").write_text((course / "course.yaml").read_text() + "bogus: [\n")
    served.wait_for(lambda s: s["generation"] == 2)
    state = served.state()
    assert state["built"] == 1 and state["ok"] is False
    assert state["diagnostics"][0]["path"].endswith("course.yaml")
    assert state["diagnostics"][0]["line"] > 1
    index = served.get("/")[1]
    assert "The last build failed" in index and "course.yaml:" in index
    assert served.get("/c-0.1.0-en-web/")[1] == good


def test_paths_outside_the_preview_are_refused(served: Served, course: Path) -> None:
    port = int(served.url.rstrip("/").rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(b"GET /../c/course.yaml HTTP/1.0\r\n\r\n")
        answer = conn.makefile("rb").read()
    assert answer.startswith(b"HTTP/1.0 404")
    assert b"title:" not in answer


def test_sigterm_stops_the_server_and_removes_its_temporary_folder(course: Path) -> None:
    before = set(Path(os.environ.get("TMPDIR", "/tmp")).glob("trainforge-serve-*"))
    process = subprocess.Popen([sys.executable, "-m", "trainforge.cli", "serve", str(course),
                                "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    url = process.stdout.readline().split()[1]
    assert url.startswith("http://127.0.0.1:")
    created = set(Path(os.environ.get("TMPDIR", "/tmp")).glob("trainforge-serve-*")) - before
    assert len(created) == 1
    os.kill(process.pid, signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    assert not next(iter(created)).exists()


def test_a_taken_port_is_a_clear_error(course: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "trainforge.cli", "serve", str(course),
                                 "--port", str(port), "--out", str(tmp_path / "o")],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_path_without_courses_exits_1(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "trainforge.cli", "serve",
                             str(tmp_path / "missing"), "--port", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"{tmp_path / 'missing'}: error: no such course folder [source.not-found]" in (
        result.stderr)
    assert result.stdout == ""


def test_the_index_escapes_what_it_shows(tmp_path: Path) -> None:
    preview = Preview([tmp_path], tmp_path / "out", generation=1)
    preview.diagnostics = [error("x.y", "<script>alert(1)</script>", Location("a<b>.yaml", 2, 3))]
    page = index_html(preview).decode()
    assert "<script>alert" not in page and "<b>" not in page
    assert "<code>a&lt;b&gt;.yaml:2:3</code> error: &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "The last build failed" in page and page.count(RELOAD_TAG.decode()) == 1


def test_with_reload_places_the_tag_before_the_last_body_end() -> None:
    assert with_reload(b"<body><p>x</p></body></html>") == (
        b"<body><p>x</p>" + RELOAD_TAG + b"</body></html>")
    assert with_reload(b"<p>no body</p>") == b"<p>no body</p>" + RELOAD_TAG


def test_an_open_page_reloads_after_an_edit(served: Served, course: Path, page: Page) -> None:
    page.goto(f"{served.url}c-0.1.0-en-web/")
    page.wait_for_function("document.querySelector('[data-tf-page]') !== null")
    page.wait_for_load_state("networkidle")
    title = course / "course.yaml"
    title.write_text(title.read_text().replace("title: ", "title: Renamed ", 1))
    page.wait_for_function("document.title.includes('Renamed')", timeout=20_000)
