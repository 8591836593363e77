"""The architecture of DESIGN.md, checked: layers, pure domains, no reaching into another's tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_capability_package_is_layered_in_the_contracts() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    packages = sorted(
        p.name for p in (ROOT / "src" / "comptoir").iterdir() if p.is_dir() and (p / "__init__.py").exists()
    )
    missing = [
        name for name in packages if f'"comptoir.{name}' not in pyproject and f" comptoir.{name}" not in pyproject
    ]
    assert missing == [], f"add these packages to the layers contract in pyproject.toml: {missing}"
