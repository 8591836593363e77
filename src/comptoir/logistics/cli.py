"""`comptoir logistics …` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="logistics tools", no_args_is_help=True)
