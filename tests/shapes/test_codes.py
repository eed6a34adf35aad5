"""Identifier codes: the GB 32100-2015 check character, computed here and checked by the shapes."""

from __future__ import annotations

import random

import pytest
import rdflib
from rdflib import RDF, Literal, URIRef

from jxkg.ontology.conventions import JX
from jxkg.shapes.codes import CREDIT_CODE_CHARACTERS, credit_code_check_character, is_credit_code, region_prefix
from jxkg.shapes.sparql import bulk_shapes
from jxkg.shapes.validate import load_shapes, validate

JXS = rdflib.Namespace("https://w3id.org/jxkg/shapes#")

# Codes in circulation (company registrations), whose check characters the standard's arithmetic
# must reproduce.
IN_CIRCULATION = ["91440300708461136T", "91110000802100433B"]


def test_codes_in_circulation_are_valid() -> None:
    for code in IN_CIRCULATION:
        assert is_credit_code(code), code


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        ("91360000158304017", "3"),  # so 91360000158304017R, seen in a draft, is mistyped
        ("91440300708461136", "T"),
        ("12360000MB1234567", credit_code_check_character("12360000MB1234567")),
    ],
)
def test_check_character(first17: str, check: str) -> None:
    assert credit_code_check_character(first17) == check
    assert is_credit_code(first17 + check)


def test_a_wrong_check_character_or_a_malformed_code_is_not_valid() -> None:
    assert not is_credit_code("91360000158304017R")
    assert not is_credit_code("9136000015830401I3")  # I is not in the character set
    assert not is_credit_code("91360A00158304017X")  # the region code is digits
    assert not is_credit_code("913600001583040173 ")
    with pytest.raises(ValueError, match="17 characters"):
        credit_code_check_character("9136")


def test_every_single_character_change_is_caught() -> None:
    """31 is prime and no weight is a multiple of it, so one changed character always shows."""
    code = "913600001583040173"
    for i in range(18):
        for c in CREDIT_CODE_CHARACTERS:
            if c != code[i]:
                assert not is_credit_code(code[:i] + c + code[i + 1 :])


def test_region_prefix() -> None:
    assert region_prefix("360000") == "36"
    assert region_prefix("360700") == "3607"
    assert region_prefix("361000") == "3610"
    assert region_prefix("360111") == "360111"
    with pytest.raises(ValueError):
        region_prefix("36")


def random_codes(n: int, seed: int = 1) -> list[str]:
    """Well-formed codes, about one in 31 with the right check character, plus some right ones."""
    rng = random.Random(seed)
    codes = []
    for _ in range(n):
        first17 = (
            rng.choice("123456789ABCDEFGY")
            + rng.choice("123459")
            + "".join(rng.choice("0123456789") for _ in range(6))
            + "".join(rng.choice(CREDIT_CODE_CHARACTERS) for _ in range(9))
        )
        last = credit_code_check_character(first17) if rng.random() < 0.3 else rng.choice(CREDIT_CODE_CHARACTERS)
        codes.append(first17 + last)
    return codes


def test_the_sparql_rule_and_its_native_evaluation_agree() -> None:
    """jxs:creditCode-checkDigit is SHACL-SPARQL (for any engine); the runner evaluates it in Python."""
    codes = random_codes(300)
    graph = rdflib.Graph()
    for i, code in enumerate(codes):
        node = URIRef(f"https://w3id.org/jxkg/id/university:{i}")
        graph.add((node, RDF.type, JX.University))
        graph.add((node, JX.creditCode, Literal(code)))
    (constraint,) = [c for c in bulk_shapes(load_shapes()) if c.shape == JXS["creditCode-checkDigit"]]
    by_sparql = {str(v) for _, v in constraint.sparql_violations(graph)}
    natively = {str(v) for _, v in constraint.violations(graph)}
    assert by_sparql == natively == {c for c in codes if not is_credit_code(c)}
    assert 100 < len(natively) < 300


def test_validation_reports_a_wrong_check_character_as_a_warning_with_its_own_message() -> None:
    graph = rdflib.Graph()
    good, bad = URIRef("https://w3id.org/jxkg/id/a"), URIRef("https://w3id.org/jxkg/id/b")
    for node, code in ((good, "913600001583040173"), (bad, "91360000158304017R")):
        graph.add((node, RDF.type, JX.GovernmentBody))
        graph.add((node, JX.creditCode, Literal(code)))
    results = [r for r in validate(graph).results if r.source_shape == str(JXS["creditCode-checkDigit"])]
    assert [(r.focus, r.value, r.severity.value) for r in results] == [(str(bad), "91360000158304017R", "Warning")]
    assert "校验位" in results[0].message_zh and "check character" in results[0].message_en
