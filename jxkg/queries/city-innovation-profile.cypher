// name: city-innovation-profile
// order: 17
// tags: [region, science-city, overview]
// title:
//   zh: 设区市创新资源概览
//   en: A prefecture-level city's innovation profile
// description: >-
//   For each of Jiangxi's prefecture-level cities: its 科创城 (science cities) and their chains, the
//   other innovation zones located in it, the platforms and organisations that sit in it (their own
//   place or their host's, through counties and new areas), and the designations it and its
//   counties hold or seek (with the stage). Lists are ordered by id.
// parameters:
//   city:
//     type: string
//     entityClass: PrefectureCity
//     description: one prefecture-level city by GB/T 2260 code or Chinese name (e.g. 360700 or 赣州市); empty for all
//     default: null
// example:
//   city: 南昌市
MATCH (city:PrefectureCity)
WHERE $city IS NULL OR city.id = $city OR city.nameZh = $city
OPTIONAL MATCH (sc:ScienceCity)-[:LOCATED_IN]->(city)
OPTIONAL MATCH (sc)-[:FOCUSES_ON|SUPPORTS_CHAIN]->(chain:IndustryChain)
WITH city, sc, chain
ORDER BY chain.id
WITH city, sc, collect(DISTINCT chain.nameZh) AS chains
ORDER BY sc.id
WITH city, collect(CASE WHEN sc IS NULL THEN NULL ELSE {id: sc.id, nameZh: sc.nameZh, stage: sc.stage, chains: chains} END) AS scienceCities
OPTIONAL MATCH (zone:InnovationZone)-[:LOCATED_IN]->(city)
WHERE NOT zone:ScienceCity
WITH city, scienceCities, zone
ORDER BY zone.id
WITH city, scienceCities, collect(DISTINCT zone.nameZh) AS otherZones
OPTIONAL MATCH (actor)-[:HOSTED_BY*0..1]->(:Entity)-[:LOCATED_IN]->(:Place)-[:PART_OF|LOCATED_IN*0..2]->(city)
WHERE actor:Platform OR actor:Organization
WITH city, scienceCities, otherZones, actor
ORDER BY actor.id
WITH city, scienceCities, otherZones, collect(DISTINCT CASE WHEN actor IS NULL THEN NULL ELSE {
       id: actor.id,
       nameZh: actor.nameZh,
       class: head([l IN labels(actor) WHERE NOT l IN ['Entity', 'Organization', 'Platform', 'Laboratory']])
     } END) AS actors
OPTIONAL MATCH (holder:Region)-[d:DESIGNATED_AS]->(designation:Programme)
WHERE holder.id = city.id OR (holder)-[:PART_OF]->(city)
WITH city, scienceCities, otherZones, actors, holder, d, designation
ORDER BY designation.id, holder.id, d.stage, d.source
WITH city, scienceCities, otherZones, actors, collect(CASE WHEN d IS NULL THEN NULL ELSE {
       designation: designation.nameZh, holder: holder.nameZh, stage: d.stage, source: d.source
     } END) AS designations
RETURN city.id AS cityId, city.nameZh AS city, scienceCities, otherZones,
       actors AS platformsAndOrganisations, designations
ORDER BY cityId
