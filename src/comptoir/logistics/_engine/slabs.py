"""Connections laid out by time slab and hub group, so the earliest-arrival scan skips whole groups.

A parcel network is made of groups of hubs that mostly talk among themselves (the hubs of one
country, joined to other countries by a few line-hauls). Early in a scan, most groups have no hub
the parcel can be at yet, and every connection leaving them is scanned for nothing.

Cut time into slabs no longer than the shortest ride of the network (``width`` = least
``ready_at - departs``): whatever a connection makes possible happens after it leaves by at least
that much, so no connection can make another of the same slab boardable, and connections of one
slab may be scanned in any order. Within a slab, connections are grouped by the group of their origin
hub; a group none of whose hubs the parcel can be at by the group's latest acceptance in that slab is
skipped as a whole. The answers are those of the plain scan; only the work changes.

The latest-departure scan goes backwards in time, so its layout groups connections by the group of
their destination hub instead, and skips a group none of whose hubs can still be left in time by
the earliest arrival of the chunk.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from comptoir.logistics._engine.timetable import Timetable

Int32s = npt.NDArray[np.int32]
NARROWEST = 600
"""Below ten-minute slabs, walking slab by slab costs more than it saves; the plain scan is used."""


@dataclass(frozen=True, eq=False)
class Slabs:
    """The slab layout of a timetable's connections.

    ``conn`` rows: board_by, ready_at (scan time), origin, destination, next and previous leg of the trip
    (positions in this layout, -1 none), and the connection's index in the timetable. Chunk
    ``k = slab * groups + g`` holds positions ``offsets[k]:offsets[k + 1]``, accepts parcels at the latest
    at ``latest_board[k]`` and makes them ready at the earliest at ``earliest_ready[k]``.
    """

    width: int
    base: int
    groups: int
    group_of: Int32s
    offsets: npt.NDArray[np.int64]
    latest_board: Int32s
    earliest_ready: Int32s
    conn: Int32s

    @classmethod
    def lay_out(cls, timetable: Timetable, *, narrowest: int = NARROWEST, by_destination: bool = False) -> Slabs | None:
        """The layout grouping hubs by country, connections by the group of their origin (or destination),
        or None when it cannot help (one group, too-thin slabs)."""
        n = timetable.size
        countries = sorted({hub.country for hub in timetable.network.hubs})
        if n == 0 or len(countries) < 2:
            return None
        width = int((timetable.ready_at - timetable.departs).min())
        if width < max(narrowest, 1):
            return None
        by_code = {hub.code: countries.index(hub.country) for hub in timetable.network.hubs}
        group_of = np.asarray([by_code[code] for code in timetable.hubs], dtype=np.int32)
        packed = timetable.packed
        departs, board_by = packed[0].astype(np.int64), packed[1]
        base = int(departs.min())
        slab = (departs - base) // width
        slabs = int(slab.max()) + 1
        groups = len(countries)
        key = slab * groups + group_of[packed[4] if by_destination else packed[3]]
        order = np.lexsort((departs, key))
        position = np.empty(n, dtype=np.int64)
        position[order] = np.arange(n)

        def moved(legs: Int32s) -> Int32s:
            return np.where(legs >= 0, position[np.maximum(legs, 0)], -1).astype(np.int32)

        conn = np.empty((7, n), dtype=np.int32)
        conn[0], conn[1], conn[2], conn[3] = board_by[order], packed[2][order], packed[3][order], packed[4][order]
        conn[4], conn[5], conn[6] = moved(packed[5][order]), order, moved(packed[6][order])
        offsets = np.zeros(slabs * groups + 1, dtype=np.int64)
        offsets[1:] = np.cumsum(np.bincount(key, minlength=slabs * groups))
        latest_board = np.full(slabs * groups, np.iinfo(np.int32).min, dtype=np.int32)
        np.maximum.at(latest_board, key, board_by)
        earliest_ready = np.full(slabs * groups, np.iinfo(np.int32).max, dtype=np.int32)
        np.minimum.at(earliest_ready, key, packed[2])
        return cls(
            width=width,
            base=base,
            groups=groups,
            group_of=group_of,
            offsets=offsets,
            latest_board=latest_board,
            earliest_ready=earliest_ready,
            conn=conn,
        )
