// name: indicators-overview
// order: 23
// tags: [indicator, target, statistics]
// title:
//   zh: 指标一览：单位、观测年份与规划目标
//   en: Indicators with their unit, observed years and targets
// description:
//   zh: >-
//     每项统计指标，附单位、为它设定的目标（TARGETS：目标年份、比较方式、目标值、基期，及各自依据的引文和注释；按目标年份排列）
//     和它的观测值（数量、观测年份、其中由整理者推定而非来源明言的年份、所涉区域）。回答“规划为哪项指标设了哪些目标，我们是否有观测”。
//   en: >-
//     Each statistical indicator with its unit, the targets set for it (TARGETS: deadline, comparator,
//     value, baseline, and the quote and note each rests on; by deadline) and its observations (how many,
//     the years observed, those of them a curator assigned rather than the source stated, the regions
//     they are about). Answers "which targets does the plan set for which indicator, and do we observe it".
// parameters:
//   indicator:
//     type: string
//     entityClass: Indicator
//     description:
//       zh: 一项指标，按 id 或中文名；留空为全部
//       en: one indicator by id or Chinese name; empty for all
//     default: null
//   withTargetsOnly:
//     type: boolean
//     description:
//       zh: 只保留至少有一项目标的指标
//       en: keep only the indicators that have at least one target
//     default: false
// example:
//   withTargetsOnly: true
// columns:
//   indicatorId: {type: string, label: {zh: 指标编号, en: indicator id}, description: the indicator's id}
//   indicator: {type: string, label: {zh: 指标, en: indicator}, description: its Chinese name}
//   unit: {type: string, label: {zh: 单位, en: unit}, nullable: true, description: its unit}
//   targets:
//     label: {zh: 目标, en: targets}
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
//   observations: {type: integer, label: {zh: 观测数, en: observations}, description: how many observations it has}
//   years: {type: list, label: {zh: 观测年份, en: years}, items: integer, description: the years observed}
//   assignedYears: {type: list, label: {zh: 推定年份, en: assigned years}, items: integer, description: 'the years observed that a curator assigned (from words such as 现有, 今年), not stated by the source'}
//   regions: {type: list, label: {zh: 观测区域, en: regions}, items: string, description: the regions the observations are about}
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
