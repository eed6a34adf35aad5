// name: labs-by-chain
// order: 8
// tags: [laboratory, industry-chain]
// title:
//   zh: 各产业链的实验室
//   en: Laboratories by industry chain
// description:
//   zh: >-
//     支撑或聚焦各产业链（SUPPORTS_CHAIN 或 FOCUSES_ON）的实验室（国家重点实验室、
//     国家实验室、省级实验室、国际联合实验室等），各附类别、建设阶段、领域以及关联的来源和引文；
//     未关联任何产业链的实验室列在最后，产业链为空。实验室按 id 排列：
//     每条产业链从第 `labOffset` 个起最多列出 `labLimit` 个，
//     `laboratoryCount` 给出总数（加大 offset 再查询可取其余）。
//   en: >-
//     The laboratories (national key, national, provincial, international joint...) that support or
//     focus on each industry chain (SUPPORTS_CHAIN or FOCUSES_ON), each with its class, stage, fields
//     and the link's provenance and quote; laboratories linked to no chain are listed last, under an
//     empty chain. Laboratories are listed by id: at most `labLimit` of them per chain from `labOffset`
//     on, `laboratoryCount` saying how many there are (ask again with a larger offset for the rest).
// parameters:
//   chain:
//     type: string
//     entityClass: IndustryChain
//     description:
//       zh: 一条产业链，按 id 或中文名（如 中药）；留空为全部
//       en: one industry chain by id or Chinese name (e.g. 中药); empty for all
//     default: null
//   labLimit:
//     type: integer
//     description:
//       zh: 每条产业链最多列出这么多实验室（laboratoryCount 给出总数）
//       en: at most this many laboratories listed per chain (laboratoryCount says how many there are)
//     default: 50
//     minimum: 0
//     maximum: 10000
//   labOffset:
//     type: integer
//     description:
//       zh: 跳过一条产业链的前这么多个实验室（按 id），用于翻页
//       en: skip this many of a chain's laboratories (by id), to page through the rest
//     default: 0
//     minimum: 0
// example:
//   chain: 绿色食品
// columns:
//   chainId: {type: string, label: {zh: 产业链编号, en: chain id}, nullable: true, description: the industry chain's id; null for the laboratories linked to no chain}
//   chain: {type: string, label: {zh: 产业链, en: industry chain}, nullable: true, description: the chain's Chinese name; null for the laboratories linked to no chain}
//   laboratoryCount: {type: integer, label: {zh: 实验室数, en: laboratories}, description: 'how many laboratories the chain has (all of them, whatever the page)'}
//   labs:
//     label: {zh: 实验室, en: laboratories}
//     type: list
//     description: the chain's laboratories by id, `labLimit` of them from `labOffset` on
//     items:
//       type: map
//       fields:
//         id: {type: string, description: the laboratory's id}
//         nameZh: {type: string, description: its Chinese name}
//         class: {type: string, nullable: true, description: 'its most specific class (NationalKeyLaboratory, ...)'}
//         stage: {type: string, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: 'its stage (planned, built, ...)'}
//         fields: {type: list, items: string, nullable: true, description: its fields}
//         link: {type: string, allowed: [SUPPORTS_CHAIN, FOCUSES_ON], nullable: true, description: SUPPORTS_CHAIN or FOCUSES_ON; null when linked to no chain}
//         provenance: {type: provenance, description: how the link is known (all null when linked to no chain)}
MATCH (lab:Laboratory)
OPTIONAL MATCH (lab)-[link:SUPPORTS_CHAIN|FOCUSES_ON]->(chain:IndustryChain)
WITH lab, link, chain
WHERE $chain IS NULL OR chain.id = $chain OR chain.nameZh = $chain
WITH chain, lab, link, {
       id: lab.id,
       nameZh: lab.nameZh,
       class: head([l IN labels(lab) WHERE NOT l IN ['Entity', 'Platform', 'Laboratory']]),
       stage: lab.stage,
       fields: lab.field,
       link: type(link),
       provenance: {kind: link.provenanceKind, source: link.source, quote: link.quote, note: link.note}
     } AS item
ORDER BY lab.id, type(link), link.source
WITH chain, collect(item) AS labs
RETURN chain.id AS chainId, chain.nameZh AS chain, size(labs) AS laboratoryCount,
       labs[$labOffset..$labOffset + $labLimit] AS labs
ORDER BY chainId
