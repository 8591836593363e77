"""The scans of :mod:`comptoir.logistics._engine.scan`, compiled by numba.

``cache=True`` keeps the machine code on disk next to ``scan.py``, so only the first process after a
change of that file pays for compiling. Importing this module imports numba; the engine does so only
when asked for compiled scans.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from comptoir.logistics._engine import scan

NEVER = scan.NEVER
NO_TIME = scan.NO_TIME

earliest_arrival = njit(cache=True, nogil=True)(scan.earliest_arrival)
earliest_arrival_by_slab = njit(cache=True, nogil=True)(scan.earliest_arrival_by_slab)
latest_departure = njit(cache=True, nogil=True)(scan.latest_departure)
latest_departure_by_slab = njit(cache=True, nogil=True)(scan.latest_departure_by_slab)


@njit(cache=True, nogil=True, parallel=True)
def earliest_batch(conn, hubs, marks, legs, sources, targets, times, first_stamp, out):  # type: ignore[no-untyped-def]
    """:func:`earliest_arrival` for every query (stamps ``first_stamp`` onwards); ``out`` gets NEVER for no path.

    ``hubs``, ``marks`` and ``legs`` carry one workspace per worker along their first axis; the queries
    are split into that many runs of consecutive queries, answered in parallel. Returns the total number
    of connections scanned.
    """
    workers = hubs.shape[0]
    count = sources.shape[0]
    share = (count + workers - 1) // workers
    scanned = np.zeros(workers, dtype=np.int64)
    for w in prange(workers):
        for q in range(w * share, min(count, (w + 1) * share)):
            available, _, seen = earliest_arrival(
                conn, hubs[w], marks[w], legs[w], sources[q], targets[q], times[q], first_stamp + q, None
            )
            out[q] = available
            scanned[w] += seen
    return scanned.sum()


@njit(cache=True, nogil=True, parallel=True)
def earliest_batch_by_slab(  # type: ignore[no-untyped-def]
    slab_conn,
    offsets,
    latest_board,
    group_of,
    width,
    base,
    hubs,
    group_best,
    marks,
    legs,
    sources,
    targets,
    times,
    first_stamp,
    out,
):
    """:func:`earliest_batch` over a slab layout (``group_best`` also carries one workspace per worker)."""
    workers = hubs.shape[0]
    count = sources.shape[0]
    share = (count + workers - 1) // workers
    scanned = np.zeros(workers, dtype=np.int64)
    for w in prange(workers):
        for q in range(w * share, min(count, (w + 1) * share)):
            available, _, seen = earliest_arrival_by_slab(
                slab_conn,
                offsets,
                latest_board,
                group_of,
                width,
                base,
                hubs[w],
                group_best[w],
                marks[w],
                legs[w],
                sources[q],
                targets[q],
                times[q],
                first_stamp + q,
                None,
            )
            out[q] = available
            scanned[w] += seen
    return scanned.sum()
