"""`comptoir logistics …` commands."""

from __future__ import annotations

import typer

from comptoir.logistics import network_cli

app = typer.Typer(help="logistics tools", no_args_is_help=True)
network_cli.register(app)  # comptoir logistics import | export (the stored network)
