// name: relationship-provenance
// order: 27
// tags: [provenance, relationship]
// title:
//   zh: 一条关系的来源与依据
//   en: The provenance of one relationship (start, type, end)
// description: >-
//   How the graph knows a relationship between two entities: for each relationship from the start to
//   the end (of the given type, or of any type), its id, provenanceKind (documented, curated,
//   reference, synthetic), the verbatim quote, the source (document and section, or the data file),
//   the note, and its own properties (stage, fields, count, source row). Two documents stating the
//   same link give two rows. A symmetric COOPERATES_WITH link is found whichever way round its ends
//   are given; `startId`/`endId` show how it is stored.
// parameters:
//   startEntity:
//     type: string
//     entityClass: Entity
//     description: the start of the relationship, by id or Chinese name
//   relationshipType:
//     type: string
//     description: the relationship type; empty for every relationship between the two
//     default: null
//     allowed: [ABOUT_REGION, ADDRESSES, AFFILIATED_WITH, BROADER, COOPERATES_WITH, DERIVED_FROM, DESIGNATED_AS,
//       FEEDS, FOCUSES_ON, FOLLOWS_UP, FUNDED_BY, HAS_RECOGNITION, HOLDS_PATENT, HOSTED_BY, JOINTLY_BUILT_WITH, LEADS,
//       LOCATED_IN, MEASURES, MEMBER_OF, MENTIONED_IN, PART_OF, PLAYS_ROLE_FOR, SELECTED_BY, SUPPORTS_CHAIN, TARGETS,
//       UNDERTAKES]
//   endEntity:
//     type: string
//     entityClass: Entity
//     description: the end of the relationship, by id or Chinese name
// example:
//   startEntity: '360500'
//   relationshipType: DESIGNATED_AS
//   endEntity: programme:国家创新型城市
// columns:
//   startId: {type: string, description: the stored start's id}
//   type: {type: string, description: the relationship type}
//   endId: {type: string, description: the stored end's id}
//   relationshipId: {type: string, nullable: true, description: the relationship's id}
//   provenance: {type: provenance, description: 'how the relationship is known, with its source row'}
//   stage: {type: string, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: its stage}
//   fields: {type: list, items: string, nullable: true, description: its fields}
//   count: {type: integer, nullable: true, description: its count}
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
