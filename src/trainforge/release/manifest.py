"""``manifest.json`` in the output folder: every package of the build, what it is and its hash.

One record per package: course id, version, format, locale, policy versions, sha256, size, the
sources' commit, the item-metadata file beside it and the tracked ids (pages, questions, options)
that ``trainforge build --against`` compares with the next release. Records are sorted by package
name and hold nothing from the clock or the machine, so the manifest is reproducible too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
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


@dataclass(frozen=True)
class ManifestRecord:
    """One package of a release: what it is, its bytes' hash and the ids learners' records use.

    ``build --against GIT_REF`` rebuilds records from sources, so the package-only fields
    (format, hash, size, item-metadata file) have empty defaults; so does an older manifest.
    """

    name: str  # the package's file or folder name in the output folder
    course: str
    locale: str
    ids: Mapping[str, Any]  # itemmeta.tracked_ids
    version: str = ""
    format: str = ""
    policies: Mapping[str, int] = field(default_factory=dict)  # policy id → version
    sha256: str = ""
    size: int = 0
    commit: str = ""
    items: str = ""  # the item-metadata file beside the package

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ManifestRecord:
        """A record as manifest.json (or the cache) holds it; TypeError names a bad field."""
        known = {f.name for f in fields(cls)}
        values = {"ids": {}, **{k: v for k, v in data.items() if k in known}}
        for key, kind in (("name", str), ("course", str), ("locale", str), ("ids", dict)):
            if not isinstance(values.get(key), kind):
                raise TypeError(f"a package record's `{key}` must be a {kind.__name__}")
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def record(course: resolved.Course, format_name: str, name: str, sha256: str, size: int,
           commit: str, items_file: str, ids: Mapping[str, Any]) -> ManifestRecord:
    """The manifest record of one package."""
    return ManifestRecord(name, course.id, course.language, ids, course.version, format_name,
                          {p.id: p.version for p in course.policies}, sha256, size, commit,
                          items_file)


def manifest_bytes(records: Iterable[ManifestRecord]) -> bytes:
    """The manifest, one package record a line (diff-friendly, and JSON's fast encoder)."""
    lines = [COMPACT.encode(r.to_json()) for r in sorted(records, key=lambda r: r.name)]
    head = f'{{"format":{MANIFEST_FORMAT},"generator":"trainforge {__version__}","packages":['
    return (head + "\n" + ",\n".join(lines) + "\n]}\n").encode()


def write_manifest(out: Path, records: Iterable[ManifestRecord]) -> Path:
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


def read_manifest(path: Path) -> list[ManifestRecord]:
    """The package records of a manifest.json (a previous release's, for ``--against``).

    Any release's manifest reads, whatever its package names (before locales were in them too).
    """
    try:
        document = json.loads(path.read_bytes())
        packages = document["packages"]
        if not isinstance(packages, list) or not all(isinstance(p, dict) for p in packages):
            raise TypeError("`packages` must be a list of objects")
        records = [ManifestRecord.from_json(p) for p in packages]
    except OSError as exc:
        raise TrainforgeError.single("manifest.unreadable", f"cannot read manifest: "
                                     f"{exc.strerror}", path) from None
    except (ValueError, TypeError, KeyError) as exc:
        raise TrainforgeError.single("manifest.invalid", f"not a trainforge manifest.json "
                                     f"({exc})", path) from None
    return records
