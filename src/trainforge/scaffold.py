"""``trainforge new``: copy the starter course (package data) into a new folder."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from trainforge.archive import write_atomic
from trainforge.errors import TrainforgeError

STARTER = resources.files("trainforge") / "scaffold_course"


def scaffold(directory: Path) -> list[Path]:
    """Write the starter course into ``directory``, which must not exist or be empty."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise TrainforgeError.single("new.exists", "folder exists and is not empty", directory,
                                     "choose a new folder")
    files = dict(_walk(STARTER, ""))
    course_id = _slug(directory.resolve().name)
    written = []
    for rel, data in sorted(files.items()):
        if rel == "course.yaml":
            data = data.replace(b"id: new-course", f"id: {course_id}".encode())
        write_atomic(directory / rel, data)
        written.append(directory / rel)
    return written


def _walk(folder: Traversable, prefix: str) -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for entry in folder.iterdir():
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            out.extend(_walk(entry, rel + "/"))
        elif not entry.name.startswith((".", "__")):
            out.append((rel, entry.read_bytes()))
    return out


def _slug(name: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
    return "-".join(filter(None, slug.split("-")))[:64] or "new-course"
