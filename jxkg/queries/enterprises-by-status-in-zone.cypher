// name: enterprises-by-status-in-zone
// order: 15
// tags: [enterprise, innovation-zone, recognition]
// title:
//   zh: 园区内按资质类型列出企业
//   en: Enterprises in an innovation zone by recognised status (high-tech, S&T SME, unicorn...)
// description:
//   zh: >-
//     对每个创新区域（高新区、科创城、示范区等）：位于其中（LOCATED_IN 该区域，
//     或位于其下属 PART_OF 的地点）的企业，按所获资质认定的类型分组（HAS_RECOGNITION →
//     Recognition.status：HighTechEnterprise 高新技术企业、
//     SciTechSME 科技型中小企业、UnicornPotential 潜在独角兽、
//     UnicornSeed 种子独角兽、Gazelle 瞪羚企业、
//     InnovativeLeadingEnterprise 创新型领军企业），附认定年份和到期年份。指定年份时，
//     只计当年有效的认定。没有认定的企业归入状态为空的一组；没有企业的区域列出一次、列表为空，
//     除非指定了资质类型或年份。
//   en: >-
//     For each innovation zone (high-tech zone, science city, demonstration zone...): the enterprises
//     located in it (LOCATED_IN the zone, or in a place that is PART_OF it) grouped by the status of
//     their recognitions (HAS_RECOGNITION → Recognition.status: HighTechEnterprise, SciTechSME,
//     UnicornPotential, UnicornSeed, Gazelle, InnovativeLeadingEnterprise), with the years granted and
//     expiring. With a year, only recognitions valid that year count. Enterprises without a
//     recognition are grouped under an empty status; zones with no enterprise appear once, with an
//     empty list, unless a status or year is asked for.
// parameters:
//   zone:
//     type: string
//     entityClass: InnovationZone
//     description:
//       zh: 一个创新区域，按 id 或中文名（如 南昌高新技术产业开发区）；留空为全部
//       en: one innovation zone by id or Chinese name (e.g. 南昌高新技术产业开发区); empty for all
//     default: null
//   status:
//     type: string
//     description:
//       zh: 只看这一类型的资质认定；留空为全部
//       en: only recognitions of this status; empty for all
//     default: null
//     allowed: [HighTechEnterprise, SciTechSME, UnicornPotential, UnicornSeed, Gazelle, InnovativeLeadingEnterprise]
//   year:
//     type: integer
//     description:
//       zh: 只看这一年有效的认定（当年或之前获得、尚未到期）；留空为全部
//       en: only recognitions valid in this year (granted by then, not yet expired); empty for all
//     default: null
//     minimum: 1949
//     maximum: 2100
// example:
//   zone: 南昌高新技术产业开发区
// columns:
//   zoneId: {type: string, label: {zh: 区域编号, en: zone id}, description: the innovation zone's id}
//   zone: {type: string, label: {zh: 创新区域, en: zone}, description: its Chinese name}
//   zoneClass: {type: string, label: {zh: 区域类别, en: zone class}, nullable: true, description: its most specific class}
//   status: {type: string, label: {zh: 资质类型, en: recognition}, nullable: true, description: 'the recognition''s status (HighTechEnterprise, ...); null for the enterprises without one'}
//   enterpriseCount: {type: integer, label: {zh: 企业数, en: enterprises}, description: how many enterprises the group has}
//   enterprises:
//     label: {zh: 企业, en: enterprises}
//     type: list
//     description: the enterprises by id; empty for a zone with none
//     items:
//       type: map
//       fields:
//         id: {type: string, description: the enterprise's id}
//         nameZh: {type: string, description: its Chinese name}
//         creditCode: {type: string, nullable: true, description: its unified social credit code}
//         grantedYear: {type: integer, nullable: true, description: the year the recognition was granted}
//         expiresYear: {type: integer, nullable: true, description: the year it expires}
MATCH (z:InnovationZone)
WHERE $zone IS NULL OR z.id = $zone OR z.nameZh = $zone
OPTIONAL MATCH (e:Enterprise)-[:LOCATED_IN]->(:Place)-[:PART_OF*0..2]->(z)
OPTIONAL MATCH (e)-[:HAS_RECOGNITION]->(rec:Recognition)
WITH z, e, rec
WHERE ($status IS NULL OR rec.status = $status)
  AND ($year IS NULL OR (rec.grantedYear <= $year AND (rec.expiresYear IS NULL OR rec.expiresYear >= $year)))
WITH z, e, rec
ORDER BY e.id, rec.grantedYear, rec.id
WITH z, rec.status AS status, collect(DISTINCT CASE WHEN e IS NULL THEN NULL ELSE {
       id: e.id, nameZh: e.nameZh, creditCode: e.creditCode,
       grantedYear: rec.grantedYear, expiresYear: rec.expiresYear
     } END) AS enterprises
RETURN z.id AS zoneId, z.nameZh AS zone,
       head([l IN labels(z) WHERE NOT l IN ['Entity', 'Place', 'InnovationZone']]) AS zoneClass,
       status, size(enterprises) AS enterpriseCount, enterprises
ORDER BY zoneId, status
