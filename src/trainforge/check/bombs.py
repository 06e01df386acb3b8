"""Refuse zip bombs from the central directory alone: sizes, ratios, entry counts, overlaps."""

from __future__ import annotations

import zipfile

from trainforge.check.zip_reader import Archive, printable
from trainforge.errors import Diagnostic, error

# Fixed part of a local file header (APPNOTE 4.3.7): an entry's data starts at least this far
# after its header offset.
_LOCAL_HEADER_BYTES = 30


def check_bombs(archive: Archive) -> list[Diagnostic]:
    """Errors for an archive that would unpack to too much, or whose entries share data."""
    limits = archive.limits
    infos = archive.infos
    hint = "refused without unpacking; a real course never looks like this"
    if len(infos) > limits.max_entries:
        message = f"{len(infos)} entries; the limit is {limits.max_entries}"
        return [error("check.zip-bomb", message, archive.where(), hint)]
    found: list[Diagnostic] = []
    total = sum(info.file_size for info in infos)
    if total > limits.max_total_uncompressed:
        message = (
            f"entries unpack to {total} bytes in total; "
            f"the limit is {limits.max_total_uncompressed} bytes"
        )
        found.append(error("check.zip-bomb", message, archive.where(), hint))
    for info in infos:
        if info.file_size <= limits.ratio_grace_bytes:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_ratio:
            message = (
                f"entry compresses {ratio:.0f}:1 ({info.compress_size} -> {info.file_size} "
                f"bytes); the limit is {limits.max_ratio}:1"
            )
            found.append(error("check.zip-bomb", message, archive.where(info.filename), hint))
    found.extend(_overlaps(archive, sorted(infos, key=lambda i: i.header_offset)))
    return found


def _overlaps(archive: Archive, infos: list[zipfile.ZipInfo]) -> list[Diagnostic]:
    """Entries whose data overlaps the next entry or the central directory.

    Overlapping entries let a few KB of shared compressed data unpack many times over
    (D. Fifield, "A better zip bomb", WOOT 2019); honest zips never overlap.
    """
    found: list[Diagnostic] = []
    for info, nxt in zip(infos, [*infos[1:], None], strict=True):
        end = info.header_offset + _LOCAL_HEADER_BYTES + info.compress_size
        if nxt is not None and end > nxt.header_offset:
            message = f"entry's data overlaps entry '{printable(nxt.filename)}'"
            found.append(error("check.zip-overlap", message, archive.where(info.filename)))
        elif nxt is None and end > archive.zip.start_dir:
            message = "entry's data runs into the central directory: the zip is truncated or forged"
            found.append(error("check.zip-corrupt", message, archive.where(info.filename)))
    return found
