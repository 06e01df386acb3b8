"""The test State API server follows xAPI 1.0.3 Communication §2.3 (State Resource)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests
from support.state_api import StateLRS

AUTH = "Basic dGVzdDp0ZXN0"
ORIGIN = "http://127.0.0.1:1"
HEADERS = {"Authorization": AUTH, "X-Experience-API-Version": "1.0.3"}
AGENT = json.dumps({"objectType": "Agent", "name": "Ada", "mbox": "mailto:ada@example.org"})
SCOPE = {
    "activityId": "https://learning.trust-safety.example/courses/hb-101",
    "agent": AGENT,
    "registration": "760e3480-ba55-4991-94b0-01820dbd23a2",
}


@pytest.fixture
def server() -> Iterator[StateLRS]:
    lrs = StateLRS(cors_origins=[ORIGIN], auth_header=AUTH).start()
    yield lrs
    lrs.stop()


def url(server: StateLRS) -> str:
    return server.endpoint + "activities/state"


def test_put_get_post_merge_delete(server: StateLRS) -> None:
    params = {**SCOPE, "stateId": "bookmark"}
    assert requests.get(url(server), params=params, headers=HEADERS).status_code == 404
    put = requests.put(url(server), params=params, headers=HEADERS, json={"a": 1, "b": 2})
    assert put.status_code == 204
    got = requests.get(url(server), params=params, headers=HEADERS)
    assert got.status_code == 200 and got.json() == {"a": 1, "b": 2} and got.headers["ETag"]
    merged = requests.post(url(server), params=params, headers=HEADERS, json={"b": 3, "c": 4})
    assert merged.status_code == 204
    assert requests.get(url(server), params=params, headers=HEADERS).json() == {
        "a": 1,
        "b": 3,
        "c": 4,
    }
    # The agent is matched on its identifier, not on the name it carries.
    other_name = {**params, "agent": json.dumps({"mbox": "mailto:ada@example.org"})}
    assert requests.get(url(server), params=other_name, headers=HEADERS).status_code == 200
    # Another registration is another scope.
    elsewhere = {**params, "registration": "11111111-2222-4333-8444-555555555555"}
    assert requests.get(url(server), params=elsewhere, headers=HEADERS).status_code == 404
    ids = requests.get(url(server), params=SCOPE, headers=HEADERS)
    assert ids.json() == ["bookmark"]
    assert requests.delete(url(server), params=params, headers=HEADERS).status_code == 204
    assert requests.get(url(server), params=params, headers=HEADERS).status_code == 404


@pytest.mark.parametrize(
    ("params", "headers", "status"),
    [
        ({**SCOPE, "stateId": "s"}, {"X-Experience-API-Version": "1.0.3"}, 401),
        ({**SCOPE, "stateId": "s"}, {"Authorization": AUTH}, 400),
        ({**SCOPE, "agent": "{}", "stateId": "s"}, HEADERS, 400),
        ({**SCOPE, "activityId": "hb-101", "stateId": "s"}, HEADERS, 400),
        ({**SCOPE, "registration": "nope", "stateId": "s"}, HEADERS, 400),
        (SCOPE, HEADERS, 400),  # PUT without stateId
    ],
    ids=[
        "no-auth",
        "no-version",
        "agent-without-ifi",
        "relative-activity",
        "bad-registration",
        "no-state-id",
    ],
)
def test_refusals(
    server: StateLRS, params: dict[str, str], headers: dict[str, str], status: int
) -> None:
    assert requests.put(url(server), params=params, headers=headers, json={}).status_code == status


def test_post_merges_only_json_objects(server: StateLRS) -> None:
    params = {**SCOPE, "stateId": "text"}
    text = {**HEADERS, "Content-Type": "text/plain"}
    assert requests.put(url(server), params=params, headers=text, data=b"x").status_code == 204
    assert requests.post(url(server), params=params, headers=HEADERS, json={}).status_code == 400


def test_cors(server: StateLRS) -> None:
    preflight = requests.options(
        url(server),
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "authorization,content-type,x-experience-api-version",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "X-Experience-API-Version" in preflight.headers["Access-Control-Allow-Headers"]
    stranger = requests.options(url(server), headers={"Origin": "http://127.0.0.1:2"})
    assert "Access-Control-Allow-Origin" not in stranger.headers


def test_other_resources_without_upstream_are_not_found(server: StateLRS) -> None:
    assert requests.get(server.endpoint + "statements", headers=HEADERS).status_code == 404
