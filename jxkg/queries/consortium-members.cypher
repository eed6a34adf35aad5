// name: consortium-members
// order: 10
// tags: [consortium, industry-chain, organisation]
// title:
//   zh: 产业链创新联合体的牵头单位和成员
//   en: Members and leaders of the innovation consortia of an industry chain
// description:
//   zh: >-
//     支撑产业链（SUPPORTS_CHAIN）的产业链科技创新联合体，各附牵头单位（LEADS）
//     和成员单位（MEMBER_OF），按 id 排列，图谱已知时附类别和所在设区市；
//     来源文件只给出成员数量而未列名时，附该数量（`count`）。`memberCount` 是图谱中列名的成员数，
//     `members` 从第 `memberOffset` 个起最多列出 `memberLimit` 个。
//   en: >-
//     The industry-chain innovation consortia (产业链科技创新联合体) that support a chain (SUPPORTS_CHAIN),
//     each with the organisations that lead it (LEADS) and those that are members (MEMBER_OF), by id,
//     with their class and prefecture-level city where the graph knows it, and the number of members
//     the sources give (`count`) where they do not name them. `memberCount` is how many members the
//     graph names, and `members` lists at most `memberLimit` of them from `memberOffset` on.
// parameters:
//   chain:
//     type: string
//     entityClass: IndustryChain
//     description:
//       zh: 一条产业链，按 id 或中文名；留空为全部创新联合体
//       en: one industry chain by id or Chinese name; empty for all consortia
//     default: null
//   memberLimit:
//     type: integer
//     description:
//       zh: 每个联合体最多列出这么多成员（memberCount 给出总数）
//       en: at most this many members listed per consortium (memberCount says how many there are)
//     default: 50
//     minimum: 0
//     maximum: 10000
//   memberOffset:
//     type: integer
//     description:
//       zh: 跳过一个联合体的前这么多个成员（按 id），用于翻页
//       en: skip this many of a consortium's members (by id), to page through the rest
//     default: 0
//     minimum: 0
// example:
//   chain: 江西14个重点产业链
// columns:
//   consortiumId: {type: string, label: {zh: 联合体编号, en: consortium id}, description: the consortium's id}
//   consortium: {type: string, label: {zh: 创新联合体, en: consortium}, description: its Chinese name}
//   chains: {type: list, label: {zh: 产业链, en: industry chains}, items: string, description: the industry chains it supports}
//   foundedYear: {type: integer, label: {zh: 成立年份, en: founded}, nullable: true, description: 'the year it was founded, when known'}
//   statedCount: {type: integer, label: {zh: 来源所述成员数, en: stated members}, nullable: true, description: the number of members the sources give}
//   leaders:
//     label: {zh: 牵头单位, en: leaders}
//     type: list
//     description: the organisations that lead it, by id
//     items: &member
//       type: map
//       fields:
//         id: {type: string, description: the organisation's id}
//         nameZh: {type: string, description: its Chinese name}
//         class: {type: string, nullable: true, description: its most specific class}
//         cities: {type: list, items: string, description: 'its prefecture-level cities, where known'}
//   memberCount: {type: integer, label: {zh: 成员数, en: members}, description: how many members the graph names}
//   members: {type: list, label: {zh: 成员, en: members}, items: *member, description: 'its members by id, `memberLimit` of them from `memberOffset` on'}
//   provenance: {type: provenance, label: {zh: 来源, en: provenance}, description: how the consortium is known}
MATCH (c:InnovationConsortium)
OPTIONAL MATCH (c)-[:SUPPORTS_CHAIN]->(chain:IndustryChain)
WITH c, chain
ORDER BY chain.id
WITH c, collect(DISTINCT chain.id) AS chainIds, collect(DISTINCT chain.nameZh) AS chains
WHERE $chain IS NULL OR $chain IN chainIds OR $chain IN chains
OPTIONAL MATCH (leader)-[:LEADS]->(c)
OPTIONAL MATCH (leader)-[:LOCATED_IN]->(:Place)-[:PART_OF|LOCATED_IN*0..2]->(leaderCity:PrefectureCity)
WITH c, chains, leader, leaderCity
ORDER BY leaderCity.id
WITH c, chains, leader, collect(DISTINCT leaderCity.nameZh) AS leaderCities
ORDER BY leader.id
WITH c, chains, collect(CASE WHEN leader IS NULL THEN NULL ELSE {
       id: leader.id,
       nameZh: leader.nameZh,
       class: head([l IN labels(leader) WHERE NOT l IN ['Entity', 'Organization', 'Person']] + [l IN labels(leader) WHERE l = 'Person']),
       cities: leaderCities
     } END) AS leaders
OPTIONAL MATCH (member)-[:MEMBER_OF]->(c)
WITH c, chains, leaders, member
ORDER BY member.id
WITH c, chains, leaders, collect(DISTINCT member) AS everyMember
// every member counted; only the page asked for is placed in its cities and described
WITH c, chains, leaders, size(everyMember) AS memberCount,
     everyMember[$memberOffset..$memberOffset + $memberLimit] AS page
UNWIND (CASE WHEN size(page) = 0 THEN [null] ELSE [i IN range(0, size(page) - 1) | {at: i, member: page[i]}] END) AS item
WITH c, chains, leaders, memberCount, item.at AS at, item.member AS member
OPTIONAL MATCH (member)-[:LOCATED_IN]->(:Place)-[:PART_OF|LOCATED_IN*0..2]->(memberCity:PrefectureCity)
WITH c, chains, leaders, memberCount, at, member, memberCity
ORDER BY memberCity.id
WITH c, chains, leaders, memberCount, at, member, collect(DISTINCT memberCity.nameZh) AS memberCities
ORDER BY at
WITH c, chains, leaders, memberCount, collect(CASE WHEN member IS NULL THEN NULL ELSE {
       id: member.id,
       nameZh: member.nameZh,
       class: head([l IN labels(member) WHERE NOT l IN ['Entity', 'Organization', 'Person']] + [l IN labels(member) WHERE l = 'Person']),
       cities: memberCities
     } END) AS members
RETURN c.id AS consortiumId, c.nameZh AS consortium, chains, c.foundedYear AS foundedYear,
       c.count AS statedCount, leaders, memberCount, members,
       {kind: c.provenanceKind, source: c.source, quote: c.quote, note: c.note} AS provenance
ORDER BY consortiumId
