// name: source-document-support
// order: 29
// tags: [provenance, document, overview]
// title:
//   zh: 各来源文件支撑了哪些事实
//   en: What each source document supports, counted by provenance
// description:
//   zh: >-
//     每份来源文件：标题、文号和日期，图谱收录了它的多少个段落，以及 `source` 为其某一章节的节点和关系，
//     按类别（节点）或类型（关系）以及得知方式（provenanceKind：documented 原文记载，
//     或 curated 由引文支持推导的人工整理）计数。各列表按类别或类型、再按来源类型排列。计数由导入程序在每次改变图谱的导入之后维护。
//   en: >-
//     For each source document: its title, number and date, how many passages of it the graph holds,
//     and the nodes and relationships whose `source` is one of its sections, counted by class (for
//     nodes) or type (for relationships) and by how they are known (provenanceKind: documented, or
//     curated where a quote supports a derivation). Lists are ordered by class or type, then
//     provenance. The counts are kept by ingest after every run that changes the graph.
// parameters:
//   document:
//     type: string
//     description:
//       zh: 一份文件，按 id 或文件名（如 003_0734145f5672b58a.txt）；留空为全部（两份文件）
//       en: one document by id or file name (e.g. 003_0734145f5672b58a.txt); empty for both
//     default: null
// example:
//   document: 003_0734145f5672b58a.txt
// columns:
//   documentId: {type: string, label: {zh: 文件编号, en: document id}, description: the source document's id}
//   title: {type: string, label: {zh: 标题, en: title}, nullable: true, description: its title}
//   docNumber: {type: string, label: {zh: 文号, en: document number}, nullable: true, description: its issuing number}
//   issuedOn: {type: date, label: {zh: 发布日期, en: issued on}, nullable: true, description: the date it was issued}
//   fileName: {type: string, label: {zh: 文件名, en: file name}, nullable: true, description: its file}
//   passages: {type: integer, label: {zh: 段落数, en: passages}, description: how many of its passages the graph holds}
//   nodeCount: {type: integer, label: {zh: 节点数, en: nodes}, nullable: true, description: 'the nodes whose source is one of its sections; null: not counted yet (jxkg audit --repair-counts)'}
//   nodes:
//     label: {zh: 按类别和来源计的节点, en: nodes by class}
//     type: list
//     nullable: true
//     description: those nodes counted by class and provenance kind
//     items:
//       type: map
//       fields:
//         class: {type: string, nullable: true, description: the nodes' class}
//         provenanceKind: {type: string, nullable: true, description: how they are known}
//         count: {type: integer, description: how many}
//   relationshipCount: {type: integer, label: {zh: 关系数, en: relationships}, nullable: true, description: 'the relationships whose source is one of its sections; null: not counted yet'}
//   relationships:
//     label: {zh: 按类型和来源计的关系, en: relationships by type}
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
