"""The analysts' catalog: one `.cypher` file per named question, its header read into typed models.

A catalog file starts with a header of `//` comment lines holding YAML, then the query:

    // name: science-city-chain-support
    // title:
    //   zh: 科创城的产业链及其支撑主体
    //   en: Which platforms, labs and organisations support which chain in which science city
    // description:
    //   zh: >-
    //     每个科创城 ...
    //   en: >-
    //     For each 科创城 ...
    // parameters:
    //   city:
    //     type: string
    //     description: {zh: 一个科创城，按 id；留空为全部, en: one 科创城 by id; empty for all}
    //     default: null
    // example:
    //   city: science-city:赣州稀金科创城
    // columns:
    //   scienceCityId: {type: string, label: {zh: 科创城 id, en: science city id}, description: the science city's id}
    //   supporters:
    //     type: list
    //     label: {zh: 支撑主体, en: supporters}
    //     description: its supporters, by id
    //     items:
    //       type: map
    //       fields:
    //         id: {type: string, description: the supporter's id}
    //         provenance: {type: provenance, description: how its link is known}
    MATCH ...

The question's description and each parameter's are given in Chinese and English (`{zh: ..., en:
...}`), and each column a short label in both; a header missing one is refused. A parameter with no
`default` key is required; `default: null` makes it optional. `columns` are the answer's, in the
RETURN's order, each value's shape as `jxkg.queries.columns` reads it. The header is
checked when the catalog is read, so a malformed file is an error naming the file and the field,
never a surprise at run time.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from jxkg.errors import ConfigurationError, NotFoundError, ParameterError
from jxkg.queries.columns import Column, Label, ValueShape
from jxkg.queries.model import NamedQuery, ParameterType, QueryParameter, Title
from jxkg.queries.params import coerce

__all__ = ["Catalog", "NamedQuery", "ParameterType", "QueryParameter", "Title", "load_catalog", "parse_query_file"]

DEFAULT_CATALOG: Path = Path(__file__).parent
_HEADER_PREFIX = "//"
# libyaml's safe loader when PyYAML was built with it (the wheels are): the catalog's 30 headers in a few
# milliseconds instead of about 0.25 s, read by every `jxkg query` command
# a space between two Chinese characters, or beside full-width punctuation (，。：（ …)
_CHINESE = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—…"
_FOLD_IN_CHINESE = re.compile(f"(?<=[{_CHINESE}]) (?=[{_CHINESE}])|(?<=[，。；：、（）“”]) | (?=[，。；：、（）“”])")
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Catalog:
    """The named questions of one folder, in listing order (headline first)."""

    def __init__(self, queries: Mapping[str, NamedQuery]) -> None:
        self._queries = dict(sorted(queries.items(), key=lambda item: (item[1].order, item[0])))

    def __iter__(self) -> Iterator[NamedQuery]:
        return iter(self._queries.values())

    def __len__(self) -> int:
        return len(self._queries)

    def names(self) -> list[str]:
        return list(self._queries)

    def get(self, name: str) -> NamedQuery:
        """The named question; an unknown name is a `NotFoundError` suggesting the nearest names."""
        try:
            return self._queries[name]
        except KeyError:
            close = difflib.get_close_matches(name, list(self._queries), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else "; `jxkg query list` shows them all"
            raise NotFoundError(f"no named query {name!r} in the catalog{hint}", suggestions=close) from None


def parse_query_file(path: Path) -> NamedQuery:
    """Read one catalog file; a malformed header is a `ConfigurationError` naming the file and the field."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"{path}: cannot read the catalog file: {exc}") from exc
    header_lines: list[str] = []
    lines = text.splitlines()
    body_start = len(lines)
    for number, line in enumerate(lines):
        if line.startswith(_HEADER_PREFIX):
            header_lines.append(line[len(_HEADER_PREFIX) :].removeprefix(" "))
        elif line.strip() or header_lines:
            body_start = number
            break
    cypher = "\n".join(lines[body_start:]).strip()
    try:
        header = yaml.load("\n".join(header_lines), Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{path}: the header is not valid YAML: {exc}") from exc
    if not isinstance(header, dict):
        raise ConfigurationError(f"{path}: the header must be a YAML mapping (name, title, description, ...)")
    if "description" in header:
        header["descriptionZh"], header["description"] = _both_languages(path, "description", header["description"])
    raw_parameters = header.pop("parameters", None) or {}
    if not isinstance(raw_parameters, dict):
        raise ConfigurationError(f"{path}: parameters must be a mapping from name to its declaration")
    parameters = tuple(_parameter(path, str(name), spec) for name, spec in raw_parameters.items())
    raw_columns = header.pop("columns", None) or {}
    if not isinstance(raw_columns, dict):
        raise ConfigurationError(f"{path}: columns must be a mapping from name to its declaration")
    columns = tuple(_column(path, str(name), str(name), spec, labelled=True) for name, spec in raw_columns.items())
    try:
        query = NamedQuery(**header, parameters=parameters, columns=columns, cypher=cypher, file=path.name)
    except (ValidationError, TypeError) as exc:
        raise ConfigurationError(f"{path}: ill-formed catalog header: {_describe(exc)}") from exc
    if query.name != path.stem:
        raise ConfigurationError(f"{path}: the header names the query {query.name!r}, but the file is {path.name}")
    _check_values(path, query)
    return query


def _parameter(path: Path, name: str, spec: Any) -> QueryParameter:
    declared = spec or {}
    if not isinstance(declared, dict):
        raise ConfigurationError(
            f"{path}: parameter {name}: its declaration must be a mapping (type, description, ...)"
        )
    values = dict(declared)
    if "description" in values:
        values["descriptionZh"], values["description"] = _both_languages(
            path, f"parameter {name}: description", values["description"]
        )
    try:
        return QueryParameter(name=name, required="default" not in values, **values)
    except (ValidationError, TypeError) as exc:
        raise ConfigurationError(f"{path}: parameter {name}: {_describe(exc)}") from exc


def _column(path: Path, where: str, name: str, spec: Any, *, labelled: bool = False) -> Column:
    """A column (or a map's field) of the header, `where` naming it (`labs[].provenance`); a column
    of the answer (`labelled`) must have its label in both languages, a field may."""
    values = _shape_values(path, where, spec)
    if labelled or "label" in values:
        zh, en = _both_languages(path, f"column {where}: label", values.get("label"))
        values["label"] = Label(zh=zh, en=en)
    try:
        return Column(name=name, **values)
    except (ValidationError, TypeError) as exc:
        raise ConfigurationError(f"{path}: column {where}: {_describe(exc)}{_quote_hint(exc)}") from exc


def _shape_values(path: Path, where: str, spec: Any) -> dict[str, Any]:
    """A value's declaration with its list's items and its map's fields read (`items: string` is
    short for `items: {type: string}`); an ill-formed one is an error naming the file and the column."""
    declared = {"type": spec} if isinstance(spec, str) else spec
    if not isinstance(declared, dict):
        raise ConfigurationError(f"{path}: column {where}: its declaration must be a mapping (type, description, ...)")
    values = dict(declared)
    if values.get("items") is not None:
        try:
            values["items"] = ValueShape(**_shape_values(path, f"{where}[]", values["items"]))
        except (ValidationError, TypeError) as exc:
            raise ConfigurationError(f"{path}: column {where}[]: {_describe(exc)}{_quote_hint(exc)}") from exc
    fields = values.get("fields")
    if fields is not None:
        if not isinstance(fields, dict):
            raise ConfigurationError(f"{path}: column {where}: fields must be a mapping from name to its declaration")
        values["fields"] = tuple(_column(path, f"{where}.{key}", str(key), item) for key, item in fields.items())
    return values


def _both_languages(path: Path, where: str, value: Any) -> tuple[str, str]:
    """A text the header gives in Chinese and English, `{zh: ..., en: ...}`, as (zh, en); one
    missing, empty or not text is an error naming the file, the field and the language."""
    form = f"{where.rsplit(': ', 1)[-1]}: {{zh: ..., en: ...}}"
    if value is None:
        raise ConfigurationError(f"{path}: {where}: missing; give it in Chinese and English ({form})")
    if not isinstance(value, dict):
        raise ConfigurationError(f"{path}: {where}: give it in Chinese and English ({form}), not one text")
    unknown = sorted(str(key) for key in value if key not in ("zh", "en"))
    if unknown:
        raise ConfigurationError(f"{path}: {where}: only zh and en, not {', '.join(unknown)}")
    missing = [lang for lang in ("zh", "en") if not isinstance(value.get(lang), str) or not value[lang].strip()]
    if missing:
        raise ConfigurationError(f"{path}: {where}: the {' and '.join(missing)} text is missing or empty ({form})")
    return _unfolded(value["zh"]), value["en"].strip()


def _unfolded(chinese: str) -> str:
    """A Chinese text as written, though YAML's folding (`>-`) turned each line break into a space:
    Chinese puts no space between two of its characters, nor beside its full-width punctuation."""
    return _FOLD_IN_CHINESE.sub("", chinese.strip())


def _quote_hint(exc: Exception) -> str:
    """In `{type: string, description: a, b}` YAML reads `b` as a key of its own: say so."""
    if isinstance(exc, ValidationError) and any(e["type"] == "extra_forbidden" for e in exc.errors()):
        return " (a description with a comma or a colon in a {...} mapping must be quoted)"
    return ""


def _check_values(path: Path, query: NamedQuery) -> None:
    """Defaults, allowed values and the example must be values of their parameter's type."""
    for parameter in query.parameters:
        values = [("default", parameter.default)] if parameter.default is not None else []
        values += [("allowed value", value) for value in parameter.allowed]
        if parameter.name in query.example:
            values.append(("example", query.example[parameter.name]))
        for what, value in values:
            try:
                coerce(parameter.model_copy(update={"allowed": ()}) if what == "allowed value" else parameter, value)
            except ParameterError as exc:
                raise ConfigurationError(f"{path}: parameter {parameter.name}: the {what} {value!r}: {exc}") from exc


def load_catalog(folder: Path | None = None) -> Catalog:
    """Every `.cypher` file of `folder` (default: the packaged catalog); cached while the files are unchanged."""
    resolved = (folder or DEFAULT_CATALOG).resolve()
    return _load_catalog(resolved, catalog_stamp(resolved))


def catalog_stamp(folder: Path | None = None) -> tuple[tuple[str, int], ...]:
    """The catalog's files and their times: what changes when a question is added, edited or removed
    (the catalog's cache key; the API's ETags hold it too)."""
    resolved = (folder or DEFAULT_CATALOG).resolve()
    return tuple((f.name, f.stat().st_mtime_ns) for f in sorted(resolved.glob("*.cypher")))


@lru_cache(maxsize=8)
def _load_catalog(folder: Path, stamp: tuple[tuple[str, int], ...]) -> Catalog:
    queries = [parse_query_file(folder / name) for name, _ in stamp]
    return Catalog({q.name: q for q in queries})


def _describe(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(_one(err) for err in exc.errors(include_url=False))
    return str(exc)


def _one(error: Any) -> str:
    where = ".".join(str(p) for p in error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message
