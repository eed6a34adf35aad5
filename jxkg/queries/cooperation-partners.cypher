// name: cooperation-partners
// order: 11
// tags: [cooperation, international, region]
// title:
//   zh: 科技合作伙伴及合作方式
//   en: Cooperation partners (countries, regions, provinces, institutions) and how they cooperate
// description: >-
//   The S&T cooperation links (COOPERATES_WITH, symmetric: stored once, matched either way) of a
//   party (江西省 by default), one row per link and per document that states it: the partner, its
//   class (Country, CooperationRegion, Province, PartnerInstitution, GovernmentBody...), the stage of
//   the cooperation (ongoing, planned, agreement signed), the fields named for it, and the quote. With
//   no party, every link is listed from its stored start.
// parameters:
//   party:
//     type: string
//     entityClass: Entity
//     description: the party whose partners are listed, by id or Chinese name (360000 = 江西省); empty for every link
//     default: '360000'
//     emptyMeansAll: true
//   partnerClass:
//     type: string
//     description: only partners of this class; empty for all
//     default: null
//     allowed: [Country, CooperationRegion, Province, PrefectureCity, PartnerInstitution, GovernmentBody,
//       University, ResearchInstitute, Enterprise, InnovationCorridor, Organization, Place]
//   stage:
//     type: string
//     description: only cooperation at this stage; empty for all
//     default: null
//     allowed: [ongoing, planned, agreement signed]
//   field:
//     type: string
//     description: only cooperation that names this field (e.g. 航空); empty for all
//     default: null
// example:
//   party: 江西省
//   partnerClass: Country
// columns:
//   partyId: {type: string, description: the party's id}
//   party: {type: string, description: its Chinese name}
//   partnerClass: {type: string, nullable: true, description: 'the partner''s class (Country, Province, ...)'}
//   partnerId: {type: string, description: the partner's id}
//   partner: {type: string, description: its Chinese name}
//   stage: {type: string, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: 'ongoing, planned or agreement signed'}
//   fields: {type: list, items: string, nullable: true, description: the fields named for the cooperation}
//   provenance: {type: provenance, description: how the link is known}
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
