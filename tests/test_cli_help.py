"""`notices -h` and every command's help: a whole one-line description, its options and a working example."""

from __future__ import annotations

import re
import shlex

import click
import pytest
from click.testing import CliRunner
from conftest import ROOT

from generator.adapters.cli import main
from generator.adapters.cli_help import example_lines, one_line

COMMANDS = sorted(main.commands)


def test_the_command_list_shows_each_description_whole() -> None:
    result = CliRunner().invoke(main, ["-h"], terminal_width=80)
    assert result.exit_code == 0, result.output
    # The listing wraps lines, at spaces and after hyphens ("as-" / "of").
    listing = re.sub(r"-\s+", "-", " ".join(result.output.split("Commands:", 1)[1].split()))
    for name in COMMANDS:
        description = one_line(main.commands[name])
        assert description.endswith("."), f"{name}: the first paragraph of its help is not a sentence"
        assert f"{name} {description}" in listing, f"{name}: description cut or missing in the command list"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_and_an_example_that_parses(name: str) -> None:
    command = main.commands[name]
    short, long = (CliRunner().invoke(main, [name, flag]) for flag in ("-h", "--help"))
    assert short.exit_code == 0 and short.output == long.output
    assert one_line(command) and "Example" in short.output
    examples = example_lines(command)
    assert examples, f"{name} has no example in its epilog"
    for line in examples:
        words = shlex.split(line)
        # An alias (`lock` for `publish`) shares its command's examples.
        assert words[0] == "notices" and main.commands.get(words[1]) is command, line
        # The example's arguments and options are ones the command accepts (parsing only; nothing runs).
        with click.Context(main) as parent:
            command.make_context(name, words[2:], parent=parent)


def test_the_readme_commands_table_lists_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`notices ([a-z][a-z-]*)", table))
    assert listed == set(COMMANDS)
