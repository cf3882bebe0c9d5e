"""Driving times and distances between points, on the drive graph, for the pooling optimiser.

A point is snapped to the nearest drivable edge and may leave or be reached along it in every
direction the street allows: a point on a one-way street is left towards its head only and
reached from its tail only. The many-to-many matrix runs one compiled (numba) Dijkstra search
per point, started from every node the point can be left by at the cost of getting there,
stopped once every node the other points are reached from is settled, and carrying the
driven distance along with the time.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numba
import numpy as np
import shapely
from numpy.typing import NDArray

from routing._search import heap_pop, heap_push_or_lower
from routing.area import LocalProjection, ServiceArea
from routing.config import MAX_SNAP_DISTANCE_M
from routing.errors import InvalidQuery, NoUsableWayNearby, OutsideServiceArea

log = logging.getLogger(__name__)

# A point this close to a node is at the node, free to take any street from it.
_AT_NODE_M = 0.5  # m, about the precision of vector-tile coordinates

_SLOTS = 3  # ways of leaving or reaching a point: along its edge, its twin, at a node

# Edges shorter than this take this long, so that a zero never reads as "no edge".
_MIN_EDGE_TIME_S = 1e-3  # s


@dataclass(frozen=True)
class DriveSnap:
    """A point moved onto the nearest drivable edge."""

    edge: int  # index into :attr:`TravelTimes.edges`
    fraction: float  # along the edge's geometry, 0 at its tail
    distance_m: float  # from the point to the edge
    lat: float
    lon: float


@dataclass(frozen=True)
class TravelMatrix:
    """Fastest driving times between points and the distance driven on those routes.

    ``time_s[i, j]`` is the time from point ``i`` to point ``j``; not symmetric where
    one-way streets force a detour.
    """

    time_s: NDArray[np.float64]
    distance_m: NDArray[np.float64]
    snaps: list[DriveSnap]


class TravelTimes:
    """Driving times on one drive graph (see :mod:`routing.drive`).

    Parameters
    ----------
    G
        A drive graph whose edges carry ``travel_time_s``, ``length`` and ``geometry``;
        every node should reach every other (a strongly connected graph).
    area
        Points outside it are refused; ``None`` accepts any point.
    max_snap_distance_m
        A point farther than this from every drivable edge is refused.
    """

    def __init__(
        self,
        G: nx.MultiDiGraph,
        area: ServiceArea | None = None,
        max_snap_distance_m: float = MAX_SNAP_DISTANCE_M,
    ) -> None:
        started = time.perf_counter()
        self.graph = G
        self.area = area
        self.max_snap_distance_m = max_snap_distance_m
        self.nodes = list(G.nodes)
        index = {n: i for i, n in enumerate(self.nodes)}

        self.edges: list[tuple[object, object, object]] = []
        geoms = []
        tail, head, seconds, metres = [], [], [], []
        for u, v, k, data in G.edges(keys=True, data=True):
            self.edges.append((u, v, k))
            tail.append(index[u])
            head.append(index[v])
            seconds.append(max(float(data["travel_time_s"]), _MIN_EDGE_TIME_S))
            metres.append(float(data["length"]))
            geoms.append(data["geometry"])
        self.tail = np.asarray(tail, dtype=np.int64)
        self.head = np.asarray(head, dtype=np.int64)
        self.edge_time_s = np.asarray(seconds, dtype=np.float64)
        self.edge_length_m = np.asarray(metres, dtype=np.float64)

        # Geometries in metres for snapping, and each edge's twin drawn the other way.
        lon = np.array([G.nodes[n]["x"] for n in self.nodes])
        lat = np.array([G.nodes[n]["y"] for n in self.nodes])
        self.projection = (
            area.projection
            if area is not None
            else LocalProjection(float(lon.mean()), float(lat.mean()))
        )
        self.geoms_m = self.projection.geometry_to_m(np.array(geoms, dtype=object))
        self.tree = shapely.STRtree(self.geoms_m)
        self.reverse = _reverse_edges(self.tail, self.head, self.geoms_m)

        # Edges sorted by tail (CSR), for the compiled search.
        order = np.argsort(self.tail, kind="stable")
        counts = np.bincount(self.tail, minlength=len(self.nodes))
        self.indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.csr_heads = self.head[order]
        self.csr_time_s = self.edge_time_s[order]
        self.csr_length_m = self.edge_length_m[order]
        size = len(self.nodes)
        log.info(
            "Travel times ready: %d nodes, %d edges in %.1f s",
            size,
            len(self.edges),
            time.perf_counter() - started,
        )

    @classmethod
    def for_meguro(cls) -> TravelTimes:
        """Travel times on the bundled Meguro drive graph, limited to the ward's service area.

        Built once per process and shared: the object is only read after construction.
        """
        return _meguro()

    # --- snapping --------------------------------------------------------------------------

    def snap(self, points: Sequence[tuple[float, float]]) -> list[DriveSnap]:
        """Snap ``(lat, lon)`` points to their nearest drivable edge.

        Raises
        ------
        InvalidQuery
            If a point is not a coordinate.
        OutsideServiceArea
            If a point lies outside the service area; ``which`` names the point by position.
        NoUsableWayNearby
            If no drivable edge lies within ``max_snap_distance_m`` of a point.
        """
        if len(points) == 0:
            return []
        coords = np.asarray(points, dtype=np.float64)
        if coords.ndim != 2 or coords.shape[1] != 2:
            raise InvalidQuery(f"points must be (lat, lon) pairs, got shape {coords.shape}")
        lat, lon = coords[:, 0], coords[:, 1]
        bad = ~(np.isfinite(lat) & np.isfinite(lon)) | (np.abs(lat) > 90) | (np.abs(lon) > 180)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InvalidQuery(f"point {i} ({lat[i]}, {lon[i]}) is not a latitude, longitude")
        if self.area is not None:
            for i, (la, lo) in enumerate(coords.tolist()):
                outside = self.area.distance_outside_m(la, lo)
                if outside > 0:
                    raise OutsideServiceArea(_name(i, la, lo), outside, self.area.description)

        edge, distance, fraction = self._nearest(lat, lon)
        if (edge < 0).any():
            i = int(np.flatnonzero(edge < 0)[0])
            raise NoUsableWayNearby(
                _name(i, float(lat[i]), float(lon[i])), self.max_snap_distance_m, "drive"
            )
        return [
            DriveSnap(int(e), float(f), float(d), float(la), float(lo))
            for e, f, d, la, lo in zip(edge, fraction, distance, lat, lon, strict=True)
        ]

    def can_snap(self, points: Sequence[tuple[float, float]]) -> NDArray[np.bool_]:
        """Whether each ``(lat, lon)`` point lies in the service area and near a drivable edge."""
        coords = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        ok = np.array(
            [
                self.area is None or self.area.distance_outside_m(la, lo) == 0
                for la, lo in coords.tolist()
            ],
            dtype=bool,
        )
        edge, _, _ = self._nearest(coords[:, 0], coords[:, 1])
        return ok & (edge >= 0)

    def _nearest(
        self, lat: NDArray[np.float64], lon: NDArray[np.float64]
    ) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
        """Nearest edge within the snapping distance (-1: none), distance and fraction."""
        x, y = self.projection.to_m(lon, lat)
        pts = shapely.points(x, y)
        found, dist = self.tree.query_nearest(
            pts, max_distance=self.max_snap_distance_m, return_distance=True, all_matches=False
        )
        edge = np.full(len(pts), -1, dtype=np.int64)
        edge[found[0]] = found[1]
        distance = np.full(len(pts), np.inf)
        distance[found[0]] = dist
        fraction = np.zeros(len(pts))
        hit = edge >= 0
        if hit.any():
            located = shapely.line_locate_point(self.geoms_m[edge[hit]], pts[hit], normalized=True)
            fraction[hit] = np.nan_to_num(np.clip(located, 0.0, 1.0))
        return edge, distance, fraction

    # --- matrices --------------------------------------------------------------------------

    def matrix(self, points: Sequence[tuple[float, float]]) -> TravelMatrix:
        """Fastest driving time and its distance between every ordered pair of points.

        Parameters
        ----------
        points
            ``(lat, lon)`` pairs.

        Returns
        -------
        TravelMatrix
            Seconds and metres; the diagonal is 0.

        Raises
        ------
        InvalidQuery, OutsideServiceArea, NoUsableWayNearby
            As :meth:`snap`.
        """
        started = time.perf_counter()
        snaps = self.snap(points)
        count = len(snaps)
        if count == 0:
            empty = np.zeros((0, 0))
            return TravelMatrix(empty, empty.copy(), [])

        # Up to two ways of leaving and of reaching each point: along its edge and its twin.
        exit_node, exit_s, exit_m = _ends(self, snaps, leaving=True)
        entry_node, entry_s, entry_m = _ends(self, snaps, leaving=False)

        time_s, distance_m = self._search(exit_node, exit_s, exit_m, entry_node, entry_s, entry_m)

        # Both points on one edge, the second ahead of the first: drive straight along it.
        edge, frac = _directed(self, snaps)
        for a in range(2):
            for b in range(2):
                same = (edge[:, a, None] == edge[None, :, b]) & (edge[:, a, None] >= 0)
                ahead = frac[None, :, b] - frac[:, a, None]
                ok = same & (ahead >= 0)
                safe = np.where(edge[:, a] >= 0, edge[:, a], 0)
                candidate = np.where(ok, ahead * self.edge_time_s[safe][:, None], np.inf)
                better = candidate < time_s
                time_s = np.where(better, candidate, time_s)
                metres = ahead * self.edge_length_m[safe][:, None]
                distance_m = np.where(better, metres, distance_m)
        np.fill_diagonal(time_s, 0.0)
        np.fill_diagonal(distance_m, 0.0)
        log.debug("Travel matrix of %d points in %.3f s", count, time.perf_counter() - started)
        return TravelMatrix(time_s, distance_m, snaps)

    def node_matrix(
        self, sources: NDArray[np.int64], targets: NDArray[np.int64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Fastest times (s) and their distances (m) between graph nodes.

        ``sources`` and ``targets`` are positions in :attr:`nodes`; unreachable pairs are inf.
        """
        src = np.asarray(sources, dtype=np.int64).reshape(-1, 1)
        tgt = np.asarray(targets, dtype=np.int64).reshape(-1, 1)
        zero_src, zero_tgt = np.zeros(src.shape), np.zeros(tgt.shape)
        return self._search(src, zero_src, zero_src, tgt, zero_tgt, zero_tgt)

    def _search(
        self,
        src_node: NDArray[np.int64],
        src_s: NDArray[np.float64],
        src_m: NDArray[np.float64],
        tgt_node: NDArray[np.int64],
        tgt_s: NDArray[np.float64],
        tgt_m: NDArray[np.float64],
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        return _many_to_many(  # type: ignore[no-any-return]
            self.indptr,
            self.csr_heads,
            self.csr_time_s,
            self.csr_length_m,
            np.ascontiguousarray(src_node, dtype=np.int64),
            np.ascontiguousarray(src_s, dtype=np.float64),
            np.ascontiguousarray(src_m, dtype=np.float64),
            np.ascontiguousarray(tgt_node, dtype=np.int64),
            np.ascontiguousarray(tgt_s, dtype=np.float64),
            np.ascontiguousarray(tgt_m, dtype=np.float64),
            numba.get_num_threads(),
        )


@functools.cache
def _meguro() -> TravelTimes:
    from routing.drive import load_drive_graph
    from routing.load import service_area_for

    G = load_drive_graph()
    return TravelTimes(G, service_area_for(None, G))


def _name(i: int, lat: float, lon: float) -> str:
    return f"point {i} ({lat:.5f}, {lon:.5f})"


def _reverse_edges(
    tail: NDArray[np.int64], head: NDArray[np.int64], geoms: NDArray[np.object_]
) -> NDArray[np.int64]:
    """For each edge, the edge drawn along the same line the other way (-1 if none).

    Matched on the vertices next to the end nodes, not only on the end nodes, so that
    parallel edges and loops between the same two nodes pair up correctly.
    """
    count = shapely.get_num_coordinates(geoms)
    second = shapely.get_coordinates(shapely.get_point(geoms, 1))
    before_last = shapely.get_coordinates(shapely.get_point(geoms, -2))
    by_key: dict[tuple[int, int, int, float, float], list[int]] = {}
    for i, key in enumerate(
        zip(tail.tolist(), head.tolist(), count.tolist(), *second.T.tolist(), strict=True)
    ):
        by_key.setdefault(key, []).append(i)
    reverse = np.full(len(tail), -1, dtype=np.int64)
    for i, (t, h, n, x, y) in enumerate(
        zip(tail.tolist(), head.tolist(), count.tolist(), *before_last.T.tolist(), strict=True)
    ):
        for j in by_key.get((h, t, n, x, y), []):
            if j != i and reverse[j] in (-1, i):
                reverse[i] = j
                break
    return reverse


def _directed(
    travel: TravelTimes, snaps: list[DriveSnap]
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Each point's edge and fraction, and the same on the edge's twin (-1 if one-way)."""
    edge = np.full((len(snaps), 2), -1, dtype=np.int64)
    frac = np.zeros((len(snaps), 2))
    for i, snap in enumerate(snaps):
        edge[i, 0], frac[i, 0] = snap.edge, snap.fraction
        twin = int(travel.reverse[snap.edge])
        if twin >= 0:
            edge[i, 1], frac[i, 1] = twin, 1.0 - snap.fraction
    return edge, frac


def _ends(
    travel: TravelTimes, snaps: list[DriveSnap], *, leaving: bool
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
    """Nodes a point is left towards (or reached from), with the time and distance to them.

    Slots 0 and 1 drive along the point's edge and its twin; slot 2 is the edge's end node
    itself when the point lies on it (within :data:`_AT_NODE_M`), from where every street
    of that node can be taken. Unused slots repeat the first node at infinite cost.
    """
    edge, frac = _directed(travel, snaps)
    node = np.empty((len(snaps), _SLOTS), dtype=np.int64)
    seconds = np.full((len(snaps), _SLOTS), np.inf)
    metres = np.full((len(snaps), _SLOTS), np.inf)
    for slot in range(2):
        used = edge[:, slot] >= 0
        e = np.where(used, edge[:, slot], edge[:, 0])
        part = (1.0 - frac[:, slot]) if leaving else frac[:, slot]
        node[:, slot] = travel.head[e] if leaving else travel.tail[e]
        seconds[:, slot] = np.where(used, part * travel.edge_time_s[e], np.inf)
        metres[:, slot] = np.where(used, part * travel.edge_length_m[e], np.inf)

    e = edge[:, 0]
    along_m = frac[:, 0] * travel.edge_length_m[e]
    at_tail = along_m <= _AT_NODE_M
    at_head = travel.edge_length_m[e] - along_m <= _AT_NODE_M
    node[:, 2] = np.where(at_tail, travel.tail[e], np.where(at_head, travel.head[e], node[:, 0]))
    seconds[:, 2] = np.where(at_tail | at_head, 0.0, np.inf)
    metres[:, 2] = np.where(at_tail | at_head, 0.0, np.inf)
    return node, seconds, metres


@numba.njit(cache=True, parallel=True)
def _many_to_many(
    indptr, heads, time_s, length_m, src_node, src_s, src_m, tgt_node, tgt_s, tgt_m, n_threads
):  # type: ignore[no-untyped-def]  # noqa: E501
    """Fastest time, and its distance, from each source point to each target point.

    Source point ``i`` is left by node ``src_node[i, a]`` at ``src_s[i, a]`` seconds and
    ``src_m[i, a]`` metres (inf: slot unused); target point ``j`` is reached from
    ``tgt_node[j, b]`` adding ``tgt_s[j, b]`` and ``tgt_m[j, b]``. One Dijkstra search per
    source point, with a lazy binary heap, stopped once every target node is settled; the
    sources are shared out between the cores, each with buffers of its own.
    """
    size = len(indptr) - 1
    n_src, n_tgt = src_node.shape[0], tgt_node.shape[0]
    out_s = np.full((n_src, n_tgt), np.inf)
    out_m = np.full((n_src, n_tgt), np.inf)

    is_target = np.zeros(size, dtype=np.bool_)
    for j in range(n_tgt):
        for b in range(tgt_node.shape[1]):
            if tgt_s[j, b] < np.inf:
                is_target[tgt_node[j, b]] = True
    n_targets = int(is_target.sum())

    n_chunks = max(1, min(n_threads, n_src))
    for chunk in numba.prange(n_chunks):
        dist = np.full(size, np.inf)
        metres = np.zeros(size)
        seen = np.full(size, -1, dtype=np.int64)  # search number that last reached the node
        settled = np.full(size, -1, dtype=np.int64)
        heap_key = np.empty(size)
        heap_node = np.empty(size, dtype=np.int64)
        heap_pos = np.full(size, -1, dtype=np.int64)
        graph = (indptr, heads, time_s, length_m)
        buffers = (dist, metres, seen, settled, heap_key, heap_node, heap_pos)
        for i in range(chunk, n_src, n_chunks):
            _one_source(i, graph, (src_node, src_s, src_m), (tgt_node, tgt_s, tgt_m),
                        is_target, n_targets, buffers, out_s, out_m)  # fmt: skip
    return out_s, out_m


@numba.njit(cache=True)
def _one_source(i, graph, sources, targets, is_target, n_targets, buffers, out_s, out_m):  # type: ignore[no-untyped-def]  # noqa: E501
    """Search from source point ``i`` and fill row ``i`` of the outputs."""
    indptr, heads, time_s, length_m = graph
    src_node, src_s, src_m = sources
    tgt_node, tgt_s, tgt_m = targets
    dist, metres, seen, settled, heap_key, heap_node, heap_pos = buffers
    size_heap = 0
    for a in range(src_node.shape[1]):
        v, c = src_node[i, a], src_s[i, a]
        if c == np.inf or (seen[v] == i and dist[v] <= c):
            continue
        seen[v] = i
        dist[v] = c
        metres[v] = src_m[i, a]
        size_heap = heap_push_or_lower(heap_key, heap_node, heap_pos, size_heap, v, c)
    remaining = n_targets
    while size_heap > 0 and remaining > 0:
        u, key, size_heap = heap_pop(heap_key, heap_node, heap_pos, size_heap)
        settled[u] = i
        if is_target[u]:
            remaining -= 1
        for k in range(indptr[u], indptr[u + 1]):
            v = heads[k]
            if settled[v] == i:
                continue
            candidate = key + time_s[k]
            if seen[v] != i or candidate < dist[v]:
                seen[v] = i
                dist[v] = candidate
                metres[v] = metres[u] + length_m[k]
                size_heap = heap_push_or_lower(
                    heap_key, heap_node, heap_pos, size_heap, v, candidate
                )
    # A search stopped early leaves nodes in the heap: clear their places for the next one.
    for k in range(size_heap):
        heap_pos[heap_node[k]] = -1

    for j in range(tgt_node.shape[0]):
        for b in range(tgt_node.shape[1]):
            v = tgt_node[j, b]
            if tgt_s[j, b] == np.inf or seen[v] != i:
                continue
            total = dist[v] + tgt_s[j, b]
            if total < out_s[i, j]:
                out_s[i, j] = total
                out_m[i, j] = metres[v] + tgt_m[j, b]
