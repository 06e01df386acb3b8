"""The thin click layer: the ``trainforge`` group and the table of its commands.

Each command is a module under ``trainforge.commands`` holding ``command``, its click command,
beside the logic it runs; adding a command is one module and one line in ``COMMANDS``. A command's
module is imported only when it runs (or ``--help`` lists it), so a no-op ``build`` never imports
``serve``'s or ``new``'s dependencies.

Exit codes: 0 success, 1 invalid input (located diagnostics), 2 usage error (click's own).
"""

from __future__ import annotations

import importlib
from typing import cast

import click

from trainforge import __version__

COMMANDS = {  # command name → its module under trainforge.commands
    "build": "build",
    "check": "check",
    "impact": "impact",
    "inspect": "inspect_command",
    "new": "new",
    "schema": "schema",
    "serve": "serve",
    "validate": "validate",
}


class Commands(click.Group):
    """A group whose commands are imported from ``COMMANDS`` when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module = importlib.import_module(f"trainforge.commands.{COMMANDS[cmd_name]}")
            self.add_command(cast(click.Command, module.command), cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in COMMANDS:  # unknown: load all, so click can say "did you mean"
            for name in COMMANDS:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="trainforge")
def main() -> None:
    """trainforge: compile policy-training courses into web, SCORM and xAPI packages."""


if __name__ == "__main__":  # pragma: no cover
    main()
