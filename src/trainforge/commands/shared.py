"""What the commands share: course PATHS, --strict, --diagnostics, and user errors → exit 1.

Only click is imported here: every command module imports this one, and a no-op build must not
pay for the compiler.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from trainforge.errors import Diagnostic, TrainforgeError, format_diagnostics

F = TypeVar("F", bound=Callable[..., Any])
DIAGNOSTICS = click.Choice(["text", "json", "github"])

paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
diagnostics_option = click.option("--diagnostics", type=DIAGNOSTICS, default="text",
                                  show_default=True)
theme_option = click.option("--theme", type=click.Path(path_type=Path, file_okay=False),
                            help="Theme folder overriding the built-in theme template by "
                                 "template.")


def report(diagnostics: Sequence[Diagnostic], style: str) -> None:
    """Print diagnostics: text on standard error, JSON and GitHub annotations on standard out."""
    if diagnostics:
        click.echo(format_diagnostics(diagnostics, style), err=style == "text")


def user_errors(func: F) -> F:
    """Turn a TrainforgeError into its diagnostics and exit code 1 — never a traceback."""
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        style = kwargs.get("diagnostics", "text")
        try:
            return func(*args, **kwargs)
        except TrainforgeError as exc:
            report(exc.diagnostics, style)
            count = sum(1 for d in exc.diagnostics if d.severity.value == "error")
            if style == "text":
                click.echo(f"{count} error(s); nothing was written.", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def course_paths(paths: Sequence[Path]) -> list[Path]:
    """The course folders named on the command line, or ``courses/``."""
    return list(paths) or [Path("courses")]
