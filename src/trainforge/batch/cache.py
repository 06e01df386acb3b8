"""The build cache: content-hash keys of packages, and the record of what each key produced.

A package's key hashes everything its bytes depend on: the course folder's files (paths and
bytes), the policy registry, the theme folder, trainforge's own files (code, runtime, default
theme) and the versions of the libraries that shape the output, the locale, the format, its
options and the sources' commit. Raw files are hashed, never parsed, so a no-op rebuild costs a
read of the sources and of the outputs (whose recorded sha256 is checked before a package is
skipped).
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from trainforge import __version__
from trainforge.release.manifest import ManifestRecord
from trainforge.write.archive import write_atomic

CACHE_FILE = ".trainforge-cache.json"
CACHE_FORMAT = 2  # 2: slots name the locale (format 1's are re-slotted on load)
_LIBRARIES = ("jinja2", "lxml", "markdown-it-py", "mdit-py-plugins", "pydantic", "pyyaml")


def tree_digest(folder: Path | None, skip: str = "") -> str:
    """sha256 over every file below ``folder``: relative paths and bytes, in sorted order.

    Equals ``workers.tree_sha`` of the same files; ``skip`` names folders to leave out.
    """
    h = hashlib.sha256()
    if folder is None or not folder.is_dir():
        return h.hexdigest()
    files: dict[str, str] = {}
    base = str(folder)
    for top, dirs, names in os.walk(base):
        dirs[:] = [d for d in dirs if d != skip]
        rel = os.path.relpath(top, base).replace(os.sep, "/")
        for name in names:
            path = os.path.join(top, name)
            if os.path.isfile(path):
                files[name if rel == "." else f"{rel}/{name}"] = path
    for rel in sorted(files):
        h.update(rel.encode() + b"\0")
        with open(files[rel], "rb") as handle:
            h.update(hashlib.sha256(handle.read()).digest())
    return h.hexdigest()


@cache
def toolchain_digest() -> str:
    """trainforge's own files and the versions of what renders and packs (one per process)."""
    h = hashlib.sha256(f"trainforge {__version__}\0zlib {zlib.ZLIB_RUNTIME_VERSION}".encode())
    for name in _LIBRARIES:
        try:
            h.update(f"\0{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"\0{name} -".encode())
    h.update(tree_digest(Path(__file__).parent, skip="__pycache__").encode())
    return h.hexdigest()


def package_key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def output_digest(path: Path) -> str | None:
    """sha256 of a package: a zip's bytes, or a folder's :func:`tree_digest`; None if missing."""
    if path.is_dir():
        return tree_digest(path)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass
class Entry:
    """What one (course folder, locale, format) produced under ``key``."""

    key: str
    source: str  # digest of the course's own files and its policy registry
    course: str  # course id, known without parsing on the next run (shards need it)
    outputs: dict[str, str]  # file or folder name in the output folder → sha256
    record: ManifestRecord  # the package's manifest entry
    details: dict[str, Any] = field(default_factory=dict)  # diagnostics, item locations

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        return cls(**{**data, "record": ManifestRecord.from_json(data["record"])})

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "source": self.source, "course": self.course,
                "outputs": self.outputs, "record": self.record.to_json(),
                "details": self.details}


@dataclass
class BuildCache:
    """The cache file of one output folder, keyed by :func:`slot`."""

    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path) -> BuildCache:
        path = out / CACHE_FILE
        try:
            data = json.loads(path.read_bytes())
            if data.get("format") not in (1, CACHE_FORMAT):
                return cls(path)
            entries = {k: Entry.from_json(v) for k, v in data["entries"].items()}
            if data["format"] == 1:  # their keys never match, but their old outputs are replaced
                entries = {_reslot(k, e): e for k, e in entries.items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(path)  # a missing or damaged cache only costs a rebuild
        return cls(path, entries)

    def hit(self, slot: str, key: str) -> Entry | None:
        """The entry for ``slot`` if its key matches and every output still has its sha256."""
        entry = self.entries.get(slot)
        if entry is None or entry.key != key:
            return None
        folder = self.path.parent
        if all(output_digest(folder / name) == sha for name, sha in entry.outputs.items()):
            return entry
        return None

    def save(self) -> None:
        """Write the entries whose outputs still exist (a no-op build leaves the file alone)."""
        live = {k: e for k, e in sorted(self.entries.items())
                if all((self.path.parent / name).exists() for name in e.outputs)}
        data = {"format": CACHE_FORMAT, "entries": {k: e.as_json() for k, e in live.items()}}
        write_atomic(self.path, json.dumps(data, sort_keys=True, separators=(",", ":")).encode())


    def of_folder(self, resolved_root: Path) -> dict[str, Entry]:
        """The entries of one course folder, by slot (every locale and format)."""
        prefix = f"{resolved_root.as_posix()}\0"
        return {k: e for k, e in self.entries.items() if k.startswith(prefix)}

    def built(self, resolved_root: Path, source: str) -> list[Entry]:
        """This folder's entries built from the sources whose digest is ``source``."""
        return [e for e in self.of_folder(resolved_root).values() if e.source == source]


def slot(resolved_root: Path, locale: str, format_name: str) -> str:
    """The cache slot of a course folder (resolved, absolute) in one locale and format."""
    return f"{resolved_root.as_posix()}\0{locale}\0{format_name}"


def _reslot(old: str, entry: Entry) -> str:
    """A format-1 slot (folder, format) with its record's locale: the slot of its successor."""
    folder, _, format_name = old.rpartition("\0")
    return slot(Path(folder), entry.record.locale, format_name)
