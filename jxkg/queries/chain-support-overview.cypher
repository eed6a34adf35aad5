// name: chain-support-overview
// order: 5
// tags: [industry-chain, overview]
// title:
//   zh: 产业链支撑力量一览
//   en: How much support each industry chain has, by kind of supporter
// description: >-
//   One row per industry chain: how many distinct science cities, platforms (of which
//   laboratories and national-level ones), organisations, consortia, programmes and other
//   innovation zones focus on it or support it (FOCUSES_ON or SUPPORTS_CHAIN). National-level means
//   `level = 'national'` or a national class (NationalKeyLaboratory, NationalLaboratory). The
//   best-supported chains come first (most supporters, then by id).
// parameters:
//   chain:
//     type: string
//     entityClass: IndustryChain
//     description: one industry chain by id or Chinese name; empty for all
//     default: null
//   minimumSupport:
//     type: integer
//     description: keep only the chains with at least this many supporters of any kind
//     default: 0
//     minimum: 0
// example:
//   minimumSupport: 1
// columns:
//   chainId: {type: string, description: the industry chain's id}
//   chain: {type: string, description: its Chinese name}
//   scienceCities: {type: integer, description: distinct science cities that focus on it or support it}
//   platforms: {type: integer, description: distinct platforms}
//   laboratories: {type: integer, description: distinct laboratories (platforms too)}
//   nationalPlatforms: {type: integer, description: distinct national-level platforms and organisations}
//   organisations: {type: integer, description: distinct organisations}
//   consortia: {type: integer, description: distinct innovation consortia}
//   programmes: {type: integer, description: distinct programmes}
//   otherZones: {type: integer, description: distinct innovation zones other than science cities}
//   supporters: {type: integer, description: distinct supporters of any kind}
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
