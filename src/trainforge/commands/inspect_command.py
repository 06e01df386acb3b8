"""``trainforge inspect``: print the resolved course, as text or as the JSON QA automation reads.

The JSON itself is ``inspect_course``'s; this module only loads the courses and prints.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from trainforge.commands.shared import user_errors


@click.command()
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


command = inspect
