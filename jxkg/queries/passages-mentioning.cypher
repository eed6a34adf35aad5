// name: passages-mentioning
// order: 28
// tags: [provenance, document, passage]
// title:
//   zh: 提及某实体的原文段落
//   en: The passages of the source documents that mention an entity
// description: >-
//   The sections of the source documents that name or describe an entity (MENTIONED_IN → Passage,
//   the Passage DERIVED_FROM its SourceDocument), by passage id: the chapter, the document's title
//   and file, the words of the passage that mention the entity (the link's quote), and the start of
//   the passage's text (`maxChars` characters; the whole text with `fullText`).
// parameters:
//   entity:
//     type: string
//     entityClass: Entity
//     description: the entity by id or Chinese name (e.g. 赣州稀金科创城)
//   maxChars:
//     type: integer
//     description: how many characters of each passage to return when not the full text
//     default: 120
//     minimum: 0
//     maximum: 100000
//   fullText:
//     type: boolean
//     description: return each passage's whole text
//     default: false
// example:
//   entity: 赣州稀金科创城
// columns:
//   entityId: {type: string, description: the entity's id}
//   entity: {type: string, description: its Chinese name}
//   passageId: {type: string, description: the passage's id}
//   chapter: {type: string, nullable: true, description: the chapter it belongs to}
//   document: {type: string, nullable: true, description: the document's title}
//   fileName: {type: string, nullable: true, description: the document's file}
//   provenance: {type: provenance, description: the words of the passage that mention the entity}
//   passageLength: {type: integer, nullable: true, description: the passage's length in characters}
//   text: {type: string, nullable: true, description: 'the start of the passage''s text, or all of it with `fullText`'}
MATCH (n:Entity)
WHERE n.id = $entity OR n.nameZh = $entity
MATCH (n)-[m:MENTIONED_IN]->(p:Passage)
OPTIONAL MATCH (p)-[:DERIVED_FROM]->(doc:SourceDocument)
RETURN n.id AS entityId, n.nameZh AS entity, p.id AS passageId, p.chapter AS chapter,
       doc.title AS document, doc.fileName AS fileName, {kind: m.provenanceKind, source: m.source, quote: m.quote, note: m.note} AS provenance,
       size(p.quote) AS passageLength,
       CASE WHEN $fullText THEN p.quote ELSE substring(p.quote, 0, $maxChars) END AS text
ORDER BY passageId, provenance.quote
