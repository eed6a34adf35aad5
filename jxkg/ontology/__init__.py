"""The ontology (`jxkg.ttl`), its reader (`schema`), its conventions (`conventions`: names, ids,
provenance and bookkeeping properties) and its documentation renderer (`docs`).

`jxkg.ttl` is the single source of truth of the knowledge graph: `schema.load_schema()` turns it
into the property-graph schema (labels, relationship types, properties, keys and indexes) that
ingest, the store's DDL, the shapes and the API take.
"""
