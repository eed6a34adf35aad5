// name: science-cities-by-stage
// order: 6
// tags: [science-city, region]
// title:
//   zh: 按建设阶段列出科创城
//   en: Science cities by stage (built or planned), with their cities and chains
// description: >-
//   The ten 科创城 (science cities) of 一核十城多链: the six already built and the four planned
//   (`stage`), each with the prefecture-level cities it lies in (by code), the industry chains it
//   focuses on (by id) and the passage of the plan that names it.
// parameters:
//   stage:
//     type: string
//     description: built (已建) or planned (规划建设); empty for all
//     default: null
//     allowed: [built, planned, launched]
// example:
//   stage: planned
// columns:
//   stage: {type: string, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: built or planned}
//   scienceCityId: {type: string, description: the science city's id}
//   scienceCity: {type: string, description: its Chinese name}
//   nameEn: {type: string, nullable: true, description: 'its English name, when known'}
//   cities: {type: list, items: string, description: the prefecture-level cities it lies in}
//   chains: {type: list, items: string, description: the industry chains it focuses on}
//   provenance: {type: provenance, description: the passage of the plan that names it}
MATCH (sc:ScienceCity)
WHERE $stage IS NULL OR sc.stage = $stage
OPTIONAL MATCH (sc)-[:LOCATED_IN]->(home:PrefectureCity)
WITH sc, home
ORDER BY home.id
WITH sc, collect(DISTINCT home.nameZh) AS cities
OPTIONAL MATCH (sc)-[:FOCUSES_ON|SUPPORTS_CHAIN]->(chain:IndustryChain)
WITH sc, cities, chain
ORDER BY chain.id
WITH sc, cities, collect(DISTINCT chain.nameZh) AS chains
RETURN sc.stage AS stage, sc.id AS scienceCityId, sc.nameZh AS scienceCity, sc.nameEn AS nameEn,
       cities, chains, {kind: sc.provenanceKind, source: sc.source, quote: sc.quote, note: sc.note} AS provenance
ORDER BY stage, scienceCityId
