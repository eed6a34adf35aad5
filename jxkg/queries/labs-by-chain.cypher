// name: labs-by-chain
// order: 8
// tags: [laboratory, industry-chain]
// title:
//   zh: 各产业链的实验室
//   en: Laboratories by industry chain
// description: >-
//   The laboratories (national key, national, provincial, international joint...) that support or
//   focus on each industry chain (SUPPORTS_CHAIN or FOCUSES_ON), each with its class, stage, fields
//   and the link's provenance and quote; laboratories linked to no chain are listed last, under an
//   empty chain. Laboratories are listed by id: at most `labLimit` of them per chain from `labOffset`
//   on, `laboratoryCount` saying how many there are (ask again with a larger offset for the rest).
// parameters:
//   chain:
//     type: string
//     entityClass: IndustryChain
//     description: one industry chain by id or Chinese name (e.g. 中药); empty for all
//     default: null
//   labLimit:
//     type: integer
//     description: at most this many laboratories listed per chain (laboratoryCount says how many there are)
//     default: 50
//     minimum: 0
//     maximum: 10000
//   labOffset:
//     type: integer
//     description: skip this many of a chain's laboratories (by id), to page through the rest
//     default: 0
//     minimum: 0
// example:
//   chain: 绿色食品
// columns:
//   chainId: {type: string, nullable: true, description: the industry chain's id; null for the laboratories linked to no chain}
//   chain: {type: string, nullable: true, description: the chain's Chinese name; null for the laboratories linked to no chain}
//   laboratoryCount: {type: integer, description: 'how many laboratories the chain has (all of them, whatever the page)'}
//   labs:
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
