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
ATTESTED = "https://trainforge.dev/xapi/verbs/attested"
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


def canonical(statements: list[Statement]) -> list[Statement]:
    """``statements`` with each run of `answered` ordered by question.

    An attempt's answers go out together at its submit, in the order the attempt shows its
    questions (shuffled, for a `shuffle: true` assessment), after the steps of its scenarios
    (reported as they are taken); only the set of them, and what comes between runs, is fixed.
    """
    out: list[Statement] = []
    run: list[Statement] = []
    for statement in [*statements, None]:
        if statement is not None and statement["verb"]["id"] == VERB + "answered":
            run.append(statement)
            continue
        out += sorted(run, key=lambda a: str(a["object"]["id"]))
        run = []
        if statement is not None:
            out.append(statement)
    return out


#: (assessment page id, attempt) -> the question ids that attempt asked
Draws = dict[tuple[str, int], set[str]]


def draws(statements: list[Statement]) -> Draws:
    """What each assessment attempt asked, from its `answered` statements (pools draw anew)."""
    found: Draws = {}
    for s in statements:
        ext = s["context"].get("extensions", {})
        if s["verb"]["id"] != VERB + "answered" or ext.get(EXT + "question-kind") != "assessment":
            continue
        qid = s["object"]["id"].rsplit("/", 1)[1]
        page = s["context"]["contextActivities"]["parent"][0]["id"].rsplit("/", 1)[1]
        if "--" not in qid:  # a scenario's step reports under its scenario
            found.setdefault((page, ext[EXT + "attempt"]), set()).add(qid)
    return found


def wait_for_terminated(lrs: RalphLRS, count: int = 1, timeout: float = 30) -> list[Statement]:
    """The LRS's statements once it holds ``count`` `terminated`: the queue goes out in order,
    so everything sent before them is there too."""
    found: list[Statement] = []

    def enough() -> bool:
        found[:] = lrs.statements()
        return sum(s["verb"]["id"] == VERB + "terminated" for s in found) >= count

    wait_for(enough, timeout, f"{count} terminated statements")
    return found


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
    data: dict[str, Any] = field(default_factory=dict)  # the player's #tf-course (weights)
    drawn: Draws | None = None  # what pooled attempts asked (`draws(stored)`); None: everything
    attest: bool = True  # the bot ticks the attestation before Finish, when the course has one
    tries: dict[str, int] = field(default_factory=dict)  # "page/question" -> the bot's answers
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
            "verb": {
                "id": verb if ":" in verb else VERB + verb,
                "display": {"en-US": verb.rsplit("/", 1)[-1]},
            },
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

    def answer(self, page_id: str, qid: str, policy: Policy, kind: str, attempt: int) -> float:
        """The `answered` statements of one question as the bot answers it with ``policy`` (a
        scenario: a statement per step it takes, then the case); returns the points earned."""
        page = next(p for p in self.inspect["pages"] if p["id"] == page_id)
        question = self.question(qid)
        activity = self.config["questions"][qid]
        page_ref = {"id": self.config["pages"][page_id]["id"]}
        grouping = [{"id": self.course_id}, {"id": self.config["modules"][page["module"]]["id"]}]
        extra = {"question-kind": kind, "attempt": attempt, "assessment-role": page.get("role")}
        extra = {k: v for k, v in extra.items() if v is not None}
        if question["type"] == "scenario":
            taken, chosen = self.path(page_id, question, policy)
            for step, choice in taken:
                step_activity = self.config["questions"][f"{qid}--{step['id']}"]
                right = next(o for o in step["options"] if o["id"] == choice)["correct"]
                self._add(
                    "answered",
                    self._activity(step_activity),
                    self._context(
                        {"id": activity["id"]}, [*grouping, page_ref], step_activity, extra
                    ),
                    {"response": choice, "success": right},
                )
            response = "[,]".join(c.replace(".", "[.]") for c in chosen)
        else:
            chosen = self.policy_answer(policy, page_id, question)
            response = "[,]".join("[.]".join(c) if isinstance(c, list) else c for c in chosen)
        points = question["points"]
        share = self.share(question, chosen)
        score = round(points * share, 2)
        self._add(
            "answered",
            self._activity(activity),
            self._context(page_ref, grouping, activity, extra),
            {
                "response": response,
                "success": share == 1,
                "score": {"scaled": score / points, "raw": score, "min": 0, "max": points},
            },
        )
        return score

    def question(self, qid: str) -> dict[str, Any]:
        found: dict[str, Any] = next(q for q in self.inspect["questions"] if q["id"] == qid)
        return found

    def path(
        self, page_id: str, question: dict[str, Any], policy: Policy
    ) -> tuple[list[tuple[dict[str, Any], str]], list[str]]:
        """The steps a scenario's learner takes with ``policy`` (each reported), and the path
        the case ends with: a choice leading back to a step taken cuts it there (the player)."""
        steps = {sid.split("--")[1]: self.question(sid) for sid in question["steps"]}
        taken: list[tuple[dict[str, Any], str]] = []
        path: list[str] = []
        step = steps.get(question["steps"][0].split("--")[1])
        while step is not None and len(taken) < 100:
            (choice,) = self.policy_answer(policy, page_id, step)
            sid = step["id"].split("--")[1]
            taken.append((step | {"id": sid}, choice))
            path.append(f"{sid}.{choice}")
            after = str(next(o for o in step["options"] if o["id"] == choice).get("next") or "")
            after = after.split("--")[-1]
            visited = [p.split(".")[0] for p in path]
            path = path[: visited.index(after)] if after in visited else path
            step = steps.get(after)
        return taken, path

    def policy_answer(self, policy: Policy, page_id: str, question: dict[str, Any]) -> list[Any]:
        """What the bot answers: it counts its own tries per page and question (or step)."""
        slot = f"{page_id}/{question['id']}"
        self.tries[slot] = self.tries.get(slot, 0) + 1
        return policy(page_id, question, self.tries[slot])

    def share(self, question: dict[str, Any], chosen: list[Any]) -> float:
        """The share of a question's points an answer earns (the player's grading, README
        "Question banks": partial credit for decisions, matching, ordering and scenarios)."""
        kind = question["type"]
        if kind == "scenario":
            right = [
                next(
                    o
                    for o in self.question(f"{question['id']}--{c.split('.')[0]}")["options"]
                    if o["id"] == c.split(".")[1]
                )["correct"]
                for c in chosen
            ]
            return sum(right) / len(right)
        if kind == "matching":
            given = [list(c) for c in chosen]
            return sum(list(p) in given for p in question["pairs"]) / len(question["pairs"])
        if kind == "ordering":
            order = question["order"]
            return sum(a == b for a, b in zip(chosen, order, strict=False)) / len(order)
        if kind == "moderation_decision":
            weights = self.data["questions"][question["id"]].get("weights") or {
                "action": 0.5,
                "clause": 0.5,
            }
            groups = {o["group"] for o in question["options"] if o["correct"] and o["id"] in chosen}
            return 1.0 if len(groups) > 1 else sum(weights[g] for g in groups)
        right = sorted(o["id"] for o in question["options"] if o["correct"])
        return 1.0 if sorted(chosen) == right else 0.0

    def asks(self, page: dict[str, Any], qid: str, attempt: int) -> bool:
        """Whether an attempt at ``page`` asks ``qid`` (a pool candidate: if it was drawn)."""
        pooled = {q for draw in page.get("pool") or [] for q in draw["questions"]}
        if qid not in pooled or self.drawn is None:
            return True
        return qid in self.drawn.get((page["id"], attempt), set())

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
        attempt = 0
        for page in self.inspect["pages"][start:pages]:
            self.page(page["id"])
            for qid in page["questions"] if page["kind"] == "lesson" else []:
                self.answer(page["id"], qid, policy, "check", 1)
            if page["kind"] != "assessment":
                continue
            attempt = 0
            while True:
                attempt += 1
                earned = total = 0.0
                for qid in [q for q in page["questions"] if self.asks(page, q, attempt)]:
                    earned += self.answer(page["id"], qid, policy, "assessment", attempt)
                    total += self.question(qid)["points"]
                score = round(earned / total * 100)
                if page.get("role") != "pre":  # a pre-test does not count
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
                if passed or page.get("role") == "pre" or not (retake and more):
                    break  # a pre-test is taken once
        if finish:
            score = round(sum(best.values()) / max(len(best), 1))  # one assessment per course here
            # README "course.yaml": `failed` once no attempt remains (report_failed default).
            left = not retake and (not max_attempts or attempt < max_attempts)
            status = "passed" if score >= passing else "incomplete" if left else "failed"
            attestation = self.config.get("attestation")
            if attestation and self.attest:
                self._add(
                    ATTESTED,
                    self._activity(attestation),
                    self._context(None, [{"id": self.course_id}], attestation),
                    {"completion": True},
                )
            result = {
                "success": status == "passed",
                "completion": status == "passed",
                "score": self._score(score),
            }
            ctx = self._context(None, [], self.config["course"])
            if status != "incomplete":
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
