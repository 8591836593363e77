"""The Connection Scan Algorithm over arrays, written once for two runners.

These functions run as they are in the interpreter (enough for one query on a small network, with no
compile step), and :mod:`comptoir.logistics._engine.scan_compiled` compiles the very same functions with numba
for the promise engine of a long-running process. They use only what numba compiles: loops, scalars,
NumPy arrays.

``conn`` is an int32 array of shape (7, n) over connections sorted by departure, with rows
``DEPARTS, BOARD_BY, READY_AT`` (seconds relative to the timetable's epoch), ``ORIGIN, DESTINATION``
(hub indexes) and ``NEXT_LEG, PREV_LEG`` (the neighbouring legs of the same trip, -1 for none).
The exact rule of ``docs/promise.md``: a parcel available at hub H at t boards connection c leaving H
if t <= c.departs - c.cutoff (``BOARD_BY``), or if it rode the previous connection of c's trip; after c it
is available at c.to from c.arrives + c.ready (``READY_AT``).

``hubs`` (shape (4, hubs)) holds per-hub work rows and, in row ``APPROACH``, the least time from a
departure to being ready at that hub over every connection into it (to stop the scan early).
``barred`` is None, or one int32 per hub: ``NEVER`` for a hub the route may not pass through, 0 for the
others. A parcel neither gets off at a barred hub nor stays on board through it; that is how a promise
keeps a route on the right side of a customs border (see :mod:`comptoir.logistics.domain.promise`). The source
and the target are never barred. numba compiles a separate version for None, without any of those
checks, so the queries that bar nothing (most of them) pay nothing for the rule.
``marks`` (shape (2, n)) holds per-connection work rows (legs ridden; for the reverse scan, legs from
which the target is reached and where to get off); they are stamped with a query number instead of
being cleared, so a query only touches the connections it reaches. Kernels return the number of
connections scanned, a count that does not depend on the machine.
"""

from __future__ import annotations

import numpy as np

DEPARTS, BOARD_BY, READY_AT, ORIGIN, DESTINATION, NEXT_LEG, PREV_LEG = range(7)
BEST, VIA_CONN, VIA_BOARD, APPROACH = range(4)
NEVER = np.iinfo(np.int32).max
NO_TIME = np.iinfo(np.int32).min


def earliest_arrival(conn, hubs, marks, legs, source, target, t0, stamp, barred):  # type: ignore[no-untyped-def]
    """Earliest time a parcel ready at ``source`` at ``t0`` is available at ``target`` (NEVER: no path).

    Writes the legs (connection indexes, in riding order) to ``legs`` and returns
    ``(available, number of legs, connections scanned)``.

    Boarding a connection rides its trip ahead at once: every later leg makes the parcel available at
    that leg's destination from its arrival + ready time. Those times lie after the departures being
    scanned, so recording them early changes nothing for connections leaving before them, and the scan
    itself only asks, per connection, whether its origin is reached by its cut-off.
    """
    departs = conn[DEPARTS]
    board_by = conn[BOARD_BY]
    ready_at = conn[READY_AT]
    origin = conn[ORIGIN]
    destination = conn[DESTINATION]
    next_leg = conn[NEXT_LEG]
    best = hubs[BEST]
    via_conn = hubs[VIA_CONN]
    via_board = hubs[VIA_BOARD]
    ridden = marks[0]
    best[:] = NEVER
    best[source] = t0
    if source == target:
        return t0, 0, 0
    margin = hubs[APPROACH, target]
    i = np.searchsorted(departs, t0)
    end = departs.shape[0]
    first = i
    while i < end:
        if best[origin[i]] <= board_by[i]:
            c = i
            while True:
                hub = destination[c]
                if barred is not None and barred[hub] != 0:
                    break  # neither get off there nor ride on through it
                arrival = ready_at[c]
                if arrival < best[hub]:
                    best[hub] = arrival
                    via_conn[hub] = c
                    via_board[hub] = i
                    if hub == target:
                        # Nothing departing at or after (best - margin) can reach the target any sooner.
                        end = min(end, np.searchsorted(departs, arrival - margin))
                c = next_leg[c]
                # A leg already ridden in this query was ridden from an earlier boarding: the rest is done.
                if c < 0 or ridden[c] == stamp:
                    break
                ridden[c] = stamp
        i += 1
    scanned = i - first
    if best[target] == NEVER:
        return NEVER, 0, scanned
    # Walk back: each hub was reached by one run of one trip, boarded at ``via_board`` and left at ``via_conn``.
    # The runs are found backwards (kept at the end of ``legs``), then written forwards from the start.
    size = legs.shape[0]
    runs = 0
    hub = target
    while hub != source and 2 * runs + 2 <= size // 2:
        legs[size - 2 * runs - 1] = via_board[hub]
        legs[size - 2 * runs - 2] = via_conn[hub]
        runs += 1
        hub = origin[via_board[hub]]
    count = 0
    for r in range(runs - 1, -1, -1):
        c = legs[size - 2 * r - 1]
        last = legs[size - 2 * r - 2]
        while count < size // 2:
            legs[count] = c
            count += 1
            if c == last:
                break
            c = next_leg[c]
    return best[target], count, scanned


def earliest_arrival_by_slab(  # type: ignore[no-untyped-def]
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
    source,
    target,
    t0,
    stamp,
    barred,
):
    """:func:`earliest_arrival` over a :class:`~comptoir.logistics._engine.slabs.Slabs` layout: the same answer and
    legs rule, skipping every chunk of a slab whose hub group the parcel cannot be in by then.

    ``group_best`` (one per group) is work space. The legs written are timetable indexes.
    """
    board_by = slab_conn[0]
    ready_at = slab_conn[1]
    origin = slab_conn[2]
    destination = slab_conn[3]
    next_leg = slab_conn[4]
    best = hubs[BEST]
    via_conn = hubs[VIA_CONN]
    via_board = hubs[VIA_BOARD]
    ridden = marks[0]
    groups = group_best.shape[0]
    best[:] = NEVER
    best[source] = t0
    group_best[:] = NEVER
    group_best[group_of[source]] = t0
    if source == target:
        return t0, 0, 0
    margin = hubs[APPROACH, target]
    slabs = latest_board.shape[0] // groups
    s = (t0 - base) // width if t0 > base else 0
    scanned = 0
    while s < slabs:
        # Nothing departing at or after (best - margin) can reach the target any sooner.
        if best[target] != NEVER and base + s * width >= best[target] - margin:
            break
        for g in range(groups):
            k = s * groups + g
            if group_best[g] > latest_board[k]:
                continue
            scanned += offsets[k + 1] - offsets[k]
            for i in range(offsets[k], offsets[k + 1]):
                # Written so that the common case (not boardable, or boardable to no gain) takes no branch;
                # a third of these connections are boardable, too many for branch prediction.
                reach = best[origin[i]] <= board_by[i]
                arrival = NEVER
                if reach:
                    arrival = ready_at[i]
                hub = destination[i]
                ride = reach
                if barred is not None:
                    # NEVER at a barred hub: no gain, and no riding on through it.
                    arrival = max(arrival, barred[hub])
                    ride = arrival != NEVER
                if arrival < best[hub]:
                    best[hub] = arrival
                    via_conn[hub] = i
                    via_board[hub] = i
                    if arrival < group_best[group_of[hub]]:
                        group_best[group_of[hub]] = arrival
                if ride & (next_leg[i] >= 0):
                    c = next_leg[i]
                    while c >= 0 and ridden[c] != stamp:
                        ridden[c] = stamp
                        hub = destination[c]
                        if barred is not None and barred[hub] != 0:
                            break
                        arrival = ready_at[c]
                        if arrival < best[hub]:
                            best[hub] = arrival
                            via_conn[hub] = c
                            via_board[hub] = i
                            if arrival < group_best[group_of[hub]]:
                                group_best[group_of[hub]] = arrival
                        c = next_leg[c]
        s += 1
    if best[target] == NEVER:
        return NEVER, 0, scanned
    # The same walk back as earliest_arrival's, over the slab layout, then to timetable indexes.
    size = legs.shape[0]
    runs = 0
    hub = target
    while hub != source and 2 * runs + 2 <= size // 2:
        legs[size - 2 * runs - 1] = via_board[hub]
        legs[size - 2 * runs - 2] = via_conn[hub]
        runs += 1
        hub = origin[via_board[hub]]
    count = 0
    for r in range(runs - 1, -1, -1):
        c = legs[size - 2 * r - 1]
        last = legs[size - 2 * r - 2]
        while count < size // 2:
            legs[count] = slab_conn[5, c]
            count += 1
            if c == last:
                break
            c = next_leg[c]
    return best[target], count, scanned


def latest_departure(conn, hubs, marks, legs, source, target, deadline, stamp, barred):  # type: ignore[no-untyped-def]
    """Latest time a parcel can be ready at ``source`` and still be available at ``target`` by ``deadline``.

    Scans connections by decreasing departure. Writes the legs to ``legs`` and returns
    ``(latest ready time or NO_TIME, available time at target, number of legs, connections scanned)``.
    """
    departs = conn[DEPARTS]
    board_by = conn[BOARD_BY]
    ready_at = conn[READY_AT]
    origin = conn[ORIGIN]
    destination = conn[DESTINATION]
    next_leg = conn[NEXT_LEG]
    prev_leg = conn[PREV_LEG]
    latest = hubs[BEST]
    out_conn = hubs[VIA_CONN]
    out_exit = hubs[VIA_BOARD]
    ok_mark = marks[0]
    exit_at = marks[1]
    latest[:] = NO_TIME
    latest[target] = deadline
    if source == target:
        return deadline, deadline, 0, 0
    i = np.searchsorted(departs, deadline) - 1
    first = i
    while i >= 0:
        if departs[i] <= latest[source]:
            break
        hub = origin[i]
        # Never boarded at a barred hub, nor ridden on board through it (so no earlier leg is credited);
        # a barred hub's latest time stays NO_TIME, so nothing gets off there either.
        if barred is not None and barred[hub] != 0:
            i -= 1
            continue
        if ready_at[i] <= latest[destination[i]]:
            leave = i
        elif ok_mark[i] == stamp:
            leave = exit_at[i]
        else:
            i -= 1
            continue
        before = prev_leg[i]
        if before >= 0:
            ok_mark[before] = stamp
            exit_at[before] = leave
        if board_by[i] > latest[hub]:
            latest[hub] = board_by[i]
            out_conn[hub] = i
            out_exit[hub] = leave
        i -= 1
    scanned = first - i
    if latest[source] == NO_TIME:
        return NO_TIME, NO_TIME, 0, scanned
    count = 0
    hub = source
    arrival = NO_TIME
    while hub != target and count < legs.shape[0]:
        c = out_conn[hub]
        leave = out_exit[hub]
        while count < legs.shape[0]:
            legs[count] = c
            count += 1
            if c == leave:
                break
            c = next_leg[c]
        arrival = ready_at[leave]
        hub = destination[leave]
    return latest[source], arrival, count, scanned


def latest_departure_by_slab(  # type: ignore[no-untyped-def]
    slab_conn,
    offsets,
    earliest_ready,
    group_of,
    width,
    base,
    hubs,
    group_latest,
    marks,
    legs,
    source,
    target,
    deadline,
    stamp,
    barred,
):
    """:func:`latest_departure` over a destination-grouped :class:`~comptoir.logistics._engine.slabs.Slabs` layout:
    slabs backwards from the deadline, skipping every chunk whose earliest arrival is later than any hub
    of its destination group can still be left. The legs written are timetable indexes.

    When a connection gets the parcel to its destination in time, so do the earlier legs of its trip
    (staying on board): they are credited at once, walking the trip backwards.
    """
    board_by = slab_conn[0]
    ready_at = slab_conn[1]
    origin = slab_conn[2]
    destination = slab_conn[3]
    next_leg = slab_conn[4]
    prev_leg = slab_conn[6]
    latest = hubs[BEST]
    out_conn = hubs[VIA_CONN]
    out_exit = hubs[VIA_BOARD]
    credited = marks[0]
    groups = group_latest.shape[0]
    latest[:] = NO_TIME
    latest[target] = deadline
    group_latest[:] = NO_TIME
    group_latest[group_of[target]] = deadline
    if source == target:
        return deadline, deadline, 0, 0
    slabs = earliest_ready.shape[0] // groups
    s = min(slabs - 1, (deadline - base) // width) if deadline >= base else -1
    scanned = 0
    while s >= 0:
        # Everything in this slab and before leaves by (slab end - 1): nothing can beat latest[source].
        if base + (s + 1) * width - 1 <= latest[source]:
            break
        for g in range(groups):
            k = s * groups + g
            if earliest_ready[k] > group_latest[g]:
                continue
            scanned += offsets[k + 1] - offsets[k]
            for i in range(offsets[k], offsets[k + 1]):
                if ready_at[i] > latest[destination[i]]:
                    continue
                c = i
                while True:
                    hub = origin[c]
                    if barred is not None and barred[hub] != 0:
                        break  # neither boarded there nor ridden on board through it
                    if board_by[c] > latest[hub]:
                        latest[hub] = board_by[c]
                        out_conn[hub] = c
                        out_exit[hub] = i
                        if board_by[c] > group_latest[group_of[hub]]:
                            group_latest[group_of[hub]] = board_by[c]
                    c = prev_leg[c]
                    # A leg already credited was credited from a later exit: the rest of the trip is done.
                    if c < 0 or credited[c] == stamp:
                        break
                    credited[c] = stamp
        s -= 1
    if latest[source] == NO_TIME:
        return NO_TIME, NO_TIME, 0, scanned
    count = 0
    hub = source
    arrival = NO_TIME
    while hub != target and count < legs.shape[0]:
        c = out_conn[hub]
        leave = out_exit[hub]
        while count < legs.shape[0]:
            legs[count] = slab_conn[5, c]
            count += 1
            if c == leave:
                break
            c = next_leg[c]
        arrival = ready_at[leave]
        hub = destination[leave]
    return latest[source], arrival, count, scanned
