// name: achievements
// order: 20
// tags: [achievement, technology]
// title:
//   zh: 科技成果与成果转化案例
//   en: S&T achievements and technology-transfer cases
// description:
//   zh: >-
//     来源文件列举的科技成果和成果转化案例，附年份、所属的组和属于它的案例（PART_OF，
//     如十大科技成果转化典型案例）、它们解决的关键技术问题（ADDRESSES），以及载明它们的原文段落。按年份、
//     再按 id 排列；没有年份的成果排在最后。
//   en: >-
//     The S&T achievements and transfer cases the documents name (科技成果), with their year, the group
//     they belong to and the cases that belong to them (PART_OF, e.g. the 十大科技成果转化典型案例), the key
//     technology problems they solve (ADDRESSES), and the passage that states them. By year, then id;
//     achievements with no year come last.
// parameters:
//   year:
//     type: integer
//     description:
//       zh: 只看这一年的成果；留空为全部
//       en: only achievements of this year; empty for all
//     default: null
//     minimum: 1949
//     maximum: 2100
// example:
//   year: 2022
// columns:
//   year: {type: integer, label: {zh: 年份, en: year}, nullable: true, description: its year; null when not stated}
//   achievementId: {type: string, label: {zh: 成果编号, en: achievement id}, description: the achievement's id}
//   achievement: {type: string, label: {zh: 成果, en: achievement}, description: its Chinese name}
//   count: {type: integer, label: {zh: 来源所述数量, en: stated count}, nullable: true, description: the count a source gives}
//   partOf: {type: list, label: {zh: 所属组, en: part of}, items: string, description: the groups it belongs to}
//   cases: {type: list, label: {zh: 案例, en: cases}, items: string, description: the cases that belong to it}
//   problems: {type: list, label: {zh: 解决的关键技术问题, en: problems solved}, items: string, description: the key technology problems it solves}
//   provenance: {type: provenance, label: {zh: 原文出处, en: source passage}, description: the passage that states it}
MATCH (a:Achievement)
WHERE $year IS NULL OR a.year = $year
OPTIONAL MATCH (a)-[:PART_OF]->(group:Achievement)
WITH a, group
ORDER BY group.id
WITH a, collect(DISTINCT group.nameZh) AS partOf
OPTIONAL MATCH (item:Achievement)-[:PART_OF]->(a)
WITH a, partOf, item
ORDER BY item.id
WITH a, partOf, collect(DISTINCT item.nameZh) AS cases
OPTIONAL MATCH (a)-[:ADDRESSES]->(problem:KeyTechnologyProblem)
WITH a, partOf, cases, problem
ORDER BY problem.id
WITH a, partOf, cases, collect(DISTINCT problem.nameZh) AS problems
RETURN a.year AS year, a.id AS achievementId, a.nameZh AS achievement, a.count AS count, partOf, cases,
       problems, {kind: a.provenanceKind, source: a.source, quote: a.quote, note: a.note} AS provenance
ORDER BY year, achievementId
