"""Checks of the curated data in data/curated against the source documents in data/sources.

Standard library + pytest only. Paths are relative to the repository root.
"""

import csv
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "sources"
CURATED = ROOT / "data" / "curated"
NODES = CURATED / "nodes"
EDGES = CURATED / "edges"

PLAN = "000_d24e6e608ec2dcda.txt"
REVIEW = "003_0734145f5672b58a.txt"
KINDS = {"documented", "curated", "reference", "synthetic"}
REGION_CLASSES = {"Province", "PrefectureCity", "County"}
HEAD = ["id", "nameZh", "nameEn", "aliases"]
TAIL = ["source", "quote", "provenanceKind", "note"]


def kebab(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", name).lower()


def read_csv(path):
    with Path(path).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def text(name):
    return (SOURCES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def docs():
    return {p.name: p.read_text(encoding="utf-8") for p in SOURCES.glob("*.txt")}


@pytest.fixture(scope="module")
def nodes():
    """class name -> list of rows"""
    return {p.stem: read_csv(p)[1] for p in sorted(NODES.glob("*.csv"))}


@pytest.fixture(scope="module")
def edges():
    """relationship type -> list of rows"""
    return {p.stem: read_csv(p)[1] for p in sorted(EDGES.glob("*.csv"))}


@pytest.fixture(scope="module")
def by_id(nodes):
    out = {}
    for cls, rows in nodes.items():
        for r in rows:
            out[r["id"]] = (cls, r)
    return out


def all_rows(nodes, edges):
    for cls, rows in nodes.items():
        for i, r in enumerate(rows, 1):
            yield f"nodes/{cls}.csv row {i}", r
    for typ, rows in edges.items():
        for i, r in enumerate(rows, 1):
            yield f"edges/{typ}.csv row {i}", r


# --------------------------------------------------------------------------- sources
@pytest.mark.parametrize("name", [PLAN, REVIEW, "README.md"])
def test_source_copies_exist(name):
    p = SOURCES / name
    assert p.is_file() and p.stat().st_size > 0, p


def test_source_copies_match_shared_when_available():
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("shared seeds folder not available")
    for name in (PLAN, REVIEW):
        if (shared / name).is_file():
            assert (shared / name).read_bytes() == (SOURCES / name).read_bytes(), name


# --------------------------------------------------------------------------- file layout
def test_node_files_have_convention_columns():
    files = sorted(NODES.glob("*.csv"))
    assert files
    for p in files:
        head, rows = read_csv(p)
        assert head[:4] == HEAD, p.name
        assert head[-4:] == TAIL, p.name
        assert rows, f"{p.name} is empty"


def test_edge_files_have_convention_columns():
    files = sorted(EDGES.glob("*.csv"))
    assert files
    for p in files:
        head, _ = read_csv(p)
        assert head[:2] == ["start", "end"], p.name
        assert head[-4:] == TAIL, p.name


@pytest.mark.parametrize(
    "typ",
    [
        "LOCATED_IN",
        "PART_OF",
        "FOCUSES_ON",
        "SUPPORTS_CHAIN",
        "HOSTED_BY",
        "MEMBER_OF",
        "COOPERATES_WITH",
        "JOINTLY_BUILT_WITH",
        "MEASURES",
        "TARGETS",
        "ABOUT_REGION",
    ],
)
def test_required_edge_files_exist(typ):
    assert (EDGES / f"{typ}.csv").is_file()


# --------------------------------------------------------------------------- provenance
def test_every_quote_is_in_its_document(nodes, edges, docs):
    bad = []
    for where, r in all_rows(nodes, edges):
        q = r["quote"]
        if not q:
            continue
        doc = r["source"].split("#", 1)[0]
        if doc not in docs:
            bad.append((where, "source document not in data/sources", r["source"]))
        elif q not in docs[doc]:
            bad.append((where, "quote not found", q[:60]))
    assert not bad, bad[:20]


def test_source_sections_exist(nodes, edges, docs):
    bad = []
    for where, r in all_rows(nodes, edges):
        doc, _, sec = r["source"].partition("#")
        if doc in docs and sec:
            for part in sec.split(" "):
                if part not in ("通知", "总述") and part not in docs[doc]:
                    bad.append((where, r["source"]))
    assert not bad, bad[:20]


def test_provenance_columns(nodes, edges):
    bad = []
    for where, r in all_rows(nodes, edges):
        kind = r["provenanceKind"]
        if kind not in KINDS:
            bad.append((where, "provenanceKind", kind))
        if not r["source"].strip():
            bad.append((where, "empty source"))
        if kind == "documented" and not r["quote"].strip():
            bad.append((where, "documented row without quote"))
        if kind == "curated" and not r["note"].strip():
            bad.append((where, "curated row without note"))
        if kind == "reference" and r["source"] != "GB/T 2260":
            bad.append((where, "reference row should cite GB/T 2260"))
    assert not bad, bad[:20]


def test_curated_rows_are_few(nodes, edges):
    rows = [r for _, r in all_rows(nodes, edges) if r["provenanceKind"] != "reference"]
    curated = [r for r in rows if r["provenanceKind"] == "curated"]
    assert len(curated) <= 0.05 * len(rows), (len(curated), len(rows))


# --------------------------------------------------------------------------- identity
def test_ids_unique_across_node_files(nodes):
    seen = {}
    dup = []
    for cls, rows in nodes.items():
        for r in rows:
            if r["id"] in seen:
                dup.append((r["id"], seen[r["id"]], cls))
            seen[r["id"]] = cls
    assert not dup, dup


def test_id_format(nodes):
    bad = []
    for cls, rows in nodes.items():
        for r in rows:
            i = r["id"]
            if i != i.strip() or not i or any(c in i for c in "\n\t"):
                bad.append((cls, i))
            elif cls in REGION_CLASSES:
                if not re.fullmatch(r"\d{6}", i):
                    bad.append((cls, i))
                elif r.get("code") != i:
                    bad.append((cls, i, "code column differs"))
            elif cls == "Enterprise" and re.fullmatch(r"[0-9A-Z]{18}", i):
                continue
            elif not (i.startswith(kebab(cls) + ":") and len(i) > len(kebab(cls)) + 1):
                bad.append((cls, i))
            if not r["nameZh"].strip():
                bad.append((cls, i, "no nameZh"))
    assert not bad, bad[:20]


def test_edge_endpoints_exist(edges, by_id):
    bad = [
        (typ, r["start"], r["end"])
        for typ, rows in edges.items()
        for r in rows
        if r["start"] not in by_id or r["end"] not in by_id
    ]
    assert not bad, bad[:20]


# --------------------------------------------------------------------------- regions
def test_one_jiangxi_province_and_eleven_cities(nodes):
    provinces = nodes["Province"]
    jiangxi = [r for r in provinces if r["id"].startswith("36")]
    assert [r["id"] for r in jiangxi] == ["360000"]
    assert jiangxi[0]["nameZh"] == "江西省"
    # other provincial-level units are cooperation partners outside Jiangxi
    assert all(not r["id"].startswith("36") for r in provinces if r is not jiangxi[0])
    cities = nodes["PrefectureCity"]
    assert len(cities) == 11
    assert sorted(r["id"] for r in cities) == [f"36{n:02d}00" for n in range(1, 12)]


def test_cities_and_counties_are_part_of_the_hierarchy(nodes, edges):
    part_of = {(r["start"], r["end"]) for r in edges["PART_OF"]}
    for r in nodes["PrefectureCity"]:
        assert (r["id"], "360000") in part_of
    for r in nodes["County"]:
        assert (r["id"], r["id"][:4] + "00") in part_of


# --------------------------------------------------------------------------- science cities
def test_ten_science_cities(nodes):
    rows = nodes["ScienceCity"]
    assert len(rows) == 10
    assert sum(r["stage"] == "built" for r in rows) == 6
    assert sum(r["stage"] == "planned" for r in rows) == 4


def test_science_cities_match_plan_text(nodes):
    plan = text(PLAN)
    built = re.search(r"统筹(.*?)六大科创城建设", plan).group(1).split("、")
    planned = re.search(r"重点建设(.*?)四大科创城", plan).group(1).split("、")
    stage = {r["nameZh"]: r["stage"] for r in nodes["ScienceCity"]}
    assert len(built) == 6 and len(planned) == 4
    for n in built:
        assert stage.get(n + "科创城") == "built", n
    for n in planned:
        assert stage.get(n + "科创城") == "planned", n


def test_science_cities_located_and_focused(nodes, edges, by_id):
    loc = {}
    for r in edges["LOCATED_IN"]:
        if r["start"].startswith("science-city:") and by_id[r["end"]][0] == "PrefectureCity":
            loc.setdefault(r["start"], set()).add(r["end"])
    foc = {r["start"] for r in edges["FOCUSES_ON"] if by_id[r["end"]][0] == "IndustryChain"}
    for r in nodes["ScienceCity"]:
        two = "—" in r["nameZh"]
        assert len(loc.get(r["id"], ())) == (2 if two else 1), r["id"]
        assert r["id"] in foc, r["id"]
    assert sum("—" in r["nameZh"] for r in nodes["ScienceCity"]) == 3


# --------------------------------------------------------------------------- labs, consortia
def test_national_key_labs_as_in_review(nodes):
    review = text(REVIEW)
    m = re.search(r"。([^。，]*?)等国家重点实验室", review)
    fields = m.group(1).split("、")
    names = {r["nameZh"] for r in nodes["NationalKeyLaboratory"]}
    assert len(fields) == 5  # as the review states
    assert len(nodes["NationalKeyLaboratory"]) == len(fields)
    for f in fields:
        assert f + "国家重点实验室" in names


def test_consortia_count(nodes, edges):
    review = text(REVIEW)
    m = re.search(r"(\d+)个重点产业链布局的(\d+)个联合体", review)
    chains, consortia = int(m.group(1)), int(m.group(2))
    assert (chains, consortia) == (14, 24)
    rows = nodes["InnovationConsortium"]
    total = sum(int(r["count"]) if r.get("count") else 1 for r in rows)
    assert total == consortia
    chain_ids = {r["id"]: r for r in nodes["IndustryChain"]}
    supported = [r["end"] for r in edges["SUPPORTS_CHAIN"] if r["start"] in {c["id"] for c in rows}]
    assert any(chain_ids[e].get("count") == str(chains) for e in supported)


def test_provincial_lab_fields(nodes):
    review = text(REVIEW)
    fields = re.search(r"加紧谋划(.*?)等领域省级实验室", review).group(1).split("、")
    planned = {r["field"] for r in nodes["ProvincialLaboratory"] if r["stage"] == "planned"}
    assert set(fields) == planned
    assert any(r["nameZh"] == "复合半导体江西省实验室" for r in nodes["ProvincialLaboratory"])


# --------------------------------------------------------------------------- indicators
def _num(v):
    return re.fullmatch(r"-?\d+(\.\d+)?", v) is not None


def test_observations_complete(nodes, edges, by_id):
    measures = {r["start"]: r["end"] for r in edges["MEASURES"]}
    about = {r["start"] for r in edges["ABOUT_REGION"]}
    for r in nodes["Observation"]:
        assert _num(r["value"]), r["id"]
        assert r["unit"], r["id"]
        assert re.fullmatch(r"\d{4}", r["year"]), r["id"]
        assert by_id[measures[r["id"]]][0] == "Indicator", r["id"]
        assert r["id"] in about, r["id"]


def test_review_then_now_values(nodes):
    obs = {r["id"]: r for r in nodes["Observation"]}
    expect = {
        "全社会研发经费投入": ("250", "500"),
        "研发经费投入强度": ("1.28", "1.7"),
        "高新技术产业增加值占规模以上工业增加值比重": ("30.9", "40.2"),
        "高新技术企业数": ("2138", "6669"),
        "科技型中小企业数": ("464", "9415"),
        "专利授权量": ("3.3", "9.7"),
        "技术合同成交额": ("96.19", "414"),
        "综合科技创新水平全国位次": ("20", "16"),
    }
    for ind, (then, now) in expect.items():
        assert obs[f"observation:{ind}:360000:2017"]["value"] == then
        assert obs[f"observation:{ind}:360000:2021"]["value"] == now


TARGETS_2025 = [
    "综合科技创新水平全国位次",
    "全社会研发经费投入",
    "基础研究经费占全社会研发经费比重",
    "研发人员数",
    "高新技术产业增加值占规模以上工业增加值比重",
    "独角兽（潜在、种子）企业数",
    "高新技术企业数",
    "科技型中小企业数",
    "技术经纪人数",
    "技术合同登记数量",
    "技术合同成交额",
    "万人发明专利拥有量",
    "科创城数量",
    "国家级农业科技园区数",
    "高端研发机构数",
    "重大战略性高端研发机构数",
    "产业引领性高端研发机构数",
    "研发应用型高端研发机构数",
    "农业科技特派员人数",
    "企业科技特派员人数",
    "科技特派员进入开发区数",
    "科技特派员服务企业数",
    "省基础学科研究中心数",
    "ESI前1%学科数",
]


def test_every_2025_target_present(nodes, edges, by_id):
    targets = {r["id"]: r for r in nodes["Target"]}
    targets_edge = {r["start"]: r["end"] for r in edges["TARGETS"]}
    for ind in TARGETS_2025:
        tid = f"target:{ind}:2025"
        assert tid in targets, tid
        t = targets[tid]
        assert t["deadlineYear"] == "2025"
        assert t["comparator"] in {">=", "<=", "=", ">", "approx", "between", "increase", "qualitative"}
        assert t["value"] == "" or _num(t["value"])
        assert targets_edge[tid] == f"indicator:{ind}"
        assert by_id[targets_edge[tid]][0] == "Indicator"


def test_numeric_2025_sentences_covered_by_targets(nodes):
    """Every sentence of the plan that sets a figure for 2025 / the end of the 14th FYP is quoted by a Target."""
    plan = text(PLAN)
    quotes = [r["quote"] for r in nodes["Target"]]
    sentences = re.split(r"(?<=[。；])", plan)
    wanted = [s for s in sentences if ("到2025年" in s or "“十四五”末" in s) and re.search(r"\d", s)]
    assert len(wanted) >= 5
    for s in wanted:
        assert any(q in s or s.strip() in q for q in quotes), s


def test_every_competing_reading_names_a_relationship_that_exists() -> None:
    """A doubtful fact links its competing reading by the relationship's key (start-[TYPE]->end)."""
    import csv

    from jxkg.ontology.conventions import relationship_key

    edges = Path(__file__).resolve().parents[2] / "data" / "curated" / "edges"
    keys: set[str] = set()
    competing: list[tuple[str, str]] = []
    for path in edges.glob("*.csv"):
        for row in csv.DictReader(path.open(encoding="utf-8")):
            key = relationship_key(row["start"], path.stem, row["end"])
            keys.add(key)
            if row.get("competingWith"):
                competing.append((key, row["competingWith"]))
                assert row.get("certainty") in {"doubtful", "probable"}, key
    assert competing, "the curated data holds at least one doubtful fact with its competing reading"
    for key, other in competing:
        assert other in keys, f"{key}: competingWith names no relationship: {other}"
        assert (other, key) in competing, f"{other} does not point back to {key}"


# a path of this machine in a note or a source would reach every user through the API and the pages
_PATH = re.compile(r"\.\./|(?<![\w.])/(?:work|home|root|tmp|usr|var|etc|opt)/")


def test_no_cell_holds_a_file_system_path():
    found = []
    for path in sorted(CURATED.rglob("*.csv")):
        _, rows = read_csv(path)
        for number, row in enumerate(rows, start=2):
            found += [(path.name, number, field) for field, value in row.items() if value and _PATH.search(value)]
    assert found == [], found[:5]
