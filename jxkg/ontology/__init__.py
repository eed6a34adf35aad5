"""The ontology (`jxkg.ttl`) and what reads it: its conventions (`conventions`: namespaces, names,
ids, provenance and bookkeeping properties), its terms (`terms`, read by `reader`), the schema they
make (`schema`) and its documentation renderer (`docs`).

`jxkg.ttl` is the single source of truth of the knowledge graph: `schema.load_schema()` turns it
into the property-graph schema (labels, relationship types, properties, keys and indexes) that
ingest, the store's DDL, the shapes and the API take.
"""
