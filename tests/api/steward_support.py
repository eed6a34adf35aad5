"""What the data stewards' API tests share: a mapping, files good and bad, apps with keys, and a
fingerprint of the graph to say it is unchanged (or the same as another)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from jxkg.graph_api.app import create_app
from jxkg.graph_api.keys import Role, key_file_line
from jxkg.store import GraphStore
from tests.conftest import settings_for

READER_KEY = "reader-key-steward-tests-0123456789"
ANALYST_KEY = "analyst-key-steward-tests-0123456789"
STEWARD_KEY = "steward-key-steward-tests-0123456789"
STEWARD_NAME = "南昌市科技局数据专员"

MAPPING = """\
class: ResearchConditionPlatform
properties:
  名称: nameZh
  成立年份: foundedYear
relationships:
  所在地市: {type: LOCATED_IN, target: PrefectureCity}
ignore: [序号]
"""
HEADER = ("序号", "名称", "成立年份", "所在地市")
# rows 2-4 are bad: a founding year the shapes refuse (the SHACL gate), a city no one knows (the
# relationship is rejected on reading, the entity loads), a year that is not a number (the row is rejected)
MIXED_ROWS = (
    ("1", "测试平台甲", "2019", "赣州市"),
    ("2", "测试平台乙", "1850", "南昌市"),
    ("3", "测试平台丙", "2020", "火星市"),
    ("4", "测试平台丁", "二〇一九", "九江市"),
    ("5", "测试平台戊", "2021", "吉安市"),
)
FIXES = {"1850": "2019", "火星市": "南昌市", "二〇一九": "2019"}
BAD_ROWS = (2, 3, 4)


def platform_id(name: str) -> str:
    return f"research-condition-platform:{name}"


def csv_bytes(rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER, *, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER, *, title: str = "平台") -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def many_rows(count: int, prefix: str = "批量平台") -> list[tuple[str, str, str, str]]:
    cities = ("赣州市", "南昌市", "九江市", "吉安市", "宜春市")
    return [(str(i), f"{prefix}{i:05d}", str(2000 + i % 20), cities[i % len(cities)]) for i in range(1, count + 1)]


def upload(
    client: TestClient,
    path: str,
    name: str,
    data: bytes,
    *,
    mapping: str | None = MAPPING,
    headers: dict[str, str] | None = None,
) -> Any:
    files: dict[str, Any] = {"file": (name, data)}
    if mapping is not None:
        files["mapping"] = ("平台.mapping.yaml", mapping.encode("utf-8"))
    return client.post(path, files=files, headers=headers or {})


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@contextmanager
def steward_client(store: GraphStore, data_dir: Path, **settings: Any) -> Iterator[TestClient]:
    """The app over `store`'s graph with a reader's, an analyst's and a named steward's key."""
    keys = data_dir / "keys"
    keys.parent.mkdir(parents=True, exist_ok=True)
    keys.write_text(
        "\n".join(
            [
                key_file_line(Role.READER, READER_KEY, "reader"),
                key_file_line(Role.ANALYST, ANALYST_KEY, "analyst"),
                key_file_line(Role.STEWARD, STEWARD_KEY, STEWARD_NAME),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    defaults = {
        "JXKG_API_KEYS": "",
        "JXKG_API_KEYS_FILE": str(keys),
        "JXKG_API_HOST": "127.0.0.1",
        "JXKG_DATA_DIR": str(data_dir),
        "JXKG_RATE_LIMIT": 0,
    }
    app = create_app(settings_for(store, **(defaults | settings)))
    with TestClient(app) as client:
        client.headers.update(bearer(STEWARD_KEY))
        yield client


_BOOKKEEPING = ("ingestRun", "ingestedAt")


def fingerprint(store: GraphStore) -> tuple[frozenset[Any], frozenset[Any]]:
    """The graph's data: each node (id, labels, properties) and relationship (ends, type, properties),
    without the run that wrote them, and without the runs' own records."""
    nodes = store.read(
        "MATCH (n:Entity) WHERE NOT n:IngestRun RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
    )
    edges = store.read(
        "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props"
    )

    def frozen(props: dict[str, Any]) -> frozenset[Any]:
        return frozenset((k, tuple(v) if isinstance(v, list) else v) for k, v in props.items() if k not in _BOOKKEEPING)

    return (
        frozenset((r["id"], frozenset(r["labels"]), frozen(r["props"])) for r in nodes),
        frozenset((r["a"], r["t"], r["b"], frozen(r["props"])) for r in edges),
    )


def counts(store: GraphStore) -> tuple[int, int, int]:
    """Nodes, relationships and ingest runs."""
    nodes = store.read("MATCH (n) RETURN count(n) AS c")[0]["c"]
    edges = store.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
    runs = store.read("MATCH (r:IngestRun) RETURN count(r) AS c")[0]["c"]
    return int(nodes), int(edges), int(runs)


def reason_free(rows: list[list[str]], width: int) -> list[list[str]]:
    return [row[:width] for row in rows]
