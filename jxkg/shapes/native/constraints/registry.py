"""Which constraint component owns each SHACL parameter: what `compile.py` asks of every shape.

`CORE` holds the SHACL Core components the native engine evaluates, in the order a shape's
constraints are compiled and checked (the order the engine had before the registry, which decides
which reason a shape with two unsupported forms is given). A parameter no component owns is, for
`compile.py`, one the native engine does not evaluate: a SHACL one sends its shape to pySHACL.
A registry is never changed; `extended` makes another, for a test or an experiment, so no
component is ever registered for the whole process.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType

from rdflib import URIRef
from rdflib.term import Node

from jxkg.shapes.native.constraints.base import Constraint

__all__ = ["CORE", "Registry"]


class Registry:
    """Constraint components, each owning its SHACL parameters (no parameter owned twice)."""

    def __init__(self, components: Iterable[type[Constraint]]) -> None:
        self.components = tuple(components)
        owners: dict[Node, type[Constraint]] = {}
        for component in self.components:
            if not component.parameters:
                raise ValueError(f"{component.__name__} declares no SHACL parameter")
            for parameter in component.parameters:
                if parameter in owners:
                    raise ValueError(f"{parameter} is a parameter of {owners[parameter].__name__} already")
                owners[parameter] = component
        self._owners = MappingProxyType(owners)
        self.parameters: frozenset[URIRef] = frozenset(p for c in self.components for p in c.parameters)

    def component(self, parameter: Node) -> type[Constraint] | None:
        """The component that owns `parameter`, None for one that no component owns."""
        return self._owners.get(parameter)

    def components_for(self, parameters: Iterable[Node]) -> list[type[Constraint]]:
        """The components owning any of `parameters` (a shape's predicates), each once, in this
        registry's order."""
        owners = {self._owners[p] for p in parameters if p in self._owners}
        return [c for c in self.components if c in owners]

    def extended(self, *components: type[Constraint]) -> Registry:
        """A new registry with `components` after these; this one is unchanged."""
        return Registry((*self.components, *components))


# the package's own folder: its modules are found there without importing the package, which imports this one
_PACKAGE_FOLDER = Path(__file__).parent
_NOT_COMPONENTS = frozenset({"base", "registry"})  # the package's modules that hold no component


def core_components() -> list[type[Constraint]]:
    """Every component class a module of this package defines (one that owns SHACL parameters), in
    `order`: a component is added by adding its class, nothing else."""
    found: set[type[Constraint]] = set()
    for module in pkgutil.iter_modules([str(_PACKAGE_FOLDER)]):
        if module.name in _NOT_COMPONENTS:
            continue
        loaded = importlib.import_module(f"{__package__}.{module.name}")
        found |= {
            value
            for value in vars(loaded).values()
            if inspect.isclass(value)
            and issubclass(value, Constraint)
            and value.__module__ == loaded.__name__
            and value.parameters
        }
    return sorted(found, key=lambda component: (component.order, component.__name__))


CORE = Registry(core_components())
