"""Tracking by policy area in xAPI: every question type as a cmi.interaction, partial credit in
`result.score`, policy and clause extensions on every page and question statement, pre-test
statements marked for learning gain, and the attestation as a statement about the policy version
-- in real Chromium against a real Ralph LRS, every statement checked by Ralph's strict model.

Contract tests call the adapter as the player's contract says the player does (see
test_policy_tracking_scorm12.py); the end-to-end test waits for the player and the bot.
"""

from __future__ import annotations

import json
import urllib.parse
import uuid
from typing import Any

import pytest
from playwright.sync_api import Page
from support.bot import LearnerBot, Result
from support.browser import PageLog
from support.fixtures import LRSStarter, StaticServerFactory
from support.lrs import RalphLRS
from support.xapi import validate_statement
from test_policy_tracking_scorm12 import (
    HARNESS,
    Contract,
    Package,
    build_package,
    right_action_wrong_clause,
    take_final,
    write_policy_course,
)
from xapi_session import EXT, VERB, check_volatile, wait_for, wait_for_statements

BASE = "https://learning.your-organisation.example/courses"  # the scaffold's course.yaml
COURSE = f"{BASE}/c"
ACTOR = {"objectType": "Agent", "name": "Grace Hopper", "mbox": "mailto:grace@example.org"}
ATTESTED = "https://trainforge.dev/xapi/verbs/attested"
POLICY = {EXT + "policy-id": "hb", EXT + "policy-version": 2}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Package:
    course_dir = write_policy_course(tmp_path_factory.mktemp("repo"))
    return build_package(course_dir, tmp_path_factory.mktemp("xapi"), "xapi")


class Launched:
    """The package on its own origin, a Ralph LRS that allows it, and a launch URL."""

    def __init__(self, package: Package, static_server: StaticServerFactory, lrs: LRSStarter):
        content = static_server({"/": package.root})
        self.lrs: RalphLRS = lrs(content.origin)
        self.base_url = content.base_url
        self.registration = str(uuid.uuid4())

    def url(self, page: str) -> str:
        query = urllib.parse.urlencode(
            {
                "endpoint": self.lrs.endpoint,
                "auth": self.lrs.auth_header,
                "actor": json.dumps(ACTOR),
                "registration": self.registration,
            }
        )
        return f"{self.base_url}{page}?{query}"


def by(statements: list[dict[str, Any]], verb: str, object_id: str) -> dict[str, Any]:
    verb_id = verb if ":" in verb else VERB + verb
    found = [s for s in statements if s["verb"]["id"] == verb_id and s["object"]["id"] == object_id]
    assert len(found) == 1, f"{len(found)} {verb} statements about {object_id}"
    return found[0]


def question(qid: str) -> str:
    return f"{COURSE}/questions/{qid}"


def extensions(statement: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = statement["context"].get("extensions", {})
    return found


@pytest.fixture
def launched(package: Package, static_server: StaticServerFactory, lrs: LRSStarter) -> Launched:
    return Launched(package, static_server, lrs)


# --- contract tests ----------------------------------------------------------------------------


def test_statements_of_every_type_partial_credit_pre_test_and_attestation(
    page: Page, page_log: PageLog, launched: Launched
) -> None:
    page.goto(launched.url(HARNESS))
    contract = Contract(page.main_frame)
    contract.answered("baseline", "q-context", ["false"], 0)
    contract.call("assessed", "baseline", {"score": 0, "passed": False, "attempt": 1})
    take_final(contract)
    contract.call("attested", {"policy": "hb", "version": 2})
    contract.call("finished", {"status": "failed", "score": 73, "passingScore": 80})
    contract.call("terminate")
    # initialized, experienced (first page), 2 for the pre-test, 9 answered + 1 failed for the
    # final, attested, failed (course), terminated.
    stored = wait_for_statements(launched.lrs, 17)
    assert len(stored) == 17
    for statement in stored:
        validate_statement(statement)  # Ralph's strict xAPI 1.0.3 model
    check_volatile(stored)

    # Partial credit: the right action under the wrong clause earns 0.6 of 1 point.
    decision = by(stored, "answered", question("mod-1"))
    assert decision["result"]["score"] == {"scaled": 0.6, "raw": 0.6, "min": 0, "max": 1}
    assert decision["result"]["success"] is False
    assert decision["result"]["response"] == "remove[,]HB-1"
    assert decision["object"]["definition"]["interactionType"] == "choice"
    assert extensions(decision) == {
        **POLICY,
        EXT + "clauses": ["HB-3.2"],
        EXT + "objectives": ["obj-apply"],
        EXT + "question-kind": "assessment",
        EXT + "attempt": 1,
        EXT + "assessment-role": "post",
    }
    matching = by(stored, "answered", question("match-1"))
    assert matching["result"]["response"] == "s1[.]t1[,]s2[.]t9"
    assert matching["result"]["score"]["scaled"] == 0.5
    assert matching["object"]["definition"]["correctResponsesPattern"] == ["s1[.]t1[,]s2[.]t2"]
    ordering = by(stored, "answered", question("order-1"))
    assert ordering["object"]["definition"]["interactionType"] == "sequencing"
    assert ordering["result"]["response"] == "match[,]read[,]act"
    assert ordering["result"]["score"]["raw"] == 0.33  # one item of three in place

    # A scenario: each step a choice under the scenario, then the case as a performance.
    step = by(stored, "answered", question("case-1--second"))
    assert step["object"]["definition"]["interactionType"] == "choice"
    assert step["result"]["response"] == "a" and step["result"]["success"] is True
    assert step["context"]["contextActivities"] == {
        "parent": [{"id": question("case-1")}],
        "grouping": [
            {"id": COURSE},
            {"id": f"{COURSE}/modules/check"},
            {"id": f"{COURSE}/pages/final"},
        ],
    }
    case = by(stored, "answered", question("case-1"))
    assert case["object"]["definition"]["interactionType"] == "performance"
    assert case["result"]["response"] == "start[.]a[,]second[.]a"
    assert case["result"]["score"] == {"scaled": 1, "raw": 1, "min": 0, "max": 1}

    # The pre-test is marked, and names the post-test it pairs with.
    pre = by(stored, "failed", f"{COURSE}/pages/baseline")
    assert extensions(pre)[EXT + "assessment-role"] == "pre"
    assert extensions(pre)[EXT + "paired-with"] == f"{COURSE}/pages/final"
    assert extensions(by(stored, "failed", f"{COURSE}/pages/final"))[EXT + "paired-with"] == (
        f"{COURSE}/pages/baseline"
    )
    answers = [s for s in stored if s["verb"]["id"] == VERB + "answered"]
    assert extensions(answers[0])[EXT + "assessment-role"] == "pre"
    assert {extensions(s)[EXT + "assessment-role"] for s in answers[1:]} == {"post"}

    # The attestation: the policy version is the object, its id and version the extensions.
    attested = by(stored, ATTESTED, f"{BASE}/policies/hb/v2")
    assert attested["verb"]["display"] == {"en-US": "attested"}
    assert attested["object"]["definition"] == {
        "type": "http://id.tincanapi.com/activitytype/document",
        "name": {"en": "Harassment & Bullying v2"},
    }
    assert extensions(attested) == POLICY
    assert attested["context"]["contextActivities"] == {"grouping": [{"id": COURSE}]}
    assert attested["context"]["registration"] == launched.registration
    assert attested["result"] == {"completion": True}
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in stored]
    assert verbs[-4:] == ["failed", "attested", "failed", "terminated"]

    # Every page and question statement says which policy, at which version.
    for statement in stored:
        if "/pages/" in statement["object"]["id"] or "/questions/" in statement["object"]["id"]:
            assert POLICY.items() <= extensions(statement).items(), statement["object"]["id"]
    assert page_log.errors == []


def test_an_attestation_is_sent_once(page: Page, page_log: PageLog, launched: Launched) -> None:
    page.goto(launched.url(HARNESS))
    contract = Contract(page.main_frame)
    contract.call("attested", {"policy": "hb", "version": 2})
    contract.call("attested", {"policy": "hb", "version": 2})
    contract.call("terminate")
    stored = wait_for_statements(launched.lrs, 4)  # initialized, experienced, attested, terminated
    assert [s["verb"]["id"] for s in stored].count(ATTESTED) == 1
    for statement in stored:
        validate_statement(statement)
    assert page_log.errors == []


# --- end to end ----------------------------------------------------------------------------------


def test_a_learner_takes_every_type_and_attests(
    page: Page, page_log: PageLog, package: Package, launched: Launched
) -> None:
    page.goto(launched.url("index.html"))
    page.wait_for_selector('[data-tf-action="next"]:not([disabled])')
    bot = LearnerBot(page, package.info, policy=right_action_wrong_clause)
    assert bot.run() == Result("passed", 94)
    page.goto("about:blank")  # pagehide: terminated, and the queue flushes
    terminated = VERB + "terminated"
    wait_for(
        lambda: any(s["verb"]["id"] == terminated for s in launched.lrs.statements()),
        30,
        "terminated",
    )
    stored = launched.lrs.statements()
    decision = by(stored, "answered", question("mod-1"))
    assert decision["result"]["score"]["scaled"] == 0.6
    attested = by(stored, ATTESTED, f"{BASE}/policies/hb/v2")
    assert extensions(attested) == POLICY
    baseline = f"{COURSE}/pages/baseline"
    pre = [
        extensions(s)[EXT + "assessment-role"]
        for s in stored
        if s["object"]["id"] == baseline and s["verb"]["id"] in (VERB + "passed", VERB + "failed")
    ]
    assert pre == ["pre"]
    for statement in stored:
        validate_statement(statement)
    assert page_log.errors == []
