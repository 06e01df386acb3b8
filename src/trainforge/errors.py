"""One exception root and located, coded diagnostics for everything a user can get wrong.

Every stage collects :class:`Diagnostic` objects instead of raising on the first problem, so an
author sees every mistake in one run (``path:line:col: error: message``). Only when a stage cannot
go on does it raise :class:`TrainforgeError` carrying what was collected so far.
"""

from __future__ import annotations

import difflib
import enum
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: a file and a 1-based line and column (0 when unknown)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.col or 1}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: a stable ``code`` (``area.kind``), where, what, and optionally how to fix it."""

    severity: Severity
    code: str
    message: str
    location: Location
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return f"{text} [{self.code}]"

    def as_json(self) -> dict[str, object]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "path": self.location.path,
            "line": self.location.line,
            "col": self.location.col,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Diagnostic:
        """The diagnostic ``as_json`` wrote (the build cache replays a cached package's)."""
        return cls(Severity(data["severity"]), data["code"], data["message"],
                   Location(data["path"], data["line"], data["col"]), data["hint"])

    def as_github(self) -> str:
        """GitHub Actions workflow command, so errors annotate the pull request's lines."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        loc = self.location
        props = f"file={loc.path}"
        if loc.line:
            props += f",line={loc.line},col={loc.col or 1}"
        text = f"{self.message} ({self.hint})" if self.hint else self.message
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} {props},title={self.code}::{text}"


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ``did you mean …`` hint for a misspelt key or id, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def error(code: str, message: str, location: Location, hint: str = "") -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, location, hint)


def warning(code: str, message: str, location: Location, hint: str = "") -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, location, hint)


@dataclass
class Diagnostics:
    """An ordered collection of diagnostics that stages append to."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """In file order, each problem once (a shared file, e.g. a policy, is read per course)."""
        unique = dict.fromkeys(self.items)
        return sorted(unique, key=lambda d: (d.location, d.code, d.message))


class TrainforgeError(Exception):
    """The root of every error trainforge raises for bad input; the CLI maps it to exit code 1."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @classmethod
    def single(cls, code: str, message: str, path: str | Path, hint: str = "") -> TrainforgeError:
        return cls([error(code, message, Location(str(path)), hint)])


def strictly(found: Diagnostics, strict: bool) -> Diagnostics:
    """``found``, with every warning made an error under ``--strict`` (MkDocs' habit)."""
    if strict:
        found.items = [Diagnostic(Severity.ERROR, d.code, d.message + " (--strict)", d.location,
                                  d.hint) if d.severity is Severity.WARNING else d
                       for d in found.items]
    return found


def format_diagnostics(diagnostics: Sequence[Diagnostic], style: str) -> str:
    """Render diagnostics as ``text`` (one per line), ``json`` or ``github`` annotations."""
    if style == "json":
        return json.dumps([d.as_json() for d in diagnostics], indent=2)
    if style == "github":
        return "\n".join(d.as_github() for d in diagnostics)
    return "\n".join(str(d) for d in diagnostics)
