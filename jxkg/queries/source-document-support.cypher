// name: source-document-support
// order: 29
// tags: [provenance, document, overview]
// title:
//   zh: 各来源文件支撑了哪些事实
//   en: What each source document supports, counted by provenance
// description: >-
//   For each source document: its title, number and date, how many passages of it the graph holds,
//   and the nodes and relationships whose `source` is one of its sections, counted by class (for
//   nodes) or type (for relationships) and by how they are known (provenanceKind: documented, or
//   curated where a quote supports a derivation). Lists are ordered by class or type, then
//   provenance.
// parameters:
//   document:
//     type: string
//     description: one document by id or file name (e.g. 003_0734145f5672b58a.txt); empty for both
//     default: null
// example:
//   document: 003_0734145f5672b58a.txt
MATCH (doc:SourceDocument)
WHERE $document IS NULL OR doc.id = $document OR doc.fileName = $document
OPTIONAL MATCH (passage:Passage)-[:DERIVED_FROM]->(doc)
WITH doc, doc.fileName + '#' AS prefix, count(DISTINCT passage) AS passages
OPTIONAL MATCH (n:Entity)
WHERE n.source STARTS WITH prefix
WITH doc, prefix, passages,
     head([l IN labels(n) WHERE NOT l IN ['Entity', 'Organization', 'Place', 'InnovationZone', 'Region', 'Platform', 'Laboratory', 'Person']] + [l IN labels(n) WHERE l = 'Person']) AS class,
     n.provenanceKind AS provenanceKind, count(n) AS total
ORDER BY class, provenanceKind
WITH doc, prefix, passages, collect(CASE WHEN total = 0 THEN NULL ELSE {class: class, provenanceKind: provenanceKind, count: total} END) AS nodes
OPTIONAL MATCH (:Entity)-[r]->(:Entity)
WHERE r.source STARTS WITH prefix
WITH doc, passages, nodes, type(r) AS relationshipType, r.provenanceKind AS provenanceKind, count(r) AS total
ORDER BY relationshipType, provenanceKind
WITH doc, passages, nodes,
     collect(CASE WHEN total = 0 THEN NULL ELSE {type: relationshipType, provenanceKind: provenanceKind, count: total} END) AS relationships
RETURN doc.id AS documentId, doc.title AS title, doc.docNumber AS docNumber, doc.issuedOn AS issuedOn,
       doc.fileName AS fileName, passages,
       reduce(s = 0, x IN nodes | s + x.count) AS nodeCount, nodes,
       reduce(s = 0, x IN relationships | s + x.count) AS relationshipCount, relationships
ORDER BY documentId
