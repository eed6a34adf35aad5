"""The native engine finds its constraint components through a registry: each SHACL parameter has
one owner, a component added to a registry is compiled instead of being left to pySHACL (without
changing the registry every other caller uses), and what a component does not say it reads is
taken to be everything. Also the size rule of jxkg/shapes/native/ (one home per part, small ones)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import ClassVar

import pytest
import rdflib
from rdflib import BNode, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from jxkg.settings import ShaclEngineName
from jxkg.shapes.native import compile_shapes, native_records
from jxkg.shapes.native.constraints import (
    CORE,
    Constraint,
    MinCountConstraint,
    MinInclusiveConstraint,
    PatternConstraint,
    Registry,
    ShapeParameters,
    ValueTermConstraint,
    Violation,
)
from jxkg.shapes.native.reads import neighbour_reads
from jxkg.shapes.triples import TripleIndex
from jxkg.shapes.validate import validate

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:X a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:note ; sh:minLength 4 ;
    sh:message "太短"@zh , "too short"@en .
"""
DATA = """
@prefix ex: <https://example.org/> .
ex:a a ex:Thing ; ex:note "abc" , "abcd" , "长一点的说明"@zh .
ex:b a ex:Thing ; ex:note ex:i , [ ex:p 1 ] .
ex:c a ex:Thing .
"""
X = "https://example.org/X"


@dataclass(frozen=True)
class MinLength(ValueTermConstraint):
    """A throwaway sh:minLength: a value's lexical form (an IRI's text) has at least `least`
    characters; a blank node has none."""

    parameters: ClassVar[tuple[URIRef, ...]] = (SH.minLength,)

    least: int

    @classmethod
    def from_shape(cls, shape: ShapeParameters) -> Iterator[Constraint]:
        least = shape.count(SH.minLength)
        if least is not None:
            yield cls(least)

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for value in values:
            if self.least and (isinstance(value, BNode) or len(str(value)) < self.least):
                yield Violation(value, SH.MinLengthConstraintComponent)


class MinLengthReadingAnything(MinLength):
    """The same check, as a component that does not say what it reads."""

    reads = Constraint.reads


def _graphs() -> tuple[rdflib.Graph, rdflib.Graph]:
    return rdflib.Graph().parse(data=SHAPES, format="turtle"), rdflib.Graph().parse(data=DATA, format="turtle")


def test_a_parameter_no_component_owns_leaves_its_shape_to_pyshacl() -> None:
    shapes, _ = _graphs()
    compiled = compile_shapes(shapes, [X])
    assert compiled.fallback == (X,)
    assert "sh:minLength" in compiled.reasons[X]


def test_a_component_added_to_a_registry_is_compiled_and_gives_pyshacls_results() -> None:
    shapes, data = _graphs()
    compiled = compile_shapes(shapes, [X], CORE.extended(MinLength))
    assert compiled.fallback == ()
    ((top,),) = [compiled.native]
    assert top.shape.constraints == [MinLength(4)]

    native = native_records(compiled, TripleIndex.from_graph(data), None, {})
    reference = validate(data, shapes=shapes, engine=ShaclEngineName.PYSHACL).results
    assert native == set(reference)
    assert sorted(r.focus for r in native) == ["https://example.org/a", "https://example.org/b"]  # the check ran:
    assert {r.value for r in native if r.focus.endswith("a")} == {"abc"}  # a short string, and ex:b's blank node

    # nothing registered for anyone else: the registry every caller uses is as it was
    assert SH.minLength not in CORE.parameters
    assert compile_shapes(shapes, [X]).fallback == (X,)


def test_what_a_component_reads_beyond_the_focus_node_comes_from_the_component() -> None:
    shapes = rdflib.Graph().parse(
        data=SHAPES.replace("sh:minLength 4 ;", 'sh:property [ sh:path ex:name ; sh:minLength 4 ; sh:message "x" ] ;'),
        format="turtle",
    )
    told = neighbour_reads(compile_shapes(shapes, [X], CORE.extended(MinLength)))
    assert told is not None  # it reads only the value terms it is given
    assert URIRef("https://example.org/name") in told  # the nested shape's path, read at a value node
    assert neighbour_reads(compile_shapes(shapes, [X], CORE.extended(MinLengthReadingAnything))) is None


def test_the_registry_finds_each_parameters_component() -> None:
    assert CORE.component(SH.minCount) is MinCountConstraint
    assert CORE.component(SH.flags) is PatternConstraint  # a parameter of the sh:pattern component
    assert CORE.component(SH.minLength) is None
    order = CORE.components_for([SH.minInclusive, SH.flags, SH.minCount, SH.name, SH.pattern])
    assert order == [PatternConstraint, MinCountConstraint, MinInclusiveConstraint]  # once each, in registry order
    assert CORE.parameters == {
        SH["class"], SH.datatype, SH.pattern, SH.flags, SH.minCount, SH.maxCount, SH.minInclusive,
        SH.maxInclusive, SH["in"], SH.closed, SH.ignoredProperties, SH["or"], SH.qualifiedValueShape,
        SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.lessThanOrEquals, SH.equals, SH.uniqueLang,
        SH.languageIn,
    }  # fmt: skip


def test_a_parameter_has_one_owner_and_a_component_at_least_one_parameter() -> None:
    class AnotherMinCount(MinLength):
        parameters: ClassVar[tuple[URIRef, ...]] = (SH.minCount,)

    class NoParameter(MinLength):
        parameters: ClassVar[tuple[URIRef, ...]] = ()

    with pytest.raises(ValueError, match="minCount"):
        CORE.extended(AnotherMinCount)
    with pytest.raises(ValueError, match="declares no SHACL parameter"):
        Registry([NoParameter])


def test_each_core_component_lives_in_the_module_of_its_family() -> None:
    families = {"value_type", "cardinality", "value_range", "string_based", "property_pair", "logical"}
    families |= {"shape_based", "other"}
    for component in CORE.components:
        package, _, module = component.__module__.rpartition(".")
        assert package == "jxkg.shapes.native.constraints" and module in families, component


def test_core_is_every_component_class_of_the_package_in_order() -> None:
    """A component is added by adding its class: CORE is what the package's modules define."""
    import importlib
    import inspect
    import pkgutil

    import jxkg.shapes.native.constraints as package
    from jxkg.shapes.native.constraints.base import Constraint

    defined = set()
    for module in pkgutil.iter_modules(package.__path__):
        loaded = importlib.import_module(f"{package.__name__}.{module.name}")
        defined |= {
            v for v in vars(loaded).values() if inspect.isclass(v) and issubclass(v, Constraint) and v.parameters
        }
    assert set(CORE.components) == defined
    assert [c.order for c in CORE.components] == sorted(c.order for c in CORE.components)
