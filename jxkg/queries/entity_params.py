"""Catalog parameters that name an entity, resolved by name before the question runs.

A header marks such a parameter with `entityClass: ScienceCity`: whatever the user typed —
赣州稀金, a traditional or full-width form, an English name, pinyin — goes through the one resolver
(`jxkg.queries.resolve`) within that class and its subclasses. One confident match: the question
runs with its id, and the answer says what the value resolved to. None, or several it cannot tell
apart: an `UnresolvedNameError` listing the nearest candidates, never a silently empty answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import Field

from jxkg.errors import ParameterError, UnresolvedNameError
from jxkg.queries.model import NamedQuery
from jxkg.queries.resolve.model import MatchKind, Resolution
from jxkg.store import GraphStore
from jxkg.views import View

if TYPE_CHECKING:
    from jxkg.queries.resolve.resolver import Resolver

SHOWN_CANDIDATES = 5  # how many near names an error lists


class ResolvedName(View):
    """What one parameter's value resolved to."""

    given: str = Field(description="the value as typed")
    id: str = Field(description="the entity it names")
    name: str = Field(description="the entity's name")
    class_name: str = Field(description="the entity's class")
    matched: MatchKind = Field(description="how the value matched the entity's names")


def resolve_entity_parameters(
    store: GraphStore, query: NamedQuery, bound: Mapping[str, Any], resolver: Resolver | None = None
) -> tuple[dict[str, Any], dict[str, ResolvedName]]:
    """`bound` with each entity-naming value replaced by its entity's id, and what each resolved to."""
    params = dict(bound)
    resolved: dict[str, ResolvedName] = {}
    for parameter in query.parameters:
        value = params.get(parameter.name)
        if parameter.entity_class is None or not isinstance(value, str):
            continue
        if resolver is None:
            from jxkg.queries.resolve.resolver import Resolver  # only when a value names an entity

            resolver = Resolver(store)
        try:
            resolution = resolver.resolve(value, class_name=parameter.entity_class, limit=SHOWN_CANDIDATES)
        except ParameterError as exc:  # empty, overlong, a control character: said of this parameter
            raise ParameterError(
                f"{query.name}: parameter {parameter.name!r}: {exc}", parameter=parameter.name
            ) from exc
        best = resolution.best
        if best is None:
            raise _unresolved(query.name, parameter.name, value, resolution)
        params[parameter.name] = best.id
        resolved[parameter.name] = ResolvedName(
            given=value, id=best.id, name=best.name, class_name=best.class_name, matched=best.matched
        )
    return params, resolved


def _unresolved(query: str, parameter: str, given: str, resolution: Resolution) -> UnresolvedNameError:
    wanted = resolution.class_name or "entity"
    candidates = [(c.id, c.name, c.class_name, c.score) for c in resolution.candidates]
    listing = "; ".join(f"{name} ({id_}, {class_name})" for id_, name, class_name, _ in candidates)
    if not candidates:
        message = f"{query}: parameter {parameter!r}: no {wanted} is named {given!r}, nor anything close to it"
    elif resolution.candidates[0].matched.exact:
        message = f"{query}: parameter {parameter!r}: {given!r} names several {wanted}s: {listing}; give one by its id"
    else:
        message = f"{query}: parameter {parameter!r}: no {wanted} is named {given!r}; the nearest: {listing}"
    return UnresolvedNameError(message, parameter=parameter, given=given, candidates=candidates)
