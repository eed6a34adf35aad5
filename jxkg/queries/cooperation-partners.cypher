// name: cooperation-partners
// order: 11
// tags: [cooperation, international, region]
// title:
//   zh: 科技合作伙伴及合作方式
//   en: Cooperation partners (countries, regions, provinces, institutions) and how they cooperate
// description:
//   zh: >-
//     某一主体（默认为江西省）的科技合作关系（COOPERATES_WITH，对称关系：只存一次，两个方向都能匹配），
//     每条关系、每份载明它的文件一行：合作方、合作方类别（Country 国家、
//     CooperationRegion 合作区域、Province 省份、
//     PartnerInstitution 合作机构、GovernmentBody 政府部门等）、
//     合作阶段（ongoing 进行中、planned 规划、agreement signed 已签协议）、
//     提到的合作领域以及引文。不指定主体时，按存储的起点列出全部关系。
//   en: >-
//     The S&T cooperation links (COOPERATES_WITH, symmetric: stored once, matched either way) of a
//     party (江西省 by default), one row per link and per document that states it: the partner, its
//     class (Country, CooperationRegion, Province, PartnerInstitution, GovernmentBody...), the stage of
//     the cooperation (ongoing, planned, agreement signed), the fields named for it, and the quote. With
//     no party, every link is listed from its stored start.
// parameters:
//   party:
//     type: string
//     entityClass: Entity
//     description:
//       zh: 要列出其合作伙伴的主体，按 id 或中文名（360000 = 江西省）；留空为全部关系
//       en: the party whose partners are listed, by id or Chinese name (360000 = 江西省); empty for every link
//     default: '360000'
//     emptyMeansAll: true
//   partnerClass:
//     type: string
//     description:
//       zh: 只看这一类别的合作方；留空为全部
//       en: only partners of this class; empty for all
//     default: null
//     allowed: [Country, CooperationRegion, Province, PrefectureCity, PartnerInstitution, GovernmentBody,
//       University, ResearchInstitute, Enterprise, InnovationCorridor, Organization, Place]
//   stage:
//     type: string
//     description:
//       zh: 只看这一阶段的合作；留空为全部
//       en: only cooperation at this stage; empty for all
//     default: null
//     allowed: [ongoing, planned, agreement signed]
//   field:
//     type: string
//     description:
//       zh: 只看提到这一领域的合作（如 航空）；留空为全部
//       en: only cooperation that names this field (e.g. 航空); empty for all
//     default: null
// example:
//   party: 江西省
//   partnerClass: Country
// columns:
//   partyId: {type: string, label: {zh: 合作主体编号, en: party id}, description: the party's id}
//   party: {type: string, label: {zh: 合作主体, en: party}, description: its Chinese name}
//   partnerClass: {type: string, label: {zh: 合作方类别, en: partner class}, nullable: true, description: 'the partner''s class (Country, Province, ...)'}
//   partnerId: {type: string, label: {zh: 合作方编号, en: partner id}, description: the partner's id}
//   partner: {type: string, label: {zh: 合作方, en: partner}, description: its Chinese name}
//   stage: {type: string, label: {zh: 合作阶段, en: stage}, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: 'ongoing, planned or agreement signed'}
//   fields: {type: list, label: {zh: 合作领域, en: fields}, items: string, nullable: true, description: the fields named for the cooperation}
//   provenance: {type: provenance, label: {zh: 来源, en: provenance}, description: how the link is known}
CALL {
  // the party (resolved to its id) through the index, its links walked either way; all the links,
  // each once from its stored start, only when no party is given
  UNWIND CASE WHEN $party IS NULL THEN [] ELSE [$party] END AS partyId
  MATCH (a:Entity {id: partyId})-[r:COOPERATES_WITH]-(b:Entity)
  RETURN a AS party, b AS partner, r
  UNION ALL
  UNWIND CASE WHEN $party IS NULL THEN [true] ELSE [] END AS everyLink
  MATCH (a:Entity)-[r:COOPERATES_WITH]->(b:Entity)
  RETURN a AS party, b AS partner, r
}
WITH party, partner, r
WHERE ($partnerClass IS NULL OR $partnerClass IN labels(partner))
  AND ($stage IS NULL OR r.stage = $stage)
  AND ($field IS NULL OR $field IN coalesce(r.field, []))
RETURN party.id AS partyId, party.nameZh AS party,
       head([l IN labels(partner) WHERE NOT l IN ['Entity', 'Organization', 'Place', 'Region', 'InnovationZone']]) AS partnerClass,
       partner.id AS partnerId, partner.nameZh AS partner, r.stage AS stage, r.field AS fields,
       {kind: r.provenanceKind, source: r.source, quote: r.quote, note: r.note} AS provenance
ORDER BY partyId, partnerClass, partnerId, provenance.source
