// name: platform-hosts
// order: 9
// tags: [platform, organisation, provenance]
// title:
//   zh: 平台的依托单位与共建方
//   en: Who hosts and who jointly built each platform or institute
// description:
//   zh: >-
//     每个平台或机构的依托单位（HOSTED_BY）以及与之共建的单位（JOINTLY_BUILT_WITH，
//     引进共建：科学院、高校、国家），每条关联附来源：许多依托关系属于常识（`curated`，附说明），
//     并非来源文件所述。关联按实体 id、关系、合作方 id 和来源排列；`total` 是符合条件的关联总数，
//     答案从第 `offset` 条起最多包含 `limit` 条（加大 offset 再查询可取其余）。
//   en: >-
//     Each platform or organisation with its host (HOSTED_BY, 依托单位) and the partners it was jointly
//     built with (JOINTLY_BUILT_WITH, 引进共建: an academy, a university, a country), each link with
//     its provenance: many hosts are general knowledge (`curated`, with a note), not stated by the
//     documents. Links are listed by entity id, relation, partner id and source; `total` is how many
//     links answer the question, and the answer holds at most `limit` of them from `offset` on (ask
//     again with a larger offset for the rest).
// parameters:
//   entity:
//     type: string
//     entityClass: Entity
//     description:
//       zh: 一个平台或机构，按 id 或中文名；留空为全部
//       en: one platform or organisation by id or Chinese name; empty for all
//     default: null
//   relation:
//     type: string
//     description:
//       zh: 只看依托单位（HOSTED_BY）或只看共建方（JOINTLY_BUILT_WITH）；留空为两者
//       en: only hosts (HOSTED_BY) or only joint builders (JOINTLY_BUILT_WITH); empty for both
//     default: null
//     allowed: [HOSTED_BY, JOINTLY_BUILT_WITH]
//   provenanceKind:
//     type: string
//     description:
//       zh: 只看以这种方式得知的关联；留空为全部
//       en: only links known this way; empty for all
//     default: null
//     allowed: [documented, curated, reference, synthetic]
//   limit:
//     type: integer
//     description:
//       zh: 最多列出这么多条关联（total 给出总数）
//       en: at most this many links (total says how many there are)
//     default: 100
//     minimum: 1
//     maximum: 10000
//   offset:
//     type: integer
//     description:
//       zh: 跳过前这么多条关联（按列出顺序），用于翻页
//       en: skip this many links (in their listed order), to page through the rest
//     default: 0
//     minimum: 0
// example:
//   relation: HOSTED_BY
// columns:
//   entityId: {type: string, label: {zh: 实体编号, en: entity id}, description: the platform's or organisation's id}
//   entity: {type: string, label: {zh: 平台或机构, en: platform or organisation}, description: its Chinese name}
//   class: {type: string, label: {zh: 类别, en: class}, nullable: true, description: its most specific class}
//   relation: {type: string, label: {zh: 关系, en: relation}, allowed: [HOSTED_BY, JOINTLY_BUILT_WITH], description: HOSTED_BY or JOINTLY_BUILT_WITH}
//   partnerId: {type: string, label: {zh: 依托单位或共建方编号, en: host or partner id}, description: the host's or partner's id}
//   partner: {type: string, label: {zh: 依托单位或共建方, en: host or partner}, description: its Chinese name}
//   partnerClass: {type: string, label: {zh: 依托单位或共建方类别, en: host or partner class}, nullable: true, description: its most specific class}
//   provenance: {type: provenance, label: {zh: 来源, en: provenance}, description: how the link is known}
//   total: {type: integer, label: {zh: 总数, en: total}, description: how many links answer the question (all pages)}
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
