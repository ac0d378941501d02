"""JSON Schemas of the YAML files, for editors' autocompletion and checking."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .model import NoticeMeta, SiteConfig, Version

SCHEMAS: dict[str, type[BaseModel]] = {"version": Version, "notice": NoticeMeta, "site": SiteConfig}


def schema_json(kind: str) -> str:
    """The JSON Schema of one kind of file, as stable, readable JSON."""
    schema = SCHEMAS[kind].model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in SCHEMAS:
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_json(kind), encoding="utf-8")
        written.append(path)
    return written
