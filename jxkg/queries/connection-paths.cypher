// name: connection-paths
// order: 24
// tags: [path, explore]
// title:
//   zh: 两个实体之间的最短关联路径
//   en: Who or what connects A and B, within k hops
// description:
//   zh: >-
//     两个实体之间、经由创新生态关系（地点、产业链、平台、依托单位、合作、科技计划、指标等；
//     不经由仅同时提到两者的段落和文件）的最短路径，最多 `maxHops` 条关系，方向不限。
//     每条路径给出其节点的 id、名称和类别、关系的类型，以及每条关系是顺着路径（`true`）还是逆着路径。
//     路径按节点 id 排列；同一关联的多条并列记载只给出一条路径。最多列出 `limit` 条；
//     每行的 `pathsFound` 给出最短路径总数，列表被截断时可以看出。
//   en: >-
//     The shortest paths between two entities, of at most `maxHops` relationships in either
//     direction, through the ecosystem's relationships (places, chains, platforms, hosts, cooperation,
//     programmes, indicators...; not through the passages and documents that merely mention both). Each
//     path as the ids, names and classes of its nodes, the types of its relationships and, for each
//     relationship, whether it points along the path (`true`) or against it. Paths are ordered by
//     their node ids; parallel claims of the same link give one path. At most `limit` are listed;
//     `pathsFound` on every row says how many shortest paths there are, so a cut list says so.
// parameters:
//   fromEntity:
//     type: string
//     entityClass: Entity
//     description:
//       zh: 第一个实体，按 id 或中文名（如 赣州市）
//       en: the first entity, by id or Chinese name (e.g. 赣州市)
//   toEntity:
//     type: string
//     entityClass: Entity
//     description:
//       zh: 第二个实体，按 id 或中文名（如 中医药）
//       en: the second entity, by id or Chinese name (e.g. 中医药)
//   maxHops:
//     type: integer
//     description:
//       zh: 查找的最长路径，按关系条数计
//       en: the longest path to look for, in relationships
//     default: 3
//     minimum: 1
//     maximum: 4
//   limit:
//     type: integer
//     description:
//       zh: 最多列出这么多条路径
//       en: at most this many paths
//     default: 25
//     minimum: 1
//     maximum: 100
// example:
//   fromEntity: '360700'
//   toEntity: industry-chain:中医药
//   maxHops: 3
// columns:
//   hops: {type: integer, label: {zh: 跳数, en: hops}, description: the path's length}
//   nodeIds: {type: list, label: {zh: 节点编号, en: node ids}, items: string, description: 'its nodes'' ids, from the start to the end'}
//   nodeNames: {type: list, label: {zh: 节点名称, en: node names}, items: string, description: their Chinese names}
//   nodeClasses: {type: list, label: {zh: 节点类别, en: node classes}, items: {type: string, nullable: true}, description: their most specific classes}
//   relationshipTypes: {type: list, label: {zh: 关系类型, en: relationship types}, items: string, description: the types of its relationships}
//   forward: {type: list, label: {zh: 是否顺向, en: forward}, items: boolean, description: for each relationship whether it points along the path}
//   pathsFound: {type: integer, label: {zh: 最短路径总数, en: paths found}, description: how many shortest paths there are}
MATCH (a:Entity)
WHERE a.id = $fromEntity OR a.nameZh = $fromEntity
MATCH (b:Entity)
WHERE (b.id = $toEntity OR b.nameZh = $toEntity) AND b.id <> a.id
WITH a, b
MATCH p = allShortestPaths((a)-[:ABOUT_REGION|ADDRESSES|AFFILIATED_WITH|COOPERATES_WITH|DESIGNATED_AS|FOCUSES_ON|FUNDED_BY|HAS_RECOGNITION|HOLDS_PATENT|HOSTED_BY|JOINTLY_BUILT_WITH|LEADS|LOCATED_IN|MEASURES|MEMBER_OF|PART_OF|SELECTED_BY|SUPPORTS_CHAIN|TARGETS|UNDERTAKES*..4]-(b))
WITH p
WHERE length(p) <= $maxHops
WITH DISTINCT length(p) AS hops,
     [n IN nodes(p) | n.id] AS nodeIds,
     [n IN nodes(p) | n.nameZh] AS nodeNames,
     [n IN nodes(p) | head([l IN labels(n) WHERE NOT l IN ['Entity', 'Organization', 'Place', 'InnovationZone', 'Region', 'Platform', 'Laboratory', 'Person']] + [l IN labels(n) WHERE l = 'Person'])] AS nodeClasses,
     [r IN relationships(p) | type(r)] AS relationshipTypes,
     [i IN range(0, length(p) - 1) | startNode(relationships(p)[i]).id = nodes(p)[i].id] AS forward
ORDER BY nodeIds, relationshipTypes, forward
WITH collect({hops: hops, nodeIds: nodeIds, nodeNames: nodeNames, nodeClasses: nodeClasses,
              relationshipTypes: relationshipTypes, forward: forward}) AS found
UNWIND found[..$limit] AS path
RETURN path.hops AS hops, path.nodeIds AS nodeIds, path.nodeNames AS nodeNames, path.nodeClasses AS nodeClasses,
       path.relationshipTypes AS relationshipTypes, path.forward AS forward, size(found) AS pathsFound
ORDER BY nodeIds, relationshipTypes, forward
