"""The delivery promise engine, private to logistics: the domain's route finder over NumPy arrays.

- :mod:`.timetable`: a network unrolled over a horizon into arrays of connections;
- :mod:`.slabs`: the same connections laid out by group of hubs, for networks of several countries;
- :mod:`.scan`: the Connection Scan Algorithm, run as it is or compiled by numba (:mod:`.scan_compiled`);
- :mod:`.engine`: :class:`PromiseEngine`, which answers earliest-arrival and latest-departure queries
  (it implements :class:`comptoir.logistics.domain.RouteFinder`);
- :mod:`.baseline` and :mod:`.generated_network`: the reference and the network ``comptoir bench promise``
  measures it with.

Everything here is pure computation: no database, web framework or templates (an import contract says so).
"""

from __future__ import annotations

from comptoir.logistics._engine.engine import PromiseEngine, ScanResult
from comptoir.logistics._engine.timetable import DEFAULT_HORIZON_DAYS, Timetable

__all__ = ["DEFAULT_HORIZON_DAYS", "PromiseEngine", "ScanResult", "Timetable"]
