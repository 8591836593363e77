"""`comptoir search …`: build a standalone search index from a file of products, and query it.

Other tools depend on these commands to the letter:

- ``comptoir search index --products FILE.jsonl --index DIR``: one product per line (the shape of
  :mod:`comptoir.intelligence.search.documents`). Every line is checked first; a bad one exits 2 naming
  its line and what is wrong, and nothing is written (DIR is left as it was, or not created). DIR is
  built aside and moved into place whole; a DIR holding an earlier index is replaced.
- ``comptoir search query --index DIR --q TEXT [--limit 10] [--json]``, or ``--queries FILE.jsonl`` with
  one ``{"q": ...}`` per line, answered each on its own line in order. ``--json`` prints
  ``{"query": ..., "results": [{"id": ..., "score": ...}]}``, best first; without it, a table.
- ``comptoir search rebuild [--data-dir DIR] [--database-url URL]``: the installation's own index (under
  the data directory, kept current from the catalog's events) rebuilt from the database: every product
  the Chinese storefront shows.

Exit codes, as for every ``comptoir`` command: 0 done, 1 a failure, 2 bad input (an option, a line,
a directory that holds no index).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from comptoir.intelligence.search.documents import ProductDocument, ProductLineInvalid, parse_product_line
from comptoir.kernel.commands import (
    BAD_INPUT,
    FAILURE,
    DatabaseUrlOption,
    DataDirOption,
    fail,
    run_with_runtime,
    settings_from_options,
)

if TYPE_CHECKING:
    from comptoir.intelligence.search.port import SearchHit
    from comptoir.intelligence.search.tantivy_index import TantivySearchIndex
    from comptoir.kernel.runtime import Runtime

app = typer.Typer(
    help="Product search: build a standalone index from a JSON-lines file of products, and query it.",
    epilog="Exit status: 0 done, 1 a failure, 2 bad input (an option, a line of a file, a directory with no index).",
    no_args_is_help=True,
)

IndexDir = Annotated[Path, typer.Option("--index", help="Directory of the search index.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object per query.")]
MAX_REPORTED = 20


def _bad_input(message: str) -> typer.Exit:
    return fail(message, BAD_INPUT)


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad_input(f"cannot read {path}: {exc}") from exc


def read_products(path: Path) -> list[ProductDocument]:
    """Every product of a JSON-lines file, or exit 2 naming each bad line (blank lines are skipped)."""
    products: list[ProductDocument] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        try:
            product = parse_product_line(line)
        except ProductLineInvalid as exc:
            problems.append(f"{path} line {number}: {exc}")
            continue
        if product.id in seen:
            problems.append(f"{path} line {number}: id {product.id!r} already on line {seen[product.id]}")
            continue
        seen[product.id] = number
        products.append(product)
    if problems:
        for problem in problems[:MAX_REPORTED]:
            typer.echo(problem, err=True)
        if len(problems) > MAX_REPORTED:
            typer.echo(f"… and {len(problems) - MAX_REPORTED} more", err=True)
        more = f" (and {len(problems) - 1} more bad line(s))" if len(problems) > 1 else ""
        raise _bad_input(f"{problems[0]}{more}; nothing indexed")
    return products


@app.command("index")
def index_command(
    products: Annotated[Path, typer.Option("--products", help="Products, one JSON object per line.")],
    index: IndexDir,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Build a standalone search index of the products in --products into --index (no database needed)."""
    from comptoir.intelligence.search.tantivy_index import is_index

    if index.exists() and not index.is_dir():
        raise _bad_input(f"{index} exists and is not a directory")
    if index.is_dir() and not is_index(index) and any(index.iterdir()):
        raise _bad_input(f"{index} is not empty and holds no search index; give a new or empty directory")
    documents = read_products(products)
    count, size = _build(documents, index)
    if as_json:
        typer.echo(json.dumps({"index": str(index), "products": count, "size_bytes": size}))
    else:
        typer.echo(f"indexed {count} product(s) into {index} ({size / 1e6:.1f} MB)")


def _build(documents: list[ProductDocument], target: Path) -> tuple[int, int]:
    """Build the index beside ``target`` and move it into place whole; return (products, bytes on disk)."""
    from comptoir.intelligence.search.tantivy_index import TantivySearchIndex, directory_size

    parent = target.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=parent))
    try:
        count = TantivySearchIndex.open(building, create=True).rebuild_now(documents)
        size = directory_size(building)
        _swap_into_place(building, target)
    except Exception as exc:
        shutil.rmtree(building, ignore_errors=True)
        raise fail(f"cannot build the index in {target}: {exc}", FAILURE) from exc
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return count, size


def _swap_into_place(built: Path, target: Path) -> None:
    if target.is_dir() and not any(target.iterdir()):
        target.rmdir()
    if not target.exists():
        os.replace(built, target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.absolute().parent))
    os.replace(target, retired / target.name)
    os.replace(built, target)
    shutil.rmtree(retired, ignore_errors=True)


@app.command("query")
def query_command(
    index: IndexDir,
    q: Annotated[str | None, typer.Option("--q", help="What a shopper typed.")] = None,
    queries: Annotated[
        Path | None, typer.Option("--queries", help='Queries, one {"q": ...} per line, answered in order.')
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="Results per query.")] = 10,
    as_json: AsJson = False,
) -> None:
    """The best matches of --q (or of each line of --queries) in the index at --index."""
    if queries is not None:
        if q is not None:
            raise _bad_input("give either --q TEXT or --queries FILE.jsonl, not both")
        asked = read_queries(queries)
    elif q is None or not q.strip():
        raise _bad_input("--q TEXT is required (or --queries FILE.jsonl), and must not be empty")
    else:
        asked = [q]
    opened = open_index(index)
    for text in asked:
        hits = opened.search_now(text, limit)
        typer.echo(json.dumps(answer_document(text, hits), ensure_ascii=False) if as_json else _table(text, hits))


def open_index(directory: Path) -> TantivySearchIndex:
    """The index in ``directory``, or exit 2 saying there is none."""
    from comptoir.intelligence.search.tantivy_index import IndexNotFound, TantivySearchIndex

    if not directory.is_dir():
        raise _bad_input(
            f"no search index at {directory}: the directory does not exist "
            f"(build one with `comptoir search index --products FILE.jsonl --index {directory}`)"
        )
    try:
        return TantivySearchIndex.open(directory)
    except IndexNotFound as exc:
        raise _bad_input(
            f"{exc} (build one with `comptoir search index --products FILE.jsonl --index {directory}`)"
        ) from exc


def read_queries(path: Path) -> list[str]:
    """The ``q`` of every line of a JSON-lines file (other keys are ignored), or exit 2 naming a bad line."""
    asked = []
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        try:
            item: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _bad_input(f"{path} line {number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(item, dict) or not isinstance(item.get("q"), str) or not item["q"].strip():
            raise _bad_input(f'{path} line {number}: expected an object with a non-empty string "q"')
        asked.append(item["q"])
    return asked


def answer_document(query: str, hits: list[SearchHit]) -> dict[str, Any]:
    """The answer shape of ``comptoir search query --json``."""
    return {"query": query, "results": [{"id": hit.id, "score": round(hit.score, 4)} for hit in hits]}


def _table(query: str, hits: list[SearchHit]) -> str:
    if not hits:
        return f"{query}: no match"
    width = max(len(hit.id) for hit in hits)
    rows = [f"{rank:>4}  {hit.id.ljust(width)}  {hit.score:9.3f}" for rank, hit in enumerate(hits, start=1)]
    return "\n".join([f"{query}: {len(hits)} result(s)", f"{'rank':>4}  {'id'.ljust(width)}  {'score':>9}", *rows])


@app.command("rebuild")
def rebuild_command(
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Rebuild this installation's search index from the database: every product the storefront shows."""
    from comptoir.intelligence.handlers import rebuild_index
    from comptoir.intelligence.indexes import index_directory, search_index
    from comptoir.intelligence.search.port import SearchUnavailable

    settings = settings_from_options(data_dir, database_url)

    async def rebuild(runtime: Runtime) -> int:
        try:
            return await rebuild_index(runtime, search_index(runtime))
        except SearchUnavailable as exc:
            raise fail(f"cannot rebuild the search index: {exc}", FAILURE) from exc

    count = run_with_runtime(settings, rebuild)
    directory = index_directory(settings)
    if as_json:
        typer.echo(json.dumps({"index": str(directory), "products": count}))
    else:
        typer.echo(f"indexed {count} product(s) the storefront shows into {directory}")
