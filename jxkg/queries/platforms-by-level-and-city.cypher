// name: platforms-by-level-and-city
// order: 7
// tags: [platform, region]
// title:
//   zh: 按级别和所在城市列出创新平台
//   en: Innovation platforms by level and city
// description: >-
//   Every innovation platform (laboratories, innovation centres, major S&T infrastructure, technology
//   markets...) with its class, its level and where that level comes from (`stated` by the graph's
//   `level`, or `implied by class` for national and provincial laboratories), its stage, the
//   prefecture-level cities it sits in (its own place or its host's, through counties and new areas;
//   empty when unknown) and the chains it supports. National first, then provincial, municipal and
//   unknown; then by class and id.
// parameters:
//   level:
//     type: string
//     description: national (国家级), provincial (省级) or municipal (市级); empty for all
//     default: null
//     allowed: [national, provincial, municipal]
//   city:
//     type: string
//     entityClass: PrefectureCity
//     description: a prefecture-level city by GB/T 2260 code or Chinese name (e.g. 360100 or 南昌市); empty for all
//     default: null
//   platformClass:
//     type: string
//     description: one class of platform; empty for all
//     default: null
//     allowed: [AcademicianWorkstation, EngineeringResearchCenter, Incubator, InnovationCenter,
//       InternationalCooperationBase, Laboratory, InternationalJointLaboratory, NationalKeyLaboratory,
//       NationalLaboratory, ProvincialKeyLaboratory, ProvincialLaboratory, MakerSpace, PostdoctoralStation,
//       ResearchConditionPlatform, ScienceInfrastructure, TechTransferAgency]
// example:
//   level: national
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
OPTIONAL MATCH (p)-[:SUPPORTS_CHAIN|FOCUSES_ON]->(chain:IndustryChain)
WITH p, cities, level, chain
ORDER BY chain.id
WITH p, cities, level, collect(DISTINCT chain.nameZh) AS chains,
     CASE level WHEN 'national' THEN 1 WHEN 'provincial' THEN 2 WHEN 'municipal' THEN 3 ELSE 4 END AS rank
RETURN level,
       CASE WHEN p.level IS NOT NULL THEN 'stated' WHEN level IS NOT NULL THEN 'implied by class' END AS levelFrom,
       head([l IN labels(p) WHERE NOT l IN ['Entity', 'Platform', 'Laboratory']]) AS class,
       p.id AS platformId, p.nameZh AS platform, p.stage AS stage, cities, chains
ORDER BY rank, class, platformId
