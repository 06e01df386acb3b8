"""``trainforge impact``: what a policy release, or the commits since a ref, touch in courses."""

from __future__ import annotations

import json
from pathlib import Path

import click

from trainforge.commands.shared import course_paths, user_errors


@click.command()
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
    roots, courses, registry = load_all(course_paths(paths))
    found = find_impact(roots, courses, registry, spec=policy, ref=since)
    if as_json:
        click.echo(json.dumps([h.as_json() for h in found], indent=2, ensure_ascii=False))
        return
    click.echo(f"{'course':<16} {'kind':<10} {'id':<24} {'changed':<20} title")
    for h in found:
        click.echo(f"{h.course:<16} {h.kind:<10} {h.id:<24} {','.join(h.changes):<20} {h.title}")
    click.echo(f"{len(found)} affected item(s) in {len({h.course for h in found})} course(s).",
               err=True)


command = impact
