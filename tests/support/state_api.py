"""An xAPI 1.0.3 State resource on 127.0.0.1, in front of a real LRS for everything else.

No LRS installable here implements the State API (Ralph 5.1.0 serves Statements only), so the
tests serve it themselves, per xAPI 1.0.3 Communication §2.3 ("State Resource") and §1.3 (CORS,
version header, authentication), and pass every other request through to the upstream LRS
(Ralph). A browser then sees one LRS endpoint that offers both, as a full LRS would.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from email.utils import formatdate
from hashlib import sha1
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

from support.ports import LOOPBACK
from support.threaded_server import ThreadedServer

XAPI_VERSION = "1.0.3"
STATE_PATH = "/xAPI/activities/state"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
ALLOWED_HEADERS = "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match"


class BadRequest(Exception):
    """A request the State resource refuses with 400 and this message."""


@dataclass(frozen=True)
class Logged:
    """One request as the server saw it: method, path, the parsed query, the status it got."""

    method: str
    path: str
    query: dict[str, str]
    status: int


@dataclass
class Document:
    content_type: str
    body: bytes
    updated: float

    @property
    def etag(self) -> str:
        return '"' + sha1(self.body).hexdigest() + '"'


@dataclass
class _Store:
    documents: dict[tuple[str, str, str, str], Document] = field(default_factory=dict)
    log: list[Logged] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def agent_key(text: str | None) -> str:
    """The agent's inverse functional identifier as a stable key (Data §2.4.2.3); 400 if none."""
    if not text:
        raise BadRequest("`agent` is required")
    try:
        agent = json.loads(text)
    except ValueError:
        raise BadRequest("`agent` is not JSON") from None
    if not isinstance(agent, dict):
        raise BadRequest("`agent` must be a JSON object")
    found = [k for k in IFIS if k in agent]
    if len(found) != 1:
        raise BadRequest(f"`agent` needs exactly one inverse functional identifier, has {found}")
    value = agent[found[0]]
    if found[0] == "account":
        if not isinstance(value, dict) or not value.get("homePage") or not value.get("name"):
            raise BadRequest("`agent.account` needs homePage and name")
        value = [value["homePage"], value["name"]]
    return json.dumps([found[0], value])


class StateLRS(ThreadedServer):
    """The State resource here, every other `/xAPI/...` request forwarded to `upstream`."""

    name = "state-lrs"

    def __init__(
        self,
        *,
        cors_origins: list[str],
        auth_header: str,
        upstream: str | None = None,
    ) -> None:
        """`upstream` is an LRS endpoint ending in /xAPI/ (e.g. `RalphLRS.endpoint`)."""
        self.cors_origins = list(cors_origins)
        self.auth_header = auth_header
        self.upstream = upstream
        self.store = _Store()
        self._httpd = ThreadingHTTPServer((LOOPBACK, 0), _handler_for(self))
        self._httpd.daemon_threads = True

    @property
    def endpoint(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/xAPI/"

    @property
    def log(self) -> list[Logged]:
        with self.store.lock:
            return list(self.store.log)

    def state_requests(self) -> list[Logged]:
        return [r for r in self.log if r.path == STATE_PATH and r.method != "OPTIONS"]

    def documents(self) -> dict[tuple[str, str, str, str], Any]:
        """Every stored document, by (activityId, agent key, registration, stateId), decoded."""
        with self.store.lock:
            items = dict(self.store.documents)
        out: dict[tuple[str, str, str, str], Any] = {}
        for key, doc in items.items():
            out[key] = json.loads(doc.body) if "json" in doc.content_type else doc.body
        return out



def _handler_for(lrs: StateLRS) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        server_lrs = lrs

    return Handler


class _Handler(BaseHTTPRequestHandler):
    server_lrs: StateLRS
    protocol_version = "HTTP/1.1"

    # --- plumbing ---------------------------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:
        """Silent; `StateLRS.log` keeps what tests need."""

    def _split(self) -> tuple[str, dict[str, str]]:
        parts = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        return parts.path, query

    def _cors(self) -> dict[str, str]:
        origin = self.headers.get("Origin")
        if origin and origin in self.server_lrs.cors_origins:
            return {
                "Access-Control-Allow-Origin": origin,
                "Access-Control-Expose-Headers": "ETag, Last-Modified, X-Experience-API-Version",
                "Vary": "Origin",
            }
        return {"Vary": "Origin"}

    def _reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        path, query = self._split()
        with self.server_lrs.store.lock:
            self.server_lrs.store.log.append(Logged(self.command, path, query, status))
        self.send_response(status)
        for name, value in {
            **self._cors(),
            "X-Experience-API-Version": XAPI_VERSION,
            **(headers or {}),
        }.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        try:
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page went away (a keepalive request at close): the work was done

    def _error(self, status: int, message: str) -> None:
        body = json.dumps({"detail": message}).encode()
        self._reply(status, body, {"Content-Type": "application/json"})

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    # --- methods ----------------------------------------------------------------------------

    def do_OPTIONS(self) -> None:
        headers = {
            "Access-Control-Allow-Methods": "GET, PUT, POST, DELETE, HEAD",
            "Access-Control-Allow-Headers": ALLOWED_HEADERS,
            "Access-Control-Max-Age": "600",
        }
        self._reply(204 if "Access-Control-Allow-Origin" in self._cors() else 403, b"", headers)

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        body = self._body()
        path, query = self._split()
        if path != STATE_PATH:
            self._forward(body)
            return
        # Communication §1.3 (Authentication) and §3.3 (Versioning) come before anything else.
        if self.headers.get("Authorization") != self.server_lrs.auth_header:
            self._error(401, "authentication required")
            return
        if not (self.headers.get("X-Experience-API-Version") or "").startswith("1.0"):
            self._error(400, "X-Experience-API-Version 1.0.x is required")
            return
        try:
            self._state(query, body)
        except BadRequest as bad:
            self._error(400, str(bad))

    def _forward(self, body: bytes) -> None:
        upstream = self.server_lrs.upstream
        if upstream is None or not self.path.startswith("/xAPI/"):
            self._error(404, "not found")
            return
        url = urllib.parse.urljoin(upstream, self.path[len("/xAPI/") :])
        headers = {
            k: v
            for k in ("Authorization", "Content-Type", "X-Experience-API-Version")
            if (v := self.headers.get(k)) is not None
        }
        try:
            answer = requests.request(
                self.command, url, data=body or None, headers=headers, timeout=30
            )
        except requests.RequestException:
            self._error(502, "upstream LRS unreachable")
            return
        keep = {
            k: v
            for k, v in answer.headers.items()
            if k.lower() in ("content-type", "etag", "last-modified")
        }
        self._reply(answer.status_code, answer.content, keep)

    # --- the State resource (Communication §2.3) -----------------------------------------------

    def _state(self, query: dict[str, str], body: bytes) -> None:
        activity = query.get("activityId", "")
        if not urllib.parse.urlsplit(activity).scheme:
            raise BadRequest("`activityId` must be an IRI")
        agent = agent_key(query.get("agent"))
        registration = query.get("registration", "")
        if registration and not UUID.match(registration):
            raise BadRequest("`registration` must be a UUID")
        state_id = query.get("stateId")
        store = self.server_lrs.store
        scope = (activity, agent, registration)
        method = self.command
        if method in ("PUT", "POST") and not state_id:
            raise BadRequest("`stateId` is required")
        if method in ("GET", "HEAD"):
            with store.lock:
                if state_id is None:
                    ids = sorted(k[3] for k in store.documents if k[:3] == scope)
                    found = None
                else:
                    found = store.documents.get((*scope, state_id))
            if state_id is None:
                self._reply(200, json.dumps(ids).encode(), {"Content-Type": "application/json"})
            elif found is None:
                self._error(404, "no such state document")
            else:
                self._reply(
                    200,
                    found.body,
                    {
                        "Content-Type": found.content_type,
                        "ETag": found.etag,
                        "Last-Modified": formatdate(found.updated, usegmt=True),
                    },
                )
            return
        if method == "DELETE":
            with store.lock:
                for key in [
                    k
                    for k in store.documents
                    if k[:3] == scope and (state_id is None or k[3] == state_id)
                ]:
                    del store.documents[key]
            self._reply(204)
            return
        assert state_id is not None
        content_type = self.headers.get("Content-Type", "application/octet-stream")
        with store.lock:
            key = (*scope, state_id)
            existing = store.documents.get(key)
            if method == "POST" and existing is not None:
                body = _merge(existing, content_type, body)
                content_type = "application/json"
            store.documents[key] = Document(content_type, body, time.time())
        self._reply(204)


def _merge(existing: Document, content_type: str, body: bytes) -> bytes:
    """POST to an existing document merges JSON objects' top-level properties, else 400."""
    if "application/json" not in existing.content_type or "application/json" not in content_type:
        raise BadRequest("POST can only merge JSON documents")
    try:
        old, new = json.loads(existing.body), json.loads(body)
    except ValueError:
        raise BadRequest("POST body is not JSON") from None
    if not isinstance(old, dict) or not isinstance(new, dict):
        raise BadRequest("POST can only merge JSON objects")
    return json.dumps({**old, **new}).encode()
