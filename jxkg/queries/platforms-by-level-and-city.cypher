// name: platforms-by-level-and-city
// order: 7
// tags: [platform, region]
// title:
//   zh: 按级别和所在城市列出创新平台
//   en: Innovation platforms by level and city
// description:
//   zh: >-
//     全部创新平台（实验室、创新中心、重大科技基础设施、技术市场等），各附类别、
//     级别及级别依据（`stated` 为图谱中的 `level` 所载，
//     `implied by class` 为国家级、省级实验室由类别推定）、建设阶段、
//     所在设区市（自身所在地或其依托单位所在地，经由县（区）和新区上溯；不明时为空）以及它支撑的产业链。国家级在前，
//     然后是省级、市级和级别不明的；再按类别和 id 排列。`total` 是符合条件的平台总数，
//     答案从第 `offset` 个起最多包含 `limit` 个（加大 offset 再查询可取其余）。
//   en: >-
//     Every innovation platform (laboratories, innovation centres, major S&T infrastructure, technology
//     markets...) with its class, its level and where that level comes from (`stated` by the graph's
//     `level`, or `implied by class` for national and provincial laboratories), its stage, the
//     prefecture-level cities it sits in (its own place or its host's, through counties and new areas;
//     empty when unknown) and the chains it supports. National first, then provincial, municipal and
//     unknown; then by class and id. `total` is how many platforms answer the question, and the answer
//     holds at most `limit` of them from `offset` on (ask again with a larger offset for the rest).
// parameters:
//   level:
//     type: string
//     description:
//       zh: national（国家级）、provincial（省级）或 municipal（市级）；留空为全部
//       en: national (国家级), provincial (省级) or municipal (市级); empty for all
//     default: null
//     allowed: [national, provincial, municipal]
//   city:
//     type: string
//     entityClass: PrefectureCity
//     description:
//       zh: 一个设区市，按 GB/T 2260 代码或中文名（如 360100 或 南昌市）；留空为全部
//       en: a prefecture-level city by GB/T 2260 code or Chinese name (e.g. 360100 or 南昌市); empty for all
//     default: null
//   platformClass:
//     type: string
//     description:
//       zh: 一种平台类别；留空为全部
//       en: one class of platform; empty for all
//     default: null
//     allowed: [AcademicianWorkstation, EngineeringResearchCenter, Incubator, InnovationCenter,
//       InternationalCooperationBase, Laboratory, InternationalJointLaboratory, NationalKeyLaboratory,
//       NationalLaboratory, ProvincialKeyLaboratory, ProvincialLaboratory, MakerSpace, PostdoctoralStation,
//       ResearchConditionPlatform, ScienceInfrastructure, TechTransferAgency]
//   limit:
//     type: integer
//     description:
//       zh: 最多列出这么多平台（total 给出总数）
//       en: at most this many platforms (total says how many there are)
//     default: 100
//     minimum: 1
//     maximum: 10000
//   offset:
//     type: integer
//     description:
//       zh: 跳过前这么多个平台（按列出顺序），用于翻页
//       en: skip this many platforms (in their listed order), to page through the rest
//     default: 0
//     minimum: 0
// example:
//   level: national
// columns:
//   level: {type: string, label: {zh: 级别, en: level}, allowed: [municipal, national, provincial], nullable: true, description: 'national, provincial, municipal; null when unknown'}
//   levelFrom: {type: string, label: {zh: 级别依据, en: level from}, allowed: [stated, implied by class], nullable: true, description: stated or implied by class; null when the level is unknown}
//   class: {type: string, label: {zh: 平台类别, en: class}, nullable: true, description: the platform's most specific class}
//   platformId: {type: string, label: {zh: 平台编号, en: platform id}, description: the platform's id}
//   platform: {type: string, label: {zh: 平台, en: platform}, description: its Chinese name}
//   stage: {type: string, label: {zh: 阶段, en: stage}, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: its stage}
//   cities: {type: list, label: {zh: 所在设区市, en: cities}, items: string, description: the prefecture-level cities it sits in; empty when unknown}
//   chains: {type: list, label: {zh: 产业链, en: industry chains}, items: string, description: the industry chains it supports}
//   total: {type: integer, label: {zh: 总数, en: total}, description: how many platforms answer the question (all pages)}
MATCH (p:Platform)
WHERE $platformClass IS NULL OR $platformClass IN labels(p)
WITH p, coalesce(p.level, CASE
       WHEN p:NationalKeyLaboratory OR p:NationalLaboratory THEN 'national'
       WHEN p:ProvincialKeyLaboratory OR p:ProvincialLaboratory THEN 'provincial' END) AS level
// the level is on the platform: filter on it before walking to the cities
WHERE $level IS NULL OR level = $level
// its own place and its host's as two fixed walks (cheaper than HOSTED_BY*0..1 per platform)
OPTIONAL MATCH (p)-[:LOCATED_IN]->(own:Place)
OPTIONAL MATCH (p)-[:HOSTED_BY]->(:Entity)-[:LOCATED_IN]->(viaHost:Place)
WITH p, level, collect(DISTINCT own) + collect(DISTINCT viaHost) AS places
UNWIND (CASE WHEN size(places) = 0 THEN [null] ELSE places END) AS place
OPTIONAL MATCH (place)-[:PART_OF|LOCATED_IN*0..2]->(seat:PrefectureCity)
WITH p, level, seat
ORDER BY seat.id
WITH p, level, collect(DISTINCT seat.id) AS cityIds, collect(DISTINCT seat.nameZh) AS cities
WHERE $city IS NULL OR $city IN cityIds OR $city IN cities
WITH p, cities, level, CASE level WHEN 'national' THEN 1 WHEN 'provincial' THEN 2 WHEN 'municipal' THEN 3 ELSE 4 END AS rank,
     head([l IN labels(p) WHERE NOT l IN ['Entity', 'Platform', 'Laboratory']]) AS class
ORDER BY rank, class, p.id
// every platform counted; only the page asked for is described further and sent
WITH collect({p: p, cities: cities, level: level, rank: rank, class: class}) AS platforms
WITH size(platforms) AS total, platforms[$offset..$offset + $limit] AS page
UNWIND page AS item
WITH total, item.p AS p, item.cities AS cities, item.level AS level, item.rank AS rank, item.class AS class
OPTIONAL MATCH (p)-[:SUPPORTS_CHAIN|FOCUSES_ON]->(chain:IndustryChain)
WITH total, p, cities, level, rank, class, chain
ORDER BY chain.id
WITH total, p, cities, level, rank, class, collect(DISTINCT chain.nameZh) AS chains
RETURN level,
       CASE WHEN p.level IS NOT NULL THEN 'stated' WHEN level IS NOT NULL THEN 'implied by class' END AS levelFrom,
       class, p.id AS platformId, p.nameZh AS platform, p.stage AS stage, cities, chains, total
ORDER BY rank, class, platformId
