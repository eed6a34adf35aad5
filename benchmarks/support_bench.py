"""What each source document supports and the facts of one provenance kind (issue 26, item 1): what
keeping the counts costs a run, and what they save the questions.

    .venv/bin/python benchmarks/support_bench.py --scale 1 --data-dir .jxkg/bench-s1

On the synthetic province on the embedded FalkorDB (`query_bench.prepare`, so the graph in
`--data-dir` is reused):
- the pass every run that changes the graph makes (`counted_support`: one untyped pass over the
  relationships), against one typed pass per relationship type (the first way it was written), and
  `keep_support` (the pass and the write);
- in the same run, the raw engine on `source-document-support` and `curated-facts` (defaults and
  example) against their text at `--baseline` (a count or a scan of every node and relationship);
- the entities holding a kind found through the `factKinds` index against the same filter the index
  cannot serve (`any(...)`: a scan of every entity).
p50/p95 in ms after two warm-up calls, the load average printed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from kept_bench import cypher_body, figures, kept_arguments, question_at  # noqa: E402
from query_bench import GRAPH, prepare  # noqa: E402


def main() -> None:
    args = kept_arguments(__doc__, "6911144", "the git ref of the questions before the kept counts")

    from falkordb import FalkorDB

    from jxkg.ingest.write.kept import recount, uncounted
    from jxkg.ingest.write.support import counted_support, keep_support
    from jxkg.ontology.schema import load_schema
    from jxkg.queries import bind_parameters, load_catalog
    from jxkg.store.falkordb_engine import FalkorDBStore

    server, info = prepare(args.data_dir, args.scale, args.seed)
    schema = load_schema()
    print(f"graph: {info['nodes']:,} nodes, {info['relationships']:,} relationships; load {os.getloadavg()}")
    try:
        with FalkorDBStore(server.host, server.port, GRAPH, timeout_s=3600) as store:
            store.ensure_schema(schema.index_specs())
            missing = uncounted(store)
            if missing:  # a graph loaded before factKinds were kept: what the next run would mend
                started = time.perf_counter()
                recount(store, schema, missing)
                print(f"kept counts recounted on {len(missing):,} entities: {time.perf_counter() - started:.1f} s")
            raw = FalkorDB(host=server.host, port=server.port).select_graph(GRAPH)

            def typed_passes() -> None:
                for rel_type in store.relationship_types():
                    store.read(
                        f"MATCH (:Entity)-[r:{rel_type}]->(:Entity) WHERE r.source CONTAINS '#' "
                        "RETURN r.source AS source, r.provenanceKind AS kind, count(*) AS c"
                    )

            runs = max(3, args.runs // 3)
            for label, call in (
                ("support pass, one untyped pass (counted_support)", lambda: counted_support(store, schema)),
                ("support pass, one typed pass per relationship type", typed_passes),
                ("keep_support (the pass and the write)", lambda: keep_support(store, schema)),
            ):
                p50, p95 = figures(call, runs)
                print(f"{label}: p50 {p50:,.0f} ms, p95 {p95:,.0f} ms ({runs} runs)")

            catalog = {q.name: q for q in load_catalog()}
            for name in ("source-document-support", "curated-facts"):
                question = catalog[name]
                old_text = cypher_body(question_at(args.baseline, name))
                for case, given in (("defaults", {}), ("example", dict(question.example))):
                    params = bind_parameters(question, given)
                    old = figures(
                        lambda p=params, t=old_text: raw.ro_query(t, p, timeout=600_000),
                        max(3, args.runs // 3),
                    )
                    new = figures(lambda p=params, t=question.cypher: raw.ro_query(t, p), args.runs)
                    rows = len(raw.ro_query(question.cypher, params).result_set)
                    print(
                        f"{name} {case}: before p50/p95 {old[0]:,.1f}/{old[1]:,.1f} ms; "
                        f"kept p50/p95 {new[0]:,.1f}/{new[1]:,.1f} ms; {rows} rows"
                    )

            for label, query in (
                (
                    "holders of 'curated' through the factKinds index",
                    "MATCH (n:Entity) WHERE $k IN n.factKinds RETURN count(n)",
                ),
                (
                    "holders of 'curated', a filter the index cannot serve",
                    "MATCH (n:Entity) WHERE any(x IN n.factKinds WHERE x = $k) RETURN count(n)",
                ),
            ):
                p50, p95 = figures(lambda q=query: raw.ro_query(q, {"k": "curated"}), args.runs)
                print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
            print(f"load {os.getloadavg()}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
