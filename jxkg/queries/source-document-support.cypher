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
//   provenance. The counts are kept by ingest after every run that changes the graph.
// parameters:
//   document:
//     type: string
//     description: one document by id or file name (e.g. 003_0734145f5672b58a.txt); empty for both
//     default: null
// example:
//   document: 003_0734145f5672b58a.txt
// columns:
//   documentId: {type: string, description: the source document's id}
//   title: {type: string, nullable: true, description: its title}
//   docNumber: {type: string, nullable: true, description: its issuing number}
//   issuedOn: {type: date, nullable: true, description: the date it was issued}
//   fileName: {type: string, nullable: true, description: its file}
//   passages: {type: integer, description: how many of its passages the graph holds}
//   nodeCount: {type: integer, nullable: true, description: 'the nodes whose source is one of its sections; null: not counted yet (jxkg audit --repair-counts)'}
//   nodes:
//     type: list
//     nullable: true
//     description: those nodes counted by class and provenance kind
//     items:
//       type: map
//       fields:
//         class: {type: string, nullable: true, description: the nodes' class}
//         provenanceKind: {type: string, nullable: true, description: how they are known}
//         count: {type: integer, description: how many}
//   relationshipCount: {type: integer, nullable: true, description: 'the relationships whose source is one of its sections; null: not counted yet'}
//   relationships:
//     type: list
//     nullable: true
//     description: those relationships counted by type and provenance kind
//     items:
//       type: map
//       fields:
//         type: {type: string, description: the relationship type}
//         provenanceKind: {type: string, nullable: true, description: how they are known}
//         count: {type: integer, description: how many}
MATCH (doc:SourceDocument)
WHERE $document IS NULL OR doc.id = $document OR doc.fileName = $document
OPTIONAL MATCH (passage:Passage)-[:DERIVED_FROM]->(doc)
WITH doc, count(DISTINCT passage) AS passages
// counted by ingest after every run that changed the graph (supportCounts), not here: counting reads
// the source of every node and relationship of the graph
WITH doc, passages, [entry IN doc.supportCounts | split(entry, '|')] AS kept
WITH doc, passages,
     [p IN kept WHERE p[0] = 'node' | {class: p[1], provenanceKind: CASE p[2] WHEN '' THEN null ELSE p[2] END, count: toInteger(p[3])}] AS nodes,
     [p IN kept WHERE p[0] = 'relationship' | {type: p[1], provenanceKind: CASE p[2] WHEN '' THEN null ELSE p[2] END, count: toInteger(p[3])}] AS relationships
RETURN doc.id AS documentId, doc.title AS title, doc.docNumber AS docNumber, doc.issuedOn AS issuedOn,
       doc.fileName AS fileName, passages,
       CASE WHEN nodes IS NULL THEN null ELSE reduce(s = 0, x IN nodes | s + x.count) END AS nodeCount, nodes,
       CASE WHEN relationships IS NULL THEN null ELSE reduce(s = 0, x IN relationships | s + x.count) END AS relationshipCount,
       relationships
ORDER BY documentId
