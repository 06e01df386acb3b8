"""The SCORM 1.2 harness, driven by a hand-written SCO (data/tiny_sco.html)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from support.fixtures import Scorm12Launcher
from support.paths import require_node_package
from support.scorm_manifest import _with_parameters, read_sco_launch

DATA = Path(__file__).with_name("data")


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """An extracted package: the manifest at the root, the SCO in a sub-folder."""
    root = tmp_path / "package"
    (root / "sco").mkdir(parents=True)
    shutil.copy(DATA / "tiny_sco.html", root / "sco" / "tiny_sco.html")
    shutil.copy(DATA / "imsmanifest.xml", root / "imsmanifest.xml")
    return root


def test_manifest_gives_launch_and_lms_data(package: Path) -> None:
    launch = read_sco_launch(package)
    assert launch.href == "sco/tiny_sco.html?from=manifest"  # default org, not the first
    assert (launch.mastery_score, launch.launch_data) == ("80", "lang=en")


@pytest.mark.parametrize(
    ("href", "parameters", "expected"),
    [
        ("a.html", "", "a.html"),
        ("a.html", "x=1", "a.html?x=1"),
        ("a.html", "?x=1", "a.html?x=1"),
        ("a.html?y=2", "?x=1", "a.html?y=2&x=1"),
        ("a.html", "#p2", "a.html#p2"),
        ("a.html#p1", "#p2", "a.html#p1"),
    ],
)
def test_item_parameters_are_appended_like_an_lms(
    href: str, parameters: str, expected: str
) -> None:
    assert _with_parameters(href, parameters) == expected


def test_missing_npm_package_names_the_fix() -> None:
    with pytest.raises(FileNotFoundError, match="npm ci"):
        require_node_package("no-such-package")


def test_first_launch_gets_lms_data_before_initialize(
    scorm12: Scorm12Launcher, package: Path
) -> None:
    session = scorm12(package)
    session.wait_for_call("LMSInitialize")
    frame = session.frame()
    expect(frame.locator("#entry")).to_have_text("ab-initio")
    expect(frame.locator("#mastery")).to_have_text("80")
    expect(frame.locator("#launch-data")).to_have_text("lang=en")
    expect(frame.locator("#query")).to_have_text("?from=manifest")
    assert frame.url == session.server.base_url + "course/sco/tiny_sco.html?from=manifest"
    assert session.page.url.startswith(session.server.base_url)  # same origin as the LMS
    assert session.server.failed_requests() == []


def test_records_every_call_with_result_error_and_state(
    scorm12: Scorm12Launcher, package: Path
) -> None:
    session = scorm12(package)
    session.wait_for_call("LMSInitialize")
    frame = session.frame()
    frame.click("#suspend-exit")
    calls = session.calls()
    assert (calls[0].method, calls[0].args, calls[0].result) == ("LMSInitialize", ("",), "true")
    assert calls[0].state == "not initialized" and calls[0].error == "0"
    assert [c.seq for c in calls] == list(range(len(calls)))
    assert session.set_values()[-3:] == [
        ("cmi.suspend_data", "viewed=1,2"),
        ("cmi.core.exit", "suspend"),
        ("cmi.core.session_time", "00:01:30"),
    ]
    finish = session.calls("LMSFinish")
    assert [(c.result, c.state) for c in finish] == [("true", "initialized")]
    assert session.state() == "terminated"


def test_writes_after_finish_are_recorded_and_accepted(
    scorm12: Scorm12Launcher, package: Path
) -> None:
    """scorm-again's SCORM 1.2 API answers "true" to LMSSetValue after LMSFinish and changes
    the model, so only the recording can show a SCO that writes too late."""
    session = scorm12(package)
    session.wait_for_call("LMSInitialize")
    session.frame().click("#finish")
    session.frame().click("#late-write")
    late = [c for c in session.calls("LMSSetValue") if c.state == "terminated"]
    assert [(c.args, c.result, c.error) for c in late] == [
        (("cmi.core.lesson_status", "failed"), "true", "0")
    ]
    assert session.get("cmi.core.lesson_status") == "failed"


def test_cmi_and_total_time(scorm12: Scorm12Launcher, package: Path) -> None:
    session = scorm12(package)
    session.wait_for_call("LMSInitialize")
    session.frame().click("#suspend-exit")
    cmi = session.cmi()
    assert cmi["core"]["lesson_location"] == "page-2"
    assert cmi["core"]["student_id"] == "learner-1"
    assert session.get("suspend_data") == "viewed=1,2"
    assert session.total_time() == "00:01:30"


def test_relaunch_resumes_and_keeps_the_first_session_readable(
    scorm12: Scorm12Launcher, package: Path
) -> None:
    first = scorm12(package)
    first.wait_for_call("LMSInitialize")
    first.frame().click("#suspend-exit")
    second = first.relaunch()
    second.wait_for_call("LMSInitialize")
    expect(second.frame().locator("#entry")).to_have_text("resume")
    expect(second.frame().locator("#suspend")).to_have_text("viewed=1,2")
    assert second.get("core.lesson_location") == "page-2"
    assert second.total_time() == "00:01:30"  # the LMS accumulated the first session_time
    # The first session's pagehide handler called LMSFinish a second time. scorm-again sets
    # error 101 but still answers "true" (it returns "false" only for SCORM 2004's 113).
    assert [(c.result, c.error) for c in first.calls("LMSFinish")] == [
        ("true", "0"),
        ("true", "101"),
    ]
    assert first.state() == "closed"


def test_unload_runs_the_scos_pagehide_handler(scorm12: Scorm12Launcher, package: Path) -> None:
    session = scorm12(package)
    session.wait_for_call("LMSInitialize")
    session.unload()
    assert [c.result for c in session.calls("LMSFinish")] == ["true"]
    assert session.get("core.lesson_status") == "incomplete"


@pytest.mark.parametrize(
    ("settings", "status"), [({}, "failed"), ({"mastery_override": False}, "passed")]
)
def test_scorm_again_applies_the_mastery_score_at_finish(
    scorm12: Scorm12Launcher, package: Path, settings: dict[str, bool], status: str
) -> None:
    """Pins a peer behaviour: with a masteryscore (80) and credit, scorm-again replaces the
    SCO's "passed" by "failed" for a raw score of 50 unless mastery_override is off."""
    session = scorm12(package, settings=settings)
    session.wait_for_call("LMSInitialize")
    session.frame().click("#score")
    session.frame().click("#finish")
    assert session.get("core.lesson_status") == status


def test_explicit_launch_without_manifest(scorm12: Scorm12Launcher, tmp_path: Path) -> None:
    root = tmp_path / "bare"
    root.mkdir()
    shutil.copy(DATA / "tiny_sco.html", root / "index.html")
    session = scorm12(root, launch="index.html", cmi={"core": {"student_name": "Doe, Jane"}})
    session.wait_for_call("LMSInitialize")
    expect(session.frame().locator("#entry")).to_have_text("ab-initio")  # defaults kept
    assert session.get("core.student_name") == "Doe, Jane"
    assert session.lms_log() == []
