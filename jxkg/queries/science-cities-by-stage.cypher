// name: science-cities-by-stage
// order: 6
// tags: [science-city, region]
// title:
//   zh: 按建设阶段列出科创城
//   en: Science cities by stage (built or planned), with their cities and chains
// description:
//   zh: >-
//     “一核十城多链”中的十个科创城：已建成的六个和规划建设的四个（`stage`），各附所在的设区市（按代码）、
//     聚焦的产业链（按 id）以及规划中提到它的原文段落。
//   en: >-
//     The ten 科创城 (science cities) of 一核十城多链: the six already built and the four planned
//     (`stage`), each with the prefecture-level cities it lies in (by code), the industry chains it
//     focuses on (by id) and the passage of the plan that names it.
// parameters:
//   stage:
//     type: string
//     description:
//       zh: built（已建）或 planned（规划建设）；留空为全部
//       en: built (已建) or planned (规划建设); empty for all
//     default: null
//     allowed: [built, planned, launched]
// example:
//   stage: planned
// columns:
//   stage: {type: string, label: {zh: 阶段, en: stage}, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: built or planned}
//   scienceCityId: {type: string, label: {zh: 科创城编号, en: science city id}, description: the science city's id}
//   scienceCity: {type: string, label: {zh: 科创城, en: science city}, description: its Chinese name}
//   nameEn: {type: string, label: {zh: 英文名, en: English name}, nullable: true, description: 'its English name, when known'}
//   cities: {type: list, label: {zh: 所在设区市, en: cities}, items: string, description: the prefecture-level cities it lies in}
//   chains: {type: list, label: {zh: 产业链, en: industry chains}, items: string, description: the industry chains it focuses on}
//   provenance: {type: provenance, label: {zh: 原文出处, en: source passage}, description: the passage of the plan that names it}
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
