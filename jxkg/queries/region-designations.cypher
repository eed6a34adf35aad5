// name: region-designations
// order: 16
// tags: [region, designation, provenance]
// title:
//   zh: 设区市和县（区）获批或争创的称号
//   en: Designations of cities and counties (national innovative city, innovative county...), approved or candidate
// description:
//   zh: >-
//     哪些设区市和县（市、区）已获或争创哪项称号（DESIGNATED_AS，如国家创新型城市、国家创新型县（市）、
//     省级创新型县（市、区）），处于什么阶段：approved 已获批、candidate 争创（规划支持其申报）
//     或 pilot 试点。每项认定一行：两份文件说法不一时（规划：争创；总结：已获批），两行都会列出，各附引文。
//   en: >-
//     Which prefecture-level cities and counties hold or seek which designation (DESIGNATED_AS, e.g.
//     国家创新型城市, 国家创新型县（市）, 省级创新型县（市、区）) and at what stage: approved, candidate (the
//     plan supports them in applying) or pilot. One row per claim: where the two documents disagree
//     (the plan: a candidate; the review: approved) both rows appear, each with its quote.
// parameters:
//   stage:
//     type: string
//     description:
//       zh: approved（已获批）、candidate（争创）或 pilot（试点）；留空为全部
//       en: approved, candidate or pilot; empty for all
//     default: null
//     allowed: [approved, candidate, pilot]
//   designation:
//     type: string
//     entityClass: Programme
//     description:
//       zh: 一项称号，按 id 或中文名（如 国家创新型城市）；留空为全部
//       en: one designation by id or Chinese name (e.g. 国家创新型城市); empty for all
//     default: null
//   region:
//     type: string
//     entityClass: Region
//     description:
//       zh: 一个设区市或县（区），按代码或中文名；设区市连同其下属县（区）；留空为全部
//       en: one city or county by code or Chinese name; a city also brings its counties; empty for all
//     default: null
// example:
//   designation: 国家创新型城市
//   stage: approved
// columns:
//   designationId: {type: string, label: {zh: 称号编号, en: designation id}, description: the designation's (programme's) id}
//   designation: {type: string, label: {zh: 称号, en: designation}, description: its Chinese name}
//   stage: {type: string, label: {zh: 阶段, en: stage}, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: 'approved, candidate or pilot'}
//   regionId: {type: string, label: {zh: 区域代码, en: region code}, description: the region's code}
//   region: {type: string, label: {zh: 区域, en: region}, description: its Chinese name}
//   regionClass: {type: string, label: {zh: 区域类别, en: region class}, nullable: true, description: PrefectureCity or County}
//   city: {type: string, label: {zh: 所属设区市, en: city}, nullable: true, description: the prefecture-level city a county is part of}
//   provenance: {type: provenance, label: {zh: 来源与引文, en: source}, description: the claim's source and quote}
MATCH (r:Region)-[d:DESIGNATED_AS]->(p:Programme)
WHERE ($stage IS NULL OR d.stage = $stage)
  AND ($designation IS NULL OR p.id = $designation OR p.nameZh = $designation)
OPTIONAL MATCH (r)-[:PART_OF]->(parent:PrefectureCity)
WITH r, d, p, parent
WHERE $region IS NULL OR $region IN [r.id, r.nameZh, parent.id, parent.nameZh]
RETURN p.id AS designationId, p.nameZh AS designation, d.stage AS stage,
       r.id AS regionId, r.nameZh AS region,
       head([l IN labels(r) WHERE NOT l IN ['Entity', 'Place', 'Region']]) AS regionClass,
       parent.nameZh AS city, {kind: d.provenanceKind, source: d.source, quote: d.quote, note: d.note} AS provenance
ORDER BY designationId, stage, regionId, provenance.source
