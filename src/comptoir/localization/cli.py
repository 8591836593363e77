"""`comptoir localization …` commands: the compliance lint, and the global glossary."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from comptoir.kernel.commands import (
    BAD_INPUT,
    FAILURE,
    DatabaseUrlOption,
    DataDirOption,
    fail,
    run_with_runtime,
    settings_from_options,
)
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.localization.domain import compliance_rules, finding_as_json
from comptoir.localization.services import SeedTerm, seed_glossary

app = typer.Typer(help="Chinese content: compliance lint and glossary.", no_args_is_help=True)

CATEGORIES = (
    "cosmetics_skincare",
    "food_wine",
    "fashion",
    "children",
    "baby_food",
    "hightech_accessories",
    "phones",
    "home_decoration",
)


@app.command("lint")
def lint(
    file: Annotated[str, typer.Argument(help="A UTF-8 text file of Chinese content, or - for standard input.")] = "-",
    category: Annotated[
        str | None, typer.Option(help=f"The product's category ({', '.join(CATEGORIES)}); default: rules for all.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per finding.")] = False,
) -> None:
    """Find absolute claims (Advertising Law art. 9) and health claims in Chinese text.

    Exits 0 when nothing blocks, 1 when a blocking finding is there, 2 for bad input.
    """
    if category is not None and category not in CATEGORIES:
        raise fail(f"unknown category {category!r}; one of {', '.join(CATEGORIES)}", BAD_INPUT)
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read {file}: {exc}", BAD_INPUT) from exc
    findings = compliance_rules().lint(text, category=category)
    for finding in findings:
        if as_json:
            typer.echo(json.dumps(finding_as_json(finding), ensure_ascii=False))
        else:
            where = f"{finding.start}-{finding.end}"
            typer.echo(f"{where} {finding.severity.value} {finding.term} [{finding.rule}] {finding.reason}")
    if any(f.blocking for f in findings):
        raise typer.Exit(FAILURE)


@app.command("glossary-import")
def glossary_import(
    file: Annotated[Path, typer.Argument(help="A JSON list of {fr, zh, keep?, note?} objects.", exists=False)],
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Add global glossary terms the glossary does not have yet (terms already there are left as they are)."""
    try:
        raw = json.loads(file.read_text("utf-8"))
        terms = [
            SeedTerm(
                fr=str(t["fr"]), zh=str(t.get("zh", "")), keep=bool(t.get("keep", False)), note=str(t.get("note", ""))
            )
            for t in raw
        ]
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise fail(f"{file} is not a JSON list of {{fr, zh, keep?, note?}} objects: {exc}", BAD_INPUT) from exc
    settings = settings_from_options(data_dir, database_url)

    async def _run(runtime: Runtime) -> int:
        return await transact(runtime, lambda uow: seed_glossary(uow, terms=terms))

    added = run_with_runtime(settings, _run)
    typer.echo(f"{added} term(s) added to the global glossary, {len(terms) - added} already there")
