// name: chains-without-national-platform
// order: 3
// tags: [industry-chain, platform, gap]
// title:
//   zh: 尚无国家级平台支撑的产业链
//   en: Industry chains that no national-level platform supports
// description:
//   zh: >-
//     没有任何国家级平台或机构支撑（SUPPORTS_CHAIN 或 FOCUSES_ON）的产业链。
//     国家级指支撑主体的 `level = 'national'`，
//     或属于国家级类别（NationalKeyLaboratory 国家重点实验室、
//     NationalLaboratory 国家实验室）。每条产业链附上它已有的支撑主体（按 id，附类别和级别，
//     图谱未载明时为 null）以及聚焦它的科创城，便于看出科创城产业链的短板。
//     `supporterCount` 是该产业链的支撑主体数，`supporters` 从第
//     `supporterOffset` 个起最多列出 `supporterLimit` 个。
//   en: >-
//     The industry chains that no national-level platform or organisation supports (SUPPORTS_CHAIN or
//     FOCUSES_ON). National means `level = 'national'` on the supporter, or a national class
//     (NationalKeyLaboratory, NationalLaboratory). Each chain comes with the supporters it does have
//     (by id, with their class and level, null when the graph does not say) and the 科创城 that focus
//     on it, so a gap in a science city's chain stands out. `supporterCount` is how many supporters a
//     chain has, and `supporters` lists at most `supporterLimit` of them from `supporterOffset` on.
// parameters:
//   scienceCityChainsOnly:
//     type: boolean
//     description:
//       zh: 只保留至少有一个科创城聚焦的产业链
//       en: keep only the chains that at least one 科创城 focuses on
//     default: false
//   supporterLimit:
//     type: integer
//     description:
//       zh: 每条产业链最多列出这么多支撑主体（supporterCount 给出总数）
//       en: at most this many supporters listed per chain (supporterCount says how many there are)
//     default: 50
//     minimum: 0
//     maximum: 10000
//   supporterOffset:
//     type: integer
//     description:
//       zh: 跳过一条产业链的前这么多个支撑主体（按 id），用于翻页
//       en: skip this many of a chain's supporters (by id), to page through the rest
//     default: 0
//     minimum: 0
// example:
//   scienceCityChainsOnly: true
// columns:
//   chainId: {type: string, label: {zh: 产业链编号, en: chain id}, description: the industry chain's id}
//   chain: {type: string, label: {zh: 产业链, en: industry chain}, description: its Chinese name}
//   scienceCities: {type: list, label: {zh: 科创城, en: science cities}, items: string, description: the science cities that focus on it}
//   supporterCount: {type: integer, label: {zh: 支撑主体数, en: supporters}, description: how many supporters it has}
//   supporters:
//     label: {zh: 支撑主体, en: supporters}
//     type: list
//     description: its supporters by id, `supporterLimit` of them from `supporterOffset` on
//     items:
//       type: map
//       fields:
//         id: {type: string, description: the supporter's id}
//         nameZh: {type: string, description: its Chinese name}
//         class: {type: string, nullable: true, description: its most specific class}
//         level: {type: string, allowed: [municipal, national, provincial], nullable: true, description: its level; null when the graph does not say}
MATCH (chain:IndustryChain)
OPTIONAL MATCH (sc:ScienceCity)-[:FOCUSES_ON|SUPPORTS_CHAIN]->(chain)
WITH chain, sc
ORDER BY sc.id
WITH chain, collect(DISTINCT sc.nameZh) AS scienceCities
WHERE NOT $scienceCityChainsOnly OR size(scienceCities) > 0
// first only whether a national supporter exists (a count, no lists); the supporters are listed
// only for the chains that have none
OPTIONAL MATCH (n)-[:SUPPORTS_CHAIN|FOCUSES_ON]->(chain)
WHERE (n:Platform OR n:Organization OR n:InnovationConsortium)
  AND coalesce(n.level, CASE WHEN n:NationalKeyLaboratory OR n:NationalLaboratory THEN 'national' END) = 'national'
WITH chain, scienceCities, count(n) AS national
WHERE national = 0
OPTIONAL MATCH (s)-[:SUPPORTS_CHAIN|FOCUSES_ON]->(chain)
WHERE s:Platform OR s:Organization OR s:InnovationConsortium
WITH chain, scienceCities, s
ORDER BY s.id
WITH chain, scienceCities, collect(DISTINCT s) AS everySupporter
// every supporter counted; only the page asked for is described
WITH chain, scienceCities, size(everySupporter) AS supporterCount, everySupporter[$supporterOffset..$supporterOffset + $supporterLimit] AS page
WITH chain, scienceCities, supporterCount, [s IN page | {
       id: s.id,
       nameZh: s.nameZh,
       class: head([l IN labels(s) WHERE NOT l IN ['Entity', 'Organization', 'Platform', 'Laboratory']]),
       level: coalesce(s.level, CASE
         WHEN s:NationalKeyLaboratory OR s:NationalLaboratory THEN 'national'
         WHEN s:ProvincialKeyLaboratory OR s:ProvincialLaboratory THEN 'provincial' END)
     }] AS supporters
RETURN chain.id AS chainId, chain.nameZh AS chain, scienceCities, supporterCount, supporters
ORDER BY chainId
