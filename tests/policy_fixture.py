"""A starter course beside a small policy registry, for the policy and impact tests."""

from __future__ import annotations

from pathlib import Path

from trainforge.commands.new import scaffold

POLICY = """\
id: hb
title: Harassment & Bullying
version: 2
effective: 2026-09-01
actions:
  - {id: leave-up, label: Leave up}
  - {id: remove, label: Remove}
clauses:
  - {id: HB-1, title: Scope, summary: What the policy covers.}
  - {id: HB-3.2, title: Private individuals, summary: Stronger protection.}
changelog:
  - version: 1
    date: 2025-01-01
    changes: [{clause: HB-1, change: added, why: First version}]
  - version: 2
    date: 2026-09-01
    summary: Private individuals get more protection.
    changes:
      - {clause: HB-3.2, change: changed, why: Now covers former public figures}
      - {clause: HB-9, change: removed, why: Merged into HB-3.2}
"""


def make_repo(root: Path, *, released: int | None = None) -> Path:
    """``root/courses/c`` citing HB clauses, ``root/policies/hb.yaml``; returns the course."""
    course = root / "courses" / "c"
    scaffold(course)
    (root / "policies").mkdir()
    (root / "policies" / "hb.yaml").write_text(POLICY)
    edit(course / "lessons" / "01-welcome.md", "objectives: [obj-apply]",
         "objectives: [obj-apply]\ncites: [HB-1]")
    edit(course / "questions" / "bank.yaml", "    objectives: [obj-apply]\n",
         "    objectives: [obj-apply]\n    cites: [HB-3.2]\n")
    if released is not None:
        edit(course / "course.yaml", "completion:", f"policies:\n  hb: {released}\ncompletion:")
    return course


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


RICH_BANK = """\
questions:
  - id: mod-1
    type: moderation_decision
    prompt: A reply under a creator's video.
    policy: hb
    objectives: [obj-apply]
    sample:
      kind: text
      text: "[insult about the creator's appearance], repeated in 40 replies"
      description: A coordinated pile-on of insults aimed at one creator.
      sensitive: harassment
      warning: repeated insults aimed at one person
    actions:
      - {action: remove, correct: true, feedback: Remove under HB-3.2.}
      - {action: leave-up, feedback: The pile-on targets a private person (HB-3.2).}
    clauses:
      - {clause: HB-3.2, correct: true}
      - {clause: HB-1}
    scoring: {action: 0.6, clause: 0.4}
  - id: match-1
    type: matching
    prompt: Match each report to its clause.
    cites: [HB-1]
    pairs:
      - {source: {id: s1, text: Scope question}, target: {id: t1, text: HB-1}}
      - {source: {id: s2, text: Private person}, target: {id: t2, text: HB-3.2}}
    distractors: [{id: t9, text: None}]
  - id: order-1
    type: ordering
    prompt: Put the steps in order.
    cites: [HB-1]
    items:
      - {id: read, text: Read the report}
      - {id: match, text: Match a clause}
      - {id: act, text: Act}
  - id: case-1
    type: scenario
    prompt: A report comes in about a pile-on.
    cites: [HB-3.2]
    steps:
      - id: start
        prompt: What do you do first?
        choices:
          - {id: a, text: Read the thread, correct: true, next: second}
          - {id: b, text: Remove everything, next: end}
      - id: second
        prompt: The target is a private person. Now?
        choices:
          - {id: a, text: Remove under HB-3.2, correct: true}
          - {id: b, text: Leave it, next: end}
      - id: end
        prompt: Wrap up.
        choices:
          - {id: a, text: Document the decision, correct: true}
          - {id: b, text: Close without notes}
"""


def add_rich_content(course: Path) -> None:
    """A bank with every question type, a pooled assessment, a sensitive sample, attestation."""
    (course / "questions" / "rich.yaml").write_text(RICH_BANK)
    edit(course / "course.yaml", "          questions: [q-apply, q-context]",
         "          questions: [q-apply, q-context, mod-1, match-1, order-1, case-1]\n"
         "          pool:\n            - {area: hb, count: 1}")
    edit(course / "course.yaml", "completion:", "attestation:\n  policy: hb\nsensitive_budget: 0\n"
         "completion:")
    edit(course / "lessons" / "02-applying.md", "```{question} q-apply",
         "```{sample}\nkind: text\ntext: \"[threat to share a private address]\"\n"
         "description: A message threatening to publish where someone lives.\n"
         "sensitive: harassment\nwarning: a threat to expose a home address\n```\n\n"
         "```{question} q-apply")
    edit(course / "questions" / "bank.yaml", "  - id: q-context\n",
         "  - id: q-pool\n    type: true_false\n    prompt: Pooled.\n    cites: [HB-1]\n"
         "    answer: true\n  - id: q-context\n")
