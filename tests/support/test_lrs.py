"""The Ralph LRS fixture: round trip, outage and restart, CORS from a browser, validation."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from playwright.sync_api import Page
from pydantic import ValidationError

from support.fixtures import LRSStarter, ServeDir
from support.ports import non_loopback_address
from support.static_server import origin_of
from support.xapi import sample_statement, validate_statement


def _site(root: Path) -> Path:
    root.mkdir()
    (root / "index.html").write_text("<!doctype html><title>course</title>", "utf-8")
    return root


def test_round_trip_outage_and_restart(lrs: LRSStarter) -> None:
    server = lrs()
    first, second = sample_statement("a"), sample_statement("b")
    assert server.post(first).status_code == 200
    assert server.post(second).status_code == 200  # the APPEND workaround at work
    assert [s["id"] for s in server.statements()] == [first["id"], second["id"]]

    assert server.process is not None
    pid, port = server.process.pid, server.port
    server.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # that PID is gone (and reaped)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()

    server.start()
    assert server.port == port
    outside = non_loopback_address()
    if outside is not None:  # listening on 127.0.0.1 only
        with pytest.raises(OSError):
            socket.create_connection((outside, port), timeout=2).close()
    assert [s["id"] for s in server.statements()] == [first["id"], second["id"]]
    for stored in server.statements():
        validate_statement(stored)  # what Ralph adds (stored, authority) is valid too


def test_statements_follows_more_pages(lrs: LRSStarter) -> None:
    server = lrs()
    sent = [sample_statement(str(n)) for n in range(5)]
    assert server.post(sent).status_code == 200
    assert [s["id"] for s in server.statements(limit="2")] == [s["id"] for s in sent]


def test_browser_posts_cross_origin_only_from_allowed_origin(
    lrs: LRSStarter, serve_dir: ServeDir, page: Page, tmp_path: Path
) -> None:
    allowed = serve_dir(_site(tmp_path / "allowed"))
    other = serve_dir(_site(tmp_path / "other"))
    server = lrs(allowed)
    post = """async ([endpoint, auth, body]) => {
        try {
            const r = await fetch(endpoint + "statements", {method: "POST", body,
                headers: {"Authorization": auth, "Content-Type": "application/json",
                          "X-Experience-API-Version": "1.0.3"}});
            return r.status;
        } catch (e) { return e.name; }
    }"""
    sent = sample_statement("from-browser")
    page.goto(allowed)
    assert page.evaluate(post, [server.endpoint, server.auth_header, json.dumps(sent)]) == 200
    page.goto(other)
    assert page.evaluate(
        post, [server.endpoint, server.auth_header, json.dumps(sample_statement("x"))]
    ) == (
        "TypeError"  # the CORS preflight is refused
    )
    assert [s["id"] for s in server.statements()] == [sent["id"]]
    assert server.cors_origins == [origin_of(allowed)]


def test_wrong_password_is_refused(lrs: LRSStarter) -> None:
    server = lrs()
    server.password = "wrong"
    assert server.post(sample_statement("a")).status_code == 401


def test_inherited_ralph_settings_are_ignored(
    lrs: LRSStarter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RALPH_RUNSERVER_BACKEND", "es")
    monkeypatch.setenv("RALPH_AUTH_FILE", "/nonexistent/auth.json")
    server = lrs()
    assert server.post(sample_statement("a")).status_code == 200


def test_ralph_stores_what_strict_validation_rejects(lrs: LRSStarter) -> None:
    """Why `validate_statement` exists: the LRS accepting a statement proves little."""
    server = lrs()
    lax = sample_statement("a", result={"score": {"scaled": 1.5}})
    assert server.post(lax).status_code == 200
    (stored,) = server.statements()
    with pytest.raises(ValidationError, match="scaled"):
        validate_statement(stored)


def test_exact_origins_only(tmp_path: Path) -> None:
    from support.lrs import RalphLRS

    with pytest.raises(ValueError, match="exact"):
        RalphLRS(tmp_path, cors_origins=["*"])
