"""`trainforge check`: validate any SCORM 1.2 or xAPI zip, ours or not, without unpacking it.

:func:`check_package` reads the zip's central directory, refuses unsafe archives, then validates
the descriptor at the root (``imsmanifest.xml`` for SCORM 1.2, ``tincan.xml`` for xAPI) from
memory. Nothing is extracted and nothing is written.
"""

from __future__ import annotations

import dataclasses
import posixpath
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from trainforge.check.bombs import check_bombs
from trainforge.check.entries import check_entries
from trainforge.check.limits import DEFAULT_LIMITS, Limits
from trainforge.check.scorm12 import MANIFEST, check_scorm12
from trainforge.check.xapi import TINCAN, check_xapi
from trainforge.check.zip_reader import Archive, open_zip, printable
from trainforge.errors import Diagnostic, Severity, error, format_diagnostics

__all__ = ["DEFAULT_LIMITS", "Limits", "check_package", "run_check"]

# The descriptor at the zip root decides the kind of package.
_CHECKERS: dict[str, Callable[[Archive], list[Diagnostic]]] = {
    MANIFEST: check_scorm12,
    TINCAN: check_xapi,
}
# What `check` prints it checked, per kind of package (the summary line of each package).
_FORMATS = {MANIFEST: "SCORM 1.2", TINCAN: "xAPI"}
_CHECKS = {
    MANIFEST: "imsmanifest.xml against the SCORM 1.2 schemas, schema version, references, files",
    TINCAN: "tincan.xml activities, launch, ids and types, interaction types, response patterns",
}
_ZIP_CHECKS = "zip entries and sizes"
# After these, nothing inside the zip is read.
_REFUSED = {"check.zip-bomb", "check.zip-overlap", "check.zip-corrupt"}


def check_package(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Diagnostic]:
    """Every problem found in the package at ``path``; empty when it is valid."""
    return _check(path, limits)[1]


def _check(path: Path, limits: Limits) -> tuple[list[str], list[Diagnostic]]:
    """The descriptors checked (none when the zip was refused first) and the problems found."""
    opened = open_zip(path)
    if isinstance(opened, Diagnostic):
        return [], [opened]
    with opened:
        archive = Archive(opened, str(path), limits)
        found = [*check_entries(archive), *check_bombs(archive)]
        kinds: list[str] = []
        if not any(d.code in _REFUSED for d in found):
            kinds = [name for name in _CHECKERS if name in archive.files]
            found.extend(_check_descriptors(archive, kinds))
    # Messages quote names and values from the package: escape what a terminal would interpret.
    return kinds, [
        dataclasses.replace(d, message=printable(d.message), hint=printable(d.hint)) for d in found
    ]


def run_check(
    paths: list[Path], *, strict: bool = False, style: str = "text", out: TextIO | None = None
) -> int:
    """Check each package, print the diagnostics (``text``, ``json`` or ``github``), return 0 or 1.

    Exit code 1 when any package has an error, or with ``strict`` any warning.
    """
    found: list[Diagnostic] = []
    summaries = []
    for path in paths:
        kinds, problems = _check(path, DEFAULT_LIMITS)
        found.extend(problems)
        summaries.append(_summary(path, kinds, problems, strict))
    text = format_diagnostics(found, style)
    if style == "text":  # JSON and GitHub annotations stay machine-readable: no summary lines
        text = "\n".join(filter(None, [text, *summaries]))
    if text:
        print(text, file=out or sys.stdout)
    failing = [d for d in found if strict or d.severity is Severity.ERROR]
    return 1 if failing else 0


def _summary(path: Path, kinds: list[str], problems: list[Diagnostic], strict: bool) -> str:
    """``<path>: ok: SCORM 1.2 (what was checked)``, or ``failed`` with the counts."""
    fmt = " + ".join(_FORMATS[k] for k in kinds) or "no known descriptor"
    what = "; ".join([_ZIP_CHECKS, *(_CHECKS[k] for k in kinds)])
    errors = sum(d.severity is Severity.ERROR for d in problems)
    warnings = len(problems) - errors
    verdict = "failed" if errors or (strict and warnings) else "ok"
    counts = f": {errors} error(s), {warnings} warning(s)" if problems else ""
    return f"{printable(str(path))}: {verdict}: {fmt} ({what}){counts}"


def _check_descriptors(archive: Archive, kinds: list[str]) -> list[Diagnostic]:
    if kinds:
        return [d for name in kinds for d in _CHECKERS[name](archive)]
    nested = sorted(n for n in archive.files if posixpath.basename(n) in _CHECKERS)
    hint = (
        f"found '{nested[0]}': zip the package folder's contents, not the folder"
        if nested
        else "a SCORM 1.2 package has imsmanifest.xml at its root, an xAPI package tincan.xml"
    )
    message = f"no {MANIFEST} (SCORM 1.2) or {TINCAN} (xAPI) at the root of the zip"
    return [error("check.manifest-missing", message, archive.where(), hint)]
