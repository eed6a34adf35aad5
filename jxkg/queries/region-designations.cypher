// name: region-designations
// order: 16
// tags: [region, designation, provenance]
// title:
//   zh: 设区市和县（区）获批或争创的称号
//   en: Designations of cities and counties (national innovative city, innovative county...), approved or candidate
// description: >-
//   Which prefecture-level cities and counties hold or seek which designation (DESIGNATED_AS, e.g.
//   国家创新型城市, 国家创新型县（市）, 省级创新型县（市、区）) and at what stage: approved, candidate (the
//   plan supports them in applying) or pilot. One row per claim: where the two documents disagree
//   (the plan: a candidate; the review: approved) both rows appear, each with its quote.
// parameters:
//   stage:
//     type: string
//     description: approved, candidate or pilot; empty for all
//     default: null
//     allowed: [approved, candidate, pilot]
//   designation:
//     type: string
//     entityClass: Programme
//     description: one designation by id or Chinese name (e.g. 国家创新型城市); empty for all
//     default: null
//   region:
//     type: string
//     entityClass: Region
//     description: one city or county by code or Chinese name; a city also brings its counties; empty for all
//     default: null
// example:
//   designation: 国家创新型城市
//   stage: approved
// columns:
//   designationId: {type: string, description: the designation's (programme's) id}
//   designation: {type: string, description: its Chinese name}
//   stage: {type: string, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: 'approved, candidate or pilot'}
//   regionId: {type: string, description: the region's code}
//   region: {type: string, description: its Chinese name}
//   regionClass: {type: string, nullable: true, description: PrefectureCity or County}
//   city: {type: string, nullable: true, description: the prefecture-level city a county is part of}
//   provenance: {type: provenance, description: the claim's source and quote}
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
