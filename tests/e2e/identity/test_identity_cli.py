"""``comptoir identity create-operator`` on a fresh install."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from comptoir.cli.main import app


def test_an_operator_is_created_on_a_fresh_install_and_a_second_one_with_the_same_email_is_refused(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    args = ["identity", "create-operator", "--email", "ops@example.fr", "--password", "long enough", "--data-dir"]
    first = runner.invoke(app, [*args, str(tmp_path), "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["email"] == "ops@example.fr"
    again = runner.invoke(app, [*args, str(tmp_path)])
    assert again.exit_code == 1 and "email_taken" in again.output
    weak = runner.invoke(
        app,
        ["identity", "create-operator", "--email", "x@example.fr", "--password", "short", "--data-dir", str(tmp_path)],
    )
    assert weak.exit_code == 2 and "password_too_short" in weak.output
    common = runner.invoke(
        app,
        [
            "identity",
            "create-operator",
            "--email",
            "x@example.fr",
            "--password",
            "iloveyou",
            "--data-dir",
            str(tmp_path),
        ],
    )
    assert common.exit_code == 2 and "password_too_common" in common.output
    assert "create-operator" in runner.invoke(app, ["identity", "--help"]).output
