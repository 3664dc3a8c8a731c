"""Every `atlas` command has help text and is documented in the README."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "atlas") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
    return found


COMMANDS = _commands(main)


def test_there_are_commands() -> None:
    names = {path for path, _ in COMMANDS}
    assert {"atlas validate", "atlas export"} <= names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_has_help(path: str, command: click.Command) -> None:
    assert command.help and len(command.help.strip()) > 20, f"{path} has no help text"
    args = [*path.split()[1:], "--help"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    first_line = " ".join(command.help.strip().splitlines()[0].split())
    assert first_line in " ".join(result.output.split())


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_is_documented(path: str, command: click.Command) -> None:
    if isinstance(command, click.Group):
        return  # a group is documented through its subcommands
    assert f"`{path}" in README, f"README does not document `{path}`"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden and param.name != "help":
            longest = max(param.opts, key=len)
            assert longest in README, f"README does not mention {path} {longest}"
