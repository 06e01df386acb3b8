"""The static server: right files and types, nothing outside its mounts, loopback only."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import requests

from support.fixtures import ServeDir, StaticServerFactory
from support.ports import non_loopback_address
from support.static_server import StaticServer, origin_of


def _site(root: Path) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>home</title>", "utf-8")
    (root / "app.js").write_text("export {};", "utf-8")
    (root / "captions.vtt").write_text("WEBVTT\n", "utf-8")
    (root / "sub" / "page.html").write_text("sub", "utf-8")
    return root


def test_serves_files_with_explicit_types(serve_dir: ServeDir, tmp_path: Path) -> None:
    base = serve_dir(_site(tmp_path / "site"))
    assert base.startswith("http://127.0.0.1:") and base.endswith("/")
    home = requests.get(base, timeout=5)
    assert home.status_code == 200 and "home" in home.text
    assert home.headers["Cache-Control"] == "no-store"
    assert (
        requests.get(base + "app.js", timeout=5)
        .headers["Content-Type"]
        .startswith("text/javascript")
    )
    assert (
        requests.get(base + "captions.vtt", timeout=5)
        .headers["Content-Type"]
        .startswith("text/vtt")
    )


def test_missing_files_listings_and_traversal_are_404(
    static_server: StaticServerFactory, tmp_path: Path
) -> None:
    site = _site(tmp_path / "site")
    (tmp_path / "secret.txt").write_text("outside", "utf-8")
    server = static_server({"/": site})
    assert requests.get(server.base_url + "nope.html", timeout=5).status_code == 404
    (site / "sub" / "page.html").unlink()
    assert requests.get(server.base_url + "sub/", timeout=5).status_code == 404  # no listing
    raw = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    with raw:  # requests would normalise the '..' away, so send the path verbatim
        raw.sendall(b"GET /../secret.txt HTTP/1.0\r\n\r\n")
        answer = raw.recv(4096)
    assert answer.startswith(b"HTTP/1.0 404")
    assert [r.status for r in server.failed_requests()] == [404, 404, 404]


def test_longest_mount_prefix_wins(static_server: StaticServerFactory, tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    other = tmp_path / "other"
    other.mkdir()
    (other / "page.html").write_text("other", "utf-8")
    server = static_server({"/": site, "/sub/": other})
    assert requests.get(server.base_url + "sub/page.html", timeout=5).text == "other"
    assert requests.get(server.base_url + "app.js", timeout=5).status_code == 200


def test_two_servers_have_two_origins(serve_dir: ServeDir, tmp_path: Path) -> None:
    first = serve_dir(_site(tmp_path / "a"))
    second = serve_dir(_site(tmp_path / "b"))
    assert origin_of(first) != origin_of(second)
    assert requests.get(first, timeout=5).ok and requests.get(second, timeout=5).ok


def test_binds_loopback_only_and_stop_frees_the_port(tmp_path: Path) -> None:
    server = StaticServer({"/": _site(tmp_path / "site")}).start()
    try:
        assert server.origin == f"http://127.0.0.1:{server.port}"
        other = non_loopback_address()
        if other is not None:
            with pytest.raises(OSError):
                socket.create_connection((other, server.port), timeout=2).close()
    finally:
        server.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
