"""Turning pydantic's validation errors into problems a person editing YAML can act on."""

from __future__ import annotations

import difflib
import types
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .model import ID_PATTERN, LINE_PATTERN, ContactBlock, ListBlock, Paragraph
from .model.facts import Email, HttpsUrl, Phone
from .problems import Loc, PendingProblem, shown

M = TypeVar("M", bound=BaseModel)

_UNION_TAGS: dict[str, type[BaseModel]] = {"paragraph": Paragraph, "list": ListBlock, "contact": ContactBlock}
_PATTERN_HINTS = {
    LINE_PATTERN: "must be one line of text without control characters: remove the line break or escape",
    ID_PATTERN: "is not a valid id: use lower-case letters, digits and single hyphens, e.g. 'account-registration'",
    get_args(Email)[1].pattern: "is not a valid e-mail address, e.g. 'privacy@example.com'",
    get_args(HttpsUrl)[1].pattern: "is not an https:// address; links must start with https://",
    get_args(Phone)[1].pattern: "is not a valid phone number, e.g. '+44 20 3457 0256'",
}
_TYPE_NAMES = {str: "text", int: "a number", float: "a number", bool: "true or false",
               list: "a list", dict: "a mapping", type(None): "nothing"}


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation can hold (through lists, unions and Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = get_origin(annotation)
    if origin is Annotated:
        return _models_in(get_args(annotation)[0])
    if origin in (list, Union, types.UnionType):
        return [m for arg in get_args(annotation) for m in _models_in(arg)]
    return []


def fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Names of the keys allowed in the mapping at `loc` of a document of type `model`."""
    candidates = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        if part in _UNION_TAGS and _UNION_TAGS[part] in candidates:
            candidates = [_UNION_TAGS[part]]
            continue
        owner = next((m for m in candidates if part in m.model_fields), None)
        if owner is None:
            return []
        candidates = _models_in(owner.model_fields[part].annotation)
    return sorted({name for m in candidates for name in m.model_fields})


def did_you_mean(word: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def _describe(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _key_path(loc: Loc) -> Loc:
    return tuple(p for p in loc if p not in _UNION_TAGS)


def _field_name(path: Loc) -> str:
    """The key an error is about, in words: list positions are the reader's entries, not indexes."""
    keys = [str(part) for part in path if not isinstance(part, int)]
    if not keys:
        return "document"
    return f"an entry of '{keys[-1]}'" if isinstance(path[-1], int) else f"'{keys[-1]}'"


def message_for(error: ErrorDetails, model: type[BaseModel]) -> tuple[str, bool]:
    """A plain-words message for one pydantic error, and whether it points at the key."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    key = str(_key_path(loc)[-1]) if _key_path(loc) else "document"
    name = _field_name(_key_path(loc))
    ctx = error.get("ctx", {})
    if kind == "extra_forbidden":
        allowed = fields_at(model, loc[:-1])
        hint = did_you_mean(key, allowed) or (f"; allowed keys: {', '.join(allowed)}" if allowed else "")
        return f"unknown key {shown(key)}{hint}", True
    if kind == "missing":
        return f"missing required key '{key}'; add it here", False
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(ctx.get("pattern", ""), f"does not match {ctx.get('pattern')}")
        return f"{shown(value)} {hint}", False
    if kind == "enum":
        choices = ctx.get("expected", "")
        allowed = [c.strip(" '") for c in choices.replace(" or ", ",").split(",") if c.strip(" '")]
        return f"{shown(value)} is not allowed for {name}{did_you_mean(str(value), allowed)}; choose one of: " \
               f"{', '.join(allowed)}", False
    if kind.startswith("date"):
        return f"{shown(value)} is not a real date ({error['msg'].split(', ', 1)[-1]}); write it as YYYY-MM-DD", False
    if kind in ("string_type", "int_type", "bool_type", "list_type", "model_type", "dict_type",
                "int_parsing", "bool_parsing", "model_attributes_type", "float_type"):
        expected = {"string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
                    "bool_type": "true or false", "bool_parsing": "true or false",
                    "list_type": "a list (lines starting with '- ')", "float_type": "a number"}.get(
            kind, "a mapping of keys to values")
        return f"{name} should be {expected}, not {_describe(value)}", False
    if kind == "too_short":
        return f"{name} needs at least {ctx.get('min_length', 1)} entry/entries", False
    if kind == "string_too_short":
        return f"{name} must not be empty", False
    if kind == "value_error":
        return f"{shown(value)} {error['ctx']['error']}", False
    return f"{name}: {error['msg'][0].lower()}{error['msg'][1:]}", False


def validate(model: type[M], data: Any, path: Path) -> tuple[M | None, list[PendingProblem]]:
    """Validate `data` against `model`; every error becomes a pending problem placed by its `loc`."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            message, at_key = message_for(error, model)
            problems.append(PendingProblem(path, _key_path(error["loc"]), message, at_key=at_key))
        return None, problems
