"""Every error code is declared once, with its status and a sentence for people; docs/errors.md is current."""

from __future__ import annotations

import ast
from pathlib import Path

import comptoir
import comptoir.web.app
from comptoir.kernel.error_catalogue import catalogue_markdown
from comptoir.kernel.errors import CATALOGUE

SOURCE = Path(comptoir.__file__).parent
DOCS = Path(__file__).resolve().parents[2] / "docs" / "errors.md"


def _code_literals() -> list[tuple[str, str]]:
    """Every ``code="…"`` written in the source: at raise sites and in answers the edge makes itself."""
    found = []
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        raised = [node.exc for node in ast.walk(tree) if isinstance(node, ast.Raise) and node.exc is not None]
        answered = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("problem_response", "error_response")
        ]
        for node in [*raised, *answered]:
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                        found.append((str(keyword.value.value), f"{path.relative_to(SOURCE)}:{node.lineno}"))
    return found


def test_every_code_written_in_the_source_is_declared_in_the_catalogue() -> None:
    literals = _code_literals()
    assert len(literals) > 20, "the scan found almost no codes: it is not reading the source"
    undeclared = [f"{code} ({where})" for code, where in literals if code not in CATALOGUE]
    assert not undeclared, "declare these codes in their capability's errors.py: " + ", ".join(undeclared)


def test_every_declared_code_has_a_status_a_title_and_a_sentence_for_people() -> None:
    for entry in CATALOGUE.values():
        assert 400 <= entry.status <= 599, entry
        assert entry.title.strip() and entry.sentence.strip(), entry
        assert entry.sentence.rstrip().endswith((".", "。", "!")), f"{entry.code}: a sentence ends with a full stop"


def test_docs_errors_md_is_the_catalogue_as_drawn_from_the_code() -> None:
    assert DOCS.read_text() == catalogue_markdown(), "run: comptoir errors > docs/errors.md"


def test_each_capability_declares_its_errors_in_one_module_its_errors_py() -> None:
    declared = {entry.code: entry.declared_by for entry in CATALOGUE.values()}
    capabilities = {where.split(".")[1] for where in declared.values()} - {"kernel"}
    assert {"identity", "ledger", "logistics"} <= capabilities, "the catalogue is missing whole capabilities"
    misplaced = [
        f"{code} ({where})"
        for code, where in declared.items()
        if where.split(".")[1] != "kernel" and where.split(".")[2] != "errors"
    ]
    assert misplaced == [], "declare these in their capability's errors.py: " + ", ".join(misplaced)
