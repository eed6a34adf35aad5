"""Typing a named question's parameters by its header: `id=360700` is text where the header says text.

Values come as text from the command line (`--param k=v`) or as JSON values from the API; both
go through `bind_parameters`, so a parameter means the same in every face.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from typing import Any

from jxkg.errors import ParameterError
from jxkg.queries.model import NamedQuery, ParameterType, QueryParameter

_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


def bind_parameters(query: NamedQuery, given: Mapping[str, Any]) -> dict[str, Any]:
    """Every declared parameter with its typed value (defaults filled in); errors name the parameter."""
    declared = {p.name for p in query.parameters}
    for name in given:
        if name not in declared:
            close = difflib.get_close_matches(name, sorted(declared), n=3, cutoff=0.5)
            known = ", ".join(sorted(declared)) or "none"
            hint = f"; did you mean {', '.join(close)}?" if close else f"; it takes: {known}"
            hint_zh = (
                f"；是否指 {'、'.join(close)}？" if close else f"；可用的参数：{'、'.join(sorted(declared)) or '无'}"
            )
            raise ParameterError(
                f"{query.name} has no parameter {name!r}{hint}",
                parameter=name,
                message_zh=f"{query.name} 没有参数 {name}{hint_zh}",
            )
    bound: dict[str, Any] = {}
    for parameter in query.parameters:
        if parameter.name in given and _empty(given[parameter.name]) and not parameter.required:
            _check_may_be_empty(parameter, query.name)
            bound[parameter.name] = None
        elif parameter.name in given:
            bound[parameter.name] = coerce(parameter, given[parameter.name], query=query.name)
        elif parameter.required:
            raise ParameterError(
                f"{query.name} needs the parameter {parameter.name!r} "
                f"({parameter.type.value}): {parameter.description}",
                parameter=parameter.name,
                message_zh=f"{query.name} 需要参数 {parameter.name}（{_TYPE_ZH[parameter.type]}）："
                f"{parameter.description_zh}",
            )
        else:
            bound[parameter.name] = parameter.default
    return bound


def _empty(value: Any) -> bool:
    return isinstance(value, str) and not value.strip()


def _check_may_be_empty(parameter: QueryParameter, query: str) -> None:
    """An explicit empty value (`--param chain=`): every one, where the question reads null so (its
    default is null, or its header says `emptyMeansAll`); refused otherwise, never bound as ""."""
    if parameter.default is None or parameter.empty_means_all:
        return
    default = json.dumps(parameter.default, ensure_ascii=False)
    raise ParameterError(
        f"{query}: parameter {parameter.name!r} may not be empty; leave it out for its default ({default})",
        parameter=parameter.name,
        message_zh=f"{query}：参数 {parameter.name} 不能为空；不填则取默认值（{default}）",
    )


def coerce(parameter: QueryParameter, value: Any, *, query: str = "") -> Any:
    """`value` as the parameter's type, checked against its allowed values and bounds."""
    where = f"{query}: " if query else ""
    where_zh = f"{query}：" if query else ""
    if value is None:
        if parameter.required:
            raise ParameterError(
                f"{where}parameter {parameter.name!r} may not be empty",
                parameter=parameter.name,
                message_zh=f"{where_zh}参数 {parameter.name} 不能为空",
            )
        return None
    try:
        typed = _typed(parameter.type, value)
    except (ValueError, TypeError) as exc:
        raise ParameterError(
            f"{where}parameter {parameter.name!r} must be {_article(parameter.type)}, got {value!r}",
            parameter=parameter.name,
            message_zh=f"{where_zh}参数 {parameter.name} 应为{_TYPE_ZH[parameter.type]}，收到 {value!r}",
        ) from exc
    for item in typed if isinstance(typed, list) else [typed]:
        _check_bounds(parameter, item, where, where_zh)
    return typed


def _typed(kind: ParameterType, value: Any) -> Any:
    if kind is ParameterType.STRING:
        if isinstance(value, str):
            return value
        raise TypeError("not text")
    if kind is ParameterType.INTEGER:
        return _integer(value)
    if kind is ParameterType.NUMBER:
        if isinstance(value, bool):
            raise TypeError("a boolean is not a number")
        return float(value) if isinstance(value, str | int | float) else _fail()
    if kind is ParameterType.BOOLEAN:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise TypeError("not a boolean")
    items = _list(value)
    if kind is ParameterType.STRING_LIST:
        return [_typed(ParameterType.STRING, item) for item in items]
    return [_integer(item) for item in items]


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError("a boolean is not an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return int(value.strip())
    raise TypeError("not an integer")


def _list(value: Any) -> list[Any]:
    """A list is given as a JSON array (API, or `--param k='["a","b"]'`) or as comma-separated text."""
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            parsed = json.loads(text)
            if isinstance(parsed, list):
                return parsed
        return [part.strip() for part in text.split(",") if part.strip()]
    raise TypeError("not a list")


def _fail() -> float:
    raise TypeError("not a number")


def _check_bounds(parameter: QueryParameter, value: Any, where: str, where_zh: str) -> None:
    if parameter.allowed and value not in parameter.allowed:
        choices = ", ".join(str(a) for a in parameter.allowed)
        raise ParameterError(
            f"{where}parameter {parameter.name!r} does not allow {value!r}; allowed: {choices}",
            parameter=parameter.name,
            message_zh=f"{where_zh}参数 {parameter.name} 不接受 {value!r}；可选值："
            f"{'、'.join(str(a) for a in parameter.allowed)}",
        )
    if isinstance(value, int | float) and not isinstance(value, bool):
        if parameter.minimum is not None and value < parameter.minimum:
            raise ParameterError(
                f"{where}parameter {parameter.name!r} must be at least {parameter.minimum:g}, got {value}",
                parameter=parameter.name,
                message_zh=f"{where_zh}参数 {parameter.name} 至少为 {parameter.minimum:g}，收到 {value}",
            )
        if parameter.maximum is not None and value > parameter.maximum:
            raise ParameterError(
                f"{where}parameter {parameter.name!r} must be at most {parameter.maximum:g}, got {value}",
                parameter=parameter.name,
                message_zh=f"{where_zh}参数 {parameter.name} 至多为 {parameter.maximum:g}，收到 {value}",
            )


# each type as the Chinese messages name it
_TYPE_ZH = {
    ParameterType.STRING: "文本",
    ParameterType.INTEGER: "整数",
    ParameterType.NUMBER: "数字",
    ParameterType.BOOLEAN: "true 或 false",
    ParameterType.STRING_LIST: "文本列表",
    ParameterType.INTEGER_LIST: "整数列表",
}


def _article(kind: ParameterType) -> str:
    return {
        ParameterType.STRING: "text",
        ParameterType.INTEGER: "an integer",
        ParameterType.NUMBER: "a number",
        ParameterType.BOOLEAN: "true or false",
        ParameterType.STRING_LIST: "a list of text",
        ParameterType.INTEGER_LIST: "a list of integers",
    }[kind]
