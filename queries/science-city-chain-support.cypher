// name: science-city-chain-support
// order: 1
// tags: [headline, science-city, industry-chain]
// title:
//   zh: 科创城的产业链及其支撑平台、实验室与机构
//   en: Which platforms, labs and organisations support which industry chain in which science city
// description: >-
//   The product's headline question. For each 科创城 (science city): each industry chain it focuses
//   on, and the platforms, laboratories, organisations and consortia that support that chain
//   (SUPPORTS_CHAIN or FOCUSES_ON), each with its class, where it sits (`located` is `own` for its
//   own LOCATED_IN places, `inferred from host` for its host's places through HOSTED_BY, `unknown`)
//   and how each link is known (documented with its quote, curated, inferred, synthetic). A science
//   city with no known chain or supporter still appears, with an empty list. Supporters are listed
//   by id.
// parameters:
//   scienceCity:
//     type: string
//     description: one 科创城 by id or Chinese name (e.g. 赣州稀金科创城); empty for all
//     default: null
// example:
//   scienceCity: 中国（南昌）中医药科创城
MATCH (city:ScienceCity)
WHERE $scienceCity IS NULL OR city.id = $scienceCity OR city.nameZh = $scienceCity
OPTIONAL MATCH (city)-[focus:FOCUSES_ON|SUPPORTS_CHAIN]->(chain:IndustryChain)
OPTIONAL MATCH (supporter)-[link:SUPPORTS_CHAIN|FOCUSES_ON]->(chain)
WHERE supporter:Platform OR supporter:Organization OR supporter:InnovationConsortium
OPTIONAL MATCH (supporter)-[:LOCATED_IN]->(own:Place)
WITH city, chain, focus, supporter, link, own
ORDER BY own.nameZh
WITH city, chain, focus, supporter, link, collect(DISTINCT own.nameZh) AS ownPlaces
OPTIONAL MATCH (supporter)-[:HOSTED_BY]->(:Entity)-[:LOCATED_IN]->(hosts:Place)
WITH city, chain, focus, supporter, link, ownPlaces, hosts
ORDER BY hosts.nameZh
WITH city, chain, focus, supporter, link, ownPlaces, collect(DISTINCT hosts.nameZh) AS hostPlaces
ORDER BY supporter.id, type(link), link.source
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
       locatedIn: CASE WHEN size(ownPlaces) > 0 THEN ownPlaces ELSE hostPlaces END,
       located: CASE WHEN size(ownPlaces) > 0 THEN 'own' WHEN size(hostPlaces) > 0 THEN 'inferred from host' ELSE 'unknown' END
     } END) AS supporters
RETURN city.id AS scienceCityId, city.nameZh AS scienceCity, chain.id AS chainId, chain.nameZh AS chain,
       focus.provenanceKind AS chainProvenance, supporters
ORDER BY scienceCityId, chainId
