// name: talent-programmes
// order: 14
// tags: [talent, region, industry-chain]
// title:
//   zh: 人才计划及入选人才（按城市和产业链）
//   en: Talent programmes and the talents they selected, by city and industry chain
// description:
//   zh: >-
//     每个人才计划及其入选的人才和团队（SELECTED_BY），各附所在工作单位（AFFILIATED_WITH）、
//     该单位所在的设区市以及它支撑或聚焦的产业链；另附提到该计划的来源文件章节。指定设区市或产业链时，
//     只保留该处的人才（没有人才的计划不再列出）。人才按 id 排列。
//   en: >-
//     Each talent programme (人才计划) with the people and teams it selected (SELECTED_BY), each with the
//     organisation they work for (AFFILIATED_WITH), that organisation's prefecture-level cities and
//     the industry chains it supports or focuses on; and the document sections that mention the
//     programme. With a city or a chain, only the talents there are kept (and programmes with none
//     drop out). Talents are listed by id.
// parameters:
//   programme:
//     type: string
//     entityClass: TalentProgramme
//     description:
//       zh: 一个人才计划，按 id 或中文名（如 双千计划）；留空为全部
//       en: one talent programme by id or Chinese name (e.g. 双千计划); empty for all
//     default: null
//   city:
//     type: string
//     entityClass: PrefectureCity
//     description:
//       zh: 只看工作单位位于这一设区市的人才（代码或名称）；留空为全部
//       en: only talents whose organisation sits in this prefecture-level city (code or name); empty for all
//     default: null
//   chain:
//     type: string
//     entityClass: IndustryChain
//     description:
//       zh: 只看工作单位支撑这一产业链的人才（id 或名称）；留空为全部
//       en: only talents whose organisation supports this industry chain (id or name); empty for all
//     default: null
// example:
//   programme: 双千计划
// columns:
//   programmeId: {type: string, label: {zh: 人才计划编号, en: programme id}, description: the talent programme's id}
//   programme: {type: string, label: {zh: 人才计划, en: talent programme}, description: its Chinese name}
//   aliases: {type: list, label: {zh: 别名, en: other names}, items: string, nullable: true, description: its other names}
//   talentCount: {type: integer, label: {zh: 人才数, en: talents}, description: how many talents it lists}
//   talents:
//     label: {zh: 入选人才, en: talents}
//     type: list
//     description: the people and teams it selected, by id
//     items:
//       type: map
//       fields:
//         id: {type: string, description: the person's or team's id}
//         nameZh: {type: string, description: the Chinese name}
//         class: {type: string, nullable: true, description: Person or Team}
//         organisationId: {type: string, nullable: true, description: the organisation they work for}
//         organisation: {type: string, nullable: true, description: its Chinese name}
//         cities: {type: list, items: string, description: the organisation's prefecture-level cities}
//         chains: {type: list, items: string, description: the industry chains the organisation supports}
//   mentionedIn: {type: list, label: {zh: 提及段落, en: mentioned in}, items: string, description: the document sections that mention the programme}
MATCH (tp:TalentProgramme)
WHERE $programme IS NULL OR tp.id = $programme OR tp.nameZh = $programme
OPTIONAL MATCH (t)-[:SELECTED_BY]->(tp)
WHERE t:Person OR t:Team
OPTIONAL MATCH (t)-[:AFFILIATED_WITH]->(org:Organization)
OPTIONAL MATCH (org)-[:LOCATED_IN]->(:Place)-[:PART_OF|LOCATED_IN*0..2]->(city:PrefectureCity)
WITH tp, t, org, city
ORDER BY city.id
WITH tp, t, org, collect(DISTINCT city.id) AS cityIds, collect(DISTINCT city.nameZh) AS cities
OPTIONAL MATCH (org)-[:SUPPORTS_CHAIN|FOCUSES_ON]->(chain:IndustryChain)
WITH tp, t, org, cityIds, cities, chain
ORDER BY chain.id
WITH tp, t, org, cityIds, cities, collect(DISTINCT chain.id) AS chainIds, collect(DISTINCT chain.nameZh) AS chains
WITH tp, t, org, cities, chains,
     ($city IS NULL OR $city IN cityIds OR $city IN cities) AND ($chain IS NULL OR $chain IN chainIds OR $chain IN chains) AS kept
ORDER BY t.id, org.id
WITH tp, collect(CASE WHEN t IS NULL OR NOT kept THEN NULL ELSE {
       id: t.id,
       nameZh: t.nameZh,
       class: head([l IN labels(t) WHERE NOT l IN ['Entity', 'Person']] + [l IN labels(t) WHERE l = 'Person']),
       organisationId: org.id,
       organisation: org.nameZh,
       cities: cities,
       chains: chains
     } END) AS talents
WHERE ($city IS NULL AND $chain IS NULL) OR size(talents) > 0
OPTIONAL MATCH (tp)-[:MENTIONED_IN]->(p:Passage)
WITH tp, talents, p
ORDER BY p.id
WITH tp, talents, collect(DISTINCT p.source) AS mentionedIn
RETURN tp.id AS programmeId, tp.nameZh AS programme, tp.aliases AS aliases, size(talents) AS talentCount,
       talents, mentionedIn
ORDER BY programmeId
