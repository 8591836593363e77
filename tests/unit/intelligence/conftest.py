"""One analyzer for the module's tests: building one loads jieba's dictionary."""

from __future__ import annotations

import pytest

from comptoir.intelligence.search.analysis import Analyzer


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()
