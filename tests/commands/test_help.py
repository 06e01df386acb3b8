"""Every command's --help, byte for byte as documented (tests/commands/help/<command>.txt).

The commands live one per module and are imported when asked for; their help must not change
with where they live, and ``trainforge --help`` lists every command of the table.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from trainforge.cli import main

HELP = Path(__file__).parent / "help"
COMMANDS = sorted(p.stem for p in HELP.glob("*.txt") if p.stem != "trainforge")


def _help(*args: str) -> str:
    # 78 columns: what click lays out in an 80-column terminal.
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="trainforge",
                                terminal_width=78)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_group_lists_every_command() -> None:
    assert _help() == (HELP / "trainforge.txt").read_text(encoding="utf-8")
    with main.make_context("trainforge", [], resilient_parsing=True) as ctx:
        assert main.list_commands(ctx) == COMMANDS


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help_is_unchanged(name: str) -> None:
    assert _help(name) == (HELP / f"{name}.txt").read_text(encoding="utf-8")


def test_a_mistyped_command_is_a_usage_error_with_a_suggestion() -> None:
    result = CliRunner().invoke(main, ["buld"])
    assert result.exit_code == 2
    assert "No such command 'buld'. Did you mean 'build'?" in result.stderr
