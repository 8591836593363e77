"""The reference the engine is measured against: a plain time-expanded graph searched with Dijkstra (networkx).

Nodes are events: for every hub, each instant a parcel can be accepted for a departure (departs - cut-off)
or becomes ready after an arrival (arrives + ready), chained by waiting edges; for every connection, one
node at its departure. Edges: accepted event -> connection (the cut-off), connection -> ready event at
its destination (ride + ready time), connection -> next connection of the trip (staying on board).
Every edge weighs the time between its two events, so a node's distance from the query is its time
minus the ready time, and the earliest arrival at B is the closest of B's events.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np

from comptoir.logistics._engine.timetable import Timetable

NETWORKX_MISSING = (
    "the baseline needs networkx, a development dependency: install it with "
    "`pip install -e '.[dev]'` (or `pip install networkx`)"
)


class TimeExpandedGraph:
    """The timetable as a networkx ``DiGraph`` of events, for earliest-arrival answers by Dijkstra."""

    def __init__(self, timetable: Timetable) -> None:
        try:
            import networkx as nx
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise RuntimeError(NETWORKX_MISSING) from exc
        self._nx = nx
        t = timetable
        n = t.size
        graph = nx.DiGraph()
        events: dict[int, list[tuple[int, int]]] = {h: [] for h in range(len(t.hubs))}
        departs, board_by, ready_at = t.departs.tolist(), t.board_by.tolist(), t.ready_at.tolist()
        origin, destination, next_leg = t.origin.tolist(), t.destination.tolist(), t.next_leg.tolist()
        node_of: dict[tuple[int, int], int] = {}

        def event(hub: int, moment: int) -> int:
            key = (hub, moment)
            node = node_of.get(key)
            if node is None:
                node = n + len(node_of)
                node_of[key] = node
                events[hub].append((moment, node))
            return node

        edges: list[tuple[int, int, int]] = []
        for c in range(n):
            edges.append((event(origin[c], board_by[c]), c, departs[c] - board_by[c]))
            edges.append((c, event(destination[c], ready_at[c]), ready_at[c] - departs[c]))
            if next_leg[c] >= 0:
                edges.append((c, next_leg[c], departs[next_leg[c]] - departs[c]))
        self._sink = {}
        self._times: dict[int, np.ndarray[Any, Any]] = {}
        self._nodes: dict[int, list[int]] = {}
        for hub, timeline in events.items():
            timeline.sort()
            sink = n + len(node_of) + hub
            self._sink[hub] = sink
            for (before, node_before), (after, node_after) in pairwise(timeline):
                edges.append((node_before, node_after, after - before))
            edges.extend((node, sink, 0) for _, node in timeline)
            self._times[hub] = np.asarray([moment for moment, _ in timeline], dtype=np.int64)
            self._nodes[hub] = [node for _, node in timeline]
        graph.add_weighted_edges_from(edges)
        self.graph = graph

    def earliest_arrival(self, source: int, target: int, ready_at: int) -> int | None:
        """Earliest seconds at which a parcel ready at hub ``source`` at ``ready_at`` is at ``target``; None: never."""
        if source == target:
            return ready_at
        times = self._times[source]
        first = int(np.searchsorted(times, ready_at))
        if first >= times.shape[0]:
            return None
        start = -1
        self.graph.add_edge(start, self._nodes[source][first], weight=int(times[first]) - ready_at)
        try:
            distance = self._nx.dijkstra_path_length(self.graph, start, self._sink[target])
        except self._nx.NetworkXNoPath:
            return None
        finally:
            self.graph.remove_node(start)
        return ready_at + int(distance)
