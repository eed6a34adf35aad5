"""Control characters in what a request says are refused (422) before any engine sees them.

A NUL or another control character in an id, a search or a parameter has no meaning in this
graph, and FalkorDB's parser chokes on one (its own message then came back to the client). One
dependency on every `/api/v1` router checks every path parameter, query parameter and string of a
JSON or form body (keys included, JSON inside a form field too); tab, line feed and carriage return
are allowed, as Cypher text and multi-line notes hold them. Uploaded files are not read here.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile

from jxkg.graph_api.errors import ApiProblem
from jxkg.store.text import control_character_at

_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def first_control_character(text: str) -> str | None:
    """The first control character in `text` (`jxkg.store.text`: tab and line ends allowed), if any."""
    at = control_character_at(text)
    return None if at is None else text[at]


async def refuse_control_characters(request: Request) -> None:
    """The dependency: 422 naming where the control character is (`parameter`: the parameter's name,
    or a body field's dotted path); the text itself is not echoed."""
    for name, value in request.path_params.items():
        _check(value, "path parameter", name)
    for name, value in request.query_params.multi_items():
        _check(name, "the name of query parameter", name.encode("unicode_escape").decode("ascii"))
        _check(value, "query parameter", name)
        _walk_json_text(value, "query parameter", name)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        body = await request.body()
        try:
            _walk(json.loads(body), "body field", "")
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            return  # not JSON: the route's own validation says so
    elif media in _FORMS:
        form = await request.form()
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                continue
            _check(value, "form field", name)
            _walk_json_text(value, "form field", name)


def _walk_json_text(text: str, kind: str, name: str) -> None:
    """A field that carries JSON (the reconciliation batch, `\\u0000` and all): its decoded strings too."""
    if not text.lstrip().startswith(("{", "[", '"')):
        return
    try:
        _walk(json.loads(text), kind, name)
    except (json.JSONDecodeError, RecursionError):
        return


def _walk(value: Any, kind: str, root: str) -> None:
    # iterative, so a deeply nested body cannot exhaust the stack
    pending: list[tuple[Any, str]] = [(value, root)]
    while pending:
        item, path = pending.pop()
        if isinstance(item, str):
            _check(item, kind, path or "(the body)")
        elif isinstance(item, dict):
            for key, inner in item.items():
                inner_path = f"{path}.{key}" if path else str(key)
                _check(str(key), f"the key of {kind}", inner_path.encode("unicode_escape").decode("ascii"))
                pending.append((inner, inner_path))
        elif isinstance(item, list):
            pending.extend((inner, f"{path}[{index}]") for index, inner in enumerate(item))


def _check(value: Any, kind: str, name: str) -> None:
    found = first_control_character(value) if isinstance(value, str) else None
    if found is not None:
        # the code point is named, the text around it is not echoed
        raise ApiProblem(
            422,
            f"{kind} {name} holds the control character U+{ord(found):04X}; only tab, line feed and carriage "
            "return are taken",
            error="ControlCharacter",
            extensions={"parameter": name},
        )
