"""Synthetic data in the RDF view of the graph that the shapes accept without a single result.

Used by a test (it must conform, with no Warning or Info either) and by the benchmark
(`python -m tests.shapes.bench_validate`). Deterministic for a given size.
"""

from __future__ import annotations

import random
from urllib.parse import quote

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from jxkg.ontology.conventions import JX, type_slug
from jxkg.shapes.codes import CREDIT_CODE_CHARACTERS, credit_code_check_character

JXD = Namespace("https://w3id.org/jxkg/id/")


def iri(entity_id: str) -> URIRef:
    return JXD[quote(entity_id, safe=":/-_.~")]


class SyntheticGraph:
    """Adds entities of many classes, linked the way the shapes expect."""

    def __init__(self, seed: int = 7) -> None:
        self.graph = Graph()
        self.graph.bind("jx", JX)
        self.graph.bind("jxd", JXD)
        self.random = random.Random(seed)
        self.entities = 0

    def entity(self, cls: str, entity_id: str, name_zh: str, **props: object) -> URIRef:
        node = iri(entity_id)
        g = self.graph
        g.add((node, RDF.type, JX[cls]))
        g.add((node, JX.id, Literal(entity_id)))
        g.add((node, JX.nameZh, Literal(name_zh, lang="zh")))
        g.add((node, JX.nameEn, Literal(f"{cls} {entity_id}", lang="en")))
        g.add((node, JX.provenanceKind, Literal("synthetic")))
        g.add((node, JX.synthetic, Literal(True)))
        for name, value in props.items():
            if isinstance(value, URIRef):
                g.add((node, JX[name], value))
            elif isinstance(value, float):
                g.add((node, JX[name], Literal(str(value), datatype=XSD.decimal)))
            else:
                g.add((node, JX[name], Literal(value)))
        self.entities += 1
        return node

    def named(self, cls: str, name: str, **props: object) -> URIRef:
        return self.entity(cls, f"{type_slug(cls)}:{name}", name, **props)

    def credit_code(self, region: str) -> str:
        body = "".join(self.random.choice(CREDIT_CODE_CHARACTERS) for _ in range(9))
        first17 = f"91{region}{body}"
        return first17 + credit_code_check_character(first17)


def synthetic_graph(size: int = 3000, seed: int = 7) -> SyntheticGraph:
    """About `size` entities: a province with cities and counties, organizations with credit codes,
    labs hosted by them, science cities, chains, indicators with observations and targets."""
    s = SyntheticGraph(seed)
    province = s.entity("Province", "360000", "江西省", code="360000")
    cities = []
    for i in range(1, 12):
        code = f"36{i:02d}00"
        city = s.entity("PrefectureCity", code, f"市{i}", code=code, partOf=province)
        cities.append((code, city))
        for k in range(1, 6):
            county_code = f"36{i:02d}{k:02d}"
            s.entity("County", county_code, f"县{i}-{k}", code=county_code, partOf=city)
    chains = [s.named("IndustryChain", f"产业链{i}") for i in range(20)]
    indicator = s.named("Indicator", "研发经费投入强度", unit="%")
    per_round = 7
    rounds = max(1, (size - s.entities) // per_round)
    for n in range(rounds):
        code, city = cities[n % len(cities)]
        credit = s.credit_code(code)
        enterprise = s.entity(
            "Enterprise", credit, f"企业{n}", creditCode=credit, foundedYear=1990 + n % 30, locatedIn=city
        )
        university = s.named("University", f"大学{n}", foundedYear=1950 + n % 60, locatedIn=city)
        s.named(
            "ProvincialKeyLaboratory",
            f"重点实验室{n}",
            hostedBy=university,
            level="provincial",
            stage="built",
            supportsChain=chains[n % len(chains)],
            locatedIn=city,
        )
        s.named("EngineeringResearchCenter", f"工程中心{n}", hostedBy=enterprise, locatedIn=city)
        s.named("ScienceCity", f"科创城{n}", stage="planned", locatedIn=city, focusesOn=chains[n % len(chains)])
        s.entity(
            "Observation",
            f"observation:研发经费投入强度:{code}:{2000 + n}",
            f"研发经费投入强度 {2000 + n}",
            measures=indicator,
            aboutRegion=city,
            year=2000 + n % 100,
            value=round(s.random.uniform(0.5, 3.0), 2),
        )
        s.entity(
            "Target",
            f"target:研发经费投入强度:{n}",
            f"研发经费投入强度 目标 {n}",
            targets=indicator,
            deadlineYear=2025,
            baselineYear=2020,
            comparator=">=",
            value=2.5,
        )
    return s
