"""How the SCORM 1.2 adapter finds and talks to an LMS: API discovery through nested frames and
an opener window, a back end that refuses commits, and no LMS at all."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, Route, expect
from support.bot import LearnerBot, Result
from support.browser import PageLog
from support.fixtures import Scorm12Launcher, ServeDir
from test_scorm12_lms import HB, Built, assert_clean_protocol, build_package, finished, ready, walk

LOG = "[trainforge scorm12]"


@pytest.fixture(scope="module")
def hb(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build_package(HB, tmp_path_factory.mktemp("hb"))
    # Two LMS-side wrappers around the SCO: a frame inside a frame, and a launcher window that
    # opens the SCO as a pop-up (as LMSs with "open in new window" do).
    frame = '<!DOCTYPE html><title>frame</title><iframe src="{}" style="{}"></iframe>'
    style = "position:fixed;inset:0;width:100%;height:100%;border:0"
    (built.root / "nest.html").write_text(frame.format("nest2.html", style), encoding="utf-8")
    (built.root / "nest2.html").write_text(frame.format("index.html", style), encoding="utf-8")
    (built.root / "opener.html").write_text(
        '<!DOCTYPE html><title>launcher</title><button id=open onclick="window.open('
        "'index.html', 'sco', 'width=1000,height=800')\">Open</button>",
        encoding="utf-8",
    )
    return built


def warnings_of(page: Page) -> list[str]:
    """The adapter's logged problems (console.warn), collected from now on."""
    found: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "warning" and LOG in message.text:
            found.append(message.text)

    page.on("console", on_console)
    return found


def complete(bot: LearnerBot) -> None:
    assert ready(bot).run() == Result("passed", 100)


# --- API discovery --------------------------------------------------------------------------


def test_finds_the_api_two_frames_up(
    scorm12: Scorm12Launcher, page_log: PageLog, hb: Built
) -> None:
    session = scorm12(hb.root, launch="nest.html")
    session.wait_for_call("LMSInitialize")
    inner = session.frame().child_frames[0].child_frames[0]
    complete(LearnerBot(inner, hb.info))
    finished(session)
    assert session.get("core.lesson_status") == "passed"
    assert_clean_protocol(session, page_log)


def test_finds_the_api_through_the_opener_of_a_pop_up(
    scorm12: Scorm12Launcher, page_log: PageLog, hb: Built
) -> None:
    session = scorm12(hb.root, launch="opener.html")
    with session.page.expect_popup() as popup:
        session.frame().click("#open")
    sco = popup.value
    sco.bring_to_front()  # a background window's animation frames are throttled
    session.wait_for_call("LMSInitialize")
    complete(LearnerBot(sco.main_frame, hb.info))
    finished(session)
    assert session.get("core.lesson_status") == "passed"
    assert_clean_protocol(session, page_log)


# --- a back end that refuses commits --------------------------------------------------------


def test_a_refused_commit_is_logged_retried_and_the_course_keeps_working(
    scorm12: Scorm12Launcher, page: Page, page_log: PageLog, hb: Built
) -> None:
    """scorm-again POSTs each LMSCommit to lmsCommitUrl and returns "false" (error 101) when
    the back end fails, as an LMS whose server is down does."""
    outage = True
    received: list[dict[str, Any]] = []

    def back_end(route: Route) -> None:
        if outage:
            route.fulfill(status=503, body="down")
        else:
            received.append(route.request.post_data_json or {})
            route.fulfill(status=200, json={"result": True, "errorCode": 0})

    page.route("**/lms/commit", back_end)
    warnings = warnings_of(page)
    session = scorm12(hb.root, settings={"lmsCommitUrl": "/lms/commit"})
    session.wait_for_call("LMSInitialize")
    bot = ready(LearnerBot(session.frame(), hb.info))
    walk(bot, pages=2)
    notice = bot.target.locator("[data-tf-notice]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("could not be saved")
    assert any("LMSCommit() failed: 101 General Exception" in w for w in warnings), warnings
    failed = [c for c in session.calls("LMSCommit") if c.result == "false"]
    assert failed and all(c.error == "101" for c in failed)

    outage = False  # the back end recovers: the retry, a few seconds later, gets through
    expect(notice).to_be_hidden(timeout=10_000)
    assert received, "the retried commit never reached the back end"
    complete(bot)
    finished(session)
    assert received[-1]["cmi"]["core"]["lesson_status"] == "passed"
    assert received[-1]["cmi"]["core"]["exit"] == ""
    calls = session.calls()
    assert [c.method for c in calls].count("LMSFinish") == 1
    assert [c for c in calls if c.state == "terminated"] == []
    assert page_log.errors == []


# --- no LMS -------------------------------------------------------------------------------


def test_without_an_api_the_course_runs_standalone_with_a_notice(
    serve_dir: ServeDir, page: Page, page_log: PageLog, hb: Built, tmp_path: Path
) -> None:
    root = tmp_path / "site"
    shutil.copytree(hb.root, root)
    page.goto(serve_dir(root) + "index.html")
    bot = ready(LearnerBot(page, hb.info))
    notice = page.locator("[data-tf-notice]")
    expect(notice).to_be_visible()
    expect(notice).to_have_text("Your progress is saved in this browser only.")
    walk(bot, pages=3)
    stop = bot.visible_page()
    page.reload()  # progress kept in localStorage, like the web format
    bot = ready(LearnerBot(page, hb.info))
    assert bot.visible_page() == stop
    assert bot.run() == Result("passed", 100)
    assert page_log.errors == []
