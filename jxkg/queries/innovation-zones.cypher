// name: innovation-zones
// order: 18
// tags: [innovation-zone, region]
// title:
//   zh: 创新区域及其层级关系
//   en: Innovation zones, what they are part of and where they lie
// description:
//   zh: >-
//     全部创新区域（国家自主创新示范区、高新区、农业科技园区、创新走廊、科学岛、合作示范区、科创城），各附类别、级别、
//     建设阶段、所在地（LOCATED_IN）、所属的上级区域和下属区域（PART_OF）、聚焦的产业链，
//     以及来源文件给出的数量（如鄱阳湖自创区的七个国家高新区）。
//   en: >-
//     Every innovation zone (national independent innovation demonstration zone, high-tech zones,
//     agricultural zones and parks, innovation corridors, science island, cooperation demonstration
//     zones, 科创城) with its class, level, stage, the places it lies in (LOCATED_IN), the larger zones
//     it is part of and the zones that are part of it (PART_OF), the chains it focuses on, and the
//     count a source gives (e.g. the seven national high-tech zones of 鄱阳湖自创区).
// parameters:
//   zoneClass:
//     type: string
//     description:
//       zh: 一种创新区域类别；留空为全部
//       en: one class of zone; empty for all
//     default: null
//     allowed: [AgriculturalHighTechZone, AgriculturalSciencePark, CooperationDemonstrationZone, HighTechZone,
//       IndependentInnovationDemonstrationZone, InnovationCorridor, ScienceCity, ScienceIsland]
// example:
//   zoneClass: HighTechZone
// columns:
//   zoneClass: {type: string, label: {zh: 区域类别, en: zone class}, nullable: true, description: the zone's most specific class}
//   zoneId: {type: string, label: {zh: 区域编号, en: zone id}, description: its id}
//   zone: {type: string, label: {zh: 创新区域, en: zone}, description: its Chinese name}
//   level: {type: string, label: {zh: 级别, en: level}, allowed: [municipal, national, provincial], nullable: true, description: its level}
//   stage: {type: string, label: {zh: 阶段, en: stage}, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: its stage}
//   count: {type: integer, label: {zh: 来源所述数量, en: stated count}, nullable: true, description: the count a source gives}
//   locatedIn: {type: list, label: {zh: 所在地, en: located in}, items: string, description: the places it lies in}
//   partOf: {type: list, label: {zh: 所属上级区域, en: part of}, items: string, description: the larger zones it is part of}
//   parts: {type: list, label: {zh: 下属区域, en: parts}, items: string, description: the zones that are part of it}
//   chains: {type: list, label: {zh: 产业链, en: industry chains}, items: string, description: the industry chains it focuses on}
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
