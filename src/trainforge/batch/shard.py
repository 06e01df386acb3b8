"""``--shard I/N``: split the build's course × format work deterministically over CI jobs.

A course belongs to shard ``int(sha256(course id)) mod N``: a stable hash of its id, never its
position, so adding a course moves no other course between shards, and every format of a course
lands in the same shard (it is rendered once and packaged per format). Two courses with the same
id land together, so the duplicate-id check still sees both.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from trainforge.load.course_dir import read_course_file

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based
    count: int

    def owns(self, course_id: str) -> bool:
        digest = hashlib.sha256(course_id.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(spec: str) -> Shard:
    """``"2/4"`` → ``Shard(2, 4)``; raises ValueError saying what is allowed."""
    match = _SPEC.match(spec)
    if match is None:
        raise ValueError(f"`{spec}` is not I/N (e.g. 1/4)")
    index, count = int(match.group(1)), int(match.group(2))
    if not 1 <= index <= count:
        raise ValueError(f"`{spec}`: I must be between 1 and N")
    return Shard(index, count)


def course_id_hint(root: Path) -> str:
    """The course id from course.yaml without validating it (the folder name if unreadable).

    Invalid courses still land in a shard, whose build then reports their errors.
    """
    doc, _ = read_course_file(root)
    value = doc.data.get("id") if doc is not None and isinstance(doc.data, dict) else None
    return value if isinstance(value, str) and value else root.resolve().name
