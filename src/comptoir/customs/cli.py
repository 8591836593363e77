"""``comptoir customs …``: quote the landed cost of a basket, load the shipped rule files into the tables.

``comptoir customs quote --json < basket.json`` needs no database: it computes from the rule files shipped in
``customs/data/`` (read by the same parser :func:`~comptoir.customs.services.load_rules` stores them with) and
the catalog's shipped positive list. Exit codes, as for every ``comptoir`` command: 0 an answer (a refusal by
customs is an answer: ``allowed`` false), 1 a failure, 2 a basket that is not one (not JSON, a field missing
or wrong; stderr names the field).
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from comptoir.customs import services
from comptoir.customs.domain import LandedCost, compute_landed_cost, parse_basket
from comptoir.customs.errors import BasketInvalid, CustomsRulesInvalid
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

app = typer.Typer(help="Landed cost under Chinese and EU rules, and the customs rule files.", no_args_is_help=True)

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@app.command()
def quote(as_json: AsJson = False) -> None:
    """Read a basket (JSON, docs/customs.md) on stdin; print its duties and taxes under the rules of its date."""
    text = sys.stdin.read()
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(
            f"the basket is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", BAD_INPUT
        ) from exc
    except RecursionError:
        raise fail("the basket is not valid JSON: nested too deeply", BAD_INPUT) from None
    try:
        basket = parse_basket(document)
    except BasketInvalid as exc:
        raise fail(f"{exc.field}: {exc.reason}", BAD_INPUT) from exc
    try:
        answer = compute_landed_cost(basket, services.shipped_rules_on(basket.on))
    except CustomsRulesInvalid as exc:
        raise fail(f"the shipped customs rules are broken: {exc.problems[0]}", FAILURE) from exc
    if as_json:
        typer.echo(json.dumps(answer.as_json(), ensure_ascii=False))
    else:
        typer.echo(_text(answer))


def _text(answer: LandedCost) -> str:
    head = f"{answer.regime}: " + ("allowed" if answer.allowed else f"refused ({answer.error.code})")  # type: ignore[union-attr]
    out = [head]
    if answer.error is not None:
        out.append(answer.error.message)
    for line in answer.lines:
        out.append(
            f"  {line.sku}: taxable {line.taxable_value}, tariff {line.tariff}, consumption tax "
            f"{line.consumption_tax}, VAT {line.vat}, duty {line.duty}"
        )
    out.append(f"  total: taxable {answer.totals.taxable_value}, tax {answer.totals.tax}")
    if answer.annual_remaining is not None:
        out.append(f"  annual allowance left: {answer.annual_remaining}")
    out.append("  rules: " + ", ".join(answer.rules))
    return "\n".join(out)


@app.command("load-rules")
def load_rules(data_dir: DataDirOption = None, database_url: DatabaseUrlOption = None, as_json: AsJson = False) -> None:
    """Store the shipped rule files in the tables (loading again changes nothing; a corrected row is updated)."""
    try:
        services.shipped_rules()
    except CustomsRulesInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        raise fail(f"{len(exc.problems)} bad line(s), first {exc.problems[0]}; nothing loaded", BAD_INPUT) from exc
    settings = settings_from_options(data_dir, database_url)

    async def _load(runtime: Runtime) -> list[services.RuleFileReport]:
        return await transact(runtime, lambda uow: services.load_rules(uow))

    for report in run_with_runtime(settings, _load):
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "file": report.file,
                        "rule_set": report.rule_set,
                        "versions": list(report.versions),
                        "rows": report.rows,
                        "inserted": report.inserted,
                        "updated": report.updated,
                        "unchanged": report.unchanged,
                    }
                )
            )
        else:
            typer.echo(
                f"{report.file} ({report.rule_set} {', '.join(report.versions)}): {report.rows} row(s), "
                f"{report.inserted} new, {report.updated} corrected, {report.unchanged} unchanged"
            )
