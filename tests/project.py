"""A minimal project on disk, for tests that need exact lines and columns."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

SITE = """\
organisation: Example Ltd
site_url: https://privacy.example.org/
privacy_email: privacy@example.org
sender: Example Privacy <privacy@example.org>
jurisdictions: [eea]
audiences:
  - id: all-users
    name: All users
    email: users@example.org
"""

NOTICE = """\
title: Privacy Notice
kind: notice
audiences: [all-users]
"""

VERSION = """\
effective: 2021-01-01
summary: First version.
contacts:
  - id: privacy-team
    role: privacy
    name: Privacy Team
    email: privacy@example.org
sections:
  - id: intro
    title: Who we are
    blocks:
      - text: We are Example Ltd.
      - items:
          - id: account
            title: Account.
            text: We collect your name.
"""

MKDOCS = """\
site_name: Example notices
docs_dir: site_config/pages
theme:
  name: material
plugins:
  - notices
"""


def make_project(root: Path, *, site: str = SITE, notices: dict[str, dict[str, str]] | None = None) -> Path:
    """Write a project; `notices` maps a notice id to its files (file name -> YAML text)."""
    notices = notices if notices is not None else {"privacy": {"notice.yaml": NOTICE, "2021-01-01.yaml": VERSION}}
    (root / "site_config" / "pages").mkdir(parents=True, exist_ok=True)
    (root / "site_config" / "site.yaml").write_text(textwrap.dedent(site), encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    for notice_id, files in notices.items():
        folder = root / "notices" / notice_id
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    return root


def unfrozen_example(root: Path) -> Path:
    """A copy of the example project's sources as before archival PDFs were frozen at publish: no `pdf/` folders,
    locks without `pdfs` (sealed as the tool wrote them then), so that every PDF is laid out as before."""
    from ruamel.yaml import YAML

    from generator.source.lock import LOCK_FILE, PDF_FOLDER, LockFile, write_lock

    example = Path(__file__).resolve().parent.parent
    for name in ("notices", "site_config", "templates"):
        shutil.copytree(example / name, root / name)
    shutil.copy(example / "mkdocs.yml", root / "mkdocs.yml")
    for lock in (root / "notices").glob(f"*/{LOCK_FILE}"):
        shutil.rmtree(lock.parent / PDF_FOLDER, ignore_errors=True)
        old = LockFile.model_validate(YAML(typ="safe", pure=True).load(lock)).model_copy(update={"pdfs": {}})
        write_lock(lock.parent, old)
    return root
