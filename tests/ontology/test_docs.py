"""docs/ontology.md is generated from the ontology and must be kept up to date."""

from __future__ import annotations

from pathlib import Path

import pytest

from jxkg.ontology.chain_tree import render_chain_tree
from jxkg.ontology.docs import check_docs, main, render_markdown
from jxkg.ontology.schema import load_graph, load_schema

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "ontology.md"
MINI = Path(__file__).parent / "fixtures" / "mini.ttl"


def test_checked_in_docs_are_up_to_date() -> None:
    assert check_docs(DOCS, render_markdown(load_schema(), chain_tree=render_chain_tree())) is None, (
        "run: python -m jxkg.ontology.docs"
    )


def test_render_is_deterministic_and_accepts_a_graph() -> None:
    assert render_markdown(load_schema(MINI)) == render_markdown(load_graph(MINI))


def test_render_contents() -> None:
    text = render_markdown(load_schema(MINI))
    assert "| ontology IRI | <https://w3id.org/jxkg/ontology> |" in text
    assert "| version | 9.9.9 |" in text
    assert "    - [City](#city) 城市 · City" in text  # indented under Entity > Place > Region
    assert "- [Entity](#entity) 实体 · Entity *(abstract)*" in text
    assert "| `nameZh` | 中文名称 | Chinese name | rdf:langString | Entity | yes | yes |" in text
    assert "| `SUPPORTS_CITY_LAB` | `supportsCityLab` | Lab \\| City ↔ City \\| Lab |" in text
    assert "| `jx:City` | skos:closeMatch | `schema:City` |" in text
    assert "| fulltext | `Entity` | `aliases`, `nameZh` |" in text


def test_check_passes_on_a_current_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ontology.md"
    main(["--ontology", str(MINI), "--out", str(out)])
    assert out.read_text(encoding="utf-8") == render_markdown(load_schema(MINI))
    main(["--ontology", str(MINI), "--out", str(out), "--check"])
    assert "is up to date" in capsys.readouterr().out


def test_check_fails_on_a_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ontology.md"
    out.write_text(render_markdown(load_schema(MINI)).replace("9.9.9", "0.0.0"), encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["--ontology", str(MINI), "--out", str(out), "--check"])
    assert caught.value.code == 1
    assert "is out of date" in capsys.readouterr().err


def test_check_fails_on_a_missing_file(tmp_path: Path) -> None:
    message = check_docs(tmp_path / "absent.md", "text\n")
    assert message is not None and "does not exist" in message


def test_unreadable_ontology_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--ontology", str(tmp_path / "missing.ttl"), "--out", str(tmp_path / "o.md")])
    assert caught.value.code == 2
    assert "missing.ttl" in capsys.readouterr().err
