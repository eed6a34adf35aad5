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
MATCH (n:Entity)
WHERE n.id = $entity OR n.nameZh = $entity
MATCH (n)-[m:MENTIONED_IN]->(p:Passage)
OPTIONAL MATCH (p)-[:DERIVED_FROM]->(doc:SourceDocument)
RETURN n.id AS entityId, n.nameZh AS entity, p.id AS passageId, p.chapter AS chapter,
       doc.title AS document, doc.fileName AS fileName, {kind: m.provenanceKind, source: m.source, quote: m.quote, note: m.note} AS provenance,
       size(p.quote) AS passageLength,
       CASE WHEN $fullText THEN p.quote ELSE substring(p.quote, 0, $maxChars) END AS text
ORDER BY passageId, provenance.quote
