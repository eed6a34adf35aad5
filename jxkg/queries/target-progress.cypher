// name: target-progress
// order: 22
// tags: [target, indicator, statistics]
// title:
//   zh: 规划目标完成进度（最新观测值与目标的差距）
//   en: How far each plan target is, by the latest observation
// description:
//   zh: >-
//     规划的每项目标（默认为 2025 年的目标）与图谱中该指标在目标所在区域的最新数值的对比：最新观测值；对于计数图谱完整收录的实体的指标（`countsClass`：科创城数量计科创城），当没有与图谱最新数据同样新的观测值时，用区域内这些实体的数量。`latestFrom` 说明取自何处（观测值的 id 或 `count:ScienceCity`），`latestYearBasis` 说明其年份是来源明言、整理者推定还是图谱自身计数；`latestProvenance` 和 `targetProvenance` 引用来源。按目标的比较方式判定：
//     `>=` 目标在数值不低于目标时达成，`>` 高于时，`<=` 不高于时，`=` 相等时，
//     `approx`（左右）在目标的 `approxTolerance` 范围内时，
//     `between` 在上下限之间时（`target` 到 `upperTarget`，如 1-2个）；
//     `gap` 是以目标单位计尚差多少（目标 − 数值；`<=` 为数值 − 目标；区间目标对其下限计，
//     超过上限时为负），达成后为零或负数。`qualitative`（定性）和 `increase`（增长）
//     目标没有数值：没有差距也没有判定，但有基期值时给出较基期的变化。
//     没有观测值或其单位与目标不同时也没有差距（`status` 说明原因）。差值保留六位小数。
//   en: >-
//     Each target of the plan (by default those for 2025) against the latest value the graph holds for
//     its indicator and region: the latest observation or, for an indicator counting entities the graph
//     holds all of (`countsClass`: 科创城数量 counts the science cities), their count in the region when
//     no observation is as new as the graph's latest figures. `latestFrom` says which (an observation's
//     id or `count:ScienceCity`), `latestYearBasis` whether its year was stated, assigned by a curator or
//     is the graph's own count; `latestProvenance` and `targetProvenance` quote the sources. The comparator is honoured: a `>=` target is met when the
//     value is at least the target, `>` when above, `<=` at most, `=` equal, `approx` within
//     `approxTolerance` of the target, `between` within both bounds (`target` to `upperTarget`, as
//     in 1-2个); `gap` is what is still to go in the target's unit (target − value; value − target
//     for `<=`; for a range, to its lower bound, or negative past its upper bound), zero or negative
//     once reached. `qualitative` and `increase`
//     targets have no number: no gap and no verdict, but the change since the baseline where there is
//     one. No gap either when there is no value (`no observation`) or its unit differs from the target's (`status`
//     says which). Differences are rounded to six decimals.
// parameters:
//   deadlineYear:
//     type: integer
//     description:
//       zh: 这一年到期的目标；留空为全部目标
//       en: the targets due this year; empty for all targets
//     default: 2025
//     emptyMeansAll: true
//     minimum: 2000
//     maximum: 2100
//   indicator:
//     type: string
//     entityClass: Indicator
//     description:
//       zh: 一项指标，按 id 或中文名（如 技术合同成交额）；留空为全部
//       en: one indicator by id or Chinese name (e.g. 技术合同成交额); empty for all
//     default: null
//   approxTolerance:
//     type: number
//     description:
//       zh: “左右”（approx）目标与目标值相差多少（占目标的比例）以内算作达成
//       en: how close (as a share of the target) an `approx` (左右) target counts as met
//     default: 0.05
//     minimum: 0
//     maximum: 1
// example:
//   deadlineYear: 2025
// columns:
//   targetId: {type: string, label: {zh: 目标编号, en: target id}, description: the target's id}
//   indicatorId: {type: string, label: {zh: 指标编号, en: indicator id}, description: its indicator's id}
//   indicator: {type: string, label: {zh: 指标, en: indicator}, description: the indicator's Chinese name}
//   regionId: {type: string, label: {zh: 目标区域, en: region}, nullable: true, description: the region the target is about}
//   deadlineYear: {type: integer, label: {zh: 目标年份, en: deadline year}, nullable: true, description: the year it is due}
//   deadlineYearBasis: {type: string, label: {zh: 目标年份依据, en: deadline year basis}, nullable: true, allowed: [stated, assigned], description: 'stated: the source gives the year (到2025年); assigned: a curator gave it (“十四五”末, or the plan period)'}
//   comparator: {type: string, label: {zh: 比较方式, en: comparator}, nullable: true, description: '>=, >, <=, <, =, approx, between, qualitative or increase'}
//   target: {type: number, label: {zh: 目标值, en: target}, nullable: true, description: the target value (the lower bound of a range)}
//   upperTarget: {type: number, label: {zh: 目标上限, en: upper target}, nullable: true, description: the upper bound of a range}
//   unit: {type: string, label: {zh: 单位, en: unit}, nullable: true, description: the target's unit}
//   baselineYear: {type: integer, label: {zh: 基期年份, en: baseline year}, nullable: true, description: the baseline's year}
//   baselineValue: {type: number, label: {zh: 基期值, en: baseline value}, nullable: true, description: the baseline's value}
//   latestYear: {type: integer, label: {zh: 最新年份, en: latest year}, nullable: true, description: the latest observation's year (null for a count)}
//   latestValue: {type: number, label: {zh: 最新数值, en: latest value}, nullable: true, description: the latest value (that of an observation or the count)}
//   latestUnit: {type: string, label: {zh: 最新单位, en: latest unit}, nullable: true, description: its unit}
//   latestFrom: {type: string, label: {zh: 最新数值出处, en: latest from}, nullable: true, description: 'where the latest value is from: the observation''s id, or count:<class> for the entities counted in the graph'}
//   latestYearBasis: {type: string, label: {zh: 最新年份依据, en: latest year basis}, nullable: true, allowed: [stated, assigned, counted], description: 'stated: the source gives the year; assigned: a curator gave it; counted: the graph''s own count'}
//   latestProvenance: {type: provenance, label: {zh: 最新数值来源, en: latest provenance}, nullable: true, description: 'how the latest observation is known, its quote and note; null for a count'}
//   targetProvenance: {type: provenance, label: {zh: 目标来源, en: target provenance}, description: how the target is known (its quote and note)}
//   gap: {type: number, label: {zh: 差距, en: gap}, nullable: true, description: what is still to go in the target's unit; zero or negative once reached}
//   met: {type: boolean, label: {zh: 是否达成, en: met}, nullable: true, description: whether the target is met; null when it cannot be told}
//   status: {type: string, label: {zh: 判定, en: status}, description: 'met, not met, above the range, or why there is no verdict'}
//   changeSinceBaseline: {type: number, label: {zh: 较基期变化, en: change since baseline}, nullable: true, description: the latest value minus the baseline}
OPTIONAL MATCH (figure:Observation)
WITH max(figure.year) AS graphYear
MATCH (t:Target)-[:TARGETS]->(indicator:Indicator)
WHERE ($deadlineYear IS NULL OR t.deadlineYear = $deadlineYear)
  AND ($indicator IS NULL OR indicator.id = $indicator OR indicator.nameZh = $indicator)
OPTIONAL MATCH (t)-[:ABOUT_REGION]->(region:Place)
OPTIONAL MATCH (o:Observation)-[:MEASURES]->(indicator)
WHERE (o)-[:ABOUT_REGION]->(region)
WITH graphYear, t, indicator, region, o
ORDER BY o.year DESC, o.id
WITH graphYear, t, indicator, region, head(collect(o)) AS observed
// the entities the indicator counts, in the region or a place within it (at most three levels down);
// walked only for an indicator that counts some (an aggregate answers one row, 0, when none passes)
CALL {
  WITH indicator, region
  WITH indicator, region
  WHERE indicator.countsClass IS NOT NULL AND region IS NOT NULL
  MATCH (counted:Entity)-[:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(region)
  WHERE indicator.countsClass IN labels(counted)
  RETURN count(DISTINCT counted) AS holds
}
WITH t, indicator, region,
     CASE WHEN indicator.countsClass IS NOT NULL AND region IS NOT NULL
               AND (observed IS NULL OR observed.year < graphYear)
          THEN {value: holds, unit: coalesce(t.unit, indicator.unit), year: null, from: 'count:' + indicator.countsClass,
                yearBasis: 'counted', provenance: null}
          WHEN observed IS NOT NULL
          THEN {value: observed.value, unit: observed.unit, year: observed.year, from: observed.id,
                yearBasis: observed.yearBasis,
                provenance: {kind: observed.provenanceKind, source: observed.source, quote: observed.quote, note: observed.note}}
     END AS latest
WITH t, indicator, region, latest,
     latest IS NOT NULL AND t.value IS NOT NULL AND coalesce(latest.unit, indicator.unit) = coalesce(t.unit, indicator.unit)
       AND t.comparator IN ['>=', '>', '<=', '<', '=', 'approx', 'between'] AS comparable
RETURN t.id AS targetId, indicator.id AS indicatorId, indicator.nameZh AS indicator, region.id AS regionId,
       t.deadlineYear AS deadlineYear, t.yearBasis AS deadlineYearBasis, t.comparator AS comparator, t.value AS target, t.upperValue AS upperTarget,
       t.unit AS unit,
       t.baselineYear AS baselineYear, t.baselineValue AS baselineValue,
       latest.year AS latestYear, latest.value AS latestValue, latest.unit AS latestUnit,
       latest.from AS latestFrom, latest.yearBasis AS latestYearBasis, latest.provenance AS latestProvenance,
       {kind: t.provenanceKind, source: t.source, quote: t.quote, note: t.note} AS targetProvenance,
       CASE WHEN NOT comparable THEN NULL
            WHEN t.comparator IN ['<=', '<'] THEN round((latest.value - t.value) * 1000000) / 1000000.0
            WHEN t.comparator = 'between' AND latest.value > t.upperValue
              THEN round((t.upperValue - latest.value) * 1000000) / 1000000.0
            WHEN t.comparator = 'between' AND latest.value >= t.value THEN 0
            ELSE round((t.value - latest.value) * 1000000) / 1000000.0 END AS gap,
       CASE WHEN NOT comparable THEN NULL
            WHEN t.comparator = '>=' THEN latest.value >= t.value
            WHEN t.comparator = '>' THEN latest.value > t.value
            WHEN t.comparator = '<=' THEN latest.value <= t.value
            WHEN t.comparator = '<' THEN latest.value < t.value
            WHEN t.comparator = '=' THEN latest.value = t.value
            WHEN t.comparator = 'between' THEN latest.value >= t.value AND latest.value <= t.upperValue
            ELSE abs(latest.value - t.value) <= $approxTolerance * abs(t.value) END AS met,
       CASE WHEN t.comparator IN ['qualitative', 'increase'] THEN 'no numeric target (' + t.comparator + ')'
            WHEN latest IS NULL THEN 'no observation'
            WHEN t.value IS NULL THEN 'no target value'
            WHEN NOT comparable THEN 'units differ'
            WHEN t.comparator IN ['>=', '>'] AND latest.value >= t.value AND (t.comparator = '>=' OR latest.value > t.value) THEN 'met'
            WHEN t.comparator IN ['<=', '<'] AND latest.value <= t.value AND (t.comparator = '<=' OR latest.value < t.value) THEN 'met'
            WHEN t.comparator = '=' AND latest.value = t.value THEN 'met'
            WHEN t.comparator = 'between' AND latest.value >= t.value AND latest.value <= t.upperValue THEN 'met'
            WHEN t.comparator = 'between' AND latest.value > t.upperValue THEN 'above the range'
            WHEN t.comparator = 'approx' AND abs(latest.value - t.value) <= $approxTolerance * abs(t.value) THEN 'met'
            ELSE 'not met' END AS status,
       CASE WHEN latest IS NOT NULL AND t.baselineValue IS NOT NULL
              AND coalesce(latest.unit, indicator.unit) = coalesce(t.unit, indicator.unit)
            THEN round((latest.value - t.baselineValue) * 1000000) / 1000000.0 END AS changeSinceBaseline
ORDER BY indicatorId, targetId
