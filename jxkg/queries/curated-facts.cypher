// name: curated-facts
// order: 30
// tags: [provenance, quality]
// title:
//   zh: 非原文直述的事实（常识补充、参考标准、合成数据）
//   en: Facts the documents do not state (curated from general knowledge, reference, synthetic)
// description:
//   zh: >-
//     以某种方式得知的全部节点和关系（默认为 `curated` 人工整理：常识或推算，各附说明其依据的注释），
//     便于数据管理员或分析人员审查不是来自原文引文的内容。每个事实一行：节点或关系、其类别或类型、id（关系还有两端）
//     、来源（出处、说明）。按节点或关系、类别或类型、id 排列。
//   en: >-
//     Every node and relationship known in a given way (by default `curated`: general knowledge or
//     arithmetic, each with a note saying why it is believed), so a steward or an analyst can review
//     what does not come from a quoted passage. One row per fact: node or relationship, its class or
//     type, its id (a relationship's ends too), its provenance (source, note). Ordered by kind, type, id.
// parameters:
//   provenanceKind:
//     type: string
//     description:
//       zh: 要列出哪种方式得知的事实
//       en: which facts to list
//     default: curated
//     allowed: [curated, documented, reference, synthetic]
//   kind:
//     type: string
//     description:
//       zh: 只看节点或只看关系；留空为两者
//       en: only nodes or only relationships; empty for both
//     default: null
//     allowed: [node, relationship]
// example:
//   provenanceKind: curated
//   kind: relationship
// columns:
//   kind: {type: string, label: {zh: 节点或关系, en: node or relationship}, allowed: [node, relationship], description: node or relationship}
//   type: {type: string, label: {zh: 类别或关系类型, en: class or type}, nullable: true, description: the node's class or the relationship's type}
//   id: {type: string, label: {zh: 编号, en: id}, nullable: true, description: the fact's id}
//   name: {type: string, label: {zh: 中文名, en: name}, nullable: true, description: a node's Chinese name; null for a relationship}
//   startId: {type: string, label: {zh: 起点编号, en: start id}, nullable: true, description: a relationship's start; null for a node}
//   endId: {type: string, label: {zh: 终点编号, en: end id}, nullable: true, description: a relationship's end; null for a node}
//   provenance: {type: provenance, label: {zh: 来源, en: provenance}, description: how the fact is known (source and note)}
MATCH (a:Entity)
// the entities holding facts of the kind, by the kinds kept on them (`factKinds`: their own and
// their outgoing relationships'), so that only their relationships are read, not every one of the graph
WHERE $provenanceKind IN a.factKinds
WITH a, CASE WHEN a.provenanceKind = $provenanceKind AND ($kind IS NULL OR $kind = 'node') THEN [{
       kind: 'node',
       type: head([l IN labels(a) WHERE NOT l IN ['Entity', 'Organization', 'Place', 'InnovationZone', 'Region', 'Platform', 'Laboratory', 'Person']] + [l IN labels(a) WHERE l = 'Person']),
       id: a.id, name: a.nameZh, startId: null, endId: null,
       provenance: {kind: a.provenanceKind, source: a.source, quote: a.quote, note: a.note}
     }] ELSE [] END AS own
OPTIONAL MATCH (a)-[r]->(b:Entity)
WHERE r.provenanceKind = $provenanceKind AND ($kind IS NULL OR $kind = 'relationship')
WITH a, own, collect(CASE WHEN r IS NULL THEN NULL ELSE {
       kind: 'relationship', type: type(r), id: r.id, name: null, startId: a.id, endId: b.id,
       provenance: {kind: r.provenanceKind, source: r.source, quote: r.quote, note: r.note}
     } END) AS links
UNWIND own + links AS fact
RETURN fact.kind AS kind, fact.type AS type, fact.id AS id, fact.name AS name, fact.startId AS startId,
       fact.endId AS endId, fact.provenance AS provenance
ORDER BY kind, type, id
