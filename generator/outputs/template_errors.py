"""A broken template (the user's overrides in `templates/` above all) reported as a problem, not a traceback.

Jinja raises `TemplateSyntaxError` (it knows the file and line), `TemplateNotFound` (it knows only the name
looked for: the template that asked for it is the innermost template frame of the traceback, which Jinja rewrites
to point at template lines) and, for a file that is not UTF-8, a bare `UnicodeDecodeError` (no file at all, so
`SnapshotLoader` turns it into `NotUtf8Template`). Each becomes one `path:line:col: error:` line.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

from ..source.problems import Problem, display_path, shown


class NotUtf8Template(TemplateSyntaxError):
    """A template file whose bytes are not UTF-8; its line is that of the first byte that is not."""

    def __init__(self, filename: str, name: str, data: bytes, error: UnicodeDecodeError) -> None:
        line = data[:error.start].count(b"\n") + 1
        super().__init__(f"the template is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be read); "
                         "save it as UTF-8", line, name, filename)


def _innermost_template(trace: TracebackType | None) -> tuple[str, int] | None:
    """The file and line of the last template frame of `trace` (Jinja's rewritten frames name the template)."""
    found = None
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and not filename.startswith("<"):
            found = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return found


def template_problem(error: TemplateError) -> Problem:
    """One line saying which template is broken, where, and how to fix it."""
    if isinstance(error, TemplateSyntaxError):
        where = display_path(Path(error.filename)) if error.filename else str(error.name)
        message = error.message or "syntax error"
        advice = "" if isinstance(error, NotUtf8Template) else "; fix the template's Jinja syntax"
        return Problem(where, error.lineno, 0, f"{message}{advice}")
    if isinstance(error, TemplateNotFound):
        including = _innermost_template(error.__traceback__)
        message = (f"template {shown(error.name)} not found; add that file or change the name that "
                   "includes or extends it")
        if including is None:
            return Problem("templates", 0, 0, message)
        return Problem(display_path(Path(including[0])), including[1], 0, message)
    return Problem("templates", 0, 0, f"{error.message or type(error).__name__}; fix the template")
