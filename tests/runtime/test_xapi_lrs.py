"""xAPI packages against a real LRS: Ralph 5.1.0 on another origin, the course in Chromium.

Each test builds the example courses, serves the package on one port and the LRS on another
(cross-origin, as from an LMS), launches with Tin Can launch parameters and lets the learner bot
take the course through the `data-tf-*` hooks. What the LRS stored is compared statement by
statement with what `xapi_session.Expectation` says the run must produce, and every statement
must pass Ralph's strict xAPI model.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from support.bot import LearnerBot, correct, wrong, wrong_then_correct
from support.browser import PageLog, new_isolated_context, watch_page
from support.fixtures import LRSStarter, StaticServerFactory
from support.lrs import RalphLRS
from support.state_api import StateLRS
from support.xapi import validate_statement
from xapi_session import (
    VERB,
    Expectation,
    Traffic,
    canonical,
    check_volatile,
    draws,
    extract,
    launch_url,
    normalise,
    queue_of,
    read_config,
    wait_for,
    wait_for_statements,
    wait_for_terminated,
)

from trainforge.batch.build import build, load_courses
from trainforge.commands.inspect_course import inspect_course

ROOT = Path(__file__).resolve().parents[2]
COURSES = {"hb": ROOT / "courses" / "harassment-bullying", "ms": ROOT / "courses" / "minor-safety"}
ACTOR = {"objectType": "Agent", "name": "Ada Lovelace", "mbox": "mailto:ada@example.org"}
READY = '[data-tf-action="next"]:not([disabled])'


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both example courses built once as xAPI zips."""
    out = tmp_path_factory.mktemp("xapi")
    built = build(list(COURSES.values()), ["xapi"], out).packages
    return {key: next(p for p in built if p.name.startswith(f"{key}-101")) for key in COURSES}


@pytest.fixture(scope="session")
def inspected() -> dict[str, dict[str, Any]]:
    """The courses as a new learner takes them: without the "What changed" page (README)."""
    found = {key: inspect_course(load_courses([path])[0][0]) for key, path in COURSES.items()}
    for info in found.values():
        info["pages"] = [p for p in info["pages"] if p["id"] != "what-changed"]
    return found


@dataclass
class Launch:
    """One package served on its own origin, with an LRS that allows that origin."""

    key: str
    site: Path
    base_url: str
    origin: str
    lrs: RalphLRS
    inspect: dict[str, Any]
    config: dict[str, Any]

    def url(self, registration: str, endpoint: str | None = None, **extra: str) -> str:
        return launch_url(
            self.base_url,
            endpoint=endpoint or self.lrs.endpoint,
            auth=self.lrs.auth_header,
            actor=json.dumps(ACTOR),
            registration=registration,
            **extra,
        )

    @property
    def inspect_strings(self) -> dict[str, str]:
        """The theme's UI strings, as the page has them."""
        data = (self.site / "index.html").read_text("utf-8")
        start = data.index('id="tf-course">') + len('id="tf-course">')
        strings: dict[str, str] = json.loads(data[start : data.index("</script>", start)])[
            "strings"
        ]
        return strings

    @property
    def data(self) -> dict[str, Any]:
        """The player's #tf-course data."""
        html = (self.site / "index.html").read_text("utf-8")
        start = html.index('id="tf-course">') + len('id="tf-course">')
        data: dict[str, Any] = json.loads(html[start : html.index("</script>", start)])
        return data

    def expect(self, registration: str, **kw: Any) -> Expectation:
        return Expectation(self.inspect, self.config, ACTOR, registration, data=self.data, **kw)


@pytest.fixture
def launcher(
    packages: dict[str, Path],
    inspected: dict[str, dict[str, Any]],
    tmp_path: Path,
    static_server: StaticServerFactory,
    lrs: LRSStarter,
) -> Iterator[Any]:
    def start(key: str) -> Launch:
        site = extract(packages[key], tmp_path / f"site-{key}")
        content = static_server({"/": site})
        return Launch(
            key,
            site,
            content.base_url,
            content.origin,
            lrs(content.origin),
            inspected[key],
            read_config(site),
        )

    yield start


def open_course(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(READY)


def assert_statements(stored: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    got = canonical([normalise(s) for s in stored])
    expected = canonical(expected)
    assert [(s["verb"]["id"], s["object"]["id"]) for s in got] == [
        (s["verb"]["id"], s["object"]["id"]) for s in expected
    ]
    for n, (a, b) in enumerate(zip(got, expected, strict=True)):
        assert a == b, f"statement {n} ({b['verb']['id']} {b['object']['id']}) differs"
    check_volatile(stored)
    for s in stored:
        validate_statement(s)


# --- a whole course, statement by statement ---------------------------------------------------


@pytest.mark.parametrize(
    ("key", "policy"),
    [("hb", correct), ("ms", wrong_then_correct)],
    ids=["hb-passes", "ms-fails-then-passes"],
)
def test_course_run_sends_exact_statements(
    launcher: Any, page: Page, page_log: PageLog, key: str, policy: Any
) -> None:
    course = launcher(key)
    registration = str(uuid.uuid4())
    traffic = Traffic(course.lrs.endpoint).watch(page)
    open_course(page, course.url(registration))
    result = LearnerBot(page, course.inspect, policy=policy).run()
    assert result.status == "passed"
    stored = wait_for_terminated(course.lrs)
    drawn = draws(stored)  # the pool's draw, attempt by attempt
    expected = course.expect(registration, drawn=drawn).initialized().run(policy).statements
    assert_statements(stored, expected)
    assert queue_of(page) == []
    assert page_log.errors == []
    assert page.locator("[data-tf-notice]").is_hidden()
    verbs: dict[str, int] = {}
    for s in stored:
        verb = s["verb"]["id"].rsplit("/", 1)[1]
        verbs[verb] = verbs.get(verb, 0) + 1
    print(
        f"\n[xapi {key}] {len(stored)} statements {verbs}; {traffic.posts} POSTs, "
        f"{traffic.bytes} bytes ({traffic.bytes // len(stored)} per statement); "
        f"state requests {traffic.state_requests}"
    )


def test_a_failed_attempt_with_attempts_left_sends_no_course_failed(
    launcher: Any, page: Page, page_log: PageLog
) -> None:
    """README "course.yaml" report_failed: the assessment's own `failed` is sent, the course's
    only once no attempt remains (hb-101: 3), since an LMS may close the registration on it."""
    course = launcher("hb")
    registration = str(uuid.uuid4())
    open_course(page, course.url(registration))
    result = LearnerBot(page, course.inspect, policy=wrong, retake=False).run()
    assert result.status == "incomplete"
    stored = wait_for_terminated(course.lrs)
    expected = course.expect(registration, drawn=draws(stored)).initialized()
    assert_statements(stored, expected.run(wrong, retake=False).statements)
    course_id = stored[0]["object"]["id"]  # `initialized` is about the course
    on_course = [s["verb"]["id"] for s in stored if s["object"]["id"] == course_id]
    assert [v.rsplit("/", 1)[1] for v in on_course] == ["initialized", "terminated"]
    assert page_log.errors == []


# --- helpers for partial runs ------------------------------------------------------------------


def take_pages(bot: LearnerBot, count: int) -> None:
    """Answer the visible page and go next, `count` times."""
    for _ in range(count):
        bot.answer_page()
        bot.activate(bot.action("next").first)


def drained(page: Page) -> bool:
    return queue_of(page) == []


def page_index(launch: Launch, bot: LearnerBot) -> int:
    return [p["id"] for p in launch.inspect["pages"]].index(bot.visible_page())


# --- resume -----------------------------------------------------------------------------------


@pytest.fixture
def state_lrs() -> Iterator[Any]:
    """`state_lrs(launch)`: the State API of xAPI 1.0.3 in front of the launch's Ralph."""
    started: list[StateLRS] = []

    def start(launch: Launch) -> StateLRS:
        server = StateLRS(
            cors_origins=[launch.origin],
            auth_header=launch.lrs.auth_header,
            upstream=launch.lrs.endpoint,
        ).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def test_resume_through_the_state_api(launcher: Any, state_lrs: Any, browser: Browser) -> None:
    course = launcher("hb")
    lrs = state_lrs(course)
    registration = str(uuid.uuid4())
    url = course.url(registration, endpoint=lrs.endpoint)
    log = PageLog()

    first = new_isolated_context(browser, log)
    page = first.new_page()
    watch_page(page, log)
    open_course(page, url)
    take_pages(LearnerBot(page, course.inspect), 4)
    wait_for(lambda: drained(page), 20, "the queue to empty")
    page.close()  # pagehide: save, terminated (sent with keepalive)
    first.close()
    session1 = course.expect(registration).initialized().run(correct, pages=4, finish=False)
    session1.page(course.inspect["pages"][4]["id"]).terminated()
    wait_for_statements(course.lrs, len(session1.statements))
    key = (
        course.config["course"]["id"],
        json.dumps(["mbox", ACTOR["mbox"]]),
        registration,
        "https://trainforge.dev/xapi/state/bookmark",
    )
    document = lrs.documents()[key]
    assert set(document) == {"state", "savedAt"}
    assert document["state"].split("~")[1] == course.inspect["version"]  # format~version~…

    # A new browser, nothing in its storage: only the LRS can say where the learner was.
    second = new_isolated_context(browser, log)
    page = second.new_page()
    watch_page(page, log)
    open_course(page, url)
    bot = LearnerBot(page, course.inspect)
    assert page_index(course, bot) == 4
    checked = next(  # a knowledge check (a pre-test with `review: false` shows no verdict)
        p for p in course.inspect["pages"][:4] if p["questions"] and p["kind"] == "lesson"
    )
    answered = page.locator(f'[data-tf-page="{checked["id"]}"] [data-tf-question][data-tf-correct]')
    assert answered.count() == len(checked["questions"])  # restored with the bookmark
    assert bot.run().status == "passed"
    stored = wait_for_terminated(course.lrs, 2)
    session1.drawn = draws(stored)
    whole = session1.initialized().run(correct, start=4)
    assert_statements(stored, whole.statements)
    gets = [r for r in lrs.state_requests() if r.method == "GET"]
    assert [r.status for r in gets] == [404, 200]  # nothing stored yet, then the bookmark
    assert {r.query["registration"] for r in lrs.state_requests()} == {registration}
    assert log.errors == []
    second.close()

    # Another registration is another attempt: it starts at the first page.
    third = new_isolated_context(browser, log)
    page = third.new_page()
    open_course(page, course.url(str(uuid.uuid4()), endpoint=lrs.endpoint))
    assert page_index(course, LearnerBot(page, course.inspect)) == 0
    third.close()


def test_resume_without_state_api_uses_browser_storage(launcher: Any, browser: Browser) -> None:
    course = launcher("ms")
    registration = str(uuid.uuid4())
    url = course.url(registration)
    log = PageLog()
    context = new_isolated_context(browser, log)
    page = context.new_page()
    watch_page(page, log)
    open_course(page, url)
    take_pages(LearnerBot(page, course.inspect), 5)
    wait_for(lambda: drained(page), 20, "the queue to empty")
    page.close()
    # The terminated goes out with keepalive as the page closes; on a busy machine it can land
    # after the next launch's first statements, so wait for it (the order is the assertion's).
    wait_for(lambda: any(s["verb"]["id"] == VERB + "terminated" for s in course.lrs.statements()),
             20, "the closing page's terminated statement")

    page = context.new_page()  # same browser, same storage: Ralph has no State API (404)
    watch_page(page, log)
    traffic = Traffic(course.lrs.endpoint).watch(page)
    open_course(page, url)
    bot = LearnerBot(page, course.inspect)
    assert page_index(course, bot) == 5
    take_pages(bot, 1)
    wait_for(lambda: drained(page), 20, "the queue to empty")
    assert traffic.state_requests == ["GET", "PUT"]  # one 404 each, then storage only
    # The last page's terminated went out with keepalive as it closed; this page found it
    # stored (GET statementId) instead of sending it again.
    session2 = course.expect(registration).initialized()
    session2.run(correct, start=5, pages=6, finish=False)
    assert traffic.statements == len(session2.statements) + 1  # + experienced of the next page
    assert page.locator("[data-tf-notice]").is_hidden()
    assert log.errors == []
    page.close()
    context.close()

    fresh = new_isolated_context(browser, log)  # the bookmark lived in that browser only
    page = fresh.new_page()
    open_course(page, url)
    assert page_index(course, LearnerBot(page, course.inspect)) == 0
    fresh.close()

    stored = course.lrs.statements()
    expected = course.expect(registration).initialized().run(correct, pages=5, finish=False)
    expected.page(course.inspect["pages"][5]["id"]).terminated().initialized()
    expected.run(correct, start=5, pages=6, finish=False)
    expected.page(course.inspect["pages"][6]["id"]).terminated()
    assert_statements(stored[: len(expected.statements)], expected.statements)


# --- outage ----------------------------------------------------------------------------------


def test_lrs_outage_loses_and_duplicates_nothing(
    launcher: Any, page: Page, page_log: PageLog
) -> None:
    course = launcher("hb")
    registration = str(uuid.uuid4())
    traffic = Traffic(course.lrs.endpoint).watch(page)
    open_course(page, course.url(registration))
    bot = LearnerBot(page, course.inspect)
    take_pages(bot, 3)
    wait_for(lambda: drained(page), 20, "the queue to empty")
    before = len(course.lrs.statements())

    course.lrs.stop()
    longest = 0
    for _ in range(3):
        take_pages(bot, 1)
        longest = max(longest, len(queue_of(page)))
    notice = page.locator("[data-tf-notice]")
    wait_for(notice.is_visible, 30, "the LMS error notice")
    assert notice.inner_text() == course.inspect_strings["lms_error_notice"]
    page.reload()  # the queue is in localStorage: it survives
    page.wait_for_selector(READY)
    assert page_index(course, bot) == 6  # resumed from browser storage (LRS unreachable)
    assert bot.run().status == "passed"
    queued = len(queue_of(page))
    longest = max(longest, queued)
    failed_while_down = traffic.failed

    course.lrs.start()
    took = wait_for(lambda: drained(page), 60, "the queue to drain after the LRS came back")
    stored = wait_for_terminated(course.lrs, 2)
    expected = course.expect(registration, drawn=draws(stored)).initialized()
    expected.run(correct, pages=6, finish=False)
    expected.page(course.inspect["pages"][6]["id"]).terminated().initialized()
    expected.run(correct, start=6)
    assert len(stored) == len(expected.statements) == before + queued
    assert_statements(stored, expected.statements)
    assert notice.is_hidden()
    assert page_log.errors == []
    print(
        f"\n[xapi outage] {len(stored)} statements, {before} before the outage, {queued} queued "
        f"at the end of it (longest queue {longest}); {failed_while_down} failed POSTs while "
        f"down; drained {took:.1f}s after the LRS came back; {traffic.posts} POSTs, "
        f"{traffic.bytes} bytes in all ({traffic.statements} statements in request bodies, "
        f"{traffic.statements - len(stored)} of them in failed or repeated requests)"
    )


# --- credentials, launch variants, standalone --------------------------------------------------


def test_refused_credentials_show_a_notice_and_keep_the_statements(
    launcher: Any, page: Page, page_log: PageLog
) -> None:
    course = launcher("ms")
    registration = str(uuid.uuid4())
    wrong = "Basic " + base64.b64encode(b"trainforge-test:wrong").decode()
    url = launch_url(
        course.base_url,
        endpoint=course.lrs.endpoint,
        auth=wrong,
        actor=json.dumps(ACTOR),
        registration=registration,
    )
    open_course(page, url)
    notice = page.locator("[data-tf-notice]")
    wait_for(notice.is_visible, 10, "the notice")
    assert notice.inner_text() == course.inspect_strings["auth_error_notice"]
    bot = LearnerBot(page, course.inspect)
    take_pages(bot, 2)  # the learner carries on
    assert page_index(course, bot) == 2
    assert course.lrs.statements() == []
    kept = queue_of(page)
    sent = course.expect(registration).initialized().run(correct, pages=2, finish=False)
    sent.page(course.inspect["pages"][2]["id"])
    assert [s["verb"]["id"] for s in kept] == [s["verb"]["id"] for s in sent.statements]

    open_course(page, course.url(registration))  # the next launch has valid credentials
    stored = wait_for_statements(course.lrs, len(kept) + 2)
    assert [s["id"] for s in stored[: len(kept)]] == [s["id"] for s in kept]
    assert page_log.errors == []


@pytest.mark.parametrize(
    ("actor", "normal"),
    [
        (
            {"name": ["Ada"], "mbox": ["mailto:ada@example.org"]},  # Tin Can 0.9 (SCORM Cloud)
            {"objectType": "Agent", "name": "Ada", "mbox": "mailto:ada@example.org"},
        ),
        (
            {
                "name": ["Bo"],
                "account": [
                    {"accountServiceHomePage": "https://lms.example", "accountName": "1625378"}
                ],
            },
            {
                "objectType": "Agent",
                "name": "Bo",
                "account": {"homePage": "https://lms.example", "name": "1625378"},
            },
        ),
        (
            {"objectType": "Agent", "mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"},
            {"objectType": "Agent", "mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"},
        ),
    ],
    ids=["legacy-mbox", "legacy-account", "sha1"],
)
def test_launch_actor_activity_id_and_grouping(
    launcher: Any, page: Page, actor: dict[str, Any], normal: dict[str, Any]
) -> None:
    course = launcher("hb")
    registration = str(uuid.uuid4())
    activity = "https://lms.example/activities/hb-101-imported"
    grouping = "https://lms.example/programmes/moderation-onboarding"
    open_course(
        page,
        launch_url(
            course.base_url,
            endpoint=course.lrs.endpoint.rstrip("/"),
            auth=course.lrs.auth_header,
            actor=json.dumps(actor),
            registration=registration,
            activity_id=activity,
            grouping=grouping,
        ),
    )
    stored = wait_for_statements(course.lrs, 2)
    expected = Expectation(
        course.inspect, course.config, normal, registration, activity_id=activity, grouping=grouping
    )
    expected.initialized().page(course.inspect["pages"][0]["id"])
    assert_statements(stored, expected.statements)


def test_no_launch_parameters_is_standalone(
    packages: dict[str, Path],
    tmp_path: Path,
    static_server: StaticServerFactory,
    page: Page,
    inspected: dict[str, dict[str, Any]],
) -> None:
    site = extract(packages["hb"], tmp_path / "site")
    content = static_server({"/": site})
    open_course(page, content.base_url + "index.html")
    notice = page.locator("[data-tf-notice]")
    assert notice.is_visible()
    strings = page.evaluate("TF.course.strings")
    assert notice.inner_text() == strings["standalone_notice"]
    bot = LearnerBot(page, inspected["hb"])
    take_pages(bot, 2)
    page.reload()
    page.wait_for_selector(READY)
    assert page_index_of(inspected["hb"], bot) == 2  # resumed from this browser's storage
    assert {r.path.split("?")[0] for r in content.requests} <= {
        "/index.html",
        "/favicon.ico",
        *(f"/{p.relative_to(site)}" for p in site.rglob("*")),
    }


def page_index_of(inspect: dict[str, Any], bot: LearnerBot) -> int:
    return [p["id"] for p in inspect["pages"]].index(bot.visible_page())


# --- statements the LRS can never take ----------------------------------------------------------


def test_refused_statement_does_not_block_the_queue(launcher: Any, page: Page) -> None:
    course = launcher("hb")
    registration = str(uuid.uuid4())
    config = course.config
    verb = {"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"en-US": "experienced"}}
    base = {
        "actor": ACTOR,
        "verb": verb,
        "object": {"id": config["course"]["id"]},
        "timestamp": "2026-01-01T00:00:00.000Z",
    }
    stored_before = dict(base, id=str(uuid.uuid4()))
    assert course.lrs.post(stored_before).status_code == 200
    broken = {k: v for k, v in dict(base, id=str(uuid.uuid4())).items() if k != "actor"}
    conflicting = dict(base, id=str(uuid.uuid4()), timestamp="2026-01-01T00:00:01.000Z")
    assert course.lrs.post(conflicting).status_code == 200
    conflicting = dict(conflicting, object={"id": config["pages"]["hb-scope"]["id"]})
    good = dict(base, id=str(uuid.uuid4()), timestamp="2026-01-01T00:00:02.000Z")
    seeded = [stored_before, broken, conflicting, good]  # left by an earlier launch
    key = f"trainforge:xapi-queue {course.lrs.endpoint} {json.dumps(ACTOR['mbox'])}"
    page.add_init_script(
        f"localStorage.setItem({json.dumps(key)}, {json.dumps(json.dumps(seeded))})"
    )
    open_course(page, course.url(registration))
    wait_for(lambda: drained(page), 20, "the queue to empty")
    stored = course.lrs.statements()
    ids = [s["id"] for s in stored]
    assert ids[:3] == [stored_before["id"], conflicting["id"], good["id"]]  # once each
    assert stored[1]["object"]["id"] == config["course"]["id"]  # the LRS's copy stands
    assert broken["id"] not in ids
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in stored[3:]] == ["initialized", "experienced"]
