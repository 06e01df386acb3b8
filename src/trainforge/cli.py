"""The thin click layer: parse arguments, call one function, map errors to exit codes.

Exit codes: 0 success, 1 invalid input (located diagnostics), 2 usage error (click's own).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from trainforge import __version__
from trainforge.errors import Diagnostic, TrainforgeError, format_diagnostics
from trainforge.package import formats

F = TypeVar("F", bound=Callable[..., Any])
DIAGNOSTICS = click.Choice(["text", "json", "github"])


def _report(diagnostics: Sequence[Diagnostic], style: str) -> None:
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
            _report(exc.diagnostics, style)
            count = sum(1 for d in exc.diagnostics if d.severity.value == "error")
            if style == "text":
                click.echo(f"{count} error(s); nothing was written.", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _paths(paths: tuple[Path, ...]) -> list[Path]:
    return list(paths) or [Path("courses")]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="trainforge")
def main() -> None:
    """trainforge: compile policy-training courses into web, SCORM and xAPI packages."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--diagnostics", type=DIAGNOSTICS, default="text", show_default=True)
@user_errors
def validate(paths: tuple[Path, ...], strict: bool, diagnostics: str) -> None:
    """Validate courses and print every problem at once."""
    from trainforge.batch.build import load_courses

    courses, found = load_courses(_paths(paths), strict)
    _report(found, diagnostics)
    if diagnostics == "text":
        click.echo(f"{len(courses)} course(s) valid, {len(found)} warning(s).", err=True)


def _shard(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    from trainforge.batch.shard import parse_shard

    try:
        return parse_shard(value) if value is not None else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "-f", "format_names", multiple=True, default=["web"], show_default=True,
              type=click.Choice(formats.names()), help="Output format; repeat for several.")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("dist"),
              show_default=True, help="Folder for the packages.")
@click.option("--theme", type=click.Path(path_type=Path, file_okay=False),
              help="Theme folder overriding the built-in theme template by template.")
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
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--diagnostics", type=DIAGNOSTICS, default="text", show_default=True)
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

        affected = affected_courses(_paths(paths), changed_since, theme)
        click.echo(f"{len(affected)} course(s) affected since {changed_since}.", err=True)
        if not affected:
            return
        paths = tuple(affected)
    options = BuildOptions(sco_per_module=sco_per_module, xapi_base_iri=xapi_base_iri,
                           strip_sensitive=strip_sensitive)
    result = run_build(_paths(paths), format_names, out, theme_dir=theme, options=options,
                       strict=strict, jobs=jobs or os.cpu_count() or 1, force=force,
                       shard=shard, against=against, reporter=for_stream(sys.stderr))
    _report(result.diagnostics, diagnostics)
    for path in result.packages:
        click.echo(str(path))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--out", "-o", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the preview build.  [default: a temporary folder, removed on exit]")
@click.option("--theme", type=click.Path(path_type=Path, file_okay=False),
              help="Theme folder overriding the built-in theme template by template.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--poll", type=click.FloatRange(min=0.05), default=0.5, show_default=True,
              metavar="SECONDS", help="How often to look for changed sources.")
@user_errors
def serve(paths: tuple[Path, ...], port: int, out: Path | None, theme: Path | None, strict: bool,
          poll: float) -> None:
    """Preview courses in the browser; rebuild and reload on every change. Ctrl-C stops."""
    from trainforge.commands.serve import Preview, remove, temporary_out
    from trainforge.commands.serve import serve as run_serve
    from trainforge.load.course_dir import discover

    discover(_paths(paths))  # a mistyped path is an error at once, not an empty preview
    target = out or temporary_out()
    preview = Preview(_paths(paths), target, theme, strict,
                      echo=lambda text: click.echo(text, err=True))
    try:
        run_serve(preview, port, poll, ready=lambda url: click.echo(
            f"Serving {url} (Ctrl-C to stop)"))
    except OSError as exc:  # the port is taken, most often
        raise click.ClickException(f"cannot serve on 127.0.0.1:{port}: {exc.strerror}") from None
    finally:
        if out is None:
            remove(target)


@main.command()
@click.argument("path", type=click.Path(path_type=Path), default=Path("."))
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the stable interface).")
@user_errors
def inspect(path: Path, as_json: bool) -> None:
    """Print the validated, resolved course at PATH."""
    from trainforge.batch.build import load_courses
    from trainforge.commands.inspect_course import inspect_course

    courses, _ = load_courses([path])
    data = [inspect_course(c) for c in courses]
    if as_json:
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
        return
    for course in data:
        click.echo(f"{course['id']} {course['version']}: {course['title']}")
        for page in course["pages"]:
            click.echo(f"  {page['kind']:<10} {page['id']}  {page['title']}")


@main.command()
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("schemas"),
              show_default=True)
def schema(out: Path) -> None:
    """Write the JSON Schemas of course.yaml, lesson front matter, question banks and policies."""
    from trainforge.commands.schema import write_schemas

    for path in write_schemas(out):
        click.echo(str(path))


@main.command()
@click.argument("policy", required=False)
@click.option("--since", metavar="GIT_REF", help="What the commits since GIT_REF changed.")
@click.option("--courses", "paths", multiple=True, type=click.Path(path_type=Path),
              help="Course folders (default: courses/).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@user_errors
def impact(policy: str | None, since: str | None, paths: tuple[Path, ...], as_json: bool) -> None:
    """List courses, pages, questions and objectives showing what POLICY[@VERSION] or the
    commits since --since GIT_REF changed (clauses cited or offered, actions, policy titles)."""
    from trainforge.release.impact import impact as find_impact
    from trainforge.release.impact import load_all

    if not policy and not since:
        raise click.UsageError("name a POLICY[@VERSION] or give --since GIT_REF")
    roots, courses, registry = load_all(_paths(paths))
    found = find_impact(roots, courses, registry, spec=policy, ref=since)
    if as_json:
        click.echo(json.dumps([h.as_json() for h in found], indent=2, ensure_ascii=False))
        return
    click.echo(f"{'course':<16} {'kind':<10} {'id':<24} {'changed':<20} title")
    for h in found:
        click.echo(f"{h.course:<16} {h.kind:<10} {h.id:<24} {','.join(h.changes):<20} {h.title}")
    click.echo(f"{len(found)} affected item(s) in {len({h.course for h in found})} course(s).",
               err=True)


@main.command()
@click.argument("packages", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--diagnostics", type=DIAGNOSTICS, default="text", show_default=True)
def check(packages: tuple[Path, ...], strict: bool, diagnostics: str) -> None:
    """Validate SCORM 1.2 or xAPI zips, ours or not (nothing is extracted).

    Prints every problem, then per package its format, the checks run and ok or failed.
    """
    from trainforge.check import run_check

    sys.exit(run_check(list(packages), strict=strict, style=diagnostics))


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--id", "course_id", metavar="ID",
              help="The course id (default: from DIRECTORY's name).")
@click.option("--title", help='The course title (default: "New policy course").')
@user_errors
def new(directory: Path, course_id: str | None, title: str | None) -> None:
    """Scaffold a new course in DIRECTORY that builds as it is.

    It cites the nearest policies/ registry above DIRECTORY, or brings a tiny one of its own.
    """
    from trainforge.commands.new import scaffold

    for path in scaffold(directory, course_id, title, policy=True):
        click.echo(str(path))


if __name__ == "__main__":  # pragma: no cover
    main()
