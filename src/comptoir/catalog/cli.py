"""``comptoir catalog …``: the CBEC positive list in force, loaded from a file (the full list or the sample).

Exit codes, as for every ``comptoir`` command: 0 done, 1 a failure, 2 bad input (a file with a bad line,
which loads nothing).
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from comptoir.catalog import services
from comptoir.catalog.domain.positive_list import SAMPLE_PATH
from comptoir.catalog.errors import PositiveListRefused
from comptoir.kernel.commands import (
    BAD_INPUT,
    DatabaseUrlOption,
    DataDirOption,
    fail,
    run_with_runtime,
    settings_from_options,
)
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact

app = typer.Typer(help="The catalog's reference data: the CBEC positive list.", no_args_is_help=True)
positive_app = typer.Typer(help="The cross-border e-commerce positive list, by edition.", no_args_is_help=True)
app.add_typer(positive_app, name="positive-list")

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _edition_json(edition: services.PositiveListEdition) -> dict[str, object]:
    return {
        "edition": edition.edition,
        "effective_from": edition.effective_from.isoformat(),
        "entries": edition.entries,
        "stored": edition.loaded_at is not None,
    }


@positive_app.command("load")
def load(
    file: Annotated[
        Path,
        typer.Option("--file", help="CSV with '# edition:' and '# effective_from:' lines, then hs_code,... rows."),
    ] = SAMPLE_PATH,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    as_json: AsJson = False,
) -> None:
    """Check every line of a positive-list file, then store its edition (in force from its effective_from)."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"{file}: cannot read it as UTF-8 text ({exc})", BAD_INPUT) from exc
    settings = settings_from_options(data_dir, database_url)

    async def _load(runtime: Runtime) -> services.PositiveListEdition:
        try:
            return await transact(runtime, partial(services.load_positive_list, text=text))
        except PositiveListRefused as refused:
            for problem in refused.problems:
                typer.echo(f"{file}: line {problem.row}: {problem.reason}", err=True)
            raise

    edition = run_with_runtime(settings, _load)
    if as_json:
        typer.echo(json.dumps(_edition_json(edition)))
    else:
        typer.echo(
            f"{file}: edition {edition.edition}, {edition.entries} HS codes, in force from "
            f"{edition.effective_from.isoformat()}"
        )


@positive_app.command("show")
def show(data_dir: DataDirOption = None, database_url: DatabaseUrlOption = None, as_json: AsJson = False) -> None:
    """The editions stored (or the shipped sample when none is)."""
    settings = settings_from_options(data_dir, database_url)

    async def _read(runtime: Runtime) -> list[services.PositiveListEdition]:
        return await transact(runtime, services.positive_list_editions)

    for edition in run_with_runtime(settings, _read):
        if as_json:
            typer.echo(json.dumps(_edition_json(edition)))
        else:
            where = "stored" if edition.loaded_at else "shipped sample"
            typer.echo(f"{edition.edition}: {edition.entries} HS codes from {edition.effective_from} ({where})")
