"""The search index of a running Comptoir: where it lives, and the one each runtime uses.

The index of an installation lives under its data directory (``<data_dir>/search``), an on-disk tantivy
index shared by the processes on that machine: the worker that applies the catalog's events writes it,
the web processes read it and follow what was committed. :func:`search_index` gives the one of a
runtime; a test or another adapter (OpenSearch, past one machine) takes its place with
:func:`use_search_index`.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from weakref import WeakKeyDictionary

from comptoir.intelligence.search.port import SearchIndex
from comptoir.kernel.database import Database
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings

log = logging.getLogger("comptoir.intelligence")

_indexes: WeakKeyDictionary[Database, SearchIndex] = WeakKeyDictionary()


def index_directory(settings: Settings) -> Path:
    """Where an installation keeps its search index."""
    return settings.data_dir / "search"


def search_index(runtime: Runtime) -> SearchIndex:
    """The search index of ``runtime``'s installation, opened (or created empty) on first use in this process.

    An index built by another version of the analysis is set aside and a new one started; the catalog's
    events fill it again as products change, and ``comptoir search rebuild`` fills it at once.
    """
    found = _indexes.get(runtime.database)
    if found is None:
        found = _indexes[runtime.database] = _open(index_directory(runtime.settings))
    return found


def use_search_index(runtime: Runtime, index: SearchIndex) -> None:
    """Make ``index`` the search index of ``runtime`` in this process (a fake in tests, another adapter)."""
    _indexes[runtime.database] = index


def _open(directory: Path) -> SearchIndex:
    from comptoir.intelligence.search.tantivy_index import IndexNotFound, TantivySearchIndex, is_index

    try:
        return TantivySearchIndex.open(directory, create=True)
    except IndexNotFound as exc:
        if not is_index(directory):
            raise  # a directory of somebody else's files is never thrown away
        aside = directory.with_name(f"{directory.name}.outdated")
        log.warning("%s; starting a new one (run `comptoir search rebuild` to fill it now)", exc)
        shutil.rmtree(aside, ignore_errors=True)
        directory.rename(aside)
        return TantivySearchIndex.open(directory, create=True)
