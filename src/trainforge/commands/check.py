"""``trainforge check``: validate SCORM 1.2 or xAPI zips, ours or anyone's."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from trainforge.commands.shared import diagnostics_option, strict_option


@click.command()
@click.argument("packages", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@strict_option
@diagnostics_option
def check(packages: tuple[Path, ...], strict: bool, diagnostics: str) -> None:
    """Validate SCORM 1.2 or xAPI zips, ours or not (nothing is extracted).

    Prints every problem, then per package its format, the checks run and ok or failed.
    """
    from trainforge.check import run_check

    sys.exit(run_check(list(packages), strict=strict, style=diagnostics))


command = check
