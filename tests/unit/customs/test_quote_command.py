"""``comptoir customs quote --json`` as other tools call it: a process, a basket on stdin, an answer on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

COMPTOIR = Path(sys.executable).with_name("comptoir")


def run(stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMPTOIR), "customs", "quote", "--json"], input=stdin, capture_output=True, text=True, check=False
    )


def basket(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "lane": "FR-CN",
        "date": "2026-06-01",
        "buyer": {"year_to_date": {"currency": "CNY", "value": "0.00"}},
        "lines": [
            {
                "sku": "WINE",
                "hs_code": "22042100",
                "description": "Bordeaux",
                "unit_price": {"currency": "CNY", "value": "200.00"},
                "quantity": 1,
            }
        ],
        "freight": {"currency": "CNY", "value": "20.00"},
    }
    document.update(changes)
    return document


def test_a_good_basket_is_quoted() -> None:
    done = run(json.dumps(basket()))
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["allowed"] is True and answer["regime"] == "CBEC" and answer["error"] is None
    assert answer["totals"]["tax"] == {"currency": "CNY", "value": "39.35"}
    assert answer["annual_remaining"] == {"currency": "CNY", "value": "25780.00"}
    assert "cn-rates:2026-01-01" in answer["rules"]


def test_a_refusal_is_an_answer() -> None:
    done = run(json.dumps(basket(buyer={"year_to_date": {"currency": "CNY", "value": "25900.00"}})))
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["allowed"] is False and answer["error"]["code"] == "cbec_annual_limit_exceeded"
    assert answer["error"]["message"].startswith("This order would take you past")


def test_invalid_json_exits_2() -> None:
    done = run('{"lane": "FR-CN",')
    assert done.returncode == 2 and done.stdout == ""
    assert "not valid JSON" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_missing_or_wrong_field_exits_2_naming_it() -> None:
    document = basket()
    del document["freight"]
    done = run(json.dumps(document))
    assert (done.returncode, done.stderr.strip()) == (2, "error: freight: is missing")
    document = basket()
    document["lines"][0]["quantity"] = 0
    done = run(json.dumps(document))
    assert done.returncode == 2
    assert done.stderr.strip() == "error: lines[0].quantity: must be a whole number from 1 to 10000"
