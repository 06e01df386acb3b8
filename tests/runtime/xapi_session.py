"""Launching a built xAPI package like an LMS does, and what its statements must be.

`expected_statements` replays what `support.bot.LearnerBot` does with a policy and writes down
every statement the adapter must send for it, in order, field by field (everything except the
values only the browser knows: id, timestamp, durations). Tests compare that with what the LRS
stored, so the sequence and the content are both pinned.
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Request
from support.bot import Policy
from support.lrs import RalphLRS

VERB = "http://adlnet.gov/expapi/verbs/"
EXT = "https://trainforge.dev/xapi/extensions/"
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
DURATION = re.compile(r"^PT(\d+H)?(\d+M)?\d+(\.\d{1,2})?S$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
ADDED_BY_LRS = ("stored", "authority", "version")
QUEUE_PREFIX = "trainforge:xapi-queue "

Statement = dict[str, Any]


def extract(package: Path, dest: Path) -> Path:
    """Unzip a package into `dest` (what an LMS does on import)."""
    with zipfile.ZipFile(package) as z:
        z.extractall(dest)
    return dest


def read_config(site: Path) -> dict[str, Any]:
    """The activities the build wrote into the adapter's first line."""
    first = (site / "assets" / "tf-tracking.js").read_text("utf-8").split("\n", 1)[0]
    data: dict[str, Any] = json.loads(first[len("self.TF_XAPI=") : -1])
    return data


def launch_url(base_url: str, **params: str) -> str:
    """`index.html?endpoint=…&auth=…&actor=…`, every value URL-encoded (launch document)."""
    return base_url + "index.html?" + urllib.parse.urlencode(params)


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Poll `condition`; return the seconds it took."""
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.1)
    return time.monotonic() - began


def wait_for_statements(lrs: RalphLRS, count: int, timeout: float = 30) -> list[Statement]:
    """The LRS's statements once it holds `count` (or fail, showing what it has)."""
    found: list[Statement] = []

    def enough() -> bool:
        found[:] = lrs.statements()
        return len(found) >= count

    try:
        wait_for(enough, timeout, f"{count} statements")
    except AssertionError:
        shown = [(s["verb"]["id"].rsplit("/", 1)[1], s["object"]["id"]) for s in found]
        raise AssertionError(f"{len(found)} of {count} statements arrived: {shown}") from None
    return found


def queue_of(page: Page) -> list[Statement]:
    """The adapter's persistent queue, as it stands in localStorage."""
    raw = page.evaluate(
        """prefix => Object.keys(localStorage).filter(k => k.startsWith(prefix)
                 && !k.endsWith(' lease')).map(k => localStorage.getItem(k))""",
        QUEUE_PREFIX,
    )
    return [s for text in raw for s in json.loads(text)]


@dataclass
class Traffic:
    """Statement POSTs a page made: count, bytes of bodies, statements carried, failures."""

    endpoint: str
    posts: int = 0
    bytes: int = 0
    statements: int = 0
    failed: int = 0
    state_requests: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> Traffic:
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        return self

    def _ours(self, request: Request, path: str) -> bool:
        return request.url.startswith(self.endpoint + path)

    def _request(self, request: Request) -> None:
        if self._ours(request, "activities/state"):
            self.state_requests.append(request.method)
        if request.method == "POST" and self._ours(request, "statements"):
            body = request.post_data_buffer or b""
            self.posts += 1
            self.bytes += len(body)
            self.statements += len(json.loads(body))

    def _failed(self, request: Request) -> None:
        if request.method == "POST" and self._ours(request, "statements"):
            self.failed += 1


# --- what the adapter must send ------------------------------------------------------------


def normalise(statement: Statement) -> Statement:
    """A stored statement without what only the browser or the LRS knows (checked apart)."""
    out = {k: v for k, v in statement.items() if k not in ("id", "timestamp", *ADDED_BY_LRS)}
    if "result" in out:
        out["result"] = {k: v for k, v in out["result"].items() if k != "duration"}
    return out


def check_volatile(statements: list[Statement]) -> None:
    """Ids are unique v4 UUIDs, timestamps strictly increase, durations are ISO 8601."""
    ids = [s["id"] for s in statements]
    assert len(set(ids)) == len(ids), "a statement arrived twice"
    assert all(UUID4.match(i) for i in ids), ids
    stamps = [s["timestamp"] for s in statements]
    assert all(TIMESTAMP.match(t) for t in stamps), stamps
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps), "out of order"
    for s in statements:
        verb = s["verb"]["id"].rsplit("/", 1)[1]
        duration = s.get("result", {}).get("duration")
        if verb in ("terminated", "completed", "answered") or (
            verb in ("passed", "failed") and s["object"]["id"].count("/pages/") == 0
        ):
            assert duration and DURATION.match(duration), (verb, duration)


@dataclass
class Expectation:
    """Builds the statements of one launch (see module docstring)."""

    inspect: dict[str, Any]
    config: dict[str, Any]
    actor: dict[str, Any]
    registration: str
    activity_id: str = ""
    grouping: str = ""
    statements: list[Statement] = field(default_factory=list)

    def _context(
        self,
        parent: dict[str, Any] | None,
        grouping: list[dict[str, Any]],
        about: dict[str, Any],
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        ctx: dict[str, Any] = {
            "revision": self.inspect["version"],
            "language": self.inspect["language"],
            "registration": self.registration,
        }
        groups = grouping + ([{"id": self.grouping}] if self.grouping else [])
        activities: dict[str, Any] = {}
        if parent:
            activities["parent"] = [parent]
        if groups:
            activities["grouping"] = groups
        if activities:
            ctx["contextActivities"] = activities
        ext = dict(about.get("context", {}))
        ext.update({EXT + k: v for k, v in (extra or {}).items()})
        if ext:
            ctx["extensions"] = ext
        return ctx

    @property
    def course_id(self) -> str:
        return self.activity_id or self.config["course"]["id"]

    def _add(
        self,
        verb: str,
        obj: dict[str, Any],
        ctx: dict[str, Any],
        result: dict[str, Any] | None = None,
    ) -> None:
        statement: Statement = {
            "actor": self.actor,
            "verb": {"id": VERB + verb, "display": {"en-US": verb}},
            "object": {"objectType": "Activity", **obj},
            "context": ctx,
        }
        if result is not None:
            statement["result"] = result
        self.statements.append(statement)

    def _course(self) -> dict[str, Any]:
        return {"id": self.course_id, "definition": self.config["course"]["definition"]}

    @staticmethod
    def _activity(activity: dict[str, Any]) -> dict[str, Any]:
        return {"id": activity["id"], "definition": activity["definition"]}

    @staticmethod
    def _score(percent: float) -> dict[str, Any]:
        return {"scaled": percent / 100, "raw": percent, "min": 0, "max": 100}

    def initialized(self) -> Expectation:
        self._add("initialized", self._course(), self._context(None, [], self.config["course"]))
        return self

    def terminated(self) -> Expectation:
        self._add("terminated", self._course(), self._context(None, [], self.config["course"]), {})
        return self

    def page(self, page_id: str) -> Expectation:
        page = next(p for p in self.inspect["pages"] if p["id"] == page_id)
        activity = self.config["pages"][page_id]
        module = {"id": self.config["modules"][page["module"]]["id"]}
        self._add(
            "experienced",
            self._activity(activity),
            self._context(module, [{"id": self.course_id}], activity),
        )
        return self

    def answer(self, page_id: str, qid: str, chosen: list[str], kind: str, attempt: int) -> bool:
        page = next(p for p in self.inspect["pages"] if p["id"] == page_id)
        question = next(q for q in self.inspect["questions"] if q["id"] == qid)
        right = sorted(o["id"] for o in question["options"] if o["correct"])
        correct = sorted(chosen) == right
        points = question["points"]
        activity = self.config["questions"][qid]
        ctx = self._context(
            {"id": self.config["pages"][page_id]["id"]},
            [{"id": self.course_id}, {"id": self.config["modules"][page["module"]]["id"]}],
            activity,
            {"question-kind": kind, "attempt": attempt},
        )
        score = points if correct else 0
        self._add(
            "answered",
            self._activity(activity),
            ctx,
            {
                "response": "[,]".join(chosen),
                "success": correct,
                "score": {"scaled": score / points, "raw": score, "min": 0, "max": points},
            },
        )
        return correct

    def run(
        self,
        policy: Policy,
        *,
        retake: bool = True,
        start: int = 0,
        pages: int | None = None,
        finish: bool = True,
    ) -> Expectation:
        """What `LearnerBot(policy=policy).run()` sends from page index `start` (resumed there),
        for the pages before index `pages` only if that is set."""
        max_attempts = self.inspect["completion"]["max_attempts"]
        passing = self.inspect["completion"]["passing_score"]
        best: dict[str, int] = {}
        for page in self.inspect["pages"][start:pages]:
            self.page(page["id"])
            for qid in page["questions"] if page["kind"] == "lesson" else []:
                question = next(q for q in self.inspect["questions"] if q["id"] == qid)
                self.answer(page["id"], qid, policy(page["id"], question, 1), "check", 1)
            if page["kind"] != "assessment":
                continue
            attempt = 0
            while True:
                attempt += 1
                earned = total = 0
                for qid in page["questions"]:
                    question = next(q for q in self.inspect["questions"] if q["id"] == qid)
                    chosen = policy(page["id"], question, attempt)
                    if self.answer(page["id"], qid, chosen, "assessment", attempt):
                        earned += question["points"]
                    total += question["points"]
                score = round(earned / total * 100)
                best[page["id"]] = max(best.get(page["id"], 0), score)
                passed = score >= passing
                activity = self.config["pages"][page["id"]]
                module = {"id": self.config["modules"][page["module"]]["id"]}
                self._add(
                    "passed" if passed else "failed",
                    self._activity(activity),
                    self._context(module, [{"id": self.course_id}], activity, {"attempt": attempt}),
                    {"score": self._score(score), "success": passed, "completion": True},
                )
                more = not max_attempts or attempt < max_attempts
                if passed or not (retake and more):
                    break
        if finish:
            score = round(sum(best.values()) / max(len(best), 1))  # one assessment per course here
            status = "passed" if score >= passing else "failed"
            result = {
                "success": status == "passed",
                "completion": status == "passed",
                "score": self._score(score),
            }
            ctx = self._context(None, [], self.config["course"])
            self._add(status, self._course(), ctx, result)
            if status == "passed":
                self._add(
                    "completed",
                    self._course(),
                    ctx,
                    {"completion": True, "score": self._score(score)},
                )
            self.terminated()
        return self
