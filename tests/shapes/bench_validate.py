"""Benchmark: validation time on synthetic data, and what RDFS inference would cost.

    python -m tests.shapes.bench_validate [SIZE ...]      # default: 1000 3000

Prints, per size: the entities and triples, the time of `validate()` with the pySHACL engine
(pySHACL plus the SPARQL rules run over the whole graph) and with the native one, and pySHACL
alone with `inference="none"` (what the runner uses) and with `inference="rdfs"` on the same shapes
and ontology. Not a test: figures, not assertions.
"""

from __future__ import annotations

import sys
import time

from pyshacl import validate as pyshacl_validate

from jxkg.ontology.schema import load_graph
from jxkg.settings import ShaclEngineName
from jxkg.shapes.sparql import bulk_shapes, shape_nodes
from jxkg.shapes.validate import load_shapes, validate
from tests.shapes.synthetic import synthetic_graph


def pyshacl_seconds(graph: object, inference: str) -> float:
    shapes = load_shapes()
    skipped = {c.shape for c in bulk_shapes(shapes)}
    use = sorted(str(s) for s in shape_nodes(shapes) - skipped)
    start = time.perf_counter()
    pyshacl_validate(
        graph,
        shacl_graph=shapes,
        ont_graph=load_graph(),
        inference=inference,
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
        use_shapes=use,
    )
    return time.perf_counter() - start


def main(sizes: list[int]) -> None:
    validate(synthetic_graph(50).graph)  # parse and prepare the shapes once
    print(
        f"{'entities':>8} {'triples':>8} {'validate':>9} {'native':>8} {'pyshacl':>8} {'+rdfs':>8} {'ratio':>6}"
        "  results"
    )
    for size in sizes:
        synthetic = synthetic_graph(size)
        start = time.perf_counter()
        report = validate(synthetic.graph, engine=ShaclEngineName.PYSHACL)
        total = time.perf_counter() - start
        start = time.perf_counter()
        validate(synthetic.graph, engine=ShaclEngineName.NATIVE)
        native = time.perf_counter() - start
        plain = pyshacl_seconds(synthetic.graph, "none")
        rdfs = pyshacl_seconds(synthetic.graph, "rdfs")
        print(
            f"{synthetic.entities:>8} {len(synthetic.graph):>8} {total:>8.2f}s {native:>7.2f}s {plain:>7.2f}s"
            f" {rdfs:>7.2f}s {rdfs / plain:>5.1f}x  {len(report.results)}"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 3000])
