"""The graph going out: to RDF through the ontology (`rdf`), the SHACL audit of the live graph over
that export (`audit`), and the files `neo4j-admin database import` takes for a first load
(`neo4j_admin`)."""
