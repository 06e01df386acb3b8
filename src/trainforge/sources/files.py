"""Read a source file as UTF-8 text, refusing oversized and non-UTF-8 files with a located error."""

from __future__ import annotations

from pathlib import Path

from trainforge.errors import Diagnostic, Location, error
from trainforge.sources.limits import MAX_SOURCE_BYTES


def read_text(path: Path, display: str) -> str | Diagnostic:
    """Return the file's text, or a diagnostic saying why it cannot be used."""
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
