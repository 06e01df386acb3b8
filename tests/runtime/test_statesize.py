"""The saved-state string: core.js's encoder in node against runtime/statesize.py's worst case.

SCORM 1.2 keeps the string in cmi.suspend_data (CMIString4096), so the build-time bound must be
exactly what the player can write, and decoding must survive republishing and garbage.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
from runtime_courses import RunNode, load, player_data, write_big_course

from trainforge.runtime.statesize import (
    SCORM12_SUSPEND_DATA_MAX,
    id_key,
    key_collisions,
    worst_case_state_size,
)

State = dict[str, Any]
Data = dict[str, Any]


def slots(data: Data) -> list[tuple[Data, str]]:
    return [(p, q) for p in data["pages"] for q in p["questions"]]


def right(q: Data, chosen: list[str]) -> bool:
    return sorted(chosen) == sorted(o["id"] for o in q["options"] if o["correct"])


def worst_state(data: Data) -> State:
    """Every page visited, every question answered with the most options, every test taken."""
    answers = {}
    for page, qid in slots(data):
        q = data["questions"][qid]
        ids = [o["id"] for o in q["options"]]
        chosen = ids if q["type"] == "multiple_response" else [max(ids)]
        answers[f"{page['id']}/{qid}"] = {"chosen": chosen, "submitted": True, "correct": False}
    attempts = data["completion"]["maxAttempts"] or 1295
    tests = [p["id"] for p in data["pages"] if p["kind"] == "assessment"]
    return {
        "page": data["pages"][-1]["id"],
        "visited": [p["id"] for p in data["pages"]],
        "answers": answers,
        "assessments": {
            t: {"attempts": attempts, "best": 100, "last": 99, "locked": True} for t in tests
        },
        "finished": "incomplete",
    }


def random_state(data: Data, rng: random.Random) -> State:
    """A state the player could hold, in the normal form decode() returns."""
    pages = data["pages"]
    state: State = {
        "page": rng.choice(pages)["id"],
        "visited": [p["id"] for p in pages if rng.random() < 0.5],
        "answers": {},
        "assessments": {},
        "finished": rng.choice(["", "passed", "failed", "completed", "incomplete"]),
    }
    for page in pages:
        locked = False
        if page["kind"] == "assessment" and rng.random() < 0.7:
            best = rng.randint(0, 100)
            locked = rng.random() < 0.5
            state["assessments"][page["id"]] = {
                "attempts": rng.randint(1, 1295),
                "best": best,
                "last": rng.randint(0, best),
                "locked": locked,
            }
        for qid in page["questions"]:
            if rng.random() < 0.3:
                continue
            q = data["questions"][qid]
            ids = [o["id"] for o in q["options"]]
            if q["type"] == "multiple_response":
                chosen = [i for i in ids if rng.random() < 0.5] or [ids[0]]
            else:
                chosen = [rng.choice(ids)]
            submitted = locked if page["kind"] == "assessment" else rng.random() < 0.5
            state["answers"][f"{page['id']}/{qid}"] = {
                "chosen": chosen,
                "submitted": submitted,
                "correct": right(q, chosen) if submitted else None,
            }
    return state


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Data]:
    course = load(write_big_course(tmp_path_factory.mktemp("big") / "big"))
    return course, player_data(course)


def test_worst_case_of_200_questions_is_exact_and_fits_scorm12(
    big: tuple[Any, Data], run_node: RunNode
) -> None:
    course, data = big
    assert len(course.questions) == 200
    assert all(len(q.options) == 26 for q in course.questions.values())
    [encoded] = run_node([{"op": "encode", "state": worst_state(data), "course": data}])
    assert len(encoded) == worst_case_state_size(course)
    assert len(encoded) <= SCORM12_SUSPEND_DATA_MAX


def test_no_state_is_longer_than_the_worst_case(big: tuple[Any, Data], run_node: RunNode) -> None:
    course, data = big
    rng = random.Random(20240601)
    states = [random_state(data, rng) for _ in range(60)]
    encoded = run_node([{"op": "encode", "state": s, "course": data} for s in states])
    assert max(map(len, encoded)) <= worst_case_state_size(course)
    decoded = run_node([{"op": "decode", "text": t, "course": data} for t in encoded])
    assert decoded == states


def test_id_key_mirrors_the_js_hash(big: tuple[Any, Data], run_node: RunNode) -> None:
    _, data = big
    ids = [p["id"] for p in data["pages"]] + [f"{p['id']}/{q}" for p, q in slots(data)]
    ids += ["a", "hb-101", "x" * 64, "ünïcödé/ключ", "😀", ""]
    js = run_node([{"op": "key", "id": i} for i in ids])
    assert js == [id_key(i) for i in ids]
    assert all(len(k) == 5 for k in js)


def test_worst_case_per_view(scaffold_dir: Path, run_node: RunNode) -> None:
    """A SCO per module saves only its own pages: the bound takes the view's modules."""
    course = load(scaffold_dir)
    data = player_data(course)
    whole = worst_case_state_size(course)
    [encoded] = run_node([{"op": "encode", "state": worst_state(data), "course": data}])
    assert len(encoded) == whole
    first = worst_case_state_size(course, modules=["basics"])
    assert first == whole - 5 - 13 * 2 - 14  # one page, its two slots, one assessment fewer
    assert key_collisions(course) == []


def test_round_trip_restores_everything(scaffold_dir: Path, run_node: RunNode) -> None:
    data = player_data(load(scaffold_dir))
    state = {
        "page": "applying",
        "visited": ["welcome", "applying"],
        "answers": {
            "applying/q-apply": {"chosen": ["b"], "submitted": True, "correct": False},
            "final/q-apply": {"chosen": ["a"], "submitted": False, "correct": None},
        },
        "assessments": {"final": {"attempts": 2, "best": 50, "last": 0, "locked": False}},
        "finished": "",
    }
    [text] = run_node([{"op": "encode", "state": state, "course": data}])
    assert text.startswith("1~0.1.0~")
    [back] = run_node([{"op": "decode", "text": text, "course": data}])
    assert back == state


def test_the_documented_example_is_what_the_encoder_writes(
    scaffold_dir: Path, run_node: RunNode
) -> None:
    data = player_data(load(scaffold_dir))
    state = {
        "page": "applying",
        "visited": ["welcome", "applying"],
        "answers": {
            "applying/q-apply": {"chosen": ["b"], "submitted": True, "correct": False},
            "final/q-context": {"chosen": ["true"], "submitted": False, "correct": None},
        },
        "assessments": {"final": {"attempts": 1, "best": 50, "last": 50, "locked": False}},
        "finished": "",
    }
    [text] = run_node([{"op": "encode", "state": state, "course": data}])
    doc = (Path(__file__).parents[2] / "docs" / "state-format.md").read_text(encoding="utf-8")
    assert f"\n{text}\n" in doc


GARBAGE: list[Any] = [
    None,
    "",
    "{}",
    "2~0.1.0~aaaaa0~~~",  # a future format version
    "1~0.1.0~aaaaa0~~~~",  # one field too many
    "1~0.1.0~aaaaax~~~",  # unknown finish code
    "1~0.1.0~aaaaa0~abc~~",  # visited not a whole number of keys
    "1~0.1.0~AAAAA0~~~",  # upper case
    "1~0.1.0~aaaaa0~~zzzzzzzzzzzzz~",  # an answer under an unknown key
    "x" * 5000,
    12345,
    ["1~"],
]


def test_garbage_gives_a_fresh_start(scaffold_dir: Path, run_node: RunNode) -> None:
    data = player_data(load(scaffold_dir))
    fresh = {"page": "welcome", "visited": [], "answers": {}, "assessments": {}, "finished": ""}
    decoded = run_node([{"op": "decode", "text": g, "course": data} for g in GARBAGE])
    assert decoded == [fresh] * len(GARBAGE)


def test_a_state_from_another_version_keeps_what_still_exists(
    scaffold_dir: Path, run_node: RunNode
) -> None:
    old = player_data(load(scaffold_dir))
    state = {
        "page": "applying",
        "visited": ["welcome", "applying", "final"],
        "answers": {
            "applying/q-apply": {"chosen": ["a"], "submitted": True, "correct": True},
            "final/q-apply": {"chosen": ["a"], "submitted": True, "correct": True},
            "final/q-context": {"chosen": ["false"], "submitted": True, "correct": False},
        },
        "assessments": {"final": {"attempts": 1, "best": 50, "last": 50, "locked": True}},
        "finished": "failed",
    }
    [text] = run_node([{"op": "encode", "state": state, "course": old}])

    new = copy.deepcopy(old)
    new["version"] = "0.2.0"
    new["pages"] = [p for p in new["pages"] if p["id"] != "applying"]  # page removed
    new["pages"].insert(0, {**new["pages"][0], "id": "intro", "questions": []})  # page added
    options = new["questions"]["q-context"]["options"]
    options.reverse()  # reordered options keep the answer
    q_apply = new["questions"]["q-apply"]
    q_apply["options"].append({"id": "c", "correct": False, "text": "new"})  # changed options

    [back] = run_node([{"op": "decode", "text": text, "course": new}])
    assert back["page"] == "intro"  # the saved page is gone: start at the first page
    assert back["visited"] == ["welcome", "final"]
    # q-apply's options changed: its answers are dropped; the assessment's question set with
    # it, so the assessment record goes too and its remaining answer is an open choice again.
    assert back["answers"] == {
        "final/q-context": {"chosen": ["false"], "submitted": False, "correct": None}
    }
    assert back["assessments"] == {}
    assert back["finished"] == "failed"

    same_questions = copy.deepcopy(old)
    same_questions["version"] = "0.3.0"
    same_questions["completion"]["maxAttempts"] = 1
    [back] = run_node([{"op": "decode", "text": text, "course": same_questions}])
    assert back == state  # another version, nothing changed that the state refers to


def test_exhausted_open_attempt_is_restored_locked(scaffold_dir: Path, run_node: RunNode) -> None:
    """A record says attempts are used up but the attempt is open: by rule, it is locked."""
    data = copy.deepcopy(player_data(load(scaffold_dir)))
    data["completion"]["maxAttempts"] = 2
    state = {
        "page": "final",
        "visited": ["final"],
        "answers": {"final/q-apply": {"chosen": ["b"], "submitted": False, "correct": None}},
        "assessments": {"final": {"attempts": 2, "best": 0, "last": 0, "locked": False}},
        "finished": "",
    }
    [text] = run_node([{"op": "encode", "state": state, "course": data}])
    [back] = run_node([{"op": "decode", "text": text, "course": data}])
    assert back["assessments"]["final"]["locked"] is True
    assert back["answers"]["final/q-apply"] == {
        "chosen": ["b"],
        "submitted": True,
        "correct": False,
    }


RESULTS = [
    # rule, visited all?, assessment record (attempts, best) or None, maxAttempts -> status
    ("viewed", True, None, 0, "completed"),
    ("viewed", False, (1, 100), 0, "incomplete"),
    ("passed", False, (1, 100), 0, "passed"),
    ("passed", True, (1, 50), 0, "failed"),
    ("passed", True, None, 0, "failed"),
    ("viewed_and_passed", True, (1, 100), 0, "passed"),
    ("viewed_and_passed", False, (1, 100), 0, "incomplete"),
    ("viewed_and_passed", False, (3, 50), 3, "failed"),  # no attempt left can change it
    ("viewed_and_passed", False, (1, 50), 3, "incomplete"),
    ("viewed_and_passed", True, (1, 50), 0, "failed"),  # finished without passing
    ("viewed_and_passed", True, None, 0, "failed"),
]


@pytest.mark.parametrize(("rule", "viewed", "record", "max_attempts", "status"), RESULTS)
def test_course_result(
    scaffold_dir: Path,
    run_node: RunNode,
    rule: str,
    viewed: bool,
    record: tuple[int, int] | None,
    max_attempts: int,
    status: str,
) -> None:
    data = copy.deepcopy(player_data(load(scaffold_dir)))
    data["completion"].update(rule=rule, maxAttempts=max_attempts)
    state = {
        "page": "final",
        "visited": ["welcome", "applying", "final"] if viewed else ["final"],
        "answers": {},
        "assessments": {},
        "finished": "",
    }
    if record:
        attempts, best = record
        state["assessments"]["final"] = {
            "attempts": attempts,
            "best": best,
            "last": best,
            "locked": True,
        }
    [result] = run_node([{"op": "result", "state": state, "course": data}])
    assert result == {"status": status, "score": record[1] if record else 0}


def test_result_without_assessment_has_no_score(scaffold_dir: Path, run_node: RunNode) -> None:
    data = copy.deepcopy(player_data(load(scaffold_dir)))
    data["pages"] = [p for p in data["pages"] if p["kind"] == "lesson"]
    data["completion"]["rule"] = "passed"
    state = {
        "page": "applying",
        "visited": ["welcome", "applying"],
        "answers": {},
        "assessments": {},
        "finished": "",
    }
    [result] = run_node([{"op": "result", "state": state, "course": data}])
    assert result == {"status": "completed", "score": None}
