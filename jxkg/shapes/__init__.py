"""Validation: the SHACL shapes of the graph, and the engines that check data against them.

- The shapes, as data: `classes.ttl`, `entity.ttl` and `identifiers.ttl` written by hand,
  `ontology-shapes.ttl` generated from the ontology (`generate.py`).
- `validate.py`, the entry point: data (an rdflib Graph, files, or a `TripleIndex` from the ingest
  gate) in, a `ValidationReport` of `ResultRecord`s (`results.py`) out; `render.py` views it.
- Two engines giving the same records: pySHACL, the reference (`pyshacl_run.py`), and the native
  engine (`native/`: the shapes compiled into Python checks run over a `TripleIndex`,
  `triples.py`), which leaves to pySHACL each shape it cannot compile. SHACL-SPARQL rules run once
  over the whole graph (`sparql.py`, two of them in Python in `sparql_native.py`; `query_reads.py`
  tells which predicates a query reads).
- `codes.py`: the identifier codes the shapes check, in Python.

See docs/validation.md.
"""
