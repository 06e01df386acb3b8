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
from policy_fixture import add_rich_content, make_repo
from runtime_courses import RunNode, load, player_data, write_big_course

from trainforge.runtime.statesize import (
    SCORM12_SUSPEND_DATA_MAX,
    answer_width,
    id_key,
    key_collisions,
    worst_case_state_size,
)

State = dict[str, Any]
Data = dict[str, Any]


def slots(data: Data) -> list[tuple[Data, str]]:
    return [(p, q) for p in data["pages"] for q in p["questions"]]


def any_answer(q: Data) -> list[Any]:
    """A complete answer to ``q`` (every answer of a type takes the same width)."""
    kind = q["type"]
    ids = [o["id"] for o in q["options"]]
    if kind == "matching":
        return [[s["id"], q["targets"][-1]["id"]] for s in q["sources"]]
    if kind == "ordering":
        return [i["id"] for i in reversed(q["items"])]
    if kind == "scenario":  # the best choice at every step, to the end
        path, step = [], q["steps"][0]
        while step:
            best = next(o for o in step["options"] if o["correct"])
            path.append(f"{step['id']}.{best['id']}")
            step = next((s for s in q["steps"] if s["id"] == best["next"]), None)
        return path
    if kind == "moderation_decision":
        return [max(o["id"] for o in q["options"] if o["group"] == g) for g in ("action", "clause")]
    return ids if kind == "multiple_response" else [max(ids)]


def widest_draw(course: Any, page: Data) -> list[str]:
    """The questions of an attempt of ``page`` whose answers take the most characters."""
    pooled = [q for d in page["pool"] for q in d["questions"]]
    chosen = [q for q in page["questions"] if q not in pooled]
    for d in page["pool"]:
        by_width = sorted(d["questions"], key=lambda q: -answer_width(course.questions[q]))
        chosen += by_width[: d["count"]]
    return chosen


def worst_state(course: Any, data: Data) -> State:
    """Every page visited, every question of the widest draw answered, every test taken."""
    answers = {}
    for page in data["pages"]:
        for qid in widest_draw(course, page):
            chosen = any_answer(data["questions"][qid])
            answers[f"{page['id']}/{qid}"] = {
                "chosen": chosen,
                "submitted": True,
                "correct": False,
                "score": 0,
            }
    attempts = data["completion"]["maxAttempts"] or 1295
    tests = [p["id"] for p in data["pages"] if p["kind"] == "assessment"]
    return {
        "page": data["pages"][-1]["id"],
        "visited": [p["id"] for p in data["pages"]],
        "answers": answers,
        "assessments": {
            t: {"attempts": attempts, "best": 100, "last": 99, "locked": True, "seed": 36**4 - 1}
            for t in tests
        },
        "finished": "incomplete",
        "attested": True,
        "seed": 36**4 - 1,
    }


def random_answer(q: Data, rng: random.Random, submitted: bool) -> list[Any] | None:
    """Something the learner could have chosen (complete if ``submitted``), or None."""
    kind = q["type"]
    if kind == "matching":
        targets = [t["id"] for t in q["targets"]]
        pairs = [[s["id"], rng.choice(targets)] for s in q["sources"]]
        return pairs if submitted else [p for p in pairs if rng.random() < 0.5] or None
    if kind == "ordering":
        items = [i["id"] for i in q["items"]]
        rng.shuffle(items)
        return items
    if kind == "scenario":
        path: list[str] = []
        step = q["steps"][0]
        while True:  # a random walk; a choice leading back onto the path would cut it
            option = rng.choice(step["options"])
            taken = [p.split(".")[0] for p in path] + [step["id"]]
            if option["next"] in taken:
                break
            path.append(f"{step['id']}.{option['id']}")
            if option["next"] is None:
                return path
            step = next(s for s in q["steps"] if s["id"] == option["next"])
        return None if submitted or not path else path
    ids = [o["id"] for o in q["options"]]
    if kind == "moderation_decision":
        picks = [
            rng.choice([o["id"] for o in q["options"] if o["group"] == g])
            for g in ("action", "clause")
            if submitted or rng.random() < 0.7
        ]
        return [i for i in ids if i in picks] or None
    if kind == "multiple_response":
        return [i for i in ids if rng.random() < 0.5] or [ids[0]]
    return [rng.choice(ids)]


def random_state(data: Data, rng: random.Random, run_node: RunNode) -> State:
    """A state the player could hold, in the normal form decode() returns."""
    pages = data["pages"]
    state: State = {
        "page": rng.choice(pages)["id"],
        "visited": [p["id"] for p in pages if rng.random() < 0.5],
        "answers": {},
        "assessments": {},
        "finished": rng.choice(["", "passed", "failed", "completed", "incomplete"]),
        "attested": rng.random() < 0.5,
        "seed": rng.randint(1, 36**4 - 1),
    }
    pending: list[tuple[str, Data, list[Any], bool]] = []
    for page in pages:
        locked = False
        asked = page["questions"]
        drawn = page["pool"] or page["shuffle"]
        if page["kind"] == "assessment" and (drawn or rng.random() < 0.7):
            best = rng.randint(0, 100)
            locked = rng.random() < 0.5
            record = {
                "attempts": rng.randint(1, 1295),
                "best": best,
                "last": rng.randint(0, best),
                "locked": locked,
                "seed": rng.randint(1, 36**4 - 1) if drawn else 0,
            }
            if drawn and not locked and rng.random() < 0.3:  # drawn, never submitted
                record.update(attempts=0, best=0, last=0)
            state["assessments"][page["id"]] = record
            if drawn:
                [asked] = run_node([{"op": "draw", "page": page, "seed": record["seed"]}])
        for qid in asked:
            q = data["questions"][qid]
            submitted = locked if page["kind"] == "assessment" else rng.random() < 0.5
            chosen = random_answer(q, rng, submitted)
            if rng.random() < 0.3 or chosen is None:
                continue
            pending.append((f"{page['id']}/{qid}", q, chosen, submitted))
    graded = run_node([{"op": "grade", "question": q, "chosen": c} for _, q, c, _ in pending])
    for (slot, _, chosen, submitted), answer in zip(pending, graded, strict=True):
        state["answers"][slot] = (
            answer
            if submitted
            else {"chosen": chosen, "submitted": False, "correct": None, "score": None}
        )
    return state


@pytest.fixture(scope="module", params=["choice", "mixed"])
def big(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    mixed = request.param == "mixed"
    course = load(write_big_course(tmp_path_factory.mktemp("big") / "big", mixed=mixed))
    return course, player_data(course)


def test_worst_case_of_200_questions_is_exact_and_fits_scorm12(
    big: tuple[Any, Data], run_node: RunNode
) -> None:
    course, data = big
    assert len(course.questions) == 200
    [encoded] = run_node([{"op": "encode", "state": worst_state(course, data), "course": data}])
    assert len(encoded) == worst_case_state_size(course)
    assert len(encoded) <= SCORM12_SUSPEND_DATA_MAX
    kinds = {q.type for q in course.questions.values()}
    if kinds == {"multiple_response"}:
        assert all(len(q.options) == 26 for q in course.questions.values())
        assert len(encoded) == 2770  # docs/state-format.md
    else:
        assert kinds > {"moderation_decision", "matching", "ordering", "scenario"}
        assert len(encoded) == 3365  # docs/state-format.md


def test_no_state_is_longer_than_the_worst_case(big: tuple[Any, Data], run_node: RunNode) -> None:
    course, data = big
    rng = random.Random(20240601)
    states = [random_state(data, rng, run_node) for _ in range(40)]
    encoded = run_node([{"op": "encode", "state": s, "course": data} for s in states])
    assert max(map(len, encoded)) <= worst_case_state_size(course)
    decoded = run_node([{"op": "decode", "text": t, "course": data} for t in encoded])
    for back, state in zip(decoded, states, strict=True):
        assert back == state


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
    [encoded] = run_node([{"op": "encode", "state": worst_state(course, data), "course": data}])
    assert len(encoded) == whole
    first = worst_case_state_size(course, modules=["basics"])
    assert first == whole - 5 - 13 * 2 - 18  # one page, its two slots, one assessment fewer
    assert key_collisions(course) == []


def open_answer(chosen: list[Any]) -> State:
    return {"chosen": chosen, "submitted": False, "correct": None, "score": None}


def graded(chosen: list[Any], correct: bool, score: float) -> State:
    return {"chosen": chosen, "submitted": True, "correct": correct, "score": score}


def test_round_trip_restores_everything(scaffold_dir: Path, run_node: RunNode) -> None:
    data = player_data(load(scaffold_dir))
    state = {
        "page": "applying",
        "visited": ["welcome", "applying"],
        "answers": {
            "applying/q-apply": graded(["b"], False, 0),
            "final/q-apply": open_answer(["a"]),
        },
        "assessments": {
            "final": {"attempts": 2, "best": 50, "last": 0, "locked": False, "seed": 0}
        },
        "finished": "",
        "attested": True,
        "seed": 0,
    }
    [text] = run_node([{"op": "encode", "state": state, "course": data}])
    assert text.startswith("3~0.1.0~")
    [back] = run_node([{"op": "decode", "text": text, "course": data}])
    assert back == state


DOCUMENTED = {
    "page": "applying",
    "visited": ["welcome", "applying"],
    "answers": {
        "applying/q-apply": graded(["b"], False, 0),
        "final/q-context": open_answer(["true"]),
    },
    "assessments": {"final": {"attempts": 1, "best": 50, "last": 50, "locked": False, "seed": 0}},
    "finished": "",
    "attested": False,
    "seed": 1234,
}


def test_the_documented_example_is_what_the_encoder_writes(
    scaffold_dir: Path, run_node: RunNode
) -> None:
    data = player_data(load(scaffold_dir))
    [text] = run_node([{"op": "encode", "state": DOCUMENTED, "course": data}])
    doc = (Path(__file__).parents[2] / "docs" / "state-format.md").read_text(encoding="utf-8")
    assert f"\n{text}\n" in doc


def test_a_format_1_string_still_decodes(scaffold_dir: Path, run_node: RunNode) -> None:
    """What the format-1 player saved for the documented example resumes unchanged."""
    data = player_data(load(scaffold_dir))
    v1 = "1~0.1.0~yqwbh0~2cwkzyqwbh~4ilfgx2000005bwqctcc000004~zsuyfoq011e1e0"
    [back] = run_node([{"op": "decode", "text": v1, "course": data}])
    assert back == {**DOCUMENTED, "seed": 0}


def test_a_format_2_string_still_decodes(scaffold_dir: Path, run_node: RunNode) -> None:
    """Format 2 is format 3 without the learner's seed: it resumes, with no seed yet."""
    data = player_data(load(scaffold_dir))
    v2 = "2~0.1.0~yqwbh00~2cwkzyqwbh~4ilfgx2000005bwqctcc000004~~zsuyfoq011e1e00000"
    [back] = run_node([{"op": "decode", "text": v2, "course": data}])
    assert back == {**DOCUMENTED, "seed": 0}


GARBAGE: list[Any] = [
    None,
    "",
    "{}",
    "4~0.1.0~aaaaa00~~~~~0000",  # a future format version
    "3~0.1.0~aaaaa00~~~~",  # format 3 without the learner's seed
    "3~0.1.0~aaaaa00~~~~~000",  # a learner's seed of the wrong width
    "2~0.1.0~aaaaa00~~~~~",  # one field too many
    "2~0.1.0~aaaaa0~~~~",  # no attestation flag
    "2~0.1.0~aaaaa02~~~~",  # an impossible attestation flag
    "2~0.1.0~aaaaax0~~~~",  # unknown finish code
    "2~0.1.0~aaaaa00~abc~~~",  # visited not a whole number of keys
    "2~0.1.0~AAAAA00~~~~",  # upper case
    "2~0.1.0~aaaaa00~~~aaaaaaazz1~",  # an answer shorter than its length says
    "2~0.1.0~aaaaa00~~~~aaaaaaaaaaaaaa",  # a format-1 assessment record in format 2
    "1~0.1.0~aaaaa0~~~~",  # format 1: one field too many
    "1~0.1.0~aaaaa00~~~",  # format 1 with an attestation flag
    "x" * 5000,
    12345,
    ["1~"],
]


def test_garbage_gives_a_fresh_start(scaffold_dir: Path, run_node: RunNode) -> None:
    data = player_data(load(scaffold_dir))
    fresh = {
        "page": "welcome",
        "visited": [],
        "answers": {},
        "assessments": {},
        "finished": "",
        "attested": False,
        "seed": 0,
    }
    decoded = run_node([{"op": "decode", "text": g, "course": data} for g in GARBAGE])
    assert decoded == [fresh] * len(GARBAGE)
    unknown = "2~0.1.0~aaaaa00~~zzzzzzzzzzzzz~zzzzzzz011~"  # answers under unknown keys
    [back] = run_node([{"op": "decode", "text": unknown, "course": data}])
    assert back == fresh


def test_a_state_from_another_version_keeps_what_still_exists(
    scaffold_dir: Path, run_node: RunNode
) -> None:
    old = player_data(load(scaffold_dir))
    state = {
        "page": "applying",
        "visited": ["welcome", "applying", "final"],
        "answers": {
            "applying/q-apply": graded(["a"], True, 1),
            "final/q-apply": graded(["a"], True, 1),
            "final/q-context": graded(["false"], False, 0),
        },
        "assessments": {
            "final": {"attempts": 1, "best": 50, "last": 50, "locked": True, "seed": 0}
        },
        "finished": "failed",
        "attested": False,
        "seed": 0,
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
    assert back["answers"] == {"final/q-context": open_answer(["false"])}
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
        "answers": {"final/q-apply": open_answer(["b"])},
        "assessments": {"final": {"attempts": 2, "best": 0, "last": 0, "locked": False, "seed": 0}},
        "finished": "",
        "attested": False,
        "seed": 0,
    }
    [text] = run_node([{"op": "encode", "state": state, "course": data}])
    [back] = run_node([{"op": "decode", "text": text, "course": data}])
    assert back["assessments"]["final"]["locked"] is True
    assert back["answers"]["final/q-apply"] == graded(["b"], False, 0)


RESULTS = [
    # rule, visited all?, assessment record (attempts, best) or None, maxAttempts -> status
    ("viewed", True, None, 0, "completed"),
    ("viewed", False, (1, 100), 0, "incomplete"),
    ("passed", False, (1, 100), 0, "passed"),
    ("passed", True, (1, 50), 0, "incomplete"),  # a retake can change it (report_failed)
    ("passed", True, (1, 50), 1, "failed"),  # no attempt left
    ("passed", True, None, 0, "incomplete"),
    ("viewed_and_passed", True, (1, 100), 0, "passed"),
    ("viewed_and_passed", False, (1, 100), 0, "incomplete"),
    ("viewed_and_passed", False, (3, 50), 3, "failed"),  # no attempt left can change it
    ("viewed_and_passed", False, (1, 50), 3, "incomplete"),
    ("viewed_and_passed", True, (1, 50), 0, "incomplete"),  # finished without passing
    ("viewed_and_passed", True, (2, 50), 2, "failed"),
    ("viewed_and_passed", True, None, 0, "incomplete"),
]
#: completion.report_failed: immediately -- `failed` whether or not attempts remain.
FAILED_AT_ONCE = [
    ("passed", True, (1, 50), 0, "failed"),
    ("passed", True, None, 3, "failed"),
    ("viewed_and_passed", True, (1, 50), 3, "failed"),
    ("viewed_and_passed", False, (1, 50), 3, "incomplete"),
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
    report_failed: str = "when-no-attempts-left",
) -> None:
    data = copy.deepcopy(player_data(load(scaffold_dir)))
    data["completion"].update(rule=rule, maxAttempts=max_attempts, reportFailed=report_failed)
    state = {
        "page": "final",
        "visited": ["welcome", "applying", "final"] if viewed else ["final"],
        "answers": {},
        "assessments": {},
        "finished": "",
        "attested": False,
        "seed": 0,
    }
    if record:
        attempts, best = record
        state["assessments"]["final"] = {
            "attempts": attempts,
            "best": best,
            "last": best,
            "locked": True,
            "seed": 0,
        }
    [result] = run_node([{"op": "result", "state": state, "course": data}])
    assert result == {"status": status, "score": record[1] if record else 0}


@pytest.mark.parametrize(("rule", "viewed", "record", "max_attempts", "status"), FAILED_AT_ONCE)
def test_course_result_reports_failed_at_once(
    scaffold_dir: Path,
    run_node: RunNode,
    rule: str,
    viewed: bool,
    record: tuple[int, int] | None,
    max_attempts: int,
    status: str,
) -> None:
    test_course_result(
        scaffold_dir, run_node, rule, viewed, record, max_attempts, status, "immediately"
    )


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


def test_a_pre_test_never_counts(scaffold_dir: Path, run_node: RunNode) -> None:
    data = copy.deepcopy(player_data(load(scaffold_dir)))
    pre = {**data["pages"][-1], "id": "baseline", "role": "pre"}
    data["pages"].insert(0, pre)
    state = {
        "page": "final",
        "visited": [p["id"] for p in data["pages"]],
        "answers": {},
        "assessments": {
            "baseline": {"attempts": 1, "best": 0, "last": 0, "locked": True, "seed": 0},
            "final": {"attempts": 1, "best": 100, "last": 100, "locked": True, "seed": 0},
        },
        "finished": "",
        "attested": False,
        "seed": 0,
    }
    [result] = run_node([{"op": "result", "state": state, "course": data}])
    assert result == {"status": "passed", "score": 100}
    data["pages"] = [p for p in data["pages"] if p["kind"] == "lesson" or p["role"] == "pre"]
    [result] = run_node([{"op": "result", "state": state, "course": data}])
    assert result == {"status": "completed", "score": None}  # only a pre-test: nothing to pass


# --- the policy question types ----------------------------------------------------------------


@pytest.fixture(scope="module")
def rich_course(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The policy fixture course: every question type, a pool, a sample, an attestation."""
    course = make_repo(tmp_path_factory.mktemp("rich"))
    add_rich_content(course)
    return load(course)


@pytest.fixture(scope="module")
def rich(rich_course: Any) -> Data:
    return player_data(rich_course)


GRADES = [
    # question, chosen -> correct, points earned (each question is worth 1 point)
    ("mod-1", ["remove", "HB-3.2"], True, 1),
    ("mod-1", ["remove", "HB-1"], False, 0.6),  # right action, wrong clause: 60% of the points
    ("mod-1", ["leave-up", "HB-3.2"], False, 0.4),
    ("mod-1", ["leave-up", "HB-1"], False, 0),
    ("match-1", [["s1", "t1"], ["s2", "t2"]], True, 1),
    ("match-1", [["s1", "t1"], ["s2", "t9"]], False, 0.5),
    ("order-1", ["read", "match", "act"], True, 1),
    ("order-1", ["read", "act", "match"], False, 0.33),
    ("order-1", ["act", "read", "match"], False, 0),
    ("case-1", ["start.a", "second.a"], True, 1),
    ("case-1", ["start.a", "second.b", "end.a"], False, 0.67),
    ("case-1", ["start.b", "end.a"], False, 0.5),
    ("case-1", ["start.b", "end.b"], False, 0),
]


@pytest.mark.parametrize(("qid", "chosen", "correct", "score"), GRADES)
def test_partial_credit(
    rich: Data, run_node: RunNode, qid: str, chosen: list[Any], correct: bool, score: float
) -> None:
    [answer] = run_node([{"op": "grade", "question": rich["questions"][qid], "chosen": chosen}])
    assert answer == graded(chosen, correct, score)


def test_every_type_round_trips(rich_course: Any, rich: Data, run_node: RunNode) -> None:
    state = {
        "page": "final",
        "visited": ["welcome", "applying", "final"],
        "answers": {
            "applying/q-apply": graded(["a"], True, 1),
            "final/mod-1": open_answer(["HB-1"]),  # a clause, no action yet
            "final/match-1": open_answer([["s2", "t9"]]),
            "final/order-1": open_answer(["act", "match", "read"]),
            "final/case-1": open_answer(["start.b"]),  # a case in progress
            "final/q-pool": open_answer(["true"]),
        },
        "assessments": {"final": {"attempts": 0, "best": 0, "last": 0, "locked": False, "seed": 7}},
        "finished": "",
        "attested": True,
        "seed": 0,
    }
    [text] = run_node([{"op": "encode", "state": state, "course": rich}])
    [back] = run_node([{"op": "decode", "text": text, "course": rich}])
    assert back == state

    submitted = copy.deepcopy(state)
    answers = {
        "final/q-apply": ["b"],
        "final/q-context": ["false"],
        "final/mod-1": ["remove", "HB-1"],
        "final/match-1": [["s1", "t1"], ["s2", "t9"]],
        "final/order-1": ["act", "match", "read"],
        "final/case-1": ["start.b", "end.a"],
        "final/q-pool": ["true"],
    }
    questions = [rich["questions"][slot.split("/")[1]] for slot in answers]
    grades = run_node(
        [
            {"op": "grade", "question": q, "chosen": c}
            for q, c in zip(questions, answers.values(), strict=True)
        ]
    )
    submitted["answers"].update(zip(answers, grades, strict=True))
    submitted["assessments"]["final"] = {
        "attempts": 1,
        "best": 37,
        "last": 37,
        "locked": True,
        "seed": 36**4 - 1,
    }
    [text] = run_node([{"op": "encode", "state": submitted, "course": rich}])
    [back] = run_node([{"op": "decode", "text": text, "course": rich}])
    assert back == submitted
    assert len(text) <= worst_case_state_size(rich_course)


IMPOSSIBLE = [
    # slot, answer the encoder writes faithfully, but no player could have saved
    ("final/mod-1", graded(["remove"], False, 0.6)),  # submitted without a clause
    ("final/match-1", graded([["s1", "t1"]], False, 0.5)),  # submitted, a source unmatched
    ("final/order-1", open_answer(["act", "act", "read"])),  # not a permutation
    ("final/case-1", open_answer(["start.a", "end.a"])),  # `end` does not follow start.a
    ("final/case-1", graded(["start.a"], False, 1)),  # submitted, the case not ended
]


@pytest.mark.parametrize(("slot", "answer"), IMPOSSIBLE)
def test_impossible_answers_are_dropped(
    rich: Data, run_node: RunNode, slot: str, answer: State
) -> None:
    state = {
        "page": "final",
        "visited": [],
        "answers": {slot: answer},
        "assessments": {},
        "finished": "",
        "attested": False,
        "seed": 0,
    }
    page = next(p for p in rich["pages"] if p["id"] == "final")
    unpooled = {**rich, "pages": [{**page, "pool": [], "shuffle": False}]}  # no draw to match
    [text] = run_node([{"op": "encode", "state": state, "course": unpooled}])
    [back] = run_node([{"op": "decode", "text": text, "course": unpooled}])
    assert back["answers"] == {}


def test_a_draw_is_a_function_of_its_seed(run_node: RunNode) -> None:
    page = {
        "id": "final",
        "questions": ["f1", "f2", *(f"p{n}" for n in range(10)), *(f"r{n}" for n in range(4))],
        "pool": [
            {"area": "a", "count": 3, "questions": [f"p{n}" for n in range(10)]},
            {"area": "b", "count": 1, "questions": [f"r{n}" for n in range(4)]},
        ],
        "shuffle": False,
    }
    seeds = list(range(1, 41))
    draws = run_node([{"op": "draw", "page": page, "seed": s} for s in seeds * 2])
    assert draws[:40] == draws[40:]  # the same seed, the same attempt
    for drawn in draws[:40]:
        assert drawn[:2] == ["f1", "f2"]  # fixed questions first, in page order
        assert len([q for q in drawn if q.startswith("p")]) == 3
        assert len([q for q in drawn if q.startswith("r")]) == 1
        assert drawn == [q for q in page["questions"] if q in drawn]  # no shuffle: page order
    assert len({tuple(d) for d in draws[:40]}) > 30  # seeds draw differently
    shuffled = run_node(
        [{"op": "draw", "page": {**page, "shuffle": True}, "seed": s} for s in seeds]
    )
    assert all(sorted(a) == sorted(b) for a, b in zip(shuffled, draws, strict=False))
    assert any(a != b for a, b in zip(shuffled, draws, strict=False))


def test_the_documented_example_of_other_types_is_what_the_encoder_writes(
    rich: Data, run_node: RunNode
) -> None:
    state = {
        "page": "final",
        "visited": [],
        "answers": {
            "final/mod-1": open_answer(["remove", "HB-1"]),
            "final/match-1": open_answer([["s2", "t9"]]),
            "final/order-1": open_answer(["act", "match", "read"]),
            "final/case-1": open_answer(["start.a", "second.b"]),
        },
        "assessments": {
            "final": {"attempts": 0, "best": 0, "last": 0, "locked": False, "seed": 1234}
        },
        "finished": "",
        "attested": True,
        "seed": 0,
    }
    [text] = run_node([{"op": "encode", "state": state, "course": rich}])
    doc = (Path(__file__).parents[2] / "docs" / "state-format.md").read_text(encoding="utf-8")
    assert f"\n{text}\n" in doc
    [back] = run_node([{"op": "decode", "text": text, "course": rich}])
    assert back == state
