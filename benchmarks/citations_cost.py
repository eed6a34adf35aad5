"""What citing provenance costs a neighbourhood page: the one read that joins each fact's source and
quote to its SourceDocument and Passage (`jxkg.queries.documents.citations`), against the whole
first page (`explore.neighbours`, that read included), in one process on a running FalkorDB:

    .venv/bin/python benchmarks/citations_cost.py --port 6391 --graph bench --id 360000 --id 360700

Read-only. Figures are ms, the median of `--runs`, with the read's share of the page; the load
average is printed. See docs/benchmarks.md ("Provenance citations").
"""

from __future__ import annotations

import argparse
import os
import statistics

from query_bench import timed

from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.queries import documents, neighbourhood
from jxkg.store.falkordb_engine import FalkorDBStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--graph", default="bench")
    parser.add_argument("--id", action="append", required=True, help="an entity whose first page is read")
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    store = FalkorDBStore(args.host, args.port, args.graph)
    schema = load_schema()
    print(f"load average {os.getloadavg()}")
    print(f"{'entity':<32} {'facts':>6} {'cited':>6} {'citations':>10} {'page':>9} {'share':>6}")
    for entity_id in args.id:
        print(_row(store, schema, entity_id, args.limit, args.runs))
    print(f"load average {os.getloadavg()}")


def _row(store: FalkorDBStore, schema: GraphSchema, entity_id: str, limit: int, runs: int) -> str:
    page = neighbourhood.neighbours(store, schema, entity_id, limit=limit)
    provenances = [n.provenance for n in page.nodes] + [e.provenance for e in page.edges]
    distinct = {(p.source, p.quote) for p in provenances if p.source}
    read = statistics.median(timed(lambda: documents.citations(store, provenances), runs, warmup=1))
    whole = statistics.median(
        timed(lambda: neighbourhood.neighbours(store, schema, entity_id, limit=limit), runs, warmup=1)
    )
    share = read / whole
    return f"{entity_id:<32} {len(provenances):>6} {len(distinct):>6} {read:>8.2f}ms {whole:>7.2f}ms {share:>6.0%}"


if __name__ == "__main__":
    main()
