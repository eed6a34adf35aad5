"""Hand-written SHACL core conformance cases: one per constraint component and target kind, plus
untyped shapes, nested results (sh:detail) and severities. Each case: the shapes, the data, and
the expected top-level results as (focus, path, value, component, severity), `ex:` for
http://example.org/, a component by its local name without "ConstraintComponent", a literal by its
lexical form. `native`: the native engine compiles every shape of the case (no pySHACL fallback)."""

from __future__ import annotations

from dataclasses import dataclass

Expected = tuple[str, str | None, str | None, str, str]

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


@dataclass(frozen=True)
class Case:
    name: str
    shapes: str
    data: str
    expected: frozenset[Expected]
    native: bool = False


def _case(name: str, shapes: str, data: str, *expected: Expected, native: bool = False) -> Case:
    return Case(name, PREFIXES + shapes, PREFIXES + data, frozenset(expected), native)


def _on_p(constraint: str, data: str, *expected: Expected, native: bool = True) -> Case:
    """A property shape on ex:p of ex:a with one constraint (`constraint` names its case)."""
    shapes = "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:SP .\n"  # ex:SP has no rdf:type
    shapes += f'ex:SP sh:path ex:p ; {constraint} ; sh:message "m" .'
    return _case(constraint.split()[0].removeprefix("sh:"), shapes, data, *expected, native=native)


V = "Violation"
CASES: tuple[Case, ...] = (
    # --- value type ----------------------------------------------------------------------------
    _on_p("sh:class ex:C", "ex:a ex:p ex:b, ex:c . ex:b a ex:C .", ("ex:a", "ex:p", "ex:c", "Class", V)),
    _on_p("sh:datatype xsd:integer", 'ex:a ex:p 1, "x" .', ("ex:a", "ex:p", "x", "Datatype", V)),
    _on_p("sh:nodeKind sh:IRI", 'ex:a ex:p ex:b, "x" .', ("ex:a", "ex:p", "x", "NodeKind", V), native=False),
    # --- cardinality ---------------------------------------------------------------------------
    _on_p("sh:minCount 2", "ex:a ex:p 1 .", ("ex:a", "ex:p", None, "MinCount", V)),
    _on_p("sh:maxCount 1", "ex:a ex:p 1, 2 .", ("ex:a", "ex:p", None, "MaxCount", V)),
    # --- value range ---------------------------------------------------------------------------
    _on_p("sh:minExclusive 5", "ex:a ex:p 5, 6 .", ("ex:a", "ex:p", "5", "MinExclusive", V), native=False),
    _on_p("sh:minInclusive 5", "ex:a ex:p 4, 5 .", ("ex:a", "ex:p", "4", "MinInclusive", V)),
    _on_p("sh:maxExclusive 5", "ex:a ex:p 5, 4 .", ("ex:a", "ex:p", "5", "MaxExclusive", V), native=False),
    _on_p("sh:maxInclusive 5", "ex:a ex:p 6, 5 .", ("ex:a", "ex:p", "6", "MaxInclusive", V)),
    # --- string based --------------------------------------------------------------------------
    _on_p("sh:minLength 3", 'ex:a ex:p "ab", "abc" .', ("ex:a", "ex:p", "ab", "MinLength", V), native=False),
    _on_p("sh:maxLength 2", 'ex:a ex:p "abc", "ab" .', ("ex:a", "ex:p", "abc", "MaxLength", V), native=False),
    _on_p('sh:pattern "^a"', 'ex:a ex:p "ba", "ab" .', ("ex:a", "ex:p", "ba", "Pattern", V)),
    _on_p('sh:languageIn ("en")', 'ex:a ex:p "x"@fr, "y"@en .', ("ex:a", "ex:p", "x", "LanguageIn", V)),
    _on_p("sh:uniqueLang true", 'ex:a ex:p "x"@en, "y"@en .', ("ex:a", "ex:p", None, "UniqueLang", V)),
    # --- property pair -------------------------------------------------------------------------
    _on_p("sh:equals ex:q", "ex:a ex:p 1 ; ex:q 1, 2 .", ("ex:a", "ex:p", "2", "Equals", V)),
    _on_p("sh:disjoint ex:q", "ex:a ex:p 1, 2 ; ex:q 2 .", ("ex:a", "ex:p", "2", "Disjoint", V), native=False),
    _on_p("sh:lessThan ex:q", "ex:a ex:p 2, 3 ; ex:q 3 .", ("ex:a", "ex:p", "3", "LessThan", V), native=False),
    _on_p("sh:lessThanOrEquals ex:q", "ex:a ex:p 3, 4 ; ex:q 3 .", ("ex:a", "ex:p", "4", "LessThanOrEquals", V)),
    # --- other ---------------------------------------------------------------------------------
    _on_p("sh:hasValue ex:v", "ex:a ex:p ex:w .", ("ex:a", "ex:p", None, "HasValue", V), native=False),
    _on_p("sh:in (ex:v ex:w)", "ex:a ex:p ex:v, ex:x .", ("ex:a", "ex:p", "ex:x", "In", V)),
    _case(
        "closed",
        'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:closed true ; sh:ignoredProperties (rdf:type) ; sh:message "m" ;'
        ' sh:property [ sh:path ex:p ; sh:message "m" ] .',
        "ex:a a ex:C ; ex:p 1 ; ex:q 2 .",
        ("ex:a", "ex:q", "2", "Closed", V),
        native=True,
    ),
    # --- logical -------------------------------------------------------------------------------
    _case(
        "not",
        "ex:S sh:targetNode ex:a ; sh:not [ sh:class ex:C ] .",
        "ex:a a ex:C .",
        ("ex:a", None, "ex:a", "Not", V),
    ),
    _case(
        "and",
        "ex:S sh:targetNode ex:a ; sh:and ( ex:HasP ex:HasQ ) .\n"
        "ex:HasP sh:property [ sh:path ex:p ; sh:minCount 1 ] . ex:HasQ sh:property [ sh:path ex:q ; sh:minCount 1 ] .",
        "ex:a ex:p 1 .",
        ("ex:a", None, "ex:a", "And", V),
    ),
    _case(
        "or",
        'ex:S a sh:NodeShape ; sh:targetNode ex:a, ex:b ; sh:message "m" ; sh:or ( ex:HasP ex:HasQ ) .\n'
        "ex:HasP sh:property [ sh:path ex:p ; sh:minCount 1 ] . ex:HasQ sh:property [ sh:path ex:q ; sh:minCount 1 ] .",
        "ex:a ex:r 1 . ex:b ex:q 1 .",
        ("ex:a", None, "ex:a", "Or", V),
        native=True,
    ),
    _case(
        "xone",
        "ex:S sh:targetNode ex:a, ex:b ; sh:xone ( ex:HasP ex:HasQ ) .\n"
        "ex:HasP sh:property [ sh:path ex:p ; sh:minCount 1 ] . ex:HasQ sh:property [ sh:path ex:q ; sh:minCount 1 ] .",
        "ex:a ex:p 1 ; ex:q 1 . ex:b ex:p 1 .",
        ("ex:a", None, "ex:a", "Xone", V),
    ),
    # --- shape based: sh:node's results stay under sh:detail, not reported again ---------------
    _case(
        "node-detail",
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:node ex:Inner ] .\n"
        "ex:Inner sh:property [ sh:path ex:q ; sh:minCount 1 ] .",
        "ex:a ex:p ex:b, ex:c . ex:c ex:q 1 .",
        ("ex:a", "ex:p", "ex:b", "Node", V),
    ),
    _case(
        "qualified-min",
        'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:message "m" ;'
        " sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMinCount 2 ] .",
        "ex:a ex:p ex:b, ex:c . ex:b a ex:C .",
        ("ex:a", "ex:p", None, "QualifiedMinCount", V),
        native=True,
    ),
    _case(
        "qualified-max",
        'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:message "m" ;'
        " sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMaxCount 1 ] .",
        "ex:a ex:p ex:b, ex:c . ex:b a ex:C . ex:c a ex:C .",
        ("ex:a", "ex:p", None, "QualifiedMaxCount", V),
        native=True,
    ),
    # --- targets -------------------------------------------------------------------------------
    _case(
        "target-class",  # a subclass instance in the data is a target too
        'ex:S sh:targetClass ex:C ; sh:message "m" ; sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:message "m" ] .',
        "ex:Sub rdfs:subClassOf ex:C . ex:a a ex:C . ex:b a ex:Sub . ex:c a ex:D . ex:d a ex:C ; ex:q 1 .",
        ("ex:a", "ex:q", None, "MinCount", V),
        ("ex:b", "ex:q", None, "MinCount", V),
        native=True,
    ),
    _case(
        "target-subjects-of",
        'ex:S sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:message "m" ] .',
        "ex:a ex:p 1 . ex:b ex:r 1 . ex:c ex:p 1 ; ex:q 1 .",
        ("ex:a", "ex:q", None, "MinCount", V),
        native=True,
    ),
    _case(
        "target-objects-of",
        'ex:S sh:targetObjectsOf ex:p ; sh:class ex:C ; sh:message "m" .',
        "ex:a ex:p ex:b, ex:c . ex:b a ex:C . ex:x ex:r ex:d .",
        ("ex:c", None, "ex:c", "Class", V),
        native=True,
    ),
    _case(
        "implicit-class-target",
        'ex:C a rdfs:Class, sh:NodeShape ; sh:message "m" ;'
        ' sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:message "m" ] .',
        "ex:a a ex:C . ex:b a ex:D .",
        ("ex:a", "ex:q", None, "MinCount", V),
        native=True,
    ),
    # --- shapes without rdf:type, and severities --------------------------------------------------
    _case(
        "untyped-property-shape",
        'ex:S sh:targetNode ex:a ; sh:property ex:P . ex:P sh:path ex:p ; sh:datatype xsd:string ; sh:message "m" .',
        "ex:a ex:p 1 .",
        ("ex:a", "ex:p", "1", "Datatype", V),
        native=True,
    ),
    _case(
        "custom-severity",
        "ex:S sh:targetNode ex:a ;"
        ' sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:severity ex:MySeverity ; sh:message "m" ] ;'
        ' sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:severity sh:Warning ; sh:message "m" ] .',
        "ex:a ex:r 1 .",
        ("ex:a", "ex:p", None, "MinCount", "http://example.org/MySeverity"),
        ("ex:a", "ex:q", None, "MinCount", "Warning"),
        native=True,
    ),
)
