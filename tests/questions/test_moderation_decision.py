"""moderation_decision: checked against the policy registry, partial credit by group."""

from __future__ import annotations

from pathlib import Path

from question_kit import Course, convert, hb_registry, player_data, view

from trainforge import questions
from trainforge.questions.moderation_decision import ModerationQuestion
from trainforge.runtime import statesize

SOURCE = """\
    id: mod-1
    type: moderation_decision
    prompt: What do you do?
    policy: hb
    sample: {kind: text, text: "[insult about a private person]", description: An insult.,
             sensitive: harassment, warning: an insult}
    actions:
      - {action: remove, correct: true, feedback: HB-3.2 protects them.}
      - {action: leave-up}
    clauses:
      - {clause: HB-3.2, correct: true}
      - {clause: HB-1}
    scoring: {action: 0.7, clause: 0.3}
"""


def test_options_are_the_actions_then_the_clauses_with_the_policys_labels(
        tmp_path: Path) -> None:
    q, problems = convert(SOURCE, Course(hb_registry(tmp_path)))
    assert problems == [] and isinstance(q, ModerationQuestion)
    assert [(o.group, o.id, o.text, o.correct) for o in q.options] == [
        ("action", "remove", "Remove", True), ("action", "leave-up", "Leave up", False),
        ("clause", "HB-3.2", "HB-3.2 Private individuals", True),
        ("clause", "HB-1", "HB-1 Scope", False)]
    assert q.policy == "hb" and q.cites == ("HB-3.2",)  # the right clause, when none is cited
    assert q.sample is not None and q.sample.sensitive == "harassment"


def test_an_action_outside_the_policys_set_is_a_located_error(tmp_path: Path) -> None:
    _, problems = convert(SOURCE.replace("{action: leave-up}", "{action: leave-upp}"),
                          Course(hb_registry(tmp_path)))
    assert problems == [
        "questions/bank.yaml:9:14: error: action `leave-upp` is not in policy `hb`'s action set "
        "(leave-up, remove) (did you mean `leave-up`?) [policy.action]"]


def test_an_unknown_policy_is_a_located_error(tmp_path: Path) -> None:
    _, problems = convert(SOURCE.replace("policy: hb", "policy: hbb"),
                          Course(hb_registry(tmp_path)))
    assert problems == ["questions/bank.yaml:4:9: error: unknown policy `hbb` "
                        "(did you mean `hb`?) [policy.unknown]"]


def test_player_data_weights_and_the_sensitive_category(tmp_path: Path) -> None:
    q, _ = convert(SOURCE, Course(hb_registry(tmp_path)))
    data = player_data(q)
    assert data["weights"] == {"action": 0.7, "clause": 0.3}
    assert data["sensitive"] == "harassment" and data["policy"] == "hb"
    assert data["options"][2] == {"id": "HB-3.2", "correct": True,
                                  "text": "HB-3.2 Private individuals", "group": "clause"}


def test_state_view_and_inspect_by_group(tmp_path: Path) -> None:
    q, _ = convert(SOURCE, Course(hb_registry(tmp_path)))
    plugin = questions.get(q.type)
    assert plugin.state_parts(q) == (2, 2) and statesize.payload_width(q) == 3
    assert view(q) == {"actions": [{"id": "remove"}, {"id": "leave-up"}],
                       "clauses": [{"id": "HB-3.2"}, {"id": "HB-1"}]}
    entry = plugin.inspect(q)[0]
    assert entry["sensitive"] == "harassment"
    assert entry["options"][0] == {"id": "remove", "correct": True, "group": "action"}
