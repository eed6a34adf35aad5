// name: city-innovation-profile
// order: 17
// tags: [region, science-city, overview]
// title:
//   zh: 设区市创新资源概览
//   en: A prefecture-level city's innovation profile
// description:
//   zh: >-
//     江西省每个设区市：它的科创城及其产业链、位于其中的其他创新区域、
//     坐落其中的平台和机构（自身所在地或其依托单位所在地，经由县（区）和新区上溯），以及它和下属县（区）
//     已获或争创的称号（附阶段）。各列表按 id 排列。在全省规模下一个设区市有数千个平台和机构：
//     `platformsAndOrganisationsCount` 给出总数，
//     `platformsAndOrganisations` 从第 `actorOffset` 个起最多列出
//     `actorLimit` 个（加大 offset 再查询可取其余）。
//   en: >-
//     For each of Jiangxi's prefecture-level cities: its 科创城 (science cities) and their chains, the
//     other innovation zones located in it, the platforms and organisations that sit in it (their own
//     place or their host's, through counties and new areas), and the designations it and its
//     counties hold or seek (with the stage). Lists are ordered by id. A city holds thousands of
//     platforms and organisations at province scale: `platformsAndOrganisationsCount` is how many,
//     and `platformsAndOrganisations` lists at most `actorLimit` of them from `actorOffset` on (ask
//     again with a larger offset for the rest).
// parameters:
//   city:
//     type: string
//     entityClass: PrefectureCity
//     description:
//       zh: 一个设区市，按 GB/T 2260 代码或中文名（如 360700 或 赣州市）；留空为全部
//       en: one prefecture-level city by GB/T 2260 code or Chinese name (e.g. 360700 or 赣州市); empty for all
//     default: null
//   actorLimit:
//     type: integer
//     description:
//       zh: 每个设区市最多列出这么多平台和机构（platformsAndOrganisationsCount 给出总数）
//       en: at most this many platforms and organisations listed per city (platformsAndOrganisationsCount says how many there are)
//     default: 50
//     minimum: 0
//     maximum: 10000
//   actorOffset:
//     type: integer
//     description:
//       zh: 跳过一个设区市的前这么多个平台和机构（按 id），用于翻页
//       en: skip this many of a city's platforms and organisations (by id), to page through the rest
//     default: 0
//     minimum: 0
// example:
//   city: 南昌市
// columns:
//   cityId: {type: string, label: {zh: 设区市代码, en: city code}, description: the prefecture-level city's code}
//   city: {type: string, label: {zh: 设区市, en: city}, description: its Chinese name}
//   scienceCities:
//     label: {zh: 科创城, en: science cities}
//     type: list
//     description: its science cities, by id
//     items:
//       type: map
//       fields:
//         id: {type: string, description: the science city's id}
//         nameZh: {type: string, description: its Chinese name}
//         stage: {type: string, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: built or planned}
//         chains: {type: list, items: string, description: the industry chains it focuses on}
//   otherZones: {type: list, label: {zh: 其他创新区域, en: other zones}, items: string, description: the other innovation zones located in it}
//   platformsAndOrganisations:
//     label: {zh: 平台与机构, en: platforms and organisations}
//     type: list
//     description: 'the platforms and organisations that sit in it, by id: `actorLimit` of them from `actorOffset` on'
//     items:
//       type: map
//       fields:
//         id: {type: string, description: the platform's or organisation's id}
//         nameZh: {type: string, description: its Chinese name}
//         class: {type: string, nullable: true, description: its most specific class}
//   platformsAndOrganisationsCount: {type: integer, label: {zh: 平台与机构数, en: platforms and organisations count}, description: how many platforms and organisations sit in it}
//   designations:
//     label: {zh: 称号, en: designations}
//     type: list
//     description: the designations it and its counties hold or seek
//     items:
//       type: map
//       fields:
//         designation: {type: string, description: the designation's Chinese name}
//         holder: {type: string, description: the city or county holding it}
//         stage: {type: string, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: 'approved, candidate or pilot'}
//         provenance: {type: provenance, description: the claim's source and quote}
OPTIONAL MATCH (inner:Place)-[:PART_OF|LOCATED_IN]->(outer:Place)
WITH collect([inner, outer]) AS placeLinks
MATCH (city:PrefectureCity)
WHERE $city IS NULL OR city.id = $city OR city.nameZh = $city
// the city's places first, from the few places' own links (walking PART_OF|LOCATED_IN back from the
// city reaches every entity located in it, people included), then what sits in them; only the city
// is carried through the thousands of rows (grouping on lists costs)
WITH city, placeLinks, [link IN placeLinks WHERE link[1] = city | link[0]] AS near
WITH city, [city] + near + [link IN placeLinks WHERE link[1] IN near | link[0]] AS places
UNWIND places AS place
WITH DISTINCT city, place
// one traversal per class from the place, each filtered by its label inside the traverse (in a
// pattern comprehension FalkorDB starts from a label scan of the class instead)
CALL {
  WITH place
  MATCH (actor:Organization)-[:LOCATED_IN]->(place)
  RETURN actor
  UNION ALL
  WITH place
  MATCH (actor:Platform)-[:LOCATED_IN]->(place)
  RETURN actor
  UNION ALL
  WITH place
  MATCH (actor)-[:HOSTED_BY]->(:Entity)-[:LOCATED_IN]->(place)
  WHERE actor:Platform OR actor:Organization
  RETURN actor
  UNION ALL
  WITH place
  RETURN null AS actor  // keeps a city with no actor, with an empty list
}
WITH DISTINCT city, actor
ORDER BY actor.id
WITH city, collect(actor) AS allActors
// every actor counted; only the page asked for is described
WITH city, size(allActors) AS actorCount, allActors[$actorOffset..$actorOffset + $actorLimit] AS page
UNWIND (CASE WHEN size(page) = 0 THEN [null] ELSE page END) AS actor
WITH city, actorCount, collect(CASE WHEN actor IS NULL THEN NULL ELSE {
       id: actor.id,
       nameZh: actor.nameZh,
       class: head([l IN labels(actor) WHERE NOT l IN ['Entity', 'Organization', 'Platform', 'Laboratory']])
     } END) AS actors
// from the ten science cities and the few zones, not back from the city through all it holds
OPTIONAL MATCH (sc:ScienceCity)
WHERE (sc)-[:LOCATED_IN]->(city)
OPTIONAL MATCH (sc)-[:FOCUSES_ON|SUPPORTS_CHAIN]->(chain:IndustryChain)
WITH city, actorCount, actors, sc, chain
ORDER BY chain.id
WITH city, actorCount, actors, sc, collect(DISTINCT chain.nameZh) AS chains
ORDER BY sc.id
WITH city, actorCount, actors,
     collect(CASE WHEN sc IS NULL THEN NULL ELSE {id: sc.id, nameZh: sc.nameZh, stage: sc.stage, chains: chains} END) AS scienceCities
OPTIONAL MATCH (zone:InnovationZone)
WHERE NOT zone:ScienceCity AND (zone)-[:LOCATED_IN]->(city)
WITH city, actorCount, actors, scienceCities, zone
ORDER BY zone.id
WITH city, actorCount, actors, scienceCities, collect(DISTINCT zone.nameZh) AS otherZones
OPTIONAL MATCH (holder:Region)-[d:DESIGNATED_AS]->(designation:Programme)
WHERE holder.id = city.id OR (holder)-[:PART_OF]->(city)
WITH city, scienceCities, otherZones, actorCount, actors, holder, d, designation
ORDER BY designation.id, holder.id, d.stage, d.source
WITH city, scienceCities, otherZones, actorCount, actors, collect(CASE WHEN d IS NULL THEN NULL ELSE {
       designation: designation.nameZh, holder: holder.nameZh, stage: d.stage,
       provenance: {kind: d.provenanceKind, source: d.source, quote: d.quote, note: d.note}
     } END) AS designations
RETURN city.id AS cityId, city.nameZh AS city, scienceCities, otherZones,
       actors AS platformsAndOrganisations, actorCount AS platformsAndOrganisationsCount, designations
ORDER BY cityId
