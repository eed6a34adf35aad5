// name: platform-hosts
// order: 9
// tags: [platform, organisation, provenance]
// title:
//   zh: 平台的依托单位与共建方
//   en: Who hosts and who jointly built each platform or institute
// description: >-
//   Each platform or organisation with its host (HOSTED_BY, 依托单位) and the partners it was jointly
//   built with (JOINTLY_BUILT_WITH, 引进共建: an academy, a university, a country), each link with
//   its provenance: many hosts are general knowledge (`curated`, with a note), not stated by the
//   documents. Links are listed by entity id, relation, partner id and source; `total` is how many
//   links answer the question, and the answer holds at most `limit` of them from `offset` on (ask
//   again with a larger offset for the rest).
// parameters:
//   entity:
//     type: string
//     entityClass: Entity
//     description: one platform or organisation by id or Chinese name; empty for all
//     default: null
//   relation:
//     type: string
//     description: only hosts (HOSTED_BY) or only joint builders (JOINTLY_BUILT_WITH); empty for both
//     default: null
//     allowed: [HOSTED_BY, JOINTLY_BUILT_WITH]
//   provenanceKind:
//     type: string
//     description: only links known this way; empty for all
//     default: null
//     allowed: [documented, curated, reference, synthetic]
//   limit:
//     type: integer
//     description: at most this many links (total says how many there are)
//     default: 100
//     minimum: 1
//     maximum: 10000
//   offset:
//     type: integer
//     description: skip this many links (in their listed order), to page through the rest
//     default: 0
//     minimum: 0
// example:
//   relation: HOSTED_BY
// columns:
//   entityId: {type: string, description: the platform's or organisation's id}
//   entity: {type: string, description: its Chinese name}
//   class: {type: string, nullable: true, description: its most specific class}
//   relation: {type: string, allowed: [HOSTED_BY, JOINTLY_BUILT_WITH], description: HOSTED_BY or JOINTLY_BUILT_WITH}
//   partnerId: {type: string, description: the host's or partner's id}
//   partner: {type: string, description: its Chinese name}
//   partnerClass: {type: string, nullable: true, description: its most specific class}
//   provenance: {type: provenance, description: how the link is known}
//   total: {type: integer, description: how many links answer the question (all pages)}
CALL {
  // the entity (resolved to its id) through the index; with none, the links from the platforms and
  // the organisations (the classes HOSTED_BY and JOINTLY_BUILT_WITH start from), not from every entity
  UNWIND CASE WHEN $entity IS NULL THEN [] ELSE [$entity] END AS entityId
  MATCH (x:Entity {id: entityId})-[r:HOSTED_BY|JOINTLY_BUILT_WITH]->(partner:Entity)
  RETURN x, r, partner
  UNION ALL
  UNWIND CASE WHEN $entity IS NULL THEN [true] ELSE [] END AS everyLink
  MATCH (x:Platform)-[r:HOSTED_BY|JOINTLY_BUILT_WITH]->(partner:Entity)
  RETURN x, r, partner
  UNION ALL
  UNWIND CASE WHEN $entity IS NULL THEN [true] ELSE [] END AS everyLink
  MATCH (x:Organization)-[r:HOSTED_BY|JOINTLY_BUILT_WITH]->(partner:Entity)
  WHERE NOT x:Platform
  RETURN x, r, partner
}
WITH x, r, partner
WHERE x:Entity
  AND ($relation IS NULL OR type(r) = $relation)
  AND ($provenanceKind IS NULL OR r.provenanceKind = $provenanceKind)
WITH x, r, partner
ORDER BY x.id, type(r), partner.id, r.source
// every link counted; only the page asked for is sent (thousands of rows at province scale)
WITH collect([x, r, partner]) AS links
WITH size(links) AS total, links[$offset..$offset + $limit] AS page
UNWIND page AS link
WITH total, link[0] AS x, link[1] AS r, link[2] AS partner
RETURN x.id AS entityId, x.nameZh AS entity,
       head([l IN labels(x) WHERE NOT l IN ['Entity', 'Organization', 'Platform', 'Laboratory']]) AS class,
       type(r) AS relation, partner.id AS partnerId, partner.nameZh AS partner,
       head([l IN labels(partner) WHERE NOT l IN ['Entity', 'Organization', 'Place', 'Region', 'InnovationZone', 'Platform', 'Laboratory']]) AS partnerClass,
       {kind: r.provenanceKind, source: r.source, quote: r.quote, note: r.note} AS provenance, total
ORDER BY entityId, relation, partnerId, provenance.source
