// name: international-joint-labs-by-country
// order: 13
// tags: [international, laboratory, cooperation]
// title:
//   zh: 按国家列出国际联合实验室
//   en: International joint laboratories and cooperation bases by partner country
// description:
//   zh: >-
//     对每个合作国家：与它共建（JOINTLY_BUILT_WITH）或设在该国（LOCATED_IN）
//     的国际联合实验室和国际科技合作基地，各附建设阶段、领域、关联方式和引文；
//     该国与江西或其他主体的合作（COOPERATES_WITH，按阶段）以及它所属的合作区域（PART_OF，
//     如一带一路国家）。实验室按 id 排列。
//   en: >-
//     For each partner country: the international joint laboratories and international S&T
//     cooperation bases built with it (JOINTLY_BUILT_WITH) or sitting in it (LOCATED_IN), each with its
//     stage, fields, how it is linked and the quote; the country's cooperation with Jiangxi or others
//     (COOPERATES_WITH, by stage) and the cooperation regions it belongs to (PART_OF, e.g. 一带一路国家).
//     Laboratories are listed by id.
// parameters:
//   country:
//     type: string
//     entityClass: Country
//     description:
//       zh: 一个国家，按 id 或中文名（如 菲律宾）；留空为全部
//       en: one country by id or Chinese name (e.g. 菲律宾); empty for all
//     default: null
// example:
//   country: 菲律宾
// columns:
//   countryId: {type: string, label: {zh: 国家编号, en: country id}, description: the country's id}
//   country: {type: string, label: {zh: 国家, en: country}, description: its Chinese name}
//   laboratoryCount: {type: integer, label: {zh: 联合实验室与基地数, en: joint labs and bases}, description: how many joint laboratories and bases it has}
//   labs:
//     label: {zh: 联合实验室与基地, en: joint labs and bases}
//     type: list
//     description: the joint laboratories and cooperation bases, by id
//     items:
//       type: map
//       fields:
//         id: {type: string, description: the laboratory's id}
//         nameZh: {type: string, description: its Chinese name}
//         class: {type: string, nullable: true, description: its most specific class}
//         stage: {type: string, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: its stage}
//         fields: {type: list, items: string, nullable: true, description: its fields}
//         links: {type: list, items: string, description: JOINTLY_BUILT_WITH and/or LOCATED_IN}
//         provenance: {type: provenance, description: how the first link is known}
//   cooperation:
//     label: {zh: 合作关系, en: cooperation}
//     type: list
//     description: the country's cooperation links, by party
//     items:
//       type: map
//       fields:
//         partyId: {type: string, description: the party's id}
//         party: {type: string, description: its Chinese name}
//         stage: {type: string, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: the cooperation's stage}
//         provenance: {type: provenance, description: how the link is known}
//   regions: {type: list, label: {zh: 所属合作区域, en: cooperation regions}, items: string, description: 'the cooperation regions it belongs to (一带一路国家, ...)'}
MATCH (lab:Platform)-[j:JOINTLY_BUILT_WITH|LOCATED_IN]->(country:Country)
WHERE (lab:InternationalJointLaboratory OR lab:InternationalCooperationBase)
  AND ($country IS NULL OR country.id = $country OR country.nameZh = $country)
WITH country, lab, j
ORDER BY type(j), j.source
WITH country, lab, collect(type(j)) AS links, head(collect({kind: j.provenanceKind, source: j.source, quote: j.quote, note: j.note})) AS provenance
WITH country, lab, {
       id: lab.id,
       nameZh: lab.nameZh,
       class: head([l IN labels(lab) WHERE NOT l IN ['Entity', 'Platform', 'Laboratory']]),
       stage: lab.stage,
       fields: lab.field,
       links: links,
       provenance: provenance
     } AS item
ORDER BY lab.id
WITH country, collect(item) AS labs
OPTIONAL MATCH (country)-[co:COOPERATES_WITH]-(party:Entity)
WITH country, labs, party, co
ORDER BY party.id, co.source
WITH country, labs, collect(CASE WHEN co IS NULL THEN NULL ELSE {
       partyId: party.id, party: party.nameZh, stage: co.stage, provenance: {kind: co.provenanceKind, source: co.source, quote: co.quote, note: co.note}
     } END) AS cooperation
OPTIONAL MATCH (country)-[:PART_OF]->(region:Place)
WITH country, labs, cooperation, region
ORDER BY region.id
WITH country, labs, cooperation, collect(DISTINCT region.nameZh) AS regions
RETURN country.id AS countryId, country.nameZh AS country, size(labs) AS laboratoryCount, labs, cooperation, regions
ORDER BY countryId
