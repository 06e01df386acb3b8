"""Open a package zip and read members into memory with size caps; nothing is ever extracted."""

from __future__ import annotations

import functools
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from trainforge.check.limits import Limits
from trainforge.errors import Diagnostic, Location, error

# What zipfile raises for a damaged archive or member (bad magic, bad CRC, bad deflate stream,
# truncated data, undecodable UTF-8 name, unsupported compression or encryption, a forged
# offset that makes seek() fail).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    OSError,
)


@dataclass(frozen=True)
class Archive:
    """An open zip, the name it is shown under, and the limits that apply to it."""

    zip: zipfile.ZipFile
    display: str
    limits: Limits

    @property
    def infos(self) -> list[zipfile.ZipInfo]:
        return self.zip.infolist()

    @functools.cached_property
    def files(self) -> frozenset[str]:
        """Names of the file (not directory) entries, exactly as stored."""
        return frozenset(i.filename for i in self.infos if not i.is_dir())

    def where(self, member: str = "", line: int = 0, col: int = 0) -> Location:
        """``pkg.zip`` or ``pkg.zip!member:line:col``, the member name made safe to print."""
        path = f"{self.display}!{printable(member)}" if member else self.display
        return Location(path, line, col)

    def read(self, member: str) -> bytes | Diagnostic:
        """The member's bytes, decompressed in memory and capped at the descriptor limit."""
        info = self.zip.getinfo(member)
        cap = self.limits.max_descriptor_bytes
        if info.file_size > cap:
            return error(
                "check.too-large",
                f"entry unpacks to {info.file_size} bytes; the limit is {cap} bytes",
                self.where(member),
            )
        try:
            # zipfile stops at the declared size and verifies the CRC at the end, so a member
            # that lies about its size fails here instead of inflating without bound.
            with self.zip.open(info) as stream:
                data = stream.read(cap + 1)
        except _ZIP_ERRORS as exc:
            return error("check.zip-corrupt", f"cannot read entry: {exc}", self.where(member))
        if len(data) > cap:
            return error("check.too-large", f"entry is over {cap} bytes", self.where(member))
        return data


def open_zip(path: Path) -> zipfile.ZipFile | Diagnostic:
    """Open ``path`` as a zip, reading only its central directory."""
    display = str(path)
    try:
        return zipfile.ZipFile(path)
    except OSError as exc:
        if exc.filename is not None:  # opening the file failed; else a seek to a forged offset
            reason = exc.strerror or str(exc)
            return error("check.unreadable", f"cannot read file: {reason}", Location(display))
        return _corrupt(display, exc)
    except _ZIP_ERRORS as exc:
        return _corrupt(display, exc)


def _corrupt(display: str, exc: Exception) -> Diagnostic:
    return error(
        "check.zip-corrupt",
        f"not a readable zip ({exc})",
        Location(display),
        "the file is truncated, damaged or not a zip; re-create or re-download it",
    )


def printable(name: str) -> str:
    """``name`` with control, format and other invisible characters escaped, safe for a terminal."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in name)
