"""How the `notices` command explains itself: `-h`, whole one-line descriptions, an example per command."""

from __future__ import annotations

import inspect
from typing import Any

import click

from ..source.problems import InvalidContent
from .options import ProblemsFound

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
"""Both help flags on every command (subcommands inherit them from the group)."""


def example(*command_lines: str) -> str:
    """A command's epilog: its example invocations, kept as written (click's `\\b` stops the rewrapping)."""
    heading = "Example:" if len(command_lines) == 1 else "Examples:"
    return "\b\n" + heading + "\n" + "\n".join(f"  {line}" for line in command_lines)


def example_lines(command: click.Command) -> list[str]:
    """The example invocations of `command`, as its epilog lists them."""
    return [line.strip() for line in (command.epilog or "").splitlines() if line.startswith("  ")]


def one_line(command: click.Command) -> str:
    """The first paragraph of a command's help, joined into one line and never cut."""
    paragraph = inspect.cleandoc(command.help or "").split("\n\n", 1)[0]
    return " ".join(paragraph.split())


class NoticesGroup(click.Group):
    """The `notices` group: reports `InvalidContent` from any command as its problems and exit status 1,
    and lists each command with its whole first paragraph (click cuts it at about 45 characters)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InvalidContent as error:
            raise ProblemsFound(error) from None
        except Exception as error:  # a broken override in templates/ is bad input, not a crash
            from jinja2 import TemplateError  # here: `notices --help` loads no Jinja

            if not isinstance(error, TemplateError):
                raise
            from ..outputs.template_errors import template_problem
            raise ProblemsFound(InvalidContent([template_problem(error)])) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, one_line(command)) for name, command in
                ((name, self.get_command(ctx, name)) for name in self.list_commands(ctx))
                if command is not None and not command.hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
