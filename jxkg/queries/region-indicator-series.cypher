// name: region-indicator-series
// order: 21
// tags: [indicator, region, statistics]
// title:
//   zh: 区域指标的历年数值
//   en: A region's indicators over the years
// description:
//   zh: >-
//     某一区域各项指标的观测值（Observation -MEASURES-> Indicator，
//     -ABOUT_REGION-> 该区域），按年份成序列：数值、单位、得知方式和来源（引文和注释），以及年份是来源明言还是由整理者据“现有”“今年”等时间词推定（`yearBasis`，其原文见 `yearQuote`）。另附首个和最新的年份与数值，
//     以及两者之差（以最新单位计，单位不同时为 null；保留六位小数，
//     使 1.7 − 1.04 在两种引擎上都读作 0.66）。
//   en: >-
//     The observations of each indicator for one region (Observation -MEASURES-> Indicator,
//     -ABOUT_REGION-> the region), as a series by year: value, unit, how it is known and its source
//     (the quote and the note), and whether the source states the year or a curator assigned it from
//     words of time such as 现有 or 今年 (`yearBasis`, the words in `yearQuote`).
//     With the first and the latest year and value, and the change between them (in the latest unit,
//     null when the units differ; rounded to six decimals, so that 1.7 − 1.04 reads 0.66 on every engine).
// parameters:
//   region:
//     type: string
//     entityClass: Place
//     description:
//       zh: 区域（或园区），按 id 或中文名（360000 = 江西省）
//       en: the region (or zone) by id or Chinese name (360000 = 江西省)
//     default: '360000'
//   indicator:
//     type: string
//     entityClass: Indicator
//     description:
//       zh: 一项指标，按 id 或中文名（如 研发经费投入强度）；留空为全部
//       en: one indicator by id or Chinese name (e.g. 研发经费投入强度); empty for all
//     default: null
//   fromYear:
//     type: integer
//     description:
//       zh: 只看这一年及以后的观测值；留空为全部
//       en: only observations of this year or later; empty for all
//     default: null
//     minimum: 1949
//     maximum: 2100
//   toYear:
//     type: integer
//     description:
//       zh: 只看这一年及以前的观测值；留空为全部
//       en: only observations of this year or earlier; empty for all
//     default: null
//     minimum: 1949
//     maximum: 2100
// example:
//   region: 江西省
//   indicator: 研发经费投入强度
// columns:
//   regionId: {type: string, label: {zh: 区域代码, en: region code}, description: the region's code}
//   region: {type: string, label: {zh: 区域, en: region}, description: its Chinese name}
//   indicatorId: {type: string, label: {zh: 指标编号, en: indicator id}, description: the indicator's id}
//   indicator: {type: string, label: {zh: 指标, en: indicator}, description: its Chinese name}
//   unit: {type: string, label: {zh: 单位, en: unit}, nullable: true, description: the indicator's unit}
//   points: {type: integer, label: {zh: 观测点数, en: points}, description: how many observations the series has}
//   firstYear: {type: integer, label: {zh: 首个年份, en: first year}, nullable: true, description: the first year observed}
//   firstValue: {type: number, label: {zh: 首个数值, en: first value}, nullable: true, description: the value that year}
//   firstYearBasis: {type: string, label: {zh: 首个年份依据, en: first year basis}, nullable: true, allowed: [stated, assigned], description: whether the source states the first year or a curator assigned it}
//   latestYear: {type: integer, label: {zh: 最新年份, en: latest year}, nullable: true, description: the latest year observed}
//   latestValue: {type: number, label: {zh: 最新数值, en: latest value}, nullable: true, description: the value that year}
//   latestYearBasis: {type: string, label: {zh: 最新年份依据, en: latest year basis}, nullable: true, allowed: [stated, assigned], description: whether the source states the latest year or a curator assigned it}
//   change: {type: number, label: {zh: 变化, en: change}, nullable: true, description: latest minus first; null when the units differ or there is one point}
//   series:
//     label: {zh: 历年数值, en: series}
//     type: list
//     description: the observations by year
//     items:
//       type: map
//       fields:
//         year: {type: integer, nullable: true, description: the year observed}
//         yearBasis: {type: string, nullable: true, allowed: [stated, assigned], description: 'stated: the source gives the year; assigned: a curator gave it'}
//         yearQuote: {type: string, nullable: true, description: 'the words of the source the year rests on: 2019年, 现有, 今年'}
//         value: {type: number, nullable: true, description: the value}
//         unit: {type: string, nullable: true, description: its unit}
//         provenance: {type: provenance, description: how the observation is known}
MATCH (region:Place)
WHERE region.id = $region OR region.nameZh = $region
MATCH (o:Observation)-[:ABOUT_REGION]->(region)
MATCH (o)-[:MEASURES]->(indicator:Indicator)
WHERE ($indicator IS NULL OR indicator.id = $indicator OR indicator.nameZh = $indicator)
  AND ($fromYear IS NULL OR o.year >= $fromYear)
  AND ($toYear IS NULL OR o.year <= $toYear)
WITH region, indicator, o, {
       year: o.year, yearBasis: o.yearBasis, yearQuote: o.yearQuote, value: o.value, unit: o.unit,
       provenance: {kind: o.provenanceKind, source: o.source, quote: o.quote, note: o.note}
     } AS point
ORDER BY o.year, o.id
WITH region, indicator, collect(point) AS series
WITH region, indicator, series, series[0] AS first, series[size(series) - 1] AS latest
RETURN region.id AS regionId, region.nameZh AS region, indicator.id AS indicatorId, indicator.nameZh AS indicator,
       indicator.unit AS unit, size(series) AS points,
       first.year AS firstYear, first.value AS firstValue, first.yearBasis AS firstYearBasis,
       latest.year AS latestYear, latest.value AS latestValue, latest.yearBasis AS latestYearBasis,
       CASE WHEN size(series) > 1 AND first.unit = latest.unit THEN round((latest.value - first.value) * 1000000) / 1000000.0 END AS change,
       series
ORDER BY indicatorId
