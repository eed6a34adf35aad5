// name: science-cities-without-local-lab
// order: 4
// tags: [science-city, industry-chain, laboratory, gap]
// title:
//   zh: 产业链在本市没有支撑实验室的科创城
//   en: Science cities whose chains have no supporting laboratory in the same city
// description:
//   zh: >-
//     对每个科创城及其聚焦的每条产业链：该产业链在科创城所在的设区市内没有支撑它（SUPPORTS_CHAIN 或
//     FOCUSES_ON）的实验室。实验室的所在地取其自身的 LOCATED_IN，
//     或其依托单位（HOSTED_BY）的所在地，经由县（区）和新区上溯。
//     每行按 id 列出该产业链在外地或所在地不明（`cities` 为空）的实验室。
//     选择 `anyPlatform` 时，任何平台都计入，而不只是实验室。
//   en: >-
//     For each 科创城 (science city) and each industry chain it focuses on: the chain has no laboratory
//     supporting it (SUPPORTS_CHAIN or FOCUSES_ON) that sits in one of the science city's
//     prefecture-level cities. A laboratory sits in a city through its own LOCATED_IN, or its host's
//     (HOSTED_BY), through counties and new areas. Each row lists the chain's laboratories that are
//     elsewhere or whose place the graph does not know (an empty `cities`), by id. With
//     `anyPlatform`, any platform counts, not only laboratories.
// parameters:
//   scienceCity:
//     type: string
//     entityClass: ScienceCity
//     description:
//       zh: 一个科创城，按 id 或中文名；留空为全部
//       en: one 科创城 by id or Chinese name; empty for all
//     default: null
//   anyPlatform:
//     type: boolean
//     description:
//       zh: 计入任何支撑平台（中心、设施等），而不只是实验室
//       en: count any supporting platform (centre, infrastructure...), not only laboratories
//     default: false
// example:
//   scienceCity: 南昌航空科创城
// columns:
//   scienceCityId: {type: string, label: {zh: 科创城编号, en: science city id}, description: the science city's id}
//   scienceCity: {type: string, label: {zh: 科创城, en: science city}, description: its Chinese name}
//   stage: {type: string, label: {zh: 阶段, en: stage}, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: built or planned}
//   cities: {type: list, label: {zh: 所在设区市, en: cities}, items: string, description: the prefecture-level cities it lies in}
//   chainId: {type: string, label: {zh: 产业链编号, en: chain id}, description: the chain it focuses on with no local laboratory}
//   chain: {type: string, label: {zh: 缺少本地实验室的产业链, en: chain without local lab}, description: the chain's Chinese name}
//   labsElsewhere:
//     label: {zh: 外地或所在地不明的实验室, en: laboratories elsewhere}
//     type: list
//     description: the chain's laboratories (or platforms) that sit elsewhere or nowhere known, by id
//     items:
//       type: map
//       fields:
//         id: {type: string, description: the laboratory's id}
//         nameZh: {type: string, description: its Chinese name}
//         class: {type: string, nullable: true, description: its most specific class}
//         cities: {type: list, items: string, description: the prefecture-level cities it sits in; empty when unknown}
MATCH (sc:ScienceCity)-[:FOCUSES_ON|SUPPORTS_CHAIN]->(chain:IndustryChain)
WHERE $scienceCity IS NULL OR sc.id = $scienceCity OR sc.nameZh = $scienceCity
OPTIONAL MATCH (sc)-[:LOCATED_IN]->(home:PrefectureCity)
WITH sc, chain, home
ORDER BY home.id
WITH sc, chain, collect(DISTINCT home.id) AS homeIds, collect(DISTINCT home.nameZh) AS homes
OPTIONAL MATCH (lab:Platform)-[:SUPPORTS_CHAIN|FOCUSES_ON]->(chain)
WHERE lab:Laboratory OR $anyPlatform
OPTIONAL MATCH (lab)-[:HOSTED_BY*0..1]->(:Entity)-[:LOCATED_IN]->(:Place)-[:PART_OF|LOCATED_IN*0..2]->(seat:PrefectureCity)
WITH sc, chain, homeIds, homes, lab, seat
ORDER BY seat.id
WITH sc, chain, homeIds, homes, lab,
     collect(DISTINCT seat.id) AS labCityIds, collect(DISTINCT seat.nameZh) AS labCities
WITH sc, chain, homes, lab, labCities, any(c IN labCityIds WHERE c IN homeIds) AS local
ORDER BY lab.id
WITH sc, chain, homes,
     count(CASE WHEN local THEN lab END) AS localLabs,
     collect(DISTINCT CASE WHEN lab IS NULL THEN NULL ELSE {
       id: lab.id,
       nameZh: lab.nameZh,
       class: head([l IN labels(lab) WHERE NOT l IN ['Entity', 'Platform', 'Laboratory']]),
       cities: labCities
     } END) AS labs
WHERE localLabs = 0
RETURN sc.id AS scienceCityId, sc.nameZh AS scienceCity, sc.stage AS stage, homes AS cities,
       chain.id AS chainId, chain.nameZh AS chain, labs AS labsElsewhere
ORDER BY scienceCityId, chainId
