// name: relationship-provenance
// order: 27
// tags: [provenance, relationship]
// title:
//   zh: 一条关系的来源与依据
//   en: The provenance of one relationship (start, type, end)
// description:
//   zh: >-
//     图谱如何得知两个实体之间的一条关系：对从起点到终点的每条关系（指定类型或任意类型），给出其 id、
//     来源类型 provenanceKind（documented 原文记载、curated 人工整理、
//     reference 参考数据、synthetic 合成数据）、原文引文、来源（文件与章节，或数据文件）、说明，
//     以及它自身的属性（阶段、领域、数量、来源行）。两份文件载明同一关联时给出两行。
//     对称的 COOPERATES_WITH 关系无论两端以何种顺序给出都能找到；
//     `startId`/`endId` 显示它的存储方向。
//   en: >-
//     How the graph knows a relationship between two entities: for each relationship from the start to
//     the end (of the given type, or of any type), its id, provenanceKind (documented, curated,
//     reference, synthetic), the verbatim quote, the source (document and section, or the data file),
//     the note, and its own properties (stage, fields, count, source row). Two documents stating the
//     same link give two rows. A symmetric COOPERATES_WITH link is found whichever way round its ends
//     are given; `startId`/`endId` show how it is stored.
// parameters:
//   startEntity:
//     type: string
//     entityClass: Entity
//     description:
//       zh: 关系的起点，按 id 或中文名
//       en: the start of the relationship, by id or Chinese name
//   relationshipType:
//     type: string
//     description:
//       zh: 关系类型；留空为两者之间的全部关系
//       en: the relationship type; empty for every relationship between the two
//     default: null
//     allowed: [ABOUT_REGION, ADDRESSES, AFFILIATED_WITH, BROADER, COOPERATES_WITH, DERIVED_FROM, DESIGNATED_AS,
//       FEEDS, FOCUSES_ON, FOLLOWS_UP, FUNDED_BY, HAS_RECOGNITION, HOLDS_PATENT, HOSTED_BY, JOINTLY_BUILT_WITH, LEADS,
//       LOCATED_IN, MEASURES, MEMBER_OF, MENTIONED_IN, PART_OF, PLAYS_ROLE_FOR, SELECTED_BY, SUPPORTS_CHAIN, TARGETS,
//       UNDERTAKES]
//   endEntity:
//     type: string
//     entityClass: Entity
//     description:
//       zh: 关系的终点，按 id 或中文名
//       en: the end of the relationship, by id or Chinese name
// example:
//   startEntity: '360500'
//   relationshipType: DESIGNATED_AS
//   endEntity: programme:国家创新型城市
// columns:
//   startId: {type: string, label: {zh: 起点编号, en: start id}, description: the stored start's id}
//   type: {type: string, label: {zh: 关系类型, en: type}, description: the relationship type}
//   endId: {type: string, label: {zh: 终点编号, en: end id}, description: the stored end's id}
//   relationshipId: {type: string, label: {zh: 关系编号, en: relationship id}, nullable: true, description: the relationship's id}
//   provenance: {type: provenance, label: {zh: 来源与来源行, en: provenance}, description: 'how the relationship is known, with its source row'}
//   stage: {type: string, label: {zh: 阶段, en: stage}, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: its stage}
//   fields: {type: list, label: {zh: 领域, en: fields}, items: string, nullable: true, description: its fields}
//   count: {type: integer, label: {zh: 来源所述数量, en: stated count}, nullable: true, description: its count}
MATCH (a:Entity)
WHERE a.id = $startEntity OR a.nameZh = $startEntity
MATCH (b:Entity)
WHERE b.id = $endEntity OR b.nameZh = $endEntity
MATCH (a)-[r]-(b)
WHERE ($relationshipType IS NULL OR type(r) = $relationshipType)
  AND (startNode(r).id = a.id OR type(r) = 'COOPERATES_WITH')
RETURN startNode(r).id AS startId, type(r) AS type, endNode(r).id AS endId, r.id AS relationshipId,
       {kind: r.provenanceKind, source: r.source, quote: r.quote, note: r.note, sourceRow: r.sourceRow} AS provenance,
       r.stage AS stage, r.field AS fields, r.count AS count
ORDER BY type, relationshipId
