// name: entity-profile
// order: 26
// tags: [entity, provenance, explore]
// title:
//   zh: 实体全貌及其来源
//   en: Everything the graph says about an entity, with provenance
// description:
//   zh: >-
//     一个实体的属性（按键名；不含导入记录字段 contentHash、nameBigrams、
//     quoteBigrams、ingestRun、ingestedAt）以及它的全部关系，发出的和指向它的，
//     各附另一端（id、名称、类别）、关系自身的属性（阶段、领域、数量、角色，以及来源存疑时的确定程度）和得知方式：
//     其来源（类型、原文引文、来源文件与章节、说明）。关系按类型、另一端和来源排列。
//   en: >-
//     One entity's properties (by key; the ingest bookkeeping — contentHash, nameBigrams, quoteBigrams, ingestRun,
//     ingestedAt — left out) and every relationship it has, outgoing and incoming, each with the other
//     end (id, name, class), the relationship's own properties (stage, fields, count, role, and its
//     certainty where the sources leave room for doubt) and how it is known: its provenance (kind, the
//     verbatim quote, the source document and section, the note).
//     Relationships are ordered by type, other end and source.
// parameters:
//   entity:
//     type: string
//     entityClass: Entity
//     description:
//       zh: 实体，按 id 或中文名（如 中国（南昌）中医药科创城）
//       en: the entity by id or Chinese name (e.g. 中国（南昌）中医药科创城)
// example:
//   entity: research-institute:中国中医科学院中医药健康产业研究所
// columns:
//   id: {type: string, label: {zh: 编号, en: id}, description: the entity's id}
//   nameZh: {type: string, label: {zh: 中文名, en: Chinese name}, description: its Chinese name}
//   nameEn: {type: string, label: {zh: 英文名, en: English name}, nullable: true, description: 'its English name, when known'}
//   class: {type: string, label: {zh: 类别, en: class}, nullable: true, description: its most specific class}
//   properties:
//     label: {zh: 属性, en: properties}
//     type: list
//     description: its properties by key (ingest bookkeeping left out)
//     items:
//       type: map
//       fields:
//         key: {type: string, description: the property's name}
//         value: {type: any, description: 'its value, of the property''s type (text, number, list, date as ISO text)'}
//   outgoing:
//     label: {zh: 由它发出的关系, en: outgoing}
//     type: list
//     description: its relationships from it, by type, other end and source
//     items: &relationship
//       type: map
//       fields:
//         type: {type: string, description: the relationship type}
//         otherId: {type: string, description: the other end's id}
//         other: {type: string, description: the other end's Chinese name}
//         otherClass: {type: string, nullable: true, description: the other end's most specific class}
//         stage: {type: string, allowed: [agreement signed, approved, built, candidate, launched, ongoing, pilot, planned], nullable: true, description: the relationship's stage}
//         fields: {type: list, items: string, nullable: true, description: its fields}
//         count: {type: integer, nullable: true, description: its count}
//         role: {type: string, allowed: [bridgehead, core engine, draws resources from, gateway, growth pole, lead goose], nullable: true, description: its role where the relationship has one}
//         certainty: {type: string, allowed: [doubtful, probable], nullable: true, description: 'how certain it is (doubtful, probable) where the sources leave room for doubt'}
//         provenance: {type: provenance, description: how the relationship is known}
//   incoming: {type: list, label: {zh: 指向它的关系, en: incoming}, items: *relationship, description: 'its relationships to it, by type, other end and source'}
MATCH (n:Entity)
WHERE n.id = $entity OR n.nameZh = $entity
UNWIND keys(n) AS key
WITH n, key
WHERE NOT key IN ['contentHash', 'nameBigrams', 'quoteBigrams', 'ingestRun', 'ingestedAt']
WITH n, key, {key: key, value: n[key]} AS property
ORDER BY key
WITH n, collect(property) AS properties
OPTIONAL MATCH (n)-[r]->(m:Entity)
WITH n, properties, r, m
ORDER BY type(r), m.id, r.source
WITH n, properties, collect(CASE WHEN r IS NULL THEN NULL ELSE {
       type: type(r), otherId: m.id, other: m.nameZh,
       otherClass: head([l IN labels(m) WHERE NOT l IN ['Entity', 'Organization', 'Place', 'InnovationZone', 'Region', 'Platform', 'Laboratory', 'Person']] + [l IN labels(m) WHERE l = 'Person']),
       stage: r.stage, fields: r.field, count: r.count, role: r.role, certainty: r.certainty,
       provenance: {kind: r.provenanceKind, source: r.source, quote: r.quote, note: r.note}
     } END) AS outgoing
OPTIONAL MATCH (m:Entity)-[r]->(n)
WITH n, properties, outgoing, r, m
ORDER BY type(r), m.id, r.source
WITH n, properties, outgoing, collect(CASE WHEN r IS NULL THEN NULL ELSE {
       type: type(r), otherId: m.id, other: m.nameZh,
       otherClass: head([l IN labels(m) WHERE NOT l IN ['Entity', 'Organization', 'Place', 'InnovationZone', 'Region', 'Platform', 'Laboratory', 'Person']] + [l IN labels(m) WHERE l = 'Person']),
       stage: r.stage, fields: r.field, count: r.count, role: r.role, certainty: r.certainty,
       provenance: {kind: r.provenanceKind, source: r.source, quote: r.quote, note: r.note}
     } END) AS incoming
RETURN n.id AS id, n.nameZh AS nameZh, n.nameEn AS nameEn,
       head([l IN labels(n) WHERE NOT l IN ['Entity', 'Organization', 'Place', 'InnovationZone', 'Region', 'Platform', 'Laboratory', 'Person']] + [l IN labels(n) WHERE l = 'Person']) AS class,
       properties, outgoing, incoming
ORDER BY id
