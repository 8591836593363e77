"""The README's curl walk-through, run as written against a real ``comptoir serve``, so it cannot drift.

The ``sh`` blocks between ``<!-- walk-through: start -->`` and ``<!-- walk-through: end -->`` are joined
into one bash script and run, with ``comptoir`` on the PATH and the server's own settings, from an empty
data directory: on SQLite the server makes its database there, as on a first ``comptoir serve``; on
PostgreSQL it starts from empty tables. The script must finish without an error, and the order it made
must then be paid, as its buyer and as the partner holding the ``orders`` scope read it over HTTP.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import IN_CI
from tests.e2e.processes import Processes, environment, serve

README = Path(__file__).resolve().parents[2] / "README.md"
START, END = "<!-- walk-through: start -->", "<!-- walk-through: end -->"
#: What the test reads back from the walk's own shell variables once it has run.
KEPT = ("BUYER", "PARTNER_KEY", "ORDER_ID", "CHECKOUT_ID")


def walkthrough_script(readme: str) -> str:
    """The walk-through's shell blocks, in order, as one script."""
    assert readme.count(START) == 1 and readme.count(END) == 1, "the README marks its walk-through once"
    section = readme[readme.index(START) : readme.index(END)]
    blocks = re.findall(r"^```sh\n(.*?)^```$", section, flags=re.DOTALL | re.MULTILINE)
    assert blocks, "the walk-through has no ```sh block"
    return "\n".join(blocks)


def test_the_walkthrough_is_found_in_the_readme() -> None:
    script = walkthrough_script(README.read_text(encoding="utf-8"))
    assert script.startswith("set -euo pipefail")
    for step in ("/store/sessions", "/checkout", "/pay", "/store/orders/", "Idempotency-Key"):
        assert step in script, step


def _tools() -> None:
    missing = [tool for tool in ("bash", "curl", "jq") if shutil.which(tool) is None]
    if missing:
        if IN_CI:
            pytest.fail(f"the README walk-through needs {', '.join(missing)}")
        pytest.skip(f"the README walk-through needs {', '.join(missing)}")


def test_the_readme_walkthrough_ends_with_a_paid_order(backend: str, database_url: str, tmp_path: Path) -> None:
    _tools()
    data_dir = tmp_path / "data"  # empty: nothing is there before the server starts
    env = environment(database_url, data_dir)
    if backend == "sqlite":
        del env["COMPTOIR_DATABASE_URL"]  # the server makes its own SQLite file in the data directory
    processes = Processes(env, tmp_path)
    try:
        base = serve(processes, worker=True)
        script = walkthrough_script(README.read_text(encoding="utf-8"))
        state = tmp_path / "walk-state"
        kept = " ".join(f'"${name}"' for name in KEPT)
        script += f"\nprintf '%s\\n' {kept} > {state}\n"
        walk_env = {**env, "BASE": base, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"}
        walk_dir = tmp_path / "walk"
        walk_dir.mkdir()
        ran = subprocess.run(
            ["bash", "-c", script], cwd=walk_dir, env=walk_env, capture_output=True, text=True, timeout=600
        )
        assert ran.returncode == 0, f"{ran.stdout}\n{ran.stderr}\n{processes.output()}"
        assert "the retried checkout answered the first one" in ran.stdout, ran.stdout
        buyer, partner_key, order_id, checkout_id = state.read_text(encoding="utf-8").split()

        mine = httpx.get(f"{base}/api/v1/store/orders/{order_id}", headers={"authorization": f"Bearer {buyer}"})
        assert mine.status_code == 200, mine.text
        order = mine.json()
        # The worker declares a paid order into China to customs: either state means it was paid.
        assert order["status"] in ("paid", "declared"), order
        assert order["checkout_id"] == checkout_id and order["payment_id"]
        assert order["tax"]["currency"] == "CNY" and order["tax"]["value"] != "0.00"

        seen = httpx.get(f"{base}/api/v1/orders/{order_id}", headers={"authorization": f"Bearer {partner_key}"})
        assert seen.status_code == 200, seen.text
        moves = [change["to_status"] for change in seen.json()["history"]]
        assert moves[:2] == ["placed", "paid"], moves
        assert "Traceback" not in processes.output(), processes.output()
    finally:
        processes.stop()
