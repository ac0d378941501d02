"""Templates compiled once per `mkdocs serve` session instead of on every rebuild.

Every rebuild makes new Jinja environments (MkDocs' theme environment, and the generator's own for
`templates/`), and each compiled again every template it used: about fifty, a tenth of a rebuild.
`CompiledTemplates` is a Jinja bytecode cache held in memory by the plugin. Jinja keeps each entry
with the SHA-1 of the template's source and compiles again when it differs; the entry's key here
holds, besides the template's name and file, everything else compiling reads from the environment
(its syntax and whitespace settings, whether the template is autoescaped, its extensions and how
each filter and test takes its arguments). So a template is reused only when compiling it again
would give the same code: exact, not a guess from file times. Nothing is written to disk: the
project's cache holds data, never code.
"""

from __future__ import annotations

from hashlib import sha256

from jinja2 import Environment, __version__
from jinja2.bccache import Bucket, BytecodeCache

_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
             "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
             "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized", "is_async")


def _compiling(environment: Environment, name: str) -> str:
    """What compiling the template `name` in `environment` depends on, but its source."""
    autoescape = environment.autoescape(name) if callable(environment.autoescape) else environment.autoescape
    # How the compiler passes a filter or test its context (jinja2.utils._PassArg.from_obj reads this).
    passes = {kind: sorted((key, str(getattr(value, "jinja_pass_arg", None))) for key, value in table.items())
              for kind, table in (("filters", environment.filters), ("tests", environment.tests))}
    return repr((__version__, type(environment).__qualname__, [getattr(environment, s) for s in _SETTINGS],
                 bool(autoescape), sorted(environment.extensions), environment.finalize is None,
                 sorted((key, repr(value)) for key, value in environment.policies.items()), passes))


class CompiledTemplates(BytecodeCache):
    """Compiled templates in memory, by name, file and environment settings; checked by Jinja against the source."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = sha256(f"{name}\0{filename}\0{_compiling(environment, name)}".encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # Jinja drops it if the source's checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
