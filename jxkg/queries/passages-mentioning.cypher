// name: passages-mentioning
// order: 28
// tags: [provenance, document, passage]
// title:
//   zh: 提及某实体的原文段落
//   en: The passages of the source documents that mention an entity
// description:
//   zh: >-
//     来源文件中提到或描述某一实体的段落（MENTIONED_IN → Passage，
//     Passage DERIVED_FROM 其 SourceDocument），按段落 id 排列：所在章节、
//     文件标题和文件名、段落中提到该实体的文字（关联的引文），以及段落正文的开头（`maxChars` 个字符；
//     选择 `fullText` 时为全文）。
//   en: >-
//     The sections of the source documents that name or describe an entity (MENTIONED_IN → Passage,
//     the Passage DERIVED_FROM its SourceDocument), by passage id: the chapter, the document's title
//     and file, the words of the passage that mention the entity (the link's quote), and the start of
//     the passage's text (`maxChars` characters; the whole text with `fullText`).
// parameters:
//   entity:
//     type: string
//     entityClass: Entity
//     description:
//       zh: 实体，按 id 或中文名（如 赣州稀金科创城）
//       en: the entity by id or Chinese name (e.g. 赣州稀金科创城)
//   maxChars:
//     type: integer
//     description:
//       zh: 不取全文时每个段落返回的字符数
//       en: how many characters of each passage to return when not the full text
//     default: 120
//     minimum: 0
//     maximum: 100000
//   fullText:
//     type: boolean
//     description:
//       zh: 返回每个段落的全文
//       en: return each passage's whole text
//     default: false
// example:
//   entity: 赣州稀金科创城
// columns:
//   entityId: {type: string, label: {zh: 实体编号, en: entity id}, description: the entity's id}
//   entity: {type: string, label: {zh: 实体, en: entity}, description: its Chinese name}
//   passageId: {type: string, label: {zh: 段落编号, en: passage id}, description: the passage's id}
//   chapter: {type: string, label: {zh: 章节, en: chapter}, nullable: true, description: the chapter it belongs to}
//   document: {type: string, label: {zh: 文件标题, en: document}, nullable: true, description: the document's title}
//   fileName: {type: string, label: {zh: 文件名, en: file name}, nullable: true, description: the document's file}
//   provenance: {type: provenance, label: {zh: 提及原文, en: mention}, description: the words of the passage that mention the entity}
//   passageLength: {type: integer, label: {zh: 段落字数, en: passage length}, nullable: true, description: the passage's length in characters}
//   text: {type: string, label: {zh: 正文, en: text}, nullable: true, description: 'the start of the passage''s text, or all of it with `fullText`'}
MATCH (n:Entity)
WHERE n.id = $entity OR n.nameZh = $entity
MATCH (n)-[m:MENTIONED_IN]->(p:Passage)
OPTIONAL MATCH (p)-[:DERIVED_FROM]->(doc:SourceDocument)
RETURN n.id AS entityId, n.nameZh AS entity, p.id AS passageId, p.chapter AS chapter,
       doc.title AS document, doc.fileName AS fileName, {kind: m.provenanceKind, source: m.source, quote: m.quote, note: m.note} AS provenance,
       size(p.quote) AS passageLength,
       CASE WHEN $fullText THEN p.quote ELSE substring(p.quote, 0, $maxChars) END AS text
ORDER BY passageId, provenance.quote
