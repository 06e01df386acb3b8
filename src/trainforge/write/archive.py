"""Deterministic zips and atomic writes, so ``dist/`` never holds half a package.

Zips are reproducible (hatchling's habit): entries sorted, one fixed timestamp, fixed
permissions, no extra fields. Every output is first *staged* under a temporary name in its final
folder (``.NAME.PID-RANDOM.tmp``) and later renamed into place, so a build killed at any moment
leaves the old package or the new one, and a temporary file is never mistaken for a package.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import tempfile
import time
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path

# The earliest time a zip can hold (MS-DOS dates start in 1980); 1980-01-01T00:00:00Z.
ZIP_EPOCH_SECONDS = 315532800
FILE_MODE = 0o644
DIR_MODE = 0o755
# Level 6 is zlib's default; entries are small text files, where higher levels gain little.
COMPRESS_LEVEL = 6
_TEMP = re.compile(r"^\..+\.(\d+)-[A-Za-z0-9_]+\.tmp$")

Stamp = tuple[int, int, int, int, int, int]


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (reproducible-builds.org) when set to a number, else None."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else None


def zip_timestamp(epoch: int | None = None) -> Stamp:
    """The entries' timestamp in UTC: ``epoch``, else ``SOURCE_DATE_EPOCH``, else 1980-01-01."""
    if epoch is None:
        epoch = source_date_epoch()
    # UTC, never the local zone: the same sources give the same bytes in every time zone.
    t = time.gmtime(max(epoch or 0, ZIP_EPOCH_SECONDS))
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec - t.tm_sec % 2)


def zip_bytes(files: Mapping[str, bytes], epoch: int | None = None) -> bytes:
    """The files as a reproducible zip archive, every entry stamped with ``epoch``.

    Byte for byte what :func:`zip_bytes_zipfile` writes; but the runtime, stylesheets and
    schemas every package of a build ships are deflated once per process, not once per package.
    """
    if len(files) >= 0xFFFF or any(len(d) >= 0x7FFFFFFF for d in files.values()):
        return zip_bytes_zipfile(files, epoch)  # needs ZIP64; never a course package
    d = zip_timestamp(epoch)
    dos_time = d[3] << 11 | d[4] << 5 | d[5] // 2
    dos_date = (d[0] - 1980) << 9 | d[1] << 5 | d[2]
    out = bytearray()
    central = bytearray()
    for name in sorted(files):
        data = files[name]
        crc, packed = _deflated(data)
        try:
            raw, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            raw, flags = name.encode("utf-8"), 0x800  # APPNOTE 4.4.4 bit 11: UTF-8 names
        fields = struct.pack("<HHHHHIII", 20, flags, 8, dos_time, dos_date, crc, len(packed),
                             len(data))
        central += (struct.pack("<IH", 0x02014B50, 3 << 8 | 20) + fields
                    + struct.pack("<HHHHHII", len(raw), 0, 0, 0, 0,
                                  (0o100000 | FILE_MODE) << 16, len(out)) + raw)
        out += struct.pack("<I", 0x04034B50) + fields + struct.pack("<HH", len(raw), 0) + raw
        out += packed
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(files), len(files), len(central),
                      len(out), 0)
    return bytes(out + central + end)


_DEFLATED: dict[tuple[int, int], tuple[bytes, bytes]] = {}  # (crc, size) → (data, deflated)
_DEFLATED_LIMIT = 64 << 20  # bytes of input kept
_deflated_bytes = 0


def _deflated(data: bytes) -> tuple[int, bytes]:
    """CRC-32 and raw deflate stream of ``data``, as zipfile makes them (level 6, wbits -15)."""
    crc = zlib.crc32(data)
    hit = _DEFLATED.get((crc, len(data)))
    if hit is not None and hit[0] == data:
        return crc, hit[1]
    global _deflated_bytes
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    if _deflated_bytes > _DEFLATED_LIMIT:
        _DEFLATED.clear()
        _deflated_bytes = 0
    _DEFLATED[(crc, len(data))] = (data, packed)
    _deflated_bytes += len(data)
    return crc, packed


def zip_bytes_zipfile(files: Mapping[str, bytes], epoch: int | None = None) -> bytes:
    """The same archive written by the standard library (the reference, and ZIP64 when needed)."""
    stamp = zip_timestamp(epoch)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100000 | FILE_MODE) << 16
            info.create_system = 3  # unix, so the mode above is honoured everywhere
            zf.writestr(info, files[name], compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()


def _temp_prefix(path: Path) -> str:
    return f".{path.name}.{os.getpid()}-"


def stage_file(path: Path, data: bytes, durable: bool = True) -> Path:
    """Write ``data`` to a temporary file beside ``path``; :func:`commit` renames it into place.

    ``durable`` flushes it to disk first; a build stages many files without, then flushes them
    all with one :func:`flush_all` before the renames (a rename must never reach the disk
    before the data it names, or a power cut could leave a truncated package).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)  # mkstemp makes 0600; the umask never decides the mode
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def stage_tree(path: Path, files: Mapping[str, bytes]) -> Path:
    """Write a folder of files under a temporary name beside ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent))
    try:
        os.chmod(tmp, DIR_MODE)
        for name in sorted(files):
            target = tmp / name
            for parent in reversed(target.relative_to(tmp).parents[:-1]):
                folder = tmp / parent
                if not folder.is_dir():
                    folder.mkdir()
                    os.chmod(folder, DIR_MODE)
            target.write_bytes(files[name])
            os.chmod(target, FILE_MODE)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


def flush_all() -> None:
    """Flush every staged file to disk at once (one sync instead of an fsync per file)."""
    os.sync()


def commit(staged: Path, path: Path) -> None:
    """Rename a staged file or folder into place (one atomic rename for a file)."""
    if not staged.is_dir():
        os.replace(staged, path)
        return
    old = path.with_name(f".{path.name}.{os.getpid()}-old.tmp")
    if path.exists():
        os.replace(path, old)
    os.replace(staged, path)
    shutil.rmtree(old, ignore_errors=True)


def discard(staged: Path) -> None:
    """Remove a staged file or folder that will not be committed."""
    if staged.is_dir():
        shutil.rmtree(staged, ignore_errors=True)
    else:
        staged.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename."""
    commit(stage_file(path, data), path)


def write_tree_atomic(path: Path, files: Mapping[str, bytes]) -> None:
    """Write a folder of files under a temporary name, then swap it into place."""
    commit(stage_tree(path, files), path)


def sweep_temporaries(folder: Path) -> list[Path]:
    """Remove temporaries left in ``folder`` by killed builds (their process no longer runs)."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for entry in folder.iterdir():
        match = _TEMP.match(entry.name)
        if match is None or _alive(int(match.group(1))):
            continue
        discard(entry)
        removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours from an earlier build in this process; nothing of ours is in flight
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed worker nobody reaped yet (a zombie) still answers kill(pid, 0)
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")
