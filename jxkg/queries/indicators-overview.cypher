// name: indicators-overview
// order: 23
// tags: [indicator, target, statistics]
// title:
//   zh: 指标一览：单位、观测年份与规划目标
//   en: Indicators with their unit, observed years and targets
// description: >-
//   Each statistical indicator with its unit, the targets set for it (TARGETS: deadline, comparator,
//   value, baseline, and the quote and note each rests on; by deadline) and its observations (how many,
//   the years observed, those of them a curator assigned rather than the source stated, the regions
//   they are about). Answers "which targets does the plan set for which indicator, and do we observe it".
// parameters:
//   indicator:
//     type: string
//     entityClass: Indicator
//     description: one indicator by id or Chinese name; empty for all
//     default: null
//   withTargetsOnly:
//     type: boolean
//     description: keep only the indicators that have at least one target
//     default: false
// example:
//   withTargetsOnly: true
// columns:
//   indicatorId: {type: string, description: the indicator's id}
//   indicator: {type: string, description: its Chinese name}
//   unit: {type: string, nullable: true, description: its unit}
//   targets:
//     type: list
//     description: the targets set for it, by deadline
//     items:
//       type: map
//       fields:
//         id: {type: string, description: the target's id}
//         deadlineYear: {type: integer, nullable: true, description: the year it is due}
//         deadlineYearBasis: {type: string, nullable: true, allowed: [stated, assigned], description: 'stated: the source gives the year; assigned: a curator gave it'}
//         comparator: {type: string, nullable: true, description: how the value is compared}
//         value: {type: number, nullable: true, description: the target value}
//         unit: {type: string, nullable: true, description: its unit}
//         baselineYear: {type: integer, nullable: true, description: the baseline's year}
//         baselineValue: {type: number, nullable: true, description: the baseline's value}
//         provenance: {type: provenance, description: how the target is known (its quote and note)}
//   observations: {type: integer, description: how many observations it has}
//   years: {type: list, items: integer, description: the years observed}
//   assignedYears: {type: list, items: integer, description: 'the years observed that a curator assigned (from words such as 现有, 今年), not stated by the source'}
//   regions: {type: list, items: string, description: the regions the observations are about}
MATCH (indicator:Indicator)
WHERE $indicator IS NULL OR indicator.id = $indicator OR indicator.nameZh = $indicator
OPTIONAL MATCH (t:Target)-[:TARGETS]->(indicator)
WITH indicator, t
ORDER BY t.deadlineYear, t.id
WITH indicator, collect(CASE WHEN t IS NULL THEN NULL ELSE {
       id: t.id, deadlineYear: t.deadlineYear, deadlineYearBasis: t.yearBasis, comparator: t.comparator, value: t.value, unit: t.unit,
       baselineYear: t.baselineYear, baselineValue: t.baselineValue,
       provenance: {kind: t.provenanceKind, source: t.source, quote: t.quote, note: t.note}
     } END) AS targets
WITH indicator, targets
WHERE NOT $withTargetsOnly OR size(targets) > 0
OPTIONAL MATCH (o:Observation)-[:MEASURES]->(indicator)
OPTIONAL MATCH (o)-[:ABOUT_REGION]->(region:Place)
WITH indicator, targets, o, region
ORDER BY o.year, region.id
WITH indicator, targets, count(DISTINCT o) AS observations, collect(DISTINCT o.year) AS years,
     collect(DISTINCT CASE WHEN o.yearBasis = 'assigned' THEN o.year END) AS assignedYears,
     collect(DISTINCT region.nameZh) AS regions
RETURN indicator.id AS indicatorId, indicator.nameZh AS indicator, indicator.unit AS unit, targets,
       observations, years, assignedYears, regions
ORDER BY indicatorId
