"""A starter course beside a small policy registry, for the policy and impact tests."""

from __future__ import annotations

from pathlib import Path

from trainforge.scaffold import scaffold

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
