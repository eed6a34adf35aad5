"""The province's regional structure, planned before anything is placed in it.

Science cities (科创城) of its own, each LOCATED_IN a prefecture-level city and FOCUSES_ON one or
two industry chains; designations (称号) of its own, held by the cities and counties with a stage
(DESIGNATED_AS); a PART_OF for every county the curated data leaves without one; and the weight of
each chain, skewed (the k-th heaviest weighs 1/k) so that a few chains gather most supporters and
most chains few, as in a real province. The curated structure is copied as it is (`world.py`);
nothing here names a curated fact again or says otherwise of one: the science cities and
designations are new nodes, named 合成….
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from jxkg.synthetic.world import CuratedWorld

STRUCTURE_BASE = {"ScienceCity": 10, "designationProgrammes": 12, "designations": 120}  # counts at scale 1
SCIENCE_CITY_STAGES = {"built": 5, "launched": 2, "planned": 3}
DESIGNATION_STAGES = {"approved": 6, "candidate": 3, "pilot": 1}
DESIGNATION_KIND = "称号"  # as the curated designations (国家创新型城市, …) are of kind 称号


def scaled(base: int, scale: float) -> int:
    """Proportional to the scale, and at least 1 of each where the scale is above 0."""
    return 0 if scale <= 0 else max(1, round(base * scale))


@dataclass(frozen=True)
class ScienceCityPlan:
    id: str
    name: str
    stage: str
    city: str
    chains: tuple[str, ...]


@dataclass(frozen=True)
class Structure:
    chain_weights: list[float]  # aligned with world.chains
    science_cities: list[ScienceCityPlan]
    programmes: list[tuple[str, str]]  # (id, name) of the designations
    designations: list[tuple[str, str, str]]  # (region, programme, stage)
    part_of: list[tuple[str, str]]  # (county, city) the curated data does not link


def skewed_weights(count: int, rng: random.Random) -> list[float]:
    """1/rank weights over `count` items in an order drawn by `rng`: which items are heavy depends on the seed."""
    order = list(range(count))
    rng.shuffle(order)
    weights = [0.0] * count
    for rank, index in enumerate(order, start=1):
        weights[index] = 1 / rank
    return weights


def distinct_choices(rng: random.Random, items: list[str], weights: list[float], k: int) -> list[str]:
    """`k` different items (at most all of them) drawn by weight."""
    chosen: list[str] = []
    while len(chosen) < min(k, len(items)):
        item = rng.choices(items, weights=weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def _science_cities(world: CuratedWorld, rng: random.Random, count: int, weights: list[float]) -> list[ScienceCityPlan]:
    stages = list(SCIENCE_CITY_STAGES)
    plans = []
    for i in range(1, count + 1):
        name = f"合成科创城{i:03d}"
        stage = rng.choices(stages, weights=list(SCIENCE_CITY_STAGES.values()))[0]
        city = rng.choices(world.regions, weights=world.region_weights)[0]
        chains = distinct_choices(rng, world.chains, weights, 1 if rng.random() < 0.6 else 2)
        plans.append(ScienceCityPlan(f"science-city:{name}", name, stage, city, tuple(chains)))
    return plans


def _designations(
    world: CuratedWorld, rng: random.Random, programmes: list[tuple[str, str]], wanted: int
) -> list[tuple[str, str, str]]:
    regions = world.regions + [c for city in world.regions for c in world.counties.get(city, [])]
    ids = [p[0] for p in programmes]
    weights = skewed_weights(len(ids), rng)  # a few designations are widely held, most by a few places
    stages = list(DESIGNATION_STAGES)
    pairs: dict[tuple[str, str], str] = {}
    while len(pairs) < min(wanted, len(regions) * len(ids)):
        pair = (rng.choice(regions), rng.choices(ids, weights=weights)[0])
        if pair not in pairs:
            pairs[pair] = rng.choices(stages, weights=list(DESIGNATION_STAGES.values()))[0]
    return [(region, programme, stage) for (region, programme), stage in pairs.items()]


def plan_structure(world: CuratedWorld, rng: random.Random, scale: float) -> Structure:
    """The structure at `scale` (none at 0), drawn from `rng` alone."""
    weights = skewed_weights(len(world.chains), rng)
    science = _science_cities(world, rng, scaled(STRUCTURE_BASE["ScienceCity"], scale), weights)
    names = [f"合成创新型区域称号{i:02d}" for i in range(1, scaled(STRUCTURE_BASE["designationProgrammes"], scale) + 1)]
    programmes = [(f"programme:{name}", name) for name in names]
    designations = _designations(world, rng, programmes, scaled(STRUCTURE_BASE["designations"], scale))
    linked = world.part_of()
    part_of = [
        (county, city)
        for city in world.regions
        for county in world.counties.get(city, [])
        if scale > 0 and (county, city) not in linked
    ]
    return Structure(weights, science, programmes, designations, part_of)
