"""`comptoir identity …` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="identity tools", no_args_is_help=True)
