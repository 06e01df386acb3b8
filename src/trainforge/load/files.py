"""Read a source file as UTF-8 text, refusing oversized, non-UTF-8 and linked-in files, located."""

from __future__ import annotations

from pathlib import Path

from trainforge.errors import Diagnostic, Location, error
from trainforge.load.limits import MAX_SOURCE_BYTES


def escapes(path: Path, root: Path) -> bool:
    """Whether ``path``, symbolic links followed, is outside the folder ``root`` (resolved).

    A lesson or bank linked to /etc/passwd or the CI runner's secrets would otherwise be
    published inside a package by whoever can add a file to the course.
    """
    return not path.resolve().is_relative_to(root)


def read_text(path: Path, display: str, root: Path, folder: str = "course folder"
              ) -> str | Diagnostic:
    """Return the file's text, or a diagnostic saying why it cannot be used.

    ``root`` (resolved) is the folder the file must stay in, ``folder`` how messages name it.
    """
    if escapes(path, root):
        return error("source.escape", f"symbolic link points outside the {folder}",
                     Location(display), "copy the file into the folder instead of linking it")
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            return error(
                "source.too-large",
                f"file is {size} bytes; the limit is {MAX_SOURCE_BYTES} bytes (1 MiB)",
                Location(display),
                "split it into smaller files",
            )
        data = path.read_bytes()
    except OSError as exc:
        return error("source.unreadable", f"cannot read file: {exc.strerror}", Location(display))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return error(
            "source.encoding",
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            Location(display, line, col),
            "save it as UTF-8",
        )
    return text.removeprefix("\ufeff")
