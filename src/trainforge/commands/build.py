"""``trainforge build``: build packages of every course, in every format asked for."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from trainforge.commands.shared import (
    course_paths,
    diagnostics_option,
    paths_argument,
    report,
    strict_option,
    theme_option,
    user_errors,
)
from trainforge.package import formats


def _shard(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    from trainforge.batch.shard import parse_shard

    try:
        return parse_shard(value) if value is not None else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command()
@paths_argument
@click.option("--format", "-f", "format_names", multiple=True, default=["web"], show_default=True,
              type=click.Choice(formats.names()), help="Output format; repeat for several.")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("dist"),
              show_default=True, help="Folder for the packages.")
@theme_option
@click.option("--sco-per-module", is_flag=True, help="SCORM: one SCO per module.")
@click.option("--xapi-base-iri", metavar="IRI",
              help="xAPI: base of the activity IRIs, for every course (overrides course.yaml's "
                   "`xapi_base_iri`; one of the two is required for --format xapi).")
@click.option("--strip-sensitive", is_flag=True,
              help="Ship descriptions instead of sensitive media (audiences that must not see it).")
@click.option("--changed-since", metavar="GIT_REF",
              help="Build only courses whose packages the commits since GIT_REF change (their "
                   "files, the theme, policy edits they show).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes.  [default: number of CPUs]")
@click.option("--force", is_flag=True, help="Rebuild every package, ignoring the cache.")
@click.option("--shard", metavar="I/N", callback=_shard,
              help="Build only shard I of N (courses split by a stable hash of their id).")
@click.option("--against", metavar="MANIFEST|GIT_REF",
              help="The previous release, as its manifest.json or the git ref of its sources: "
                   "fail if ids learners' records refer to vanish or change.")
@strict_option
@diagnostics_option
@user_errors
def build(paths: tuple[Path, ...], format_names: tuple[str, ...], out: Path, theme: Path | None,
          sco_per_module: bool, xapi_base_iri: str | None, strip_sensitive: bool,
          changed_since: str | None, jobs: int | None, force: bool, shard: Any,
          against: str | None, strict: bool, diagnostics: str) -> None:
    """Build packages of every course under PATHS (default: courses/)."""
    import os

    from trainforge.batch.build import build as run_build
    from trainforge.batch.options import BuildOptions
    from trainforge.batch.progress import for_stream

    if changed_since:
        from trainforge.release.impact import affected_courses

        affected = affected_courses(course_paths(paths), changed_since, theme)
        click.echo(f"{len(affected)} course(s) affected since {changed_since}.", err=True)
        if not affected:
            return
        paths = tuple(affected)
    options = BuildOptions(sco_per_module=sco_per_module, xapi_base_iri=xapi_base_iri,
                           strip_sensitive=strip_sensitive)
    result = run_build(course_paths(paths), format_names, out, theme_dir=theme, options=options,
                       strict=strict, jobs=jobs or os.cpu_count() or 1, force=force,
                       shard=shard, against=against, reporter=for_stream(sys.stderr))
    report(result.diagnostics, diagnostics)
    for path in result.packages:
        click.echo(str(path))


command = build
