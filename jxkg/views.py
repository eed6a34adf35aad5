"""The one base of every view jxkg hands out: what the HTTP API serves as JSON and the CLI prints.

Fields are snake_case in Python and camelCase in JSON (`alias_generator`); either name builds one
(`populate_by_name`); a view is a value, never changed once made (`frozen`).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

__all__ = ["Omissible", "Sent", "View"]


class Sent(BaseModel):
    """The base of what the API sends: every field is always sent, defaults included, so the OpenAPI
    document marks each one required (a generated client needs no check for an absent field).
    pydantic merges this config into a subclass's own."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


def _defaults_in_words(schema: dict[str, Any]) -> None:
    """A property's `default` moved into its description: a client generator's default settings
    (openapi-typescript's defaultNonNullable) make a property with a default required."""
    for spec in schema.get("properties", {}).values():
        if isinstance(spec, dict) and "default" in spec:
            default = json.dumps(spec.pop("default"), ensure_ascii=False)
            spec["description"] = f"{spec.get('description', '').rstrip('.')} (default {default})".lstrip()


class Omissible(BaseModel):
    """The base of a model whose fields with a default may be absent: a request body (the client
    leaves them out) and a problem (its empty members are not sent). The OpenAPI document says so, a
    default written in words (`_defaults_in_words`). pydantic merges this config into a subclass's own."""

    model_config = ConfigDict(json_schema_extra=_defaults_in_words)


class View(Sent):
    model_config = ConfigDict(frozen=True, alias_generator=to_camel, populate_by_name=True)
