// name: programme-hierarchy
// order: 19
// tags: [programme, policy]
// title:
//   zh: 科技计划、工程与行动的层级关系
//   en: Programmes and what they are part of (the 1345 layout and its parts)
// description:
//   zh: >-
//     每项科技计划、规划、行动或改革，附其类型和详述它的规划章节；它逐级所属的上级计划（PART_OF，近者在前，
//     如科技创新平台建设 → 创新能力建设三大工程 → 科技创新1345战略布局）；它的直接下级；它聚焦的产业链；
//     以及有多少区域获得了以它为名的称号（DESIGNATED_AS）。
//   en: >-
//     Each programme, plan, action or reform (科技计划) with its kind and the plan chapter that details
//     it; the chain of larger programmes it is part of (PART_OF, nearest first, e.g. 科技创新平台建设 →
//     创新能力建设三大工程 → 科技创新1345战略布局); its direct parts; the industry chains it focuses on; and
//     how many regions hold it as a designation (DESIGNATED_AS).
// parameters:
//   programme:
//     type: string
//     entityClass: Programme
//     description:
//       zh: 一项计划，按 id 或中文名（如 科技创新1345战略布局）；留空为全部
//       en: one programme by id or Chinese name (e.g. 科技创新1345战略布局); empty for all
//     default: null
//   kind:
//     type: string
//     description:
//       zh: 只看文件中称为这一类型的计划（如 改革、行动、工程、称号）；留空为全部
//       en: only programmes of this kind as the documents call it (e.g. 改革, 行动, 工程, 称号); empty for all
//     default: null
// example:
//   programme: 科技创新1345战略布局
// columns:
//   programmeId: {type: string, label: {zh: 计划编号, en: programme id}, description: the programme's id}
//   programme: {type: string, label: {zh: 计划, en: programme}, description: its Chinese name}
//   kind: {type: string, label: {zh: 类型, en: kind}, nullable: true, description: 'programme, plan, action or reform'}
//   chapter: {type: string, label: {zh: 章节, en: chapter}, nullable: true, description: the plan chapter that details it}
//   count: {type: integer, label: {zh: 来源所述数量, en: stated count}, nullable: true, description: the count a source gives}
//   partOf: {type: list, label: {zh: 所属上级计划, en: part of}, items: string, description: 'the larger programmes it is part of, nearest first'}
//   parts: {type: list, label: {zh: 下级组成, en: parts}, items: string, description: its direct parts}
//   chains: {type: list, label: {zh: 产业链, en: industry chains}, items: string, description: the industry chains it focuses on}
//   designations: {type: integer, label: {zh: 获此称号的区域数, en: regions designated}, description: how many regions hold it as a designation}
MATCH (p:Programme)
WHERE ($programme IS NULL OR p.id = $programme OR p.nameZh = $programme)
  AND ($kind IS NULL OR p.kind = $kind)
OPTIONAL MATCH path = (p)-[:PART_OF*1..4]->(ancestor:Programme)
WITH p, ancestor, path
ORDER BY length(path), ancestor.id
WITH p, collect(ancestor.nameZh) AS partOf
OPTIONAL MATCH (part:Programme)-[:PART_OF]->(p)
WITH p, partOf, part
ORDER BY part.id
WITH p, partOf, collect(DISTINCT part.nameZh) AS parts
OPTIONAL MATCH (p)-[:FOCUSES_ON]->(chain:IndustryChain)
WITH p, partOf, parts, chain
ORDER BY chain.id
WITH p, partOf, parts, collect(DISTINCT chain.nameZh) AS chains
RETURN p.id AS programmeId, p.nameZh AS programme, p.kind AS kind, p.chapter AS chapter, p.count AS count,
       partOf, parts, chains,
       size([(holder:Region)-[:DESIGNATED_AS]->(p) | holder.id]) AS designations
ORDER BY programmeId
