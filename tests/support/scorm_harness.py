"""A SCORM 1.2 LMS for tests: scorm-again's runtime in a real page, the SCO in an iframe.

`ScormSession.launch` serves the package and the harness page from one 127.0.0.1 origin (as an
LMS does, so the SCO can reach `window.parent.API`), preloads CMI data, opens the SCO, and then
lets tests read back every API call and the LMS-side CMI model.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Frame, Page

from support.paths import require_node_package
from support.scorm_manifest import read_sco_launch
from support.static_server import StaticServer

HARNESS_DIR = Path(__file__).with_name("lms")
HARNESS_PATH = "/lms/harness.html"
COURSE_PREFIX = "/course/"  # a sub-path, like real LMSs: root-absolute URLs in a package break
#: The harness server's LMS back end: scorm-again POSTs the CMI model here on each LMSCommit
#: (a synchronous XHR) and at LMSFinish (sendBeacon) when a test sets `COMMIT_SETTINGS`.
COMMIT_PATH = "/lms/commit"
COMMIT_SETTINGS: dict[str, Any] = {"lmsCommitUrl": COMMIT_PATH}
COMMIT_REPLY = b'{"result": true, "errorCode": 0}'

#: scorm-again settings: no commit URL and no autocommit, so the runtime never does network I/O
#: and the CMI model in the page is the whole truth. logLevel 4 = ERROR (scorm-again's default).
DEFAULT_SETTINGS: dict[str, Any] = {"autocommit": False, "lmsCommitUrl": False, "logLevel": 4}

#: What an LMS knows before a first launch. scorm-again defaults `credit` to "" and `entry`
#: to "", which no LMS sends on a first attempt (SCORM 1.2 RTE 3.4.2: "ab-initio", "credit").
FIRST_LAUNCH_CMI: dict[str, Any] = {
    "core": {
        "student_id": "learner-1",
        "student_name": "Learner, Test",
        "entry": "ab-initio",
        "credit": "credit",
        "lesson_mode": "normal",
    }
}


@dataclass(frozen=True)
class ApiCall:
    """One call the SCO made on `window.API`, recorded by the harness.

    `state` is scorm-again's state when the call started: "not initialized", "initialized" or
    "terminated" (so calls after LMSFinish are easy to find). `error` is the API's last error
    code right after the call; `exception` is set if the call threw.
    """

    seq: int
    method: str
    args: tuple[Any, ...]
    result: Any
    error: str
    state: str
    exception: str | None
    ms: float


def _deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


class ScormSession:
    """One launch of a SCO under scorm-again; the Python face of `lms/harness.js`."""

    def __init__(self, page: Page, server: StaticServer, package_dir: Path, launch: str) -> None:
        """Use `ScormSession.launch`; this only binds the parts."""
        self.page = page
        self.server = server
        self.package_dir = package_dir
        self.launch_href = launch
        self._closed_calls: list[ApiCall] | None = None
        self._closed_cmi: dict[str, Any] | None = None
        self._closed_total_time: str | None = None
        self._closed_log: list[dict[str, Any]] | None = None

    @staticmethod
    def serve(package_dir: Path) -> StaticServer:
        """Start a server with the package under /course/ and the harness under /lms/."""
        dist = require_node_package("scorm-again") / "dist"
        return StaticServer(
            {COURSE_PREFIX: package_dir, "/lms/": HARNESS_DIR, "/lms/scorm-again/": dist},
            {COMMIT_PATH: COMMIT_REPLY},
        ).start()

    @classmethod
    def launch(
        cls,
        page: Page,
        server: StaticServer,
        package_dir: Path,
        *,
        launch: str | None = None,
        cmi: Mapping[str, Any] | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> ScormSession:
        """Open the harness in `page`, launch the package's SCO and wait for its load event.

        `launch` defaults to the manifest's first SCO (with its masteryscore/datafromlms given
        to the LMS, as a real LMS does). `cmi` is merged over FIRST_LAUNCH_CMI and loaded with
        `API.loadFromJSON` (keys without the "cmi." root, e.g. {"core": {"entry": "resume"}}).
        `settings` are merged over DEFAULT_SETTINGS.
        """
        lms_cmi = copy.deepcopy(FIRST_LAUNCH_CMI)
        if launch is None:
            sco = read_sco_launch(package_dir)
            launch = sco.href
            if sco.mastery_score is not None:
                lms_cmi = _deep_merge(
                    lms_cmi, {"student_data": {"mastery_score": sco.mastery_score}}
                )
            if sco.launch_data is not None:
                lms_cmi["launch_data"] = sco.launch_data
        lms_cmi = _deep_merge(lms_cmi, cmi or {})
        config = {
            "settings": {**DEFAULT_SETTINGS, **(settings or {})},
            "cmi": lms_cmi,
            "launch": server.base_url.rstrip("/") + COURSE_PREFIX + launch,
        }
        page.goto(server.base_url.rstrip("/") + HARNESS_PATH)
        page.evaluate("config => window.tfHarness.start(config)", config)
        # The SCO's document has loaded (its inline scripts ran) before a test touches frame().
        page.wait_for_function("() => window.tfHarness.loaded")
        return cls(page, server, package_dir, launch)

    # --- what the SCO did -------------------------------------------------------------------

    def frame(self) -> Frame:
        """The course iframe's Playwright Frame (drive the course through its data-tf-* hooks)."""
        frame = self.page.locator("#content").element_handle().content_frame()
        if frame is None:
            raise RuntimeError("the course iframe has no frame (session closed?)")
        return frame

    def calls(self, method: str | None = None) -> list[ApiCall]:
        """Every API call so far (or only those to `method`, e.g. "LMSSetValue"), in order."""
        if self._closed_calls is not None:
            calls = self._closed_calls
        else:
            raw: list[dict[str, Any]] = self.page.evaluate("() => window.tfHarness.calls")
            calls = [ApiCall(**{**r, "args": tuple(r["args"])}) for r in raw]
        return [c for c in calls if method is None or c.method == method]

    def set_values(self) -> list[tuple[str, Any]]:
        """(element, value) of every LMSSetValue call, in order, whatever it returned."""
        return [(c.args[0], c.args[1]) for c in self.calls("LMSSetValue") if len(c.args) >= 2]

    def cmi(self) -> dict[str, Any]:
        """The LMS-side CMI model as scorm-again serializes it for a commit (no "cmi" root).

        (`API.renderCMIToJSONObject()`; core.total_time is not part of it: see `total_time`.)
        """
        if self._closed_cmi is not None:
            return copy.deepcopy(self._closed_cmi)
        cmi: dict[str, Any] = self.page.evaluate("() => window.tfHarness.cmi()")
        return cmi

    def get(self, element: str) -> Any:
        """One CMI value by dotted name, "cmi.core.lesson_status" or "core.lesson_status"."""
        node: Any = self.cmi()
        for key in element.removeprefix("cmi.").split("."):
            node = node[key]
        return node

    def total_time(self) -> str:
        """What the LMS will store as cmi.core.total_time: the old total plus session_time."""
        if self._closed_total_time is not None:
            return self._closed_total_time
        total: str = self.page.evaluate("() => window.API.cmi.core.getCurrentTotalTime()")
        return total

    def state(self) -> str:
        """scorm-again's state: "not initialized", "initialized" or "terminated"."""
        if self._closed_calls is not None:
            return "closed"
        state: str = self.page.evaluate("() => window.tfHarness.state()")
        return state

    def lms_log(self) -> list[dict[str, Any]]:
        """scorm-again's own log messages ({level, message}) at the configured logLevel."""
        if self._closed_log is not None:
            return list(self._closed_log)
        log: list[dict[str, Any]] = self.page.evaluate("() => window.tfHarness.log")
        return log

    def commits(self) -> list[dict[str, Any]]:
        """What reached the LMS back end (with `COMMIT_SETTINGS`): each commit's JSON, in order."""
        return [json.loads(body) for body in self.server.posted(COMMIT_PATH)]

    def wait_for_call(self, method: str, *, timeout_ms: float = 10_000) -> ApiCall:
        """Wait until the SCO has called `method` (e.g. "LMSInitialize"); return the first call."""
        self.page.wait_for_function(
            "m => window.tfHarness.calls.some(c => c.method === m)", arg=method, timeout=timeout_ms
        )
        return self.calls(method)[0]

    # --- ending and resuming ----------------------------------------------------------------

    def unload(self) -> None:
        """Navigate the course iframe away, as an LMS closing the SCO window does.

        The SCO's pagehide/unload handlers run (they often call LMSFinish) and are recorded;
        the harness page stays, so `calls()` and `cmi()` still work.
        """
        self.page.evaluate("() => { document.getElementById('content').src = 'about:blank'; }")
        self.page.wait_for_function(
            "() => document.getElementById('content').contentWindow.location.href === 'about:blank'"
        )

    def resume_cmi(self, *, persisted: bool = False) -> dict[str, Any]:
        """The CMI data an LMS hands the next launch of this SCO (SCORM 1.2 RTE 3.4.2).

        entry is "resume" only if the SCO exited with cmi.core.exit = "suspend"; location,
        suspend_data, status and score carry over; total_time accumulates session_time.
        `persisted`: from what last reached the back end (`commits()`), not the page's model.
        """
        cmi = self.commits()[-1]["cmi"] if persisted else self.cmi()
        core = cmi["core"]
        return {
            "core": {
                "student_id": core["student_id"],
                "student_name": core["student_name"],
                "credit": core["credit"],
                "lesson_mode": core["lesson_mode"],
                "entry": "resume" if core["exit"] == "suspend" else "",
                "lesson_location": core["lesson_location"],
                "lesson_status": core["lesson_status"],
                "score": core["score"],
                "total_time": core["total_time"] if persisted else self.total_time(),
            },
            "suspend_data": cmi["suspend_data"],
            "launch_data": cmi["launch_data"],
            "student_data": {"mastery_score": cmi["student_data"]["mastery_score"]},
        }

    def close(self) -> None:
        """Unload the SCO and keep its calls and CMI, so this object stays readable after the
        page moves on (e.g. to a relaunch)."""
        if self._closed_calls is not None:
            return
        self.unload()
        self._closed_total_time = self.total_time()
        self._closed_cmi = self.cmi()
        self._closed_log = self.lms_log()
        self._closed_calls = self.calls()

    def relaunch(
        self,
        *,
        cmi: Mapping[str, Any] | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> ScormSession:
        """Close this session and launch the same SCO again in the same page, as a returning
        learner; `cmi` defaults to `resume_cmi()` (what the LMS kept)."""
        self.close()
        next_cmi = cmi if cmi is not None else self.resume_cmi()
        return ScormSession.launch(
            self.page,
            self.server,
            self.package_dir,
            launch=self.launch_href,
            cmi=next_cmi,
            settings=settings,
        )
