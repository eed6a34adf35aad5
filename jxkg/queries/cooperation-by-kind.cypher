// name: cooperation-by-kind
// order: 12
// tags: [cooperation, international, region, overview]
// title:
//   zh: 按合作对象类型和阶段汇总的科技合作
//   en: Cooperation partners grouped by kind of partner and stage of cooperation
// description:
//   zh: >-
//     按合作方类型（其类别：Country 国家、CooperationRegion 合作区域、
//     Province 省份、PartnerInstitution 合作机构、GovernmentBody 政府部门、
//     InnovationCorridor 创新走廊等）和合作阶段（ongoing 进行中、planned 规划、
//     agreement signed 已签协议；未载明时为 null）
//     汇总的科技合作关系（COOPERATES_WITH）：合作方数量、具体是哪些（按 id）以及提到的领域。
//     对称关系两端都计入：江西省与美国合作，美国计入 Country，江西省计入 Province。不指定主体时，
//     一组可有数千个合作方：`partners` 从第 `partnerOffset` 个起最多列出
//     `partnerLimit` 个，`partnerCount` 给出总数。
//   en: >-
//     The S&T cooperation links (COOPERATES_WITH) grouped by the kind of partner (its class: Country,
//     CooperationRegion, Province, PartnerInstitution, GovernmentBody, InnovationCorridor...) and the
//     stage of the cooperation (ongoing, planned, agreement signed; null when not stated): how many
//     partners, which ones (by id), and the fields named. Symmetric links are counted for both ends:
//     江西省 cooperating with 美国 puts 美国 under Country and 江西省 under Province. With no party a
//     group holds thousands of partners: `partners` names at most `partnerLimit` of them from
//     `partnerOffset` on, `partnerCount` says how many there are.
// parameters:
//   party:
//     type: string
//     entityClass: Entity
//     description:
//       zh: 只统计这一主体的合作方，按 id 或中文名（360000 = 江西省）；留空为全部关系
//       en: count only the partners of this party, by id or Chinese name (360000 = 江西省); empty for all links
//     default: null
//   partnerLimit:
//     type: integer
//     description:
//       zh: 每种类型和阶段最多列出这么多合作方（partnerCount 给出总数）
//       en: at most this many partners named per kind and stage (partnerCount says how many there are)
//     default: 50
//     minimum: 0
//     maximum: 10000
//   partnerOffset:
//     type: integer
//     description:
//       zh: 跳过一组的前这么多个合作方（按 id），用于翻页
//       en: skip this many of a group's partners (by id), to page through the rest
//     default: 0
//     minimum: 0
// example:
//   party: '360000'
// columns:
//   partnerClass: {type: string, label: {zh: 合作方类别, en: partner class}, nullable: true, description: 'the partners'' class (Country, Province, ...)'}
//   stage: {type: string, label: {zh: 合作阶段, en: stage}, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: the cooperation's stage; null when not stated}
//   partnerCount: {type: integer, label: {zh: 合作方数, en: partners}, description: how many partners the group has}
//   partners: {type: list, label: {zh: 合作方, en: partners}, items: string, description: 'the partners by id, `partnerLimit` of them from `partnerOffset` on'}
//   fields: {type: list, label: {zh: 合作领域, en: fields}, items: string, description: the fields named for the group's links}
CALL {
  // the party (resolved to its id) through the index; every link, seen from both ends, only when no
  // party is given
  UNWIND CASE WHEN $party IS NULL THEN [] ELSE [$party] END AS partyId
  MATCH (:Entity {id: partyId})-[r:COOPERATES_WITH]-(partner:Entity)
  RETURN r, partner
  UNION ALL
  UNWIND CASE WHEN $party IS NULL THEN [true] ELSE [] END AS everyLink
  MATCH (:Entity)-[r:COOPERATES_WITH]-(partner:Entity)
  RETURN r, partner
}
WITH head([l IN labels(partner) WHERE NOT l IN ['Entity', 'Organization', 'Place', 'Region', 'InnovationZone']]) AS partnerClass,
     r.stage AS stage, partner, r
ORDER BY partner.id
WITH partnerClass, stage, collect(DISTINCT partner.nameZh) AS allPartners,
     count(DISTINCT partner) AS partnerCount, collect(r.field) AS fieldLists
// thousands of partners per group with no party: only the page asked for is carried on
WITH partnerClass, stage, allPartners[$partnerOffset..$partnerOffset + $partnerLimit] AS partners, partnerCount,
     fieldLists
UNWIND (CASE WHEN size(fieldLists) = 0 THEN [null] ELSE fieldLists END) AS fieldList
UNWIND (CASE WHEN fieldList IS NULL OR size(fieldList) = 0 THEN [null] ELSE fieldList END) AS field
WITH partnerClass, stage, partners, partnerCount, field
ORDER BY field
WITH partnerClass, stage, partners, partnerCount, collect(DISTINCT field) AS fields
RETURN partnerClass, stage, partnerCount, partners, fields
ORDER BY partnerClass, stage
