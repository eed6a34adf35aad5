"""Ingest: read sources, map them to the ontology, check them, and write them to the graph."""
