"""A deterministic synthetic province for benchmarks and load tests (`jxkg generate`).

Scale 1 is shaped like Jiangxi's own figures: 20k enterprises (6.7k high-tech, 9.4k S&T SMEs as
Recognition nodes), 160k persons, 100k patents, 2k platforms, 24 consortia with 600 members and
about 1M relationships, all tied to the real curated regions, science cities and industry chains,
plus a regional structure of its own (structure.py: 10 science cities, 12 designations held 120 times).
Every synthetic row says so (`provenanceKind` synthetic, `source` synthetic:seed=N:scale=S, names
合成…); the curated structure it points at (rows and the links among them, world.py) is copied in
unchanged, so the folder loads on its own with `jxkg ingest`. Same seed and scale, same bytes. See docs/generator.md.
"""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jxkg.errors import IngestError
from jxkg.ontology.conventions import SYNTHETIC
from jxkg.synthetic import VERSION
from jxkg.synthetic.rows import (
    BAD_KINDS,
    EDGE_HEAD,
    NODE_HEAD,
    TAIL,
    UNKNOWN_COLUMN,
    CsvOut,
    attach_bad_rows,
    new_credit_code,
    plan_bad_rows,
)
from jxkg.synthetic.structure import DESIGNATION_KIND, STRUCTURE_BASE, distinct_choices, plan_structure, scaled
from jxkg.synthetic.world import CURATED_CLASSES, CuratedWorld, read_world

BASE = {  # counts at scale 1
    "Enterprise": 20_000,
    "HighTechEnterprise": 6_700,
    "SciTechSME": 9_400,
    "University": 100,
    "ResearchInstitute": 200,
    "Patent": 100_000,
    "InnovationConsortium": 24,
    "consortiumMembers": 600,
    "cooperations": 60_000,
}
PERSONS = {  # class: (id slug, name stem, count at scale 1); 160k in all
    "Academician": ("academician", "合成院士", 10),
    "DisciplineLeader": ("discipline-leader", "合成学科带头人", 2_000),
    "SciTechCommissioner": ("sci-tech-commissioner", "合成科技特派员", 8_000),
    "Person": ("person", "合成人员", 149_990),
}
PLATFORMS = {  # class: (id slug, name stem, count at scale 1); 2k in all
    "AcademicianWorkstation": ("academician-workstation", "合成院士工作站", 150),
    "EngineeringResearchCenter": ("engineering-research-center", "合成工程研究中心", 400),
    "Incubator": ("incubator", "合成科技企业孵化器", 200),
    "InnovationCenter": ("innovation-center", "合成创新中心", 100),
    "InternationalCooperationBase": ("international-cooperation-base", "合成国际科技合作基地", 80),
    "InternationalJointLaboratory": ("international-joint-laboratory", "合成国际联合实验室", 60),
    "MakerSpace": ("maker-space", "合成众创空间", 300),
    "PostdoctoralStation": ("postdoctoral-station", "合成博士后工作站", 250),
    "ProvincialKeyLaboratory": ("provincial-key-laboratory", "合成省重点实验室", 250),
    "ResearchConditionPlatform": ("research-condition-platform", "合成科研基础条件平台", 60),
    "TechTransferAgency": ("tech-transfer-agency", "合成技术转移机构", 150),
}
PROPS: dict[str, tuple[str, ...]] = {
    "Enterprise": ("creditCode", "foundedYear", "isStateOwned"),
    "Recognition": ("status", "grantedYear", "expiresYear"),
    "University": ("foundedYear",),
    "ResearchInstitute": ("foundedYear",),
    "Patent": ("kind", "year"),
    "InnovationConsortium": ("foundedYear", "count"),
    **dict.fromkeys(PERSONS, ()),
    **dict.fromkeys(PLATFORMS, ("level", "foundedYear")),
    "ScienceCity": ("stage",),
    "Programme": ("kind",),
}
EDGE_TYPES = (
    "AFFILIATED_WITH", "COOPERATES_WITH", "DESIGNATED_AS", "FOCUSES_ON", "HAS_RECOGNITION", "HOLDS_PATENT",
    "HOSTED_BY", "LEADS", "LOCATED_IN", "MEMBER_OF", "SUPPORTS_CHAIN",
)  # fmt: skip
EDGE_PROPS: dict[str, tuple[str, ...]] = {"DESIGNATED_AS": ("stage",)}
_ACADEMIA = ("University", "ResearchInstitute")


def source_label(seed: int, scale: float) -> str:
    return f"synthetic:seed={seed}:scale={scale:g}"


def expected_rows(scale: float) -> dict[str, int]:
    """Rows per file, known before writing (nodes exactly, edges on average): where bad rows may go."""

    def n(base: int) -> int:
        return scaled(base, scale)

    persons = sum(n(p[2]) for p in PERSONS.values())
    platforms = sum(n(p[2]) for p in PLATFORMS.values())
    orgs = n(BASE["Enterprise"]) + n(BASE["University"]) + n(BASE["ResearchInstitute"])
    expected = {f"nodes/{cls}.csv": n(base) for cls, (_, _, base) in {**PERSONS, **PLATFORMS}.items()}
    for cls in ("Enterprise", "University", "ResearchInstitute", "Patent", "InnovationConsortium"):
        expected[f"nodes/{cls}.csv"] = n(BASE[cls])
    recognitions = n(BASE["HighTechEnterprise"]) + n(BASE["SciTechSME"])
    expected.update({"nodes/Recognition.csv": recognitions, "edges/HAS_RECOGNITION.csv": recognitions})
    science = n(STRUCTURE_BASE["ScienceCity"])
    expected["nodes/ScienceCity.csv"] = science
    expected["nodes/Programme.csv"] = n(STRUCTURE_BASE["designationProgrammes"])
    expected["edges/DESIGNATED_AS.csv"] = n(STRUCTURE_BASE["designations"])
    expected["edges/LOCATED_IN.csv"] = orgs + persons + platforms + platforms // 2 + science
    expected["edges/HOLDS_PATENT.csv"] = round(n(BASE["Patent"]) * 5.5)
    expected["edges/AFFILIATED_WITH.csv"] = persons
    expected["edges/SUPPORTS_CHAIN.csv"] = n(BASE["Enterprise"]) + n(BASE["InnovationConsortium"])
    expected["edges/FOCUSES_ON.csv"] = platforms + 2 * (orgs - n(BASE["Enterprise"])) + round(science * 1.4)
    expected["edges/HOSTED_BY.csv"] = round(platforms * 1.1)
    expected["edges/LEADS.csv"] = platforms + n(BASE["InnovationConsortium"])
    expected["edges/MEMBER_OF.csv"] = n(BASE["consortiumMembers"])
    expected["edges/COOPERATES_WITH.csv"] = n(BASE["cooperations"])
    return expected


@dataclass
class _Org:
    id: str
    region: str
    staff: list[str] = field(default_factory=list)


class _Province:
    def __init__(self, out: Path, world: CuratedWorld, seed: int, scale: float, extra_enterprise: list[str]) -> None:
        self.rng = random.Random(seed)
        self.world = world
        self.scale = scale
        self.out = out
        # its own generator: the structure does not shift with the draws of the rest, nor they with it
        self.structure = plan_structure(world, random.Random(f"jxkg-generate-structure:{seed}"), scale)
        self.science = {city: list(found) for city, found in world.science_cities.items()}
        self.chain_cumulative = list(itertools.accumulate(self.structure.chain_weights))  # summed once, drawn often
        self.tail = ["true", source_label(seed, scale), "", SYNTHETIC, ""]  # the columns of TAIL
        self.outs: dict[str, CsvOut] = {}
        self.pad: dict[str, list[str]] = {}
        for cls, props in sorted(PROPS.items()):
            self._open(f"nodes/{cls}.csv", cls, [*NODE_HEAD, *props], extra_enterprise if cls == "Enterprise" else [])
        for rel in EDGE_TYPES + (("PART_OF",) if self.structure.part_of else ()):
            self._open(f"edges/{rel}.csv", rel, [*EDGE_HEAD, *EDGE_PROPS.get(rel, ())], [])
        self.orgs: dict[str, list[_Org]] = {"Enterprise": [], "University": [], "ResearchInstitute": []}
        self.persons: list[str] = []

    def _open(self, name: str, kind: str, head: list[str], extra: list[str]) -> None:
        """A file of generated rows; its columns also hold those of the curated rows copied into it."""
        curated = [c for c in self.world.headers.get(kind, []) if c not in (*head, *TAIL)]
        self.pad[kind] = [""] * (len(curated) + len(extra))
        self.outs[name] = CsvOut(self.out, name, [*head, *curated, *extra, *TAIL])

    def n(self, base: int) -> int:
        return scaled(base, self.scale)

    def node(self, cls: str, node_id: str, name: str, *props: object) -> None:
        row = [node_id, name, "", "", *(str(p) for p in props), *self.pad[cls], *self.tail]
        self.outs[f"nodes/{cls}.csv"].add(row)

    def edge(self, rel: str, start: str, end: str, *props: str) -> None:
        self.outs[f"edges/{rel}.csv"].add([start, end, *props, *self.pad[rel], *self.tail])

    def chain(self) -> str:
        """A chain by its skewed weight: a few chains heavy, most light."""
        return self.rng.choices(self.world.chains, cum_weights=self.chain_cumulative)[0]

    def region(self) -> str:
        rng, world = self.rng, self.world
        city = rng.choices(world.regions, weights=world.region_weights)[0]
        if city in world.counties and rng.random() < 0.3:
            return rng.choice(world.counties[city])
        return city

    def chain_near(self, region: str) -> tuple[str | None, str]:
        """A science city of the region's prefecture (half the time, where it has one) and a chain."""
        nearby = self.science.get(region[:4] + "00", [])
        if nearby and self.rng.random() < 0.5:
            city, chains = self.rng.choice(nearby)
            return city, self.rng.choice(chains) if chains else self.chain()
        return None, self.chain()

    def org(self, weights: tuple[float, float, float]) -> _Org:
        """An organisation of a kind drawn by weight (enterprise, university, institute); big ones more often."""
        kind = self.rng.choices(("Enterprise", "University", "ResearchInstitute"), weights=weights)[0]
        pool = self.orgs[kind]
        return pool[int(len(pool) * self.rng.random() ** 2)]

    def run(self) -> None:
        self.regional()
        self.enterprises()
        self.academia()
        self.people()
        self.platforms()
        self.patents()
        self.consortia()
        self.cooperation()

    def regional(self) -> None:
        """The planned structure (structure.py): science cities, designations, missing PART_OF links."""
        plan = self.structure
        for sc in plan.science_cities:
            self.node("ScienceCity", sc.id, sc.name, sc.stage)
            self.edge("LOCATED_IN", sc.id, sc.city)
            for chain in sc.chains:
                self.edge("FOCUSES_ON", sc.id, chain)
            # platforms of its city settle in it and serve its chains, as in the curated ones
            self.science.setdefault(sc.city, []).append((sc.id, self.world.with_narrower(list(sc.chains))))
        for programme, name in plan.programmes:
            self.node("Programme", programme, name, DESIGNATION_KIND)
        for region, programme, stage in plan.designations:
            self.edge("DESIGNATED_AS", region, programme, stage)
        for county, city in plan.part_of:
            self.edge("PART_OF", county, city)

    def enterprises(self) -> None:
        rng, count = self.rng, self.n(BASE["Enterprise"])
        codes: set[str] = set()
        for i in range(1, count + 1):
            region = self.region()
            code = new_credit_code(rng, region)
            while code in codes:
                code = new_credit_code(rng, region)
            codes.add(code)
            name = f"合成企业{i:06d}"
            owned = "true" if rng.random() < 0.05 else "false"
            self.node("Enterprise", code, name, code, rng.randint(1985, 2022), owned)
            self.edge("LOCATED_IN", code, region)
            self.edge("SUPPORTS_CHAIN", code, self.chain_near(region)[1])
            self.orgs["Enterprise"].append(_Org(code, region))
        for status, label, years, valid in (
            ("HighTechEnterprise", "高新技术企业", (2019, 2022), 3),
            ("SciTechSME", "科技型中小企业", (2020, 2022), None),
        ):
            for index in sorted(rng.sample(range(count), min(count, self.n(BASE[status])))):
                granted = rng.randint(*years)
                name = f"合成企业{index + 1:06d}{label}认定{granted}"
                expires = "" if valid is None else granted + valid
                self.node("Recognition", f"recognition:{name}", name, status, granted, expires)
                self.edge("HAS_RECOGNITION", self.orgs["Enterprise"][index].id, f"recognition:{name}")

    def academia(self) -> None:
        for cls, slug, stem in (
            ("University", "university", "合成大学"),
            ("ResearchInstitute", "research-institute", "合成研究院"),
        ):
            for i in range(1, self.n(BASE[cls]) + 1):
                region, node_id = self.region(), f"{slug}:{stem}{i:03d}"
                self.node(cls, node_id, f"{stem}{i:03d}", self.rng.randint(1950, 2020))
                self.edge("LOCATED_IN", node_id, region)
                for chain in distinct_choices(self.rng, self.world.chains, self.structure.chain_weights, 2):
                    self.edge("FOCUSES_ON", node_id, chain)
                self.orgs[cls].append(_Org(node_id, region))

    def people(self) -> None:
        mix = {
            "Academician": (0.0, 0.6, 0.4),
            "DisciplineLeader": (0.0, 0.6, 0.4),
            "SciTechCommissioner": (0.5, 0.3, 0.2),
            "Person": (0.7, 0.2, 0.1),
        }
        for cls, (slug, stem, base) in PERSONS.items():
            for i in range(1, self.n(base) + 1):
                name = f"{stem}{i:06d}"
                node_id, org = f"{slug}:{name}", self.org(mix[cls])
                self.node(cls, node_id, name)
                self.edge("AFFILIATED_WITH", node_id, org.id)
                self.edge("LOCATED_IN", node_id, org.region)
                org.staff.append(node_id)
                self.persons.append(node_id)

    def platforms(self) -> None:
        rng = self.rng
        for cls, (slug, stem, base) in PLATFORMS.items():
            for i in range(1, self.n(base) + 1):
                node_id, host = f"{slug}:{stem}{i:04d}", self.org((0.6, 0.25, 0.15))
                level = rng.choices(("national", "provincial", "municipal"), weights=(5, 75, 20))[0]
                level = "provincial" if cls == "ProvincialKeyLaboratory" else level  # its name says so (a shape)
                self.node(cls, node_id, f"{stem}{i:04d}", level, rng.randint(2000, 2022))
                self.edge("HOSTED_BY", node_id, host.id)
                second = self.org((0.3, 0.45, 0.25))
                if rng.random() < 0.1 and second.id != host.id:
                    self.edge("HOSTED_BY", node_id, second.id)
                self.edge("LOCATED_IN", node_id, host.region)
                city, chain = self.chain_near(host.region)
                if city is not None:
                    self.edge("LOCATED_IN", node_id, city)
                self.edge("FOCUSES_ON", node_id, chain)
                self.edge("LEADS", rng.choice(host.staff or self.persons), node_id)

    def patents(self) -> None:
        rng = self.rng
        for i in range(1, self.n(BASE["Patent"]) + 1):
            name = f"合成专利{i:06d}"
            node_id, holder = f"patent:{name}", self.org((0.75, 0.18, 0.07))
            kind = rng.choices(("invention", "utilityModel", "design"), weights=(30, 55, 15))[0]
            self.node("Patent", node_id, name, kind, rng.randint(2012, 2022))
            self.edge("HOLDS_PATENT", holder.id, node_id)
            wanted = min(rng.randint(1, 8), len(self.persons))
            inventors = rng.sample(holder.staff, min(wanted, len(holder.staff)))
            while len(inventors) < wanted:
                person = rng.choice(self.persons)
                if person not in inventors:
                    inventors.append(person)
            for person in inventors:
                self.edge("HOLDS_PATENT", person, node_id)

    def consortia(self) -> None:
        rng, count = self.rng, self.n(BASE["InnovationConsortium"])
        members = self.n(BASE["consortiumMembers"])
        for i in range(1, count + 1):
            name = f"合成创新联合体{i:02d}"
            node_id, leader = f"innovation-consortium:{name}", self.org((1.0, 0.0, 0.0))
            size = min(members // count + (1 if i <= members % count else 0), sum(map(len, self.orgs.values())) - 1)
            self.node("InnovationConsortium", node_id, name, rng.randint(2021, 2022), size)
            self.edge("SUPPORTS_CHAIN", node_id, self.chain())
            self.edge("LEADS", leader.id, node_id)
            chosen = {leader.id}
            for _ in range(size):
                member = self.org((0.7, 0.2, 0.1))
                while member.id in chosen:
                    member = self.org((0.7, 0.2, 0.1))
                chosen.add(member.id)
                self.edge("MEMBER_OF", member.id, node_id)

    def cooperation(self) -> None:
        """Enterprise ↔ academia (two thirds) and enterprise ↔ enterprise; symmetric, so each pair once."""
        pairs: set[tuple[str, str]] = set()
        firms, academia = (
            len(self.orgs["Enterprise"]),
            len(self.orgs["University"]) + len(self.orgs["ResearchInstitute"]),
        )
        wanted = min(self.n(BASE["cooperations"]), (firms * (firms - 1) // 2 + firms * academia) // 2)
        while len(pairs) < wanted:
            a = self.org((1.0, 0.0, 0.0))
            b = self.org((1.0, 0.0, 0.0) if self.rng.random() < 1 / 3 else (0.0, 0.6, 0.4))
            pair = (min(a.id, b.id), max(a.id, b.id))
            if a is not b and pair not in pairs:
                pairs.add(pair)
                self.edge("COOPERATES_WITH", *pair)

    def copy_curated(self) -> None:
        """The curated structure (world.py), unchanged and after the generated rows: into the file of
        its class or type where the province writes one, else into a file of its own."""
        if self.scale <= 0:
            return
        world = self.world
        copied = [(f"nodes/{c}.csv", c, [r for r in world.rows[c] if r[0] in world.copied]) for c in CURATED_CLASSES]
        copied += [(f"edges/{rel}.csv", rel, rows) for rel, rows in sorted(world.edges.items())]
        for name, kind, rows in copied:
            if rows and name not in self.outs:
                self.outs[name] = CsvOut(self.out, name, world.headers[kind], curated=True)
            for row in rows:
                self.outs[name].copy(world.headers[kind], row)


def _prepare(out: Path, curated: Path) -> None:
    if out.resolve() == curated.resolve():
        raise IngestError(f"refusing to write synthetic data into the curated folder {curated}")
    if out.exists():
        extra = sorted(p.name for p in out.iterdir() if p.name not in {"nodes", "edges", "MANIFEST.json"})
        if extra or (any(out.iterdir()) and not (out / "MANIFEST.json").is_file()):
            raise IngestError(f"{out} is not empty and not a jxkg generate output; choose an empty or new folder")
        for sub in ("nodes", "edges"):
            for path in sorted((out / sub).glob("*.csv")):
                path.unlink()
    out.mkdir(parents=True, exist_ok=True)


def generate(
    out: Path,
    *,
    scale: float,
    seed: int,
    curated: Path,
    bad_fraction: float = 0.0,
    bad_kinds: list[str] | None = None,
) -> dict[str, Any]:
    """Write the synthetic province into `out`; returns the manifest (also written as MANIFEST.json)."""
    if scale < 0:
        raise IngestError(f"scale must be 0 or more, got {scale}")
    if not 0 <= bad_fraction < 1:
        raise IngestError(f"bad fraction must be at least 0 and below 1, got {bad_fraction}")
    kinds = list(BAD_KINDS) if bad_kinds is None else bad_kinds
    unknown = sorted(set(kinds) - set(BAD_KINDS))
    if unknown:
        raise IngestError(f"unknown kinds of bad rows {unknown}; known: {', '.join(BAD_KINDS)}")
    world = read_world(curated)
    _prepare(out, curated)
    bad_rng = random.Random(f"jxkg-generate-bad:{seed}")  # the good rows are the same with or without bad ones
    plan = plan_bad_rows(expected_rows(scale), bad_fraction, kinds, bad_rng)
    extra = [UNKNOWN_COLUMN] if any(kind == "unknown-column" for _, _, kind in plan) else []
    province = _Province(out, world, seed, scale, extra)
    attach_bad_rows(province.outs, plan, bad_rng)
    province.run()
    province.copy_curated()
    for csv_out in province.outs.values():
        csv_out.close()
    files: dict[str, dict[str, Any]] = {
        name: {"rows": o.rows, "bad": len(o.bad), "curated": o.curated, "copied": o.copied}
        for name, o in province.outs.items()
    }
    bad = sorted((b for o in province.outs.values() for b in o.bad), key=lambda b: (b.file, b.row))

    def total(kind: str) -> int:
        return sum(int(f["rows"]) for name, f in files.items() if name.startswith(kind))

    manifest: dict[str, Any] = {
        "generator": "jxkg generate",
        "version": VERSION,
        "seed": seed,
        "scale": scale,
        "source": source_label(seed, scale),
        "badFraction": bad_fraction,
        "badKinds": kinds,
        "files": dict(sorted(files.items())),
        "totals": {"nodes": total("nodes/"), "edges": total("edges/"), "bad": len(bad)},
        "bad": [b.manifest() for b in bad],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    (out / "MANIFEST.json").write_text(text, encoding="utf-8")
    return manifest
