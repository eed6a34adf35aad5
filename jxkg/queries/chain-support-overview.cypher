// name: chain-support-overview
// order: 5
// tags: [industry-chain, overview]
// title:
//   zh: 产业链支撑力量一览
//   en: How much support each industry chain has, by kind of supporter
// description:
//   zh: >-
//     每条产业链一行：聚焦或支撑它（FOCUSES_ON 或 SUPPORTS_CHAIN）的科创城、
//     平台（及其中的实验室和国家级平台）、机构、创新联合体、科技计划和其他创新区域各有多少（各自去重计数）。
//     国家级指 `level = 'national'` 或属于国家级类别（NationalKeyLaboratory、NationalLaboratory）
//     。支撑最多的产业链在前（按支撑主体数，再按 id）。
//   en: >-
//     One row per industry chain: how many distinct science cities, platforms (of which
//     laboratories and national-level ones), organisations, consortia, programmes and other
//     innovation zones focus on it or support it (FOCUSES_ON or SUPPORTS_CHAIN). National-level means
//     `level = 'national'` or a national class (NationalKeyLaboratory, NationalLaboratory). The
//     best-supported chains come first (most supporters, then by id).
// parameters:
//   chain:
//     type: string
//     entityClass: IndustryChain
//     description:
//       zh: 一条产业链，按 id 或中文名；留空为全部
//       en: one industry chain by id or Chinese name; empty for all
//     default: null
//   minimumSupport:
//     type: integer
//     description:
//       zh: 只保留各类支撑主体合计至少这么多的产业链
//       en: keep only the chains with at least this many supporters of any kind
//     default: 0
//     minimum: 0
// example:
//   minimumSupport: 1
// columns:
//   chainId: {type: string, label: {zh: 产业链编号, en: chain id}, description: the industry chain's id}
//   chain: {type: string, label: {zh: 产业链, en: industry chain}, description: its Chinese name}
//   scienceCities: {type: integer, label: {zh: 科创城数, en: science cities}, description: distinct science cities that focus on it or support it}
//   platforms: {type: integer, label: {zh: 平台数, en: platforms}, description: distinct platforms}
//   laboratories: {type: integer, label: {zh: 实验室数, en: laboratories}, description: distinct laboratories (platforms too)}
//   nationalPlatforms: {type: integer, label: {zh: 国家级平台与机构数, en: national-level}, description: distinct national-level platforms and organisations}
//   organisations: {type: integer, label: {zh: 机构数, en: organisations}, description: distinct organisations}
//   consortia: {type: integer, label: {zh: 联合体数, en: consortia}, description: distinct innovation consortia}
//   programmes: {type: integer, label: {zh: 科技计划数, en: programmes}, description: distinct programmes}
//   otherZones: {type: integer, label: {zh: 其他创新区域数, en: other zones}, description: distinct innovation zones other than science cities}
//   supporters: {type: integer, label: {zh: 支撑主体总数, en: supporters}, description: distinct supporters of any kind}
MATCH (chain:IndustryChain)
WHERE $chain IS NULL OR chain.id = $chain OR chain.nameZh = $chain
OPTIONAL MATCH (x)-[:FOCUSES_ON|SUPPORTS_CHAIN]->(chain)
WITH chain, collect(DISTINCT x) AS xs
WHERE size(xs) >= $minimumSupport
RETURN chain.id AS chainId, chain.nameZh AS chain,
       size([x IN xs WHERE x:ScienceCity]) AS scienceCities,
       size([x IN xs WHERE x:Platform]) AS platforms,
       size([x IN xs WHERE x:Laboratory]) AS laboratories,
       size([x IN xs WHERE (x:Platform OR x:Organization)
             AND (x.level = 'national' OR x:NationalKeyLaboratory OR x:NationalLaboratory)]) AS nationalPlatforms,
       size([x IN xs WHERE x:Organization]) AS organisations,
       size([x IN xs WHERE x:InnovationConsortium]) AS consortia,
       size([x IN xs WHERE x:Programme]) AS programmes,
       size([x IN xs WHERE x:InnovationZone AND NOT x:ScienceCity]) AS otherZones,
       size(xs) AS supporters
ORDER BY supporters DESC, chainId
