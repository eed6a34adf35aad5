"""docs/queries.md is generated from the catalog headers and must be kept up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jxkg.ontology.schema import load_schema
from jxkg.queries import load_catalog
from jxkg.queries.docs import check_docs, cli_example, curl_example, main, render_markdown

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "queries.md"


def test_checked_in_docs_are_up_to_date() -> None:
    expected = render_markdown(load_catalog(), load_schema())
    assert check_docs(DOCS, expected) is None, "run: python -m jxkg.queries.docs --out docs/queries.md"


def test_the_command_line_check_passes() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jxkg.queries.docs", "--out", str(DOCS), "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "is up to date" in done.stdout


def test_the_docs_list_every_question_with_its_examples() -> None:
    text = DOCS.read_text(encoding="utf-8")
    catalog = load_catalog()
    contents = text[text.index("## Contents") : text.index("\n## ", text.index("## Contents") + 1)]
    for number, query in enumerate(catalog, start=1):
        assert f"| {number} | [`{query.name}`](#{query.name}) |" in contents
        assert f"\n## {query.name}\n" in text
        assert query.title.zh in text and query.title.en in text
        assert cli_example(query) in text and curl_example(query) in text
        assert query.cypher in text
        for parameter in query.parameters:
            assert f"| `{parameter.name}` | {parameter.type.value} |" in text
    assert text.index("## science-city-chain-support") < text.index(f"## {catalog.names()[1]}")


def test_the_examples_are_shell_ready() -> None:
    query = load_catalog().get("cooperation-partners")
    assert cli_example(query) == "jxkg query run cooperation-partners --param party=江西省 --param partnerClass=Country"
    assert curl_example(query) == (
        "curl -X POST http://127.0.0.1:8000/api/v1/queries/cooperation-partners/run "
        '-H \'Content-Type: application/json\' -d \'{"params": {"party": "江西省", "partnerClass": "Country"}}\''
    )
    paths = load_catalog().get("connection-paths")
    assert "--param maxHops=3" in cli_example(paths) and '"maxHops": 3' in curl_example(paths)


def test_check_fails_on_a_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "queries.md"
    main(["--out", str(out)])
    main(["--out", str(out), "--check"])
    assert "is up to date" in capsys.readouterr().out
    out.write_text(out.read_text(encoding="utf-8").replace("科创城", "科技城", 1), encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["--out", str(out), "--check"])
    assert caught.value.code == 1
    assert "python -m jxkg.queries.docs --out docs/queries.md" in capsys.readouterr().err


def test_a_malformed_catalog_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "broken.cypher").write_text("// name: broken\nMATCH (n) RETURN n\n", encoding="utf-8")
    monkeypatch.setattr("jxkg.queries.docs.load_catalog", lambda: load_catalog(tmp_path))
    with pytest.raises(SystemExit) as caught:
        main(["--out", str(tmp_path / "queries.md")])
    assert caught.value.code == 2
    assert "broken.cypher" in capsys.readouterr().err
    assert not (tmp_path / "queries.md").exists()
