// name: best-connected-organisations
// order: 25
// tags: [organisation, network, explore]
// title:
//   zh: 关联最多的机构
//   en: The best-connected organisations (by degree)
// description:
//   zh: >-
//     按关联度排列的机构（高校、科研院所、企业、科学院、政府部门等）：它参与的关系数（方向不限），
//     不计来源关系（MENTIONED_IN、DERIVED_FROM），
//     这些单独计为 `mentions`（关联度是每次写入后导入程序保存在每个实体上的值；
//     `jxkg audit` 会核对）。每个机构附按关系类型分的关联度。并列时按 id 排列。
//     选择 `includePlatforms` 时，平台和创新联合体也参与排名。
//   en: >-
//     Organisations (universities, institutes, enterprises, academies, government bodies...) ranked by
//     their degree: the number of relationships they take part in, in either direction, leaving out
//     the provenance links (MENTIONED_IN, DERIVED_FROM), which are counted apart as `mentions` (the
//     degree is the one ingest keeps on each entity after every write; `jxkg audit` checks it). Each
//     with its degree by relationship type. Ties are broken by id. With `includePlatforms`, platforms
//     and consortia are ranked too.
// parameters:
//   includePlatforms:
//     type: boolean
//     description:
//       zh: 平台（实验室、中心等）和创新联合体也参与排名
//       en: rank platforms (labs, centres...) and innovation consortia as well
//     default: false
//   limit:
//     type: integer
//     description:
//       zh: 列出多少个
//       en: how many to list
//     default: 10
//     minimum: 1
//     maximum: 1000
// example:
//   includePlatforms: true
//   limit: 10
// columns:
//   organisationId: {type: string, label: {zh: 机构编号, en: organisation id}, description: the organisation's id}
//   organisation: {type: string, label: {zh: 机构, en: organisation}, description: its Chinese name}
//   class: {type: string, label: {zh: 类别, en: class}, nullable: true, description: its most specific class}
//   degree: {type: integer, label: {zh: 关联数, en: degree}, nullable: true, description: 'the relationships it takes part in, provenance links left out'}
//   byType:
//     label: {zh: 按关系类型, en: by relationship type}
//     type: list
//     description: its degree by relationship type
//     items:
//       type: map
//       fields:
//         type: {type: string, description: the relationship type}
//         count: {type: integer, description: how many relationships of that type}
//   mentions: {type: integer, label: {zh: 提及次数, en: mentions}, description: the passages that mention it}
CALL {
  // one label scan per class (an `o:A OR o:B` filter scans every entity: 216 ms against 8 at scale 1),
  // ranked by the degree ingest keeps on each entity (`degree`: neither engine keeps one, and counting
  // every organisation's relationships took 2 s at scale 1)
  MATCH (o:Organization)
  RETURN o
  UNION ALL
  UNWIND CASE WHEN $includePlatforms THEN [true] ELSE [] END AS platformsToo
  MATCH (o:Platform)
  WHERE NOT o:Organization
  RETURN o
  UNION ALL
  UNWIND CASE WHEN $includePlatforms THEN [true] ELSE [] END AS consortiaToo
  MATCH (o:InnovationConsortium)
  WHERE NOT o:Organization AND NOT o:Platform
  RETURN o
}
WITH o, o.degree AS degree
ORDER BY degree DESC, o.id
LIMIT $limit
// the breakdown by type from the kept neighbour counts (`TYPE|direction|Class|count` texts)
UNWIND CASE WHEN size(coalesce(o.neighbourCounts, [])) = 0 THEN [null] ELSE o.neighbourCounts END AS entry
WITH o, degree, split(entry, '|') AS field
WITH o, degree, CASE WHEN field[0] IN ['MENTIONED_IN', 'DERIVED_FROM'] THEN null ELSE field[0] END AS relationshipType,
     CASE WHEN field[0] = 'MENTIONED_IN' AND field[1] = 'out' AND field[2] = 'Passage' THEN toInteger(field[3]) ELSE 0 END AS mentioned,
     toInteger(field[3]) AS n
WITH o, degree, relationshipType, collect(n) AS ns, collect(mentioned) AS ms
WITH o, degree, relationshipType, reduce(s = 0, x IN ns | s + x) AS n, reduce(s = 0, x IN ms | s + x) AS mentioned
ORDER BY relationshipType
WITH o, degree, collect(CASE WHEN relationshipType IS NULL THEN NULL ELSE {type: relationshipType, count: n} END) AS byType,
     collect(mentioned) AS mentionedByType
WITH o, degree, byType, reduce(s = 0, x IN mentionedByType | s + x) AS mentions
RETURN o.id AS organisationId, o.nameZh AS organisation,
       head([l IN labels(o) WHERE NOT l IN ['Entity', 'Organization', 'Platform', 'Laboratory']]) AS class,
       degree, byType, mentions
ORDER BY degree DESC, organisationId
