"""Each question type's interaction shape: the SCORM 1.2 and xAPI types, keys and patterns
README's *Interactions* and *Activities* tables document (each type's ``interaction``, built from
tracking/shapes.py's pieces)."""

from __future__ import annotations

from trainforge import questions
from trainforge.errors import Location
from trainforge.questions.choice import ChoiceQuestion
from trainforge.questions.matching import MatchingQuestion
from trainforge.questions.ordering import OrderingQuestion
from trainforge.questions.scenario import ScenarioQuestion, best_path
from trainforge.resolve import resolved
from trainforge.tracking.shapes import FEEDBACK_MAX, Shape, cap

CLASSES: dict[str, type[resolved.QuestionBase]] = {
    "matching": MatchingQuestion, "ordering": OrderingQuestion, "scenario": ScenarioQuestion}


def option(oid: str, correct: bool = False, next_step: str | None = None) -> resolved.Option:
    return resolved.Option(oid, oid.upper(), correct, None, next=next_step)


def question(qtype: str, **fields: object) -> resolved.Question:
    base: dict[str, object] = {"options": (), "objectives": (), "points": 1, "shuffle": 0,
                               "location": Location("q.yaml", 1, 1)}
    base.update(fields)
    cls = CLASSES.get(qtype, ChoiceQuestion)
    return cls(id="q1", type=qtype, prompt="Prompt", **base)  # type: ignore[arg-type]


def shape(q: resolved.Question) -> Shape:
    return questions.get(q.type).interaction(q)


def test_choices_are_a_set_of_characters() -> None:
    q = question("multiple_response", options=(option("x", True), option("y"), option("z", True)))
    s = shape(q)
    assert (s.scorm_type, s.xapi_type, s.is_set) == ("choice", "choice", True)
    assert s.keys == ({"x": "a", "y": "b", "z": "c"},)
    assert (s.scorm_pattern, s.xapi_pattern) == ("{a,c}", ("x[,]z",))
    assert [c.id for c in dict(s.components)["choices"]] == ["x", "y", "z"]
    one = shape(question("single_choice", options=(option("x"), option("y", True))))
    assert one.scorm_pattern == "b"


def test_true_false_is_t_or_f() -> None:
    s = shape(question("true_false", options=(option("true"), option("false", True))))
    assert (s.scorm_type, s.keys, s.scorm_pattern, s.xapi_pattern) == (
        "true-false", ({"true": "t", "false": "f"},), "f", ("false",))
    assert s.components == ()


def test_matching_letters_sources_and_targets_apart() -> None:
    q = question("matching", sources=(option("s1"), option("s2")),
                 targets=(option("t1"), option("t2"), option("t9")),
                 pairs=(("s1", "t1"), ("s2", "t2")))
    s = shape(q)
    assert s.keys == ({"s1": "a", "s2": "b"}, {"t1": "a", "t2": "b", "t9": "c"})
    assert (s.scorm_pattern, s.xapi_pattern) == ("a.a,b.b", ("s1[.]t1[,]s2[.]t2",))
    assert [kind for kind, _ in s.components] == ["source", "target"]


def test_ordering_is_the_authored_order() -> None:
    s = shape(question("ordering", items=(option("read"), option("match"), option("act"))))
    assert (s.scorm_type, s.scorm_pattern, s.xapi_pattern, s.is_set) == (
        "sequencing", "a,b,c", ("read[,]match[,]act",), False)


def test_a_scenario_keys_each_step_and_choice_and_follows_the_best_path() -> None:
    steps = (
        resolved.Step("start", "Begin", (option("a", True, "target"), option("b", False, "end"))),
        resolved.Step("end", "Done", (option("a"), option("b", True))),
        resolved.Step("target", "Then", (option("x"), option("y", True))),
    )
    q = question("scenario", steps=steps)
    assert isinstance(q, ScenarioQuestion)
    assert best_path(q) == [("start", "a"), ("target", "y")]
    s = shape(q)
    assert s.keys[0]["target.y"] == "c.b" and s.keys[0]["start.b"] == "a.b"
    assert (s.scorm_type, s.scorm_pattern, s.xapi_pattern) == (
        "performance", "a.a,c.b", ("start[.]a[,]target[.]y",))


def test_patterns_are_cut_after_a_whole_entry() -> None:
    text = cap(["abc.d"] * 60)
    assert len(text) <= FEEDBACK_MAX and text.endswith("abc.d") and len(text) > FEEDBACK_MAX - 6
