"""Python evaluations of two SHACL-SPARQL rules of identifiers.ttl, for `sparql.NATIVE`.

rdflib answers these queries in tens of milliseconds per thousand nodes, more than all the other
checks of a batch together. Each function below reads what its query reads and tests what its
FILTERs test, with the Python operations rdflib itself uses for them (`re.search` for REGEX,
`re.sub` for REPLACE, `str` for STR); tests/shapes/test_sparql_native.py runs both on the same data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import URIRef
from rdflib.term import Node

from jxkg.ontology.conventions import JX
from jxkg.ontology.rdf import RDF_TYPE, canonical
from jxkg.shapes.triples import Triples

__all__ = ["enterprise_id_is_credit_code", "region_code_fits_parent"]

_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_SIX_DIGITS = re.compile(r"^[0-9]{6}$")
_TRAILING_PAIRS_OF_ZEROS = re.compile(r"(00)+$")
# made once, as the data's own terms (`canonical`): looked up for every node
_ENTERPRISE, _CREDIT_CODE_PROPERTY = canonical(JX.Enterprise), canonical(JX.creditCode)
_PART_OF, _CODE = canonical(JX.partOf), canonical(JX.code)
_PARENT_LEVELS = (canonical(JX.Province), canonical(JX.PrefectureCity))


def enterprise_id_is_credit_code(
    graph: Triples, focus: set[Node], path: URIRef | None
) -> Iterator[tuple[Node, Node | None]]:
    """jxs:Enterprise-id-creditCode: an enterprise (typed so directly) whose id differs from one of its
    credit codes, or, without a code, looks like one."""
    for node in focus:
        if path is None or (node, RDF_TYPE, _ENTERPRISE) not in graph:
            continue
        codes = [str(code) for code in graph.objects(node, _CREDIT_CODE_PROPERTY)]
        for value in graph.objects(node, path):
            text = str(value)
            if any(text != code for code in codes) if codes else _CREDIT_CODE.search(text):
                yield node, value


def region_code_fits_parent(
    graph: Triples, focus: set[Node], path: URIRef | None
) -> Iterator[tuple[Node, Node | None]]:
    """jxs:AdministrativeRegion-code-parent: a code that does not start with the code (six digits,
    trailing pairs of zeros dropped) of a province or prefecture-level city it is PART_OF."""
    for node in focus:
        if path is None:
            continue
        values = list(graph.objects(node, path))
        if not values:
            continue
        prefixes = {
            _TRAILING_PAIRS_OF_ZEROS.sub("", str(code))
            for parent in graph.objects(node, _PART_OF)
            if any((parent, RDF_TYPE, level) in graph for level in _PARENT_LEVELS)
            for code in graph.objects(parent, _CODE)
            if _SIX_DIGITS.search(str(code))
        }
        for value in values:
            if any(not str(value).startswith(prefix) for prefix in prefixes):
                yield node, value
