"""``manifest.json`` in the output folder: every package of the build, what it is and its hash.

One record per package: course id, version, format, locale, policy versions, sha256, size, the
sources' commit, the item-metadata file beside it and the tracked ids (pages, questions, options)
that ``trainforge build --against`` compares with the next release. Records are sorted by package
name and hold nothing from the clock or the machine, so the manifest is reproducible too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainforge import __version__
from trainforge.errors import TrainforgeError
from trainforge.release.itemmeta import COMPACT
from trainforge.write.archive import write_atomic

if TYPE_CHECKING:
    from trainforge.resolve import resolved

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1


def record(course: resolved.Course, format_name: str, name: str, sha256: str, size: int,
           commit: str, items_file: str, ids: dict[str, Any]) -> dict[str, Any]:
    """The manifest record of one package."""
    return {
        "name": name,
        "course": course.id,
        "version": course.version,
        "format": format_name,
        "locale": course.language,
        "policies": {p.id: p.version for p in course.policies},
        "sha256": sha256,
        "size": size,
        "commit": commit,
        "items": items_file,
        "ids": ids,
    }


def manifest_bytes(records: Iterable[dict[str, Any]]) -> bytes:
    """The manifest, one package record a line (diff-friendly, and JSON's fast encoder)."""
    lines = [COMPACT.encode(r) for r in sorted(records, key=lambda r: str(r["name"]))]
    head = f'{{"format":{MANIFEST_FORMAT},"generator":"trainforge {__version__}","packages":['
    return (head + "\n" + ",\n".join(lines) + "\n]}\n").encode()


def write_manifest(out: Path, records: Iterable[dict[str, Any]]) -> Path:
    """Write ``manifest.json`` unless it already holds exactly these records."""
    path = out / MANIFEST
    data = manifest_bytes(records)
    try:
        unchanged = path.read_bytes() == data
    except OSError:
        unchanged = False
    if not unchanged:
        write_atomic(path, data)
    return path


def read_manifest(path: Path) -> list[dict[str, Any]]:
    """The package records of a manifest.json (a previous release's, for ``--against``)."""
    try:
        document = json.loads(path.read_bytes())
        packages = document["packages"]
        if not isinstance(packages, list) or not all(isinstance(p, dict) for p in packages):
            raise TypeError("`packages` must be a list of objects")
    except OSError as exc:
        raise TrainforgeError.single("manifest.unreadable", f"cannot read manifest: "
                                     f"{exc.strerror}", path) from None
    except (ValueError, TypeError, KeyError) as exc:
        raise TrainforgeError.single("manifest.invalid", f"not a trainforge manifest.json "
                                     f"({exc})", path) from None
    return packages
