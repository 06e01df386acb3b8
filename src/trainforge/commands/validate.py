"""``trainforge validate``: read, validate and resolve courses; print every problem at once."""

from __future__ import annotations

from pathlib import Path

import click

from trainforge.commands.shared import (
    course_paths,
    diagnostics_option,
    paths_argument,
    report,
    strict_option,
    user_errors,
)


@click.command()
@paths_argument
@strict_option
@diagnostics_option
@user_errors
def validate(paths: tuple[Path, ...], strict: bool, diagnostics: str) -> None:
    """Validate courses and print every problem at once."""
    from trainforge.batch.build import load_courses

    courses, found = load_courses(course_paths(paths), strict)
    report(found, diagnostics)
    if diagnostics == "text":
        click.echo(f"{len(courses)} course(s) valid, {len(found)} warning(s).", err=True)


command = validate
