// name: science-city-chain-support
// order: 1
// tags: [headline, science-city, industry-chain]
// title:
//   zh: 科创城的产业链及其支撑平台、实验室与机构
//   en: Which platforms, labs and organisations support which industry chain in which science city
// description:
//   zh: >-
//     本产品的核心问题。对每个科创城：列出它聚焦的每条产业链，以及支撑这条产业链（SUPPORTS_CHAIN 或
//     FOCUSES_ON）或其下位产业链的平台、实验室、机构和创新联合体（按产业链分类体系 BROADER 上溯：
//     支撑稀土的也支撑稀金，中药计入中医药；`narrowerChainIds` 列出计入的下位产业链）。
//     在全省规模下一条产业链可能有数千个支撑主体，所以每行先汇总：`supporterCount`（支撑主
//     体与该产业链或其下位产业链之间的每一条关联），`supportersByClass` 和
//     `supportersByProvenance`（同样这些关联，按支撑主体的类别、按关联的来源类型计数）。
//     `supporters` 随后列出全部原文记载和人工整理的支撑主体（原文记载的在前，各类按 id，
//     再按上溯路径长短），当 `supporterLimit` 要求时，再附上其余支撑主体的一页（先参考数据，
//     后合成数据，各按 id）：从第 `supporterOffset` 个起的 `supporterLimit`
//     个；`nextSupporterOffset` 是下一页的起点（没有下一页时为 null；
//     同时给出 `scienceCity` 和 `chain` 可只取一行）。每个支撑主体附有：它的类别；
//     它所支撑的产业链及上溯到该科创城产业链的路径（`chainPath`，下位在前，
//     每条 BROADER 关联的来源见 `chainPathProvenance`）；
//     它与产业链的关联如何得知（原文记载并附引文、人工整理、合成数据）；以及它的所在地（`locatedIn`：
//     每个地点附关联来源——由依托单位所在地推断的标为 `inferred`——及其确定程度，
//     来源文件未能确定的标为 `doubtful`；`located` 概括为：自身所在地、由依托单位推断、不明）。
//     没有已知产业链或支撑主体的科创城也会列出，列表为空。
//   en: >-
//     The product's headline question. For each 科创城 (science city): each industry chain it focuses
//     on, and the platforms, laboratories, organisations and consortia that support that chain
//     (SUPPORTS_CHAIN or FOCUSES_ON) or a narrower one (the chain taxonomy, BROADER: whoever supports
//     稀土 supports 稀金, 中药 counts for 中医药; `narrowerChainIds` names the narrower chains counted).
//     A chain can have thousands of supporters at province scale, so each row sums them up first:
//     `supporterCount` (every link of a supporter to the chain or a narrower one),
//     `supportersByClass` and `supportersByProvenance` (the same links counted by the supporter's class
//     and by how the link is known). `supporters` then lists the documented and curated supporters, all
//     of them (documented first, each kind by id, then by the length of the walk), followed by a page of
//     the others (reference, then synthetic, each by id) when `supporterLimit` asks for one:
//     `supporterLimit` of them from `supporterOffset` on; `nextSupporterOffset` is the offset of the next
//     page (null when there is none; ask with `scienceCity` and `chain` for one row). Each supporter
//     comes with its class; the chain it supports and the walk up to the science city's chain
//     (`chainPath`, narrower first, with each BROADER link's provenance in `chainPathProvenance`); how
//     its link is known (documented with its quote, curated, synthetic); and where it sits
//     (`locatedIn`: each place with the provenance of the link — `inferred` where it is its host's
//     place — and its certainty, `doubtful` where the sources leave it open; `located` sums it up: own,
//     inferred from host, unknown). A science city with no known chain or supporter still appears, with
//     an empty list.
// parameters:
//   scienceCity:
//     type: string
//     entityClass: ScienceCity
//     description:
//       zh: 一个科创城，按 id 或中文名（如 赣州稀金科创城）；留空为全部
//       en: one 科创城 by id or Chinese name (e.g. 赣州稀金科创城); empty for all
//     default: null
//   chain:
//     type: string
//     entityClass: IndustryChain
//     description:
//       zh: 科创城的一条产业链，按 id 或中文名（如 稀金）；留空为全部
//       en: one of the science cities' chains by id or Chinese name (e.g. 稀金); empty for all
//     default: null
//   supporterLimit:
//     type: integer
//     description:
//       zh: 原文记载和人工整理的支撑主体总是全部列出；此外每条产业链最多再列出这么多其余支撑主体（参考数据、合成数据）；0 表示不列出（计数仍包含它们）
//       en: >-
//         besides the documented and curated supporters (always listed), at most this many of the others
//         (reference, synthetic) per chain; 0 lists none of them (the counts still cover them)
//     default: 0
//     minimum: 0
//     maximum: 10000
//   supporterOffset:
//     type: integer
//     description:
//       zh: 跳过一条产业链的前这么多个其余支撑主体（按列出顺序），用于翻页
//       en: skip this many of a chain's other supporters (in their listed order), to page through them
//     default: 0
//     minimum: 0
// example:
//   scienceCity: 中国（南昌）中医药科创城
// graph:
//   # drawn: the science cities, their chains and the narrower ones, the supporters listed; the others
//   # summed up around each chain, one node per relationship and class
//   summarise:
//     around: IndustryChain
//     relationships: [SUPPORTS_CHAIN, FOCUSES_ON]
//     direction: in
//     classes: [Platform, Organization, InnovationConsortium]
// columns:
//   scienceCityId: {type: string, label: {zh: 科创城编号, en: science city id}, description: the science city's id}
//   scienceCity: {type: string, label: {zh: 科创城, en: science city}, description: its Chinese name}
//   chainId: {type: string, label: {zh: 产业链编号, en: chain id}, nullable: true, description: the chain it focuses on; null when it has none}
//   chain: {type: string, label: {zh: 产业链, en: chain}, nullable: true, description: the chain's Chinese name}
//   chainProvenance: {type: provenance, label: {zh: 产业链关联来源, en: chain link source}, description: how the city's link to the chain is known}
//   narrowerChainIds: {type: list, label: {zh: 下位产业链, en: narrower chains}, items: string, description: the narrower chains whose supporters are counted}
//   supporterCount: {type: integer, label: {zh: 支撑关系数, en: supporting links}, description: every link of a supporter to the chain or a narrower one}
//   supportersByClass:
//     label: {zh: 按类别计, en: by class}
//     type: list
//     description: the same links counted by the supporter's class, most first
//     items:
//       type: map
//       fields:
//         class: {type: string, nullable: true, description: the supporter's most specific class}
//         count: {type: integer, description: how many links}
//   supportersByProvenance:
//     label: {zh: 按来源类型计, en: by provenance}
//     type: list
//     description: the same links counted by how each is known (documented, curated, reference, synthetic)
//     items:
//       type: map
//       fields:
//         provenance: {type: string, nullable: true, description: the links' provenance kind}
//         count: {type: integer, description: how many links}
//   supporters:
//     label: {zh: 支撑主体, en: supporters}
//     type: list
//     description: the documented and curated supporters, then a page of the others when asked for
//     items:
//       type: map
//       fields:
//         id: {type: string, description: the supporter's id}
//         nameZh: {type: string, description: its Chinese name}
//         nameEn: {type: string, nullable: true, description: 'its English name, when known'}
//         class: {type: string, nullable: true, description: its most specific class}
//         link: {type: string, allowed: [SUPPORTS_CHAIN, FOCUSES_ON], description: SUPPORTS_CHAIN or FOCUSES_ON}
//         provenance: {type: provenance, description: how its link to the chain is known}
//         supportsChain: {type: string, description: the chain it is linked to (the asked one or a narrower one)}
//         chainPath: {type: list, items: string, description: 'the walk up to the science city''s chain, narrower first'}
//         chainPathProvenance: {type: list, items: provenance, description: each BROADER link's provenance on that walk}
//         locatedIn: {type: list, items: string, description: the places it sits in}
//         places:
//           type: list
//           description: each place with how it is known
//           items:
//             type: map
//             fields:
//               place: {type: string, description: the place's Chinese name}
//               placeId: {type: string, description: the place's id}
//               provenance: {type: provenance, description: how the location is known (inferred where it is its host's)}
//               certainty: {type: string, allowed: [doubtful, probable], nullable: true, description: doubtful where the sources leave it open}
//         locationDoubtful: {type: boolean, description: true when a place is doubtful}
//         located: {type: string, allowed: [own, inferred from host, unknown], description: 'own, inferred from host, or unknown'}
//   nextSupporterOffset: {type: integer, label: {zh: 下一页起点, en: next offset}, nullable: true, description: the offset of the next page of other supporters; null when there is none}

// every chain the asked science cities reach (theirs and the narrower ones), each once, its supporters
// counted by class and provenance in one pass, the documented and curated ones kept whole
OPTIONAL MATCH (asked:ScienceCity)-[:FOCUSES_ON|SUPPORTS_CHAIN]->(top:IndustryChain)<-[:BROADER*0..3]-(reached:IndustryChain)
WHERE ($scienceCity IS NULL OR asked.id = $scienceCity OR asked.nameZh = $scienceCity)
  AND ($chain IS NULL OR top.id = $chain OR top.nameZh = $chain)
WITH DISTINCT reached
OPTIONAL MATCH (supporter:Entity)-[link:SUPPORTS_CHAIN|FOCUSES_ON]->(reached)
WITH reached, labels(supporter) AS labels, link.provenanceKind AS kind, count(supporter) AS n,
     collect(CASE WHEN link.provenanceKind IN ['documented', 'curated'] THEN {supporter: supporter, link: link} END) AS listed
WHERE 'Platform' IN labels OR 'Organization' IN labels OR 'InnovationConsortium' IN labels
WITH reached.id AS chainKey,
     collect({class: head([l IN labels WHERE NOT l IN ['Entity', 'Organization', 'Platform', 'Laboratory']]), kind: kind, n: n, listed: listed}) AS tallies
WITH collect({chain: chainKey, tallies: tallies}) AS reachedTallies
// then each science city's chains, each summed over its walk from the narrower chains
MATCH (city:ScienceCity)
WHERE $scienceCity IS NULL OR city.id = $scienceCity OR city.nameZh = $scienceCity
OPTIONAL MATCH (city)-[focus:FOCUSES_ON|SUPPORTS_CHAIN]->(chain:IndustryChain)
WITH reachedTallies, city, focus, chain
WHERE $chain IS NULL OR chain.id = $chain OR chain.nameZh = $chain
OPTIONAL MATCH walk = (narrower:IndustryChain)-[:BROADER*0..3]->(chain)
WITH city, focus, chain, walk, head([t IN reachedTallies WHERE t.chain = narrower.id | t.tallies]) AS tallies
UNWIND (CASE WHEN tallies IS NULL OR size(tallies) = 0 THEN [null] ELSE tallies END) AS tally
WITH city, focus, chain, walk, tally
ORDER BY length(walk), head(nodes(walk)).id  // the narrower chains nearest first, each level by id
WITH city, focus, chain,
     collect(CASE WHEN tally IS NULL THEN NULL ELSE {class: tally.class, kind: tally.kind, n: tally.n,
       listed: [e IN tally.listed | {supporter: e.supporter, link: e.link, walk: walk}]} END) AS parts,
     collect(DISTINCT [c IN nodes(walk) | c.id]) AS walks
CALL {
  WITH parts
  UNWIND parts AS part
  WITH part.class AS class, toInteger(sum(part.n)) AS n
  ORDER BY n DESC, class
  RETURN collect({class: class, count: n}) AS byClass
}
CALL {
  WITH parts
  UNWIND parts AS part
  WITH part.kind AS kind, toInteger(sum(part.n)) AS n
  ORDER BY CASE kind WHEN 'documented' THEN 1 WHEN 'curated' THEN 2 WHEN 'reference' THEN 3 WHEN 'synthetic' THEN 4 ELSE 5 END
  RETURN collect({provenance: kind, count: n}) AS byProvenance
}
CALL {
  // the documented and curated supporters, all of them: documented first, each kind by id, then by the walk
  WITH parts
  UNWIND parts AS part
  UNWIND part.listed AS entry
  WITH entry
  ORDER BY CASE entry.link.provenanceKind WHEN 'documented' THEN 1 ELSE 2 END, entry.supporter.id,
           length(entry.walk), type(entry.link)
  RETURN collect(entry) AS listed
}
CALL {
  // a page of the others (reference, then synthetic, each by id), only when asked for
  WITH chain
  OPTIONAL MATCH walk = (narrower:IndustryChain)-[:BROADER*0..3]->(chain)
  WITH narrower, walk
  WHERE $supporterLimit > 0
  MATCH (supporter:Entity)-[link:SUPPORTS_CHAIN|FOCUSES_ON]->(narrower)
  WHERE NOT coalesce(link.provenanceKind, '') IN ['documented', 'curated']
  WITH supporter, link, walk, labels(supporter) AS labels
  WHERE 'Platform' IN labels OR 'Organization' IN labels OR 'InnovationConsortium' IN labels
  WITH supporter, link, walk
  ORDER BY CASE link.provenanceKind WHEN 'reference' THEN 3 WHEN 'synthetic' THEN 4 ELSE 5 END, supporter.id,
           length(walk), type(link)
  SKIP $supporterOffset
  LIMIT $supporterLimit
  RETURN collect({supporter: supporter, link: link, walk: walk}) AS rest
}
WITH city, focus, chain, byClass, byProvenance, listed, rest,
     toInteger(reduce(total = 0, part IN parts | total + part.n)) AS supporterCount,
     reduce(found = [], w IN walks | found + [c IN w WHERE c <> chain.id AND NOT c IN found]) AS narrowerChainIds
WITH city, focus, chain, byClass, byProvenance, supporterCount, narrowerChainIds, listed + rest AS page,
     CASE WHEN $supporterOffset + size(rest) < supporterCount - size(listed) THEN $supporterOffset + size(rest) END
       AS nextSupporterOffset
UNWIND (CASE WHEN size(page) = 0 THEN [null] ELSE [i IN range(0, size(page) - 1) | {at: i, entry: page[i]}] END) AS item
WITH city, chain, focus, supporterCount, byClass, byProvenance, narrowerChainIds, nextSupporterOffset,
     item.at AS at, item.entry.supporter AS supporter, item.entry.link AS link, item.entry.walk AS walk
OPTIONAL MATCH (supporter)-[loc:LOCATED_IN]->(place:Place)
WITH city, chain, focus, supporterCount, byClass, byProvenance, narrowerChainIds, nextSupporterOffset,
     at, supporter, link, walk, loc, place
ORDER BY place.id
WITH city, chain, focus, supporterCount, byClass, byProvenance, narrowerChainIds, nextSupporterOffset,
     at, supporter, link, walk,
     collect(CASE WHEN place IS NULL THEN NULL ELSE {
       place: place.nameZh, placeId: place.id, provenance: {kind: loc.provenanceKind, source: loc.source, quote: loc.quote, note: loc.note},
       certainty: loc.certainty
     } END) AS places
WITH city, chain, focus, supporterCount, byClass, byProvenance, narrowerChainIds, nextSupporterOffset,
     at, supporter, link, walk, places,
     [p IN places WHERE p.provenance.kind <> 'inferred'] AS ownPlaces
ORDER BY at
WITH city, chain, focus, supporterCount, byClass, byProvenance, narrowerChainIds, nextSupporterOffset,
     collect(CASE WHEN supporter IS NULL THEN NULL ELSE {
       id: supporter.id,
       nameZh: supporter.nameZh,
       nameEn: supporter.nameEn,
       class: head([l IN labels(supporter) WHERE NOT l IN ['Entity', 'Organization', 'Platform', 'Laboratory']]),
       link: type(link),
       provenance: {kind: link.provenanceKind, source: link.source, quote: link.quote, note: link.note},
       supportsChain: head(nodes(walk)).nameZh,
       chainPath: [c IN nodes(walk) | c.nameZh],
       chainPathProvenance: [r IN relationships(walk) | {kind: r.provenanceKind, source: r.source, quote: r.quote, note: r.note}],
       locatedIn: [p IN places | p.place],
       places: places,
       locationDoubtful: size([p IN places WHERE p.certainty = 'doubtful']) > 0,
       located: CASE WHEN size(ownPlaces) > 0 THEN 'own' WHEN size(places) > 0 THEN 'inferred from host' ELSE 'unknown' END
     } END) AS supporters
RETURN city.id AS scienceCityId, city.nameZh AS scienceCity, chain.id AS chainId, chain.nameZh AS chain,
       {kind: focus.provenanceKind, source: focus.source, quote: focus.quote, note: focus.note} AS chainProvenance, narrowerChainIds, supporterCount,
       byClass AS supportersByClass, byProvenance AS supportersByProvenance, supporters, nextSupporterOffset
ORDER BY scienceCityId, chainId
