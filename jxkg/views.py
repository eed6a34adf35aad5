"""The one base of every view jxkg hands out: what the HTTP API serves as JSON and the CLI prints.

Fields are snake_case in Python and camelCase in JSON (`alias_generator`); either name builds one
(`populate_by_name`); a view is a value, never changed once made (`frozen`).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

__all__ = ["View"]


class View(BaseModel):
    model_config = ConfigDict(frozen=True, alias_generator=to_camel, populate_by_name=True)
