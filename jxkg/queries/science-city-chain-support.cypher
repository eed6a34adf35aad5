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
//   with no known chain or supporter still appears, with an empty list. Supporters are listed by id,
//   then by the length of the walk.
// parameters:
//   scienceCity:
//     type: string
//     entityClass: ScienceCity
//     description: one 科创城 by id or Chinese name (e.g. 赣州稀金科创城); empty for all
//     default: null
// example:
//   scienceCity: 中国（南昌）中医药科创城
MATCH (city:ScienceCity)
WHERE $scienceCity IS NULL OR city.id = $scienceCity OR city.nameZh = $scienceCity
OPTIONAL MATCH (city)-[focus:FOCUSES_ON|SUPPORTS_CHAIN]->(chain:IndustryChain)
OPTIONAL MATCH walk = (narrower:IndustryChain)-[:BROADER*0..3]->(chain)
OPTIONAL MATCH (supporter)-[link:SUPPORTS_CHAIN|FOCUSES_ON]->(narrower)
WHERE supporter:Platform OR supporter:Organization OR supporter:InnovationConsortium
OPTIONAL MATCH (supporter)-[loc:LOCATED_IN]->(place:Place)
WITH city, chain, focus, supporter, link, walk, loc, place
ORDER BY place.id
WITH city, chain, focus, supporter, link, walk,
     collect(CASE WHEN place IS NULL THEN NULL ELSE {
       place: place.nameZh, placeId: place.id, provenance: loc.provenanceKind, certainty: loc.certainty
     } END) AS places
WITH city, chain, focus, supporter, link, walk, places,
     [p IN places WHERE p.provenance <> 'inferred'] AS ownPlaces
ORDER BY supporter.id, length(walk), type(link)
WITH city, chain, focus,
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
       focus.provenanceKind AS chainProvenance, supporters
ORDER BY scienceCityId, chainId
