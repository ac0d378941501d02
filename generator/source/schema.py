"""JSON Schemas of the YAML files, for editors' autocompletion and checking."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import BaseModel

SCHEMA_KINDS = ("version", "notice", "site")
"""The kinds of YAML file, named without loading the schema (the `notices` command lists them)."""


def schema_model(kind: str) -> type[BaseModel]:
    from .model import NoticeMeta, SiteConfig, Version  # the schema is slow to load; only this needs it

    models: dict[str, type[BaseModel]] = {"version": Version, "notice": NoticeMeta, "site": SiteConfig}
    return models[kind]


def schema_json(kind: str) -> str:
    """The JSON Schema of one kind of file, as stable, readable JSON."""
    schema = schema_model(kind).model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in SCHEMA_KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_json(kind), encoding="utf-8")
        written.append(path)
    return written
