// name: consortium-members
// order: 10
// tags: [consortium, industry-chain, organisation]
// title:
//   zh: 产业链创新联合体的牵头单位和成员
//   en: Members and leaders of the innovation consortia of an industry chain
// description: >-
//   The industry-chain innovation consortia (产业链科技创新联合体) that support a chain (SUPPORTS_CHAIN),
//   each with the organisations that lead it (LEADS) and those that are members (MEMBER_OF), by id,
//   with their class and prefecture-level city where the graph knows it, and the number of members
//   the sources give (`count`) where they do not name them.
// parameters:
//   chain:
//     type: string
//     entityClass: IndustryChain
//     description: one industry chain by id or Chinese name; empty for all consortia
//     default: null
// example:
//   chain: 江西14个重点产业链
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
OPTIONAL MATCH (member)-[:LOCATED_IN]->(:Place)-[:PART_OF|LOCATED_IN*0..2]->(memberCity:PrefectureCity)
WITH c, chains, leaders, member, memberCity
ORDER BY memberCity.id
WITH c, chains, leaders, member, collect(DISTINCT memberCity.nameZh) AS memberCities
ORDER BY member.id
WITH c, chains, leaders, collect(CASE WHEN member IS NULL THEN NULL ELSE {
       id: member.id,
       nameZh: member.nameZh,
       class: head([l IN labels(member) WHERE NOT l IN ['Entity', 'Organization', 'Person']] + [l IN labels(member) WHERE l = 'Person']),
       cities: memberCities
     } END) AS members
RETURN c.id AS consortiumId, c.nameZh AS consortium, chains, c.foundedYear AS foundedYear,
       c.count AS statedCount, leaders, size(members) AS memberCount, members,
       c.source AS source, c.quote AS quote
ORDER BY consortiumId
