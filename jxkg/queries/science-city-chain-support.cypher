// name: science-city-chain-support
// order: 1
// tags: [headline, science-city, industry-chain]
// title:
//   zh: 科创城的产业链及其支撑平台、实验室与机构
//   en: Which platforms, labs and organisations support which industry chain in which science city
// description: >-
//   The product's headline question. For each 科创城 (science city): each industry chain it focuses
//   on, and the platforms, laboratories, organisations and consortia that support that chain
//   (SUPPORTS_CHAIN or FOCUSES_ON) or a narrower one (the chain taxonomy, BROADER: whoever supports
//   稀土 supports 稀金, 中药 counts for 中医药). Each supporter comes with its class; the chain it
//   supports and the walk up to the science city's chain (`chainPath`, narrower first, with each
//   BROADER link's provenance in `chainPathProvenance`); how its link is known (documented with its
//   quote, curated, synthetic); and where it sits (`locatedIn`: each place with the provenance of
//   the link — `inferred` where it is its host's place — and its certainty, `doubtful` where the
//   sources leave it open; `located` sums it up: own, inferred from host, unknown). A science city
//   with no known chain or supporter still appears, with an empty list. A chain can have thousands of
//   supporters at province scale: `supporterCount` is how many there are, and `supporters` holds at
//   most `supporterLimit` of them from `supporterOffset` on (ask again with a larger offset for the
//   rest); the documented supporters come first, then the curated, the reference and the synthetic
//   ones, each kind by id, then by the length of the walk.
// parameters:
//   scienceCity:
//     type: string
//     entityClass: ScienceCity
//     description: one 科创城 by id or Chinese name (e.g. 赣州稀金科创城); empty for all
//     default: null
//   supporterLimit:
//     type: integer
//     description: at most this many supporters listed per chain (supporterCount says how many there are)
//     default: 20
//     minimum: 0
//     maximum: 10000
//   supporterOffset:
//     type: integer
//     description: skip this many of a chain's supporters (in their listed order), to page through the rest
//     default: 0
//     minimum: 0
// example:
//   scienceCity: 中国（南昌）中医药科创城
MATCH (city:ScienceCity)
WHERE $scienceCity IS NULL OR city.id = $scienceCity OR city.nameZh = $scienceCity
OPTIONAL MATCH (city)-[focus:FOCUSES_ON|SUPPORTS_CHAIN]->(chain:IndustryChain)
OPTIONAL MATCH walk = (narrower:IndustryChain)-[:BROADER*0..3]->(chain)
CALL {
  // one traversal per class, each filtered by its label inside the engine's traverse (a label test
  // of `supporter:A OR supporter:B` on every one of 27,000 links cost more than the traverse)
  WITH narrower
  MATCH (supporter:Platform)-[link:SUPPORTS_CHAIN|FOCUSES_ON]->(narrower)
  RETURN supporter, link
  UNION ALL
  WITH narrower
  MATCH (supporter:Organization)-[link:SUPPORTS_CHAIN|FOCUSES_ON]->(narrower)
  WHERE NOT supporter:Platform
  RETURN supporter, link
  UNION ALL
  WITH narrower
  MATCH (supporter:InnovationConsortium)-[link:SUPPORTS_CHAIN|FOCUSES_ON]->(narrower)
  WHERE NOT supporter:Platform AND NOT supporter:Organization
  RETURN supporter, link
  UNION ALL
  WITH narrower
  RETURN null AS supporter, null AS link  // keeps a chain with no supporter, with an empty list
}
WITH city, chain, focus, supporter, link, walk,
     CASE link.provenanceKind WHEN 'documented' THEN 1 WHEN 'curated' THEN 2 WHEN 'reference' THEN 3
       WHEN 'synthetic' THEN 4 ELSE 5 END AS known
ORDER BY known, supporter.id, length(walk), type(link)
// every supporter counted, but only the page asked for is read further (places, names, quotes)
WITH city, chain, focus,
     collect(CASE WHEN supporter IS NULL THEN NULL ELSE {supporter: supporter, link: link, walk: walk} END) AS entries
WITH city, chain, focus, size(entries) AS supporterCount,
     entries[$supporterOffset..$supporterOffset + $supporterLimit] AS page
UNWIND (CASE WHEN size(page) = 0 THEN [null] ELSE [i IN range(0, size(page) - 1) | {at: i, entry: page[i]}] END) AS item
WITH city, chain, focus, supporterCount, item.at AS at, item.entry.supporter AS supporter,
     item.entry.link AS link, item.entry.walk AS walk
OPTIONAL MATCH (supporter)-[loc:LOCATED_IN]->(place:Place)
WITH city, chain, focus, supporterCount, at, supporter, link, walk, loc, place
ORDER BY place.id
WITH city, chain, focus, supporterCount, at, supporter, link, walk,
     collect(CASE WHEN place IS NULL THEN NULL ELSE {
       place: place.nameZh, placeId: place.id, provenance: loc.provenanceKind, certainty: loc.certainty
     } END) AS places
WITH city, chain, focus, supporterCount, at, supporter, link, walk, places,
     [p IN places WHERE p.provenance <> 'inferred'] AS ownPlaces
ORDER BY at
WITH city, chain, focus, supporterCount,
     collect(CASE WHEN supporter IS NULL THEN NULL ELSE {
       id: supporter.id,
       nameZh: supporter.nameZh,
       nameEn: supporter.nameEn,
       class: head([l IN labels(supporter) WHERE NOT l IN ['Entity', 'Organization', 'Platform', 'Laboratory']]),
       link: type(link),
       provenance: link.provenanceKind,
       quote: link.quote,
       source: link.source,
       supportsChain: head(nodes(walk)).nameZh,
       chainPath: [c IN nodes(walk) | c.nameZh],
       chainPathProvenance: [r IN relationships(walk) | r.provenanceKind],
       locatedIn: [p IN places | p.place],
       places: places,
       locationDoubtful: size([p IN places WHERE p.certainty = 'doubtful']) > 0,
       located: CASE WHEN size(ownPlaces) > 0 THEN 'own' WHEN size(places) > 0 THEN 'inferred from host' ELSE 'unknown' END
     } END) AS supporters
RETURN city.id AS scienceCityId, city.nameZh AS scienceCity, chain.id AS chainId, chain.nameZh AS chain,
       focus.provenanceKind AS chainProvenance, supporterCount, supporters
ORDER BY scienceCityId, chainId
