// name: innovation-zones
// order: 18
// tags: [innovation-zone, region]
// title:
//   zh: 创新区域及其层级关系
//   en: Innovation zones, what they are part of and where they lie
// description: >-
//   Every innovation zone (national independent innovation demonstration zone, high-tech zones,
//   agricultural zones and parks, innovation corridors, science island, cooperation demonstration
//   zones, 科创城) with its class, level, stage, the places it lies in (LOCATED_IN), the larger zones
//   it is part of and the zones that are part of it (PART_OF), the chains it focuses on, and the
//   count a source gives (e.g. the seven national high-tech zones of 鄱阳湖自创区).
// parameters:
//   zoneClass:
//     type: string
//     description: one class of zone; empty for all
//     default: null
//     allowed: [AgriculturalHighTechZone, AgriculturalSciencePark, CooperationDemonstrationZone, HighTechZone,
//       IndependentInnovationDemonstrationZone, InnovationCorridor, ScienceCity, ScienceIsland]
// example:
//   zoneClass: HighTechZone
// columns:
//   zoneClass: {type: string, nullable: true, description: the zone's most specific class}
//   zoneId: {type: string, description: its id}
//   zone: {type: string, description: its Chinese name}
//   level: {type: string, allowed: [municipal, national, provincial], nullable: true, description: its level}
//   stage: {type: string, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: its stage}
//   count: {type: integer, nullable: true, description: the count a source gives}
//   locatedIn: {type: list, items: string, description: the places it lies in}
//   partOf: {type: list, items: string, description: the larger zones it is part of}
//   parts: {type: list, items: string, description: the zones that are part of it}
//   chains: {type: list, items: string, description: the industry chains it focuses on}
MATCH (z:InnovationZone)
WHERE $zoneClass IS NULL OR $zoneClass IN labels(z)
OPTIONAL MATCH (z)-[:LOCATED_IN]->(place:Place)
WITH z, place
ORDER BY place.id
WITH z, collect(DISTINCT place.nameZh) AS locatedIn
OPTIONAL MATCH (z)-[:PART_OF]->(whole:Place)
WITH z, locatedIn, whole
ORDER BY whole.id
WITH z, locatedIn, collect(DISTINCT whole.nameZh) AS partOf
OPTIONAL MATCH (part:Place)-[:PART_OF]->(z)
WITH z, locatedIn, partOf, part
ORDER BY part.id
WITH z, locatedIn, partOf, collect(DISTINCT part.nameZh) AS parts
OPTIONAL MATCH (z)-[:FOCUSES_ON|SUPPORTS_CHAIN]->(chain:IndustryChain)
WITH z, locatedIn, partOf, parts, chain
ORDER BY chain.id
WITH z, locatedIn, partOf, parts, collect(DISTINCT chain.nameZh) AS chains
RETURN head([l IN labels(z) WHERE NOT l IN ['Entity', 'Place', 'InnovationZone']]) AS zoneClass,
       z.id AS zoneId, z.nameZh AS zone, z.level AS level, z.stage AS stage, z.count AS count,
       locatedIn, partOf, parts, chains
ORDER BY zoneClass, zoneId
