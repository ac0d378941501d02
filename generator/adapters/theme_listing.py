"""MkDocs' list of the theme's static files, made without walking the folders it leaves out anyway.

Every build, MkDocs asks the theme's Jinja environment for all its files (`Files.add_files_from_theme`)
and keeps those its filter lets through. Jinja's loader walks every theme folder to list them, Material's
`.icons` too: about 14,500 files, of which the filter keeps none, since it leaves out every name with a
part that starts with a dot (its patterns `.*` and `*/.*`). Walking and filtering them took about 0.045 s
of every build, rebuilds included, on the 2-core machine.

`list_templates_quickly` lists the same names without going into a folder whose name starts with a dot, and
is used only when MkDocs' filter is, to the bytecode, the one mirrored here (`MKDOCS_FILTER`, MkDocs 1.6),
and the environment's loader is Jinja's own `FileSystemLoader`, whose listing is mirrored here too. Any other
call (another filter, no filter, another loader) lists the files as Jinja does.
`tests/test_theme_listing.py` compares both ways on Material and on a theme folder with dot folders and
files at every depth.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Collection
from typing import Any

from jinja2 import Environment, FileSystemLoader
from mkdocs.config.defaults import MkDocsConfig

from .mirrored import is_mirrored

MKDOCS_FILTER = textwrap.dedent('''
    def add_files_from_theme(self, env, config):
        def filter(name):
            # '.*' filters dot files/dirs at root level whereas '*/.*' filters nested levels
            patterns = ['.*', '*/.*', '*.py', '*.pyc', '*.html', '*readme*', 'mkdocs_theme.yml']
            # Exclude translation files
            patterns.append("locales/*")
            patterns.extend(f'*{x}' for x in utils.markdown_extensions)
            patterns.extend(config.theme.static_templates)
            for pattern in patterns:
                if fnmatch.fnmatch(name.lower(), pattern):
                    return False
            return True
''')
"""The filter of MkDocs 1.6's `Files.add_files_from_theme`, which leaves out every name with a part that starts
with a dot: `*` matches `/` too, so `*/.*` matches such a part anywhere below the top, and `.*` at the top."""
MKDOCS_IMPORTS = "from __future__ import annotations\nimport fnmatch\nfrom mkdocs import utils"
"""How `mkdocs/structure/files.py` begins, as far as compiling the filter goes."""
JINJA_LISTING = textwrap.dedent('''
    def list_templates(self):
        found = set()
        for searchpath in self.searchpath:
            walk_dir = os.walk(searchpath, followlinks=self.followlinks)
            for dirpath, _, filenames in walk_dir:
                for filename in filenames:
                    template = (
                        os.path.join(dirpath, filename)[len(searchpath) :]
                        .strip(os.path.sep)
                        .replace(os.path.sep, "/")
                    )
                    if template[:2] == "./":
                        template = template[2:]
                    if template not in found:
                        found.add(template)
        return sorted(found)
''')
"""Jinja 3.1's `FileSystemLoader.list_templates`, which `names_outside_dot_folders` follows."""


def names_outside_dot_folders(loader: FileSystemLoader) -> list[str]:
    """`loader.list_templates()` but for the files inside folders whose names start with a dot."""
    found = set()
    for searchpath in loader.searchpath:
        for dirpath, subfolders, filenames in os.walk(searchpath, followlinks=loader.followlinks):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            for filename in filenames:
                path = os.path.join(dirpath, filename)[len(searchpath):]
                template = path.strip(os.path.sep).replace(os.path.sep, "/")
                if template[:2] == "./":
                    template = template[2:]
                found.add(template)
    return sorted(found)


def list_templates_quickly(env: Environment) -> None:
    """Make `env.list_templates` skip the dot folders for MkDocs' theme filter, when that is exact (see above)."""
    if type(env.loader) is not FileSystemLoader \
            or not is_mirrored(FileSystemLoader.list_templates, JINJA_LISTING, "import os"):
        return
    loader = env.loader
    listed = env.list_templates

    def list_templates(extensions: Collection[str] | None = None,
                       filter_func: Callable[[str], bool] | None = None) -> list[str]:
        if extensions is not None or filter_func is None or not hasattr(filter_func, "__code__") \
                or not is_mirrored(filter_func, MKDOCS_FILTER, MKDOCS_IMPORTS):
            return listed(extensions, filter_func)
        return [name for name in names_outside_dot_folders(loader) if filter_func(name)]

    setattr(env, "list_templates", list_templates)  # noqa: B010  # an instance attribute, for this environment


def theme_listed_quickly(config: MkDocsConfig) -> None:
    """Every environment the theme of `config` makes lists its files with `list_templates_quickly`."""
    make = config.theme.get_env

    def get_env() -> Any:
        env = make()
        list_templates_quickly(env)
        return env

    setattr(config.theme, "get_env", get_env)  # noqa: B010  # an instance attribute, for this build's theme only
