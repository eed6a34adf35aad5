// name: chain-science-cities
// order: 2
// tags: [science-city, industry-chain, region]
// title:
//   zh: 各产业链落在哪些科创城和设区市
//   en: The science cities and cities each industry chain is served in
// description:
//   zh: >-
//     核心问题的反向视角。对每条产业链：聚焦它的科创城（FOCUSES_ON 或 SUPPORTS_CHAIN），
//     各附建设阶段及所在设区市；这些科创城所在的全部设区市；以及支撑该产业链的平台、
//     机构或创新联合体所在的设区市（自身所在地或其依托单位所在地，经由县（区）和新区上溯）。科创城按 id 排列，
//     设区市按 GB/T 2260 代码排列。
//   en: >-
//     The headline question turned round. For each industry chain: the 科创城 (science cities) that
//     focus on it (FOCUSES_ON or SUPPORTS_CHAIN), each with its stage and the prefecture-level cities
//     it lies in; the cities of all those science cities; and the prefecture-level cities where a
//     platform, organisation or consortium supporting the chain sits (its own place or its host's,
//     through counties and new areas). Science cities are listed by id, cities by GB/T 2260 code.
// parameters:
//   chain:
//     type: string
//     entityClass: IndustryChain
//     description:
//       zh: 一条产业链，按 id 或中文名（如 中医药）；留空为全部
//       en: one industry chain by id or Chinese name (e.g. 中医药); empty for all
//     default: null
//   onlyServed:
//     type: boolean
//     description:
//       zh: 只保留至少有一个科创城聚焦的产业链
//       en: keep only the chains that at least one science city focuses on
//     default: false
// example:
//   chain: 中医药
// columns:
//   chainId: {type: string, label: {zh: 产业链编号, en: chain id}, description: the industry chain's id}
//   chain: {type: string, label: {zh: 产业链, en: industry chain}, description: its Chinese name}
//   scienceCities:
//     label: {zh: 科创城, en: science cities}
//     type: list
//     description: the science cities that focus on it, by id
//     items:
//       type: map
//       fields:
//         id: {type: string, description: the science city's id}
//         nameZh: {type: string, description: its Chinese name}
//         stage: {type: string, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: built or planned}
//         cities: {type: list, items: string, description: 'the prefecture-level cities it lies in, by code'}
//         link: {type: string, allowed: [FOCUSES_ON, SUPPORTS_CHAIN], description: FOCUSES_ON or SUPPORTS_CHAIN}
//         provenance: {type: provenance, description: how its link to the chain is known}
//   cities: {type: list, label: {zh: 科创城所在设区市, en: science cities' cities}, items: string, description: the cities of all those science cities}
//   supporterCities: {type: list, label: {zh: 支撑主体所在设区市, en: supporter cities}, items: string, description: the prefecture-level cities where a supporter of the chain sits}
MATCH (chain:IndustryChain)
WHERE $chain IS NULL OR chain.id = $chain OR chain.nameZh = $chain
OPTIONAL MATCH (sc:ScienceCity)-[focus:FOCUSES_ON|SUPPORTS_CHAIN]->(chain)
OPTIONAL MATCH (sc)-[:LOCATED_IN]->(home:PrefectureCity)
WITH chain, sc, focus, home
ORDER BY home.id
WITH chain, sc, focus, collect(DISTINCT home.nameZh) AS homes
ORDER BY sc.id, type(focus)
WITH chain, collect(CASE WHEN sc IS NULL THEN NULL ELSE {
       id: sc.id, nameZh: sc.nameZh, stage: sc.stage, cities: homes,
       link: type(focus), provenance: {kind: focus.provenanceKind, source: focus.source, quote: focus.quote, note: focus.note}
     } END) AS scienceCities
WHERE NOT $onlyServed OR size(scienceCities) > 0
OPTIONAL MATCH (supporter)-[:SUPPORTS_CHAIN|FOCUSES_ON]->(chain)
WHERE supporter:Platform OR supporter:Organization OR supporter:InnovationConsortium
// its own place and its host's, as two fixed walks (a HOSTED_BY*0..1 walk per supporter cost five
// times more over 23,000 supporters); thousands of supporters sit in a few dozen places: walk up
// to the cities from each place once
OPTIONAL MATCH (supporter)-[:LOCATED_IN]->(own:Place)
OPTIONAL MATCH (supporter)-[:HOSTED_BY]->(:Entity)-[:LOCATED_IN]->(viaHost:Place)
WITH chain, scienceCities, collect(DISTINCT own) + collect(DISTINCT viaHost) AS places
UNWIND (CASE WHEN size(places) = 0 THEN [null] ELSE places END) AS place
OPTIONAL MATCH (place)-[:PART_OF|LOCATED_IN*0..2]->(seat:PrefectureCity)
WITH chain, scienceCities, seat
ORDER BY seat.id
WITH chain, scienceCities, collect(DISTINCT seat.nameZh) AS supporterCities
RETURN chain.id AS chainId, chain.nameZh AS chain, scienceCities,
       reduce(acc = [], s IN scienceCities | acc + [c IN s.cities WHERE NOT c IN acc]) AS cities,
       supporterCities
ORDER BY chainId
