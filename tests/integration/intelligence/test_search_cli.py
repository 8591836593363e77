"""`comptoir search index | query`: the contract other tools depend on, to the letter.

Exit codes 0 / 1 / 2; a bad line exits 2 naming its line and leaves the directory as it was; answers
are one JSON object per query, in order, of exactly ``{"query", "results": [{"id", "score"}]}``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from comptoir.cli.main import app

LINES: list[dict[str, Any]] = [
    {
        "id": "demo-001",
        "brand": {"name": "Lancôme", "name_zh": "兰蔻"},
        "title": {"zh-Hans": "兰蔻菁纯面霜 50毫升", "fr": "Lancôme Absolue crème riche 50 ml"},
        "description": {"zh-Hans": "奢华滋润", "fr": "Crème riche"},
        "category": "cosmetics_skincare",
    },
    {
        "id": "demo-002",
        "brand": {"name": "L'Occitane", "name_zh": "欧舒丹"},
        "title": {"zh-Hans": "欧舒丹乳木果护手霜", "fr": "L'Occitane crème mains karité", "en": "Shea hand cream"},
        "category": "cosmetics_skincare",
    },
    {
        "id": "demo-003",
        "brand": {"name": "Château Margaux", "name_zh": None},
        "title": {"zh-Hans": "玛歌酒庄红葡萄酒 2015", "fr": "Château Margaux vin rouge 2015"},
        "description": {"fr": "Premier grand cru classé"},
        "category": "food_wine",
    },
]


def run(*args: str) -> Any:
    return CliRunner().invoke(app, ["search", *args])


def write_lines(path: Path, lines: list[Any]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in lines))
    return path


@pytest.fixture
def products(tmp_path: Path) -> Path:
    return write_lines(tmp_path / "products.jsonl", LINES)


@pytest.fixture
def index(tmp_path: Path, products: Path) -> Path:
    directory = tmp_path / "index"
    result = run("index", "--products", str(products), "--index", str(directory))
    assert result.exit_code == 0, result.output
    return directory


def test_index_builds_a_standalone_index(tmp_path: Path, products: Path) -> None:
    directory = tmp_path / "deep" / "index"
    result = run("index", "--products", str(products), "--index", str(directory), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["index"], summary["products"]) == (str(directory), 3)
    assert summary["size_bytes"] > 0
    assert (directory / "comptoir-search.json").is_file()
    assert [p.name for p in directory.parent.iterdir()] == ["index"]  # nothing left aside


def test_query_answers_json_of_exactly_this_shape(index: Path) -> None:
    result = run("query", "--index", str(index), "--q", "CRÈME", "--json")
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    answer = json.loads(line)
    assert set(answer) == {"query", "results"}
    assert answer["query"] == "CRÈME"
    assert sorted(r["id"] for r in answer["results"]) == ["demo-001", "demo-002"]
    for found in answer["results"]:
        assert set(found) == {"id", "score"}
        assert isinstance(found["id"], str) and isinstance(found["score"], float)
    scores = [r["score"] for r in answer["results"]]
    assert scores == sorted(scores, reverse=True)


def test_limit_cuts_the_answer(index: Path) -> None:
    result = run("query", "--index", str(index), "--q", "霜", "--limit", "1", "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["results"]) == 1


def test_queries_are_answered_each_on_its_line_in_order(tmp_path: Path, index: Path) -> None:
    asked = ["hushoushuang", "葡萄酒", "nothing-like-it", "Lancome", "葡萄酒"]
    queries = write_lines(tmp_path / "queries.jsonl", [{"q": q} for q in asked])
    result = run("query", "--index", str(index), "--queries", str(queries), "--json")
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["query"] for a in answers] == asked
    assert [[r["id"] for r in a["results"]][:1] for a in answers] == [
        ["demo-002"],
        ["demo-003"],
        [],
        ["demo-001"],
        ["demo-003"],
    ]


def test_without_json_the_answer_is_a_table(index: Path) -> None:
    result = run("query", "--index", str(index), "--q", "oushudan")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "oushudan: 1 result(s)"
    assert lines[1].split() == ["rank", "id", "score"]
    assert lines[2].split()[:2] == ["1", "demo-002"]
    assert run("query", "--index", str(index), "--q", "zzzz").stdout.strip() == "zzzz: no match"


def test_a_bad_line_exits_2_naming_it_and_writes_nothing(tmp_path: Path) -> None:
    bad = dict(LINES[1], title={"fr": "Crème mains"})
    products = write_lines(tmp_path / "products.jsonl", [LINES[0], bad, LINES[2]])
    directory = tmp_path / "index"
    result = run("index", "--products", str(products), "--index", str(directory))
    assert result.exit_code == 2
    assert "line 2: title.zh-Hans is missing" in result.stderr
    assert result.stderr.rstrip().endswith("nothing indexed")
    assert not directory.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["products.jsonl"]


def test_every_bad_line_is_named_and_the_first_in_the_reason(tmp_path: Path) -> None:
    products = write_lines(tmp_path / "products.jsonl", [LINES[0], "{not json", LINES[0], ""])
    result = run("index", "--products", str(products), "--index", str(tmp_path / "index"))
    assert result.exit_code == 2
    assert f"{products} line 2: not valid JSON" in result.stderr
    assert f"{products} line 3: id 'demo-001' already on line 1" in result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"error: {products} line 2: not valid JSON")


def test_a_bad_line_leaves_an_earlier_index_as_it_was(tmp_path: Path, index: Path) -> None:
    before = sorted((p.name, p.stat().st_size) for p in index.iterdir())
    products = write_lines(tmp_path / "more.jsonl", [dict(LINES[0], category="")])
    result = run("index", "--products", str(products), "--index", str(index))
    assert result.exit_code == 2
    assert "line 1: category must be a category code" in result.stderr
    assert sorted((p.name, p.stat().st_size) for p in index.iterdir()) == before
    assert json.loads(run("query", "--index", str(index), "--q", "葡萄酒", "--json").stdout)["results"]


def test_indexing_again_replaces_the_index(tmp_path: Path, index: Path) -> None:
    products = write_lines(tmp_path / "one.jsonl", [LINES[2]])
    assert run("index", "--products", str(products), "--index", str(index)).exit_code == 0
    answer = json.loads(run("query", "--index", str(index), "--q", "霜", "--json").stdout)
    assert answer["results"] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index", "one.jsonl", "products.jsonl"]


def test_a_directory_holding_something_else_is_not_overwritten(tmp_path: Path, products: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    result = run("index", "--products", str(products), "--index", str(mine))
    assert result.exit_code == 2
    assert "not empty and holds no search index" in result.stderr
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_a_missing_index_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    result = run("query", "--index", str(tmp_path / "nowhere"), "--q", "面霜", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no search index at" in result.stderr
    assert "comptoir search index --products" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("query", "--index", str(empty), "--q", "面霜").exit_code == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--q", ""], "must not be empty"),
        ([], "--q TEXT is required"),
        (["--q", "x", "--queries", "q.jsonl"], "not both"),
        (["--q", "x", "--limit", "0"], "--limit"),
    ],
)
def test_a_bad_query_exits_2(index: Path, args: list[str], message: str) -> None:
    result = run("query", "--index", str(index), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_bad_queries_line_exits_2_naming_it(tmp_path: Path, index: Path) -> None:
    queries = write_lines(tmp_path / "queries.jsonl", [{"q": "面霜"}, {"query": "面霜"}])
    result = run("query", "--index", str(index), "--queries", str(queries), "--json")
    assert result.exit_code == 2
    assert f"{queries} line 2: expected an object" in result.stderr
    assert result.stdout == ""


def test_unreadable_products_exit_2(tmp_path: Path) -> None:
    result = run("index", "--products", str(tmp_path / "none.jsonl"), "--index", str(tmp_path / "index"))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr


def test_a_real_process_prints_only_the_answers(index: Path) -> None:
    """No segmenter chatter on stderr, and the exit code of the real command."""
    command = [sys.executable, "-m", "comptoir.cli.main", "search", "query", "--index", str(index)]
    done = subprocess.run([*command, "--q", "欧舒丹", "--json"], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["results"][0]["id"] == "demo-002"
    missing = subprocess.run([*command[:-1], str(index) + "-not", "--q", "x"], capture_output=True, text=True)
    assert missing.returncode == 2
