"""Answer route queries on a pedestrian graph with compiled A* over per-profile edge costs."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import shapely
from shapely.geometry import LineString, Point
from shapely.ops import substring

from routing import _search
from routing.area import LocalProjection, ServiceArea
from routing.config import MAX_SNAP_DISTANCE_M
from routing.errors import InvalidQuery, NoRouteFound, NoUsableWayNearby, OutsideServiceArea
from routing.profiles import BLOCK_REASONS, PROFILES, EdgeTable, Profile, edge_costs
from routing.schema import ACCESSIBILITY_ATTRIBUTES

log = logging.getLogger(__name__)

# Straight-line distance never exceeds cost, which is length (metres) times a factor >= 1; the
# margin covers the small difference between great-circle lengths and the local projection.
_HEURISTIC_PER_M = 0.995


@dataclass
class Snap:
    """A query point moved onto the nearest usable edge."""

    edge: int
    fraction: float  # along the edge's geometry, 0 at its tail
    distance_m: float  # from the query point to the edge
    lon: float
    lat: float


@dataclass
class Segment:
    """One edge, or the part of it that a route uses."""

    edge: int
    geometry: LineString  # lon/lat, in the direction of travel
    length_m: float
    attrs: dict[str, Any]


@dataclass
class Route:
    """A route found for a profile, from the snapped origin to the snapped destination."""

    profile: Profile
    segments: list[Segment]
    cost: float
    origin: Snap
    destination: Snap
    unknown_length_m: dict[str, float] = field(default_factory=dict)

    @property
    def distance_m(self) -> float:
        return float(sum(s.length_m for s in self.segments))

    @property
    def duration_s(self) -> float:
        return self.distance_m / self.profile.speed_mps

    @property
    def geometry(self) -> LineString:
        coords: list[tuple[float, float]] = []
        for seg in self.segments:
            pts = list(seg.geometry.coords)
            if coords and pts and np.allclose(coords[-1], pts[0]):
                pts = pts[1:]
            coords.extend(pts)
        if len(coords) == 1:
            coords.append(coords[0])
        return LineString(coords)

    @property
    def steps_used(self) -> int:
        """Number of flights of steps on the route."""
        return sum(1 for s in self.segments if s.attrs.get("steps"))


class BlockedRoute(NoRouteFound):
    """No route satisfies the profile: what blocks it and how close the profile gets.

    Attributes
    ----------
    barriers : list of dict
        The barriers on the pedestrian route that the profile cannot get around, in walking
        order; each with ``kind`` (one of :data:`routing.profiles.BLOCK_REASONS`), ``value``,
        ``limit`` and ``unit`` where they apply, ``lon``, ``lat`` and ``geometry``.
    nearest_reachable : dict or None
        The place the profile can reach from the origin that lies nearest the destination:
        ``lon``, ``lat``, ``distance_to_destination_m`` (straight line) and
        ``distance_from_origin_m`` (along the way); ``None`` if the origin could not be placed.
    """

    def __init__(
        self,
        message: str,
        barriers: list[dict[str, Any]],
        nearest_reachable: dict[str, Any] | None,
    ) -> None:
        super().__init__(message, barriers)
        self.nearest_reachable = nearest_reachable


class Router:
    """Route queries on one pedestrian graph.

    Parameters
    ----------
    G
        A graph from :func:`routing.builder.build_graph`.
    area
        The service area; points outside it are refused. ``None`` accepts any point.
    """

    def __init__(self, G: nx.MultiDiGraph, area: ServiceArea | None = None) -> None:
        started = time.perf_counter()
        self.graph = G
        self.area = area
        nodes = list(G.nodes)
        index = {n: i for i, n in enumerate(nodes)}
        self.nodes = nodes
        lon = np.array([G.nodes[n]["x"] for n in nodes])
        lat = np.array([G.nodes[n]["y"] for n in nodes])
        self.projection = (
            area.projection
            if area is not None
            else LocalProjection(float(lon.mean()), float(lat.mean()))
        )
        self.node_x, self.node_y = self.projection.to_m(lon, lat)

        # Edges in a fixed order; CSR arrays sorted by tail point back into that order.
        self.edges: list[tuple[Any, Any, Any]] = []
        self.edge_data: list[dict[str, Any]] = []
        for u, v, k, data in G.edges(keys=True, data=True):
            self.edges.append((u, v, k))
            self.edge_data.append(data)
        self.tail = np.array([index[u] for u, _, _ in self.edges], dtype=np.int64)
        self.head = np.array([index[v] for _, v, _ in self.edges], dtype=np.int64)
        self.csr_order = np.argsort(self.tail, kind="stable")
        self.csr_heads = self.head[self.csr_order]
        counts = np.bincount(self.tail, minlength=len(nodes))
        self.indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.table = EdgeTable.from_edges(self.edge_data)
        self.unknown_mask = {
            attr: np.array([d.get(attr) is None for d in self.edge_data], dtype=float)
            for attr in ACCESSIBILITY_ATTRIBUTES
        }
        self.reverse = self._reverse_edges()

        # A spatial index of edge geometries in metres, for snapping.
        self.geoms_m = self.projection.geometry_to_m(
            np.array([d["geometry"] for d in self.edge_data], dtype=object)
        )
        self.tree = shapely.STRtree(self.geoms_m)
        self._cost_cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.reported: dict[str, np.ndarray] = {}
        for name in PROFILES:
            self.costs(PROFILES[name])
        self.search_graph = _search.SearchGraph(
            self.tail, self.head, self.node_x, self.node_y, _HEURISTIC_PER_M
        )
        for cost, _ in self._cost_cache.values():
            self.search_graph.prepare(cost)
        log.info(
            "Router ready: %d nodes, %d edges, %d profiles in %.1f s",
            len(nodes),
            len(self.edges),
            len(PROFILES),
            time.perf_counter() - started,
        )

    # --- costs -----------------------------------------------------------------------------

    def costs(self, profile: Profile) -> tuple[np.ndarray, np.ndarray]:
        """Edge costs (edge order) and closing reasons for a profile.

        Presets are computed once; stretches closed by live reports (:meth:`set_reported`)
        are applied on top for the profiles they affect.
        """
        preset = PROFILES.get(profile.name)
        is_preset = preset is not None and preset == profile
        if is_preset and profile.name in self._cost_cache:
            cost, reason = self._cost_cache[profile.name]
        else:
            cost, reason = edge_costs(profile, self.table)
            if is_preset:
                self._cost_cache[profile.name] = (cost, reason)
        closed = self.reported.get(profile.name)
        if closed is not None and closed.any():
            cost, reason = cost.copy(), reason.copy()
            newly = closed & (reason < 0)
            reason[newly] = BLOCK_REASONS.index("reported")
            cost[closed] = np.inf
        return cost, reason

    def set_reported(self, closed_by_profile: dict[str, np.ndarray]) -> None:
        """Close edges for some profiles: ``{profile name: bool mask over edges}``.

        Replaces what was set before; an empty dict reopens everything.
        """
        for name, mask in closed_by_profile.items():
            if mask.shape != (len(self.edges),):
                raise ValueError(
                    f"mask for {name} has shape {mask.shape}, not ({len(self.edges)},)"
                )
        self.reported = {name: mask.astype(bool) for name, mask in closed_by_profile.items()}

    def _reverse_edges(self) -> np.ndarray:
        """For each edge, the edge drawn along the same line the other way (-1 if none).

        Matched on geometry, not only on end nodes, so that loops and parallel edges between
        the same two nodes pair up correctly.
        """
        by_pair: dict[tuple[int, int], list[int]] = {}
        for i, (t, h) in enumerate(zip(self.tail.tolist(), self.head.tolist(), strict=True)):
            by_pair.setdefault((t, h), []).append(i)
        rev = np.full(len(self.edges), -1, dtype=np.int64)
        for i, (t, h) in enumerate(zip(self.tail.tolist(), self.head.tolist(), strict=True)):
            if rev[i] >= 0:
                continue
            mine = self.edge_data[i]["geometry"].coords
            # Ways drawn twice give parallel twins: pair each edge with one twin only. A reverse
            # edge holds the very same coordinates in the opposite order.
            for j in by_pair.get((h, t), []):
                if j == i or rev[j] >= 0:
                    continue
                theirs = self.edge_data[j]["geometry"].coords
                if len(theirs) == len(mine) and theirs[0] == mine[-1] and theirs[1] == mine[-2]:
                    rev[i], rev[j] = j, i
                    break
        return rev

    # --- snapping --------------------------------------------------------------------------

    def check_point(self, which: str, lat: float, lon: float) -> None:
        """Raise if a point is not a coordinate or lies outside the service area."""
        if not (np.isfinite(lat) and np.isfinite(lon)) or not -90 <= lat <= 90:
            raise InvalidQuery(f"the {which} latitude must lie between -90 and 90, got {lat}")
        if not -180 <= lon <= 180:
            raise InvalidQuery(f"the {which} longitude must lie between -180 and 180, got {lon}")
        if self.area is not None:
            outside = self.area.distance_outside_m(lat, lon)
            if outside > 0:
                raise OutsideServiceArea(which, outside, self.area.description)

    def snap(
        self,
        which: str,
        lat: float,
        lon: float,
        cost: np.ndarray,
        profile_name: str = "",
        max_distance_m: float = MAX_SNAP_DISTANCE_M,
    ) -> Snap:
        """Move a point onto the nearest edge whose cost is finite."""
        x, y = self.projection.to_m(lon, lat)
        pt = Point(float(x), float(y))
        # Usually the nearest edge is open: ask the index for it first, then widen the search.
        nearest, dist = self.tree.query_nearest(
            pt, max_distance=max_distance_m, return_distance=True, all_matches=True
        )
        open_nearest = np.isfinite(cost[nearest])
        if open_nearest.any():
            near, dists = nearest[open_nearest], dist[open_nearest]
        else:
            near = self.tree.query(pt, predicate="dwithin", distance=max_distance_m)
            near = near[np.isfinite(cost[near])]
            if near.size == 0:
                raise NoUsableWayNearby(which, max_distance_m, profile_name)
            dists = shapely.distance(self.geoms_m[near], pt)
        best = int(near[int(np.argmin(dists))])
        geom = self.geoms_m[best]
        frac = float(geom.project(pt, normalized=True)) if geom.length > 0 else 0.0
        on = geom.interpolate(frac, normalized=True)
        slon, slat = self.projection.to_lonlat(on.x, on.y)
        return Snap(best, frac, float(np.min(dists)), float(slon), float(slat))

    # --- routing ---------------------------------------------------------------------------

    def route(
        self,
        origin: tuple[float, float],
        destination: tuple[float, float],
        profile: Profile,
    ) -> Route:
        """The least-cost route between two (lat, lon) points for a profile.

        Raises
        ------
        InvalidQuery, OutsideServiceArea
            For a malformed point or one outside the service area.
        NoUsableWayNearby
            If no usable way lies near a point.
        NoRouteFound
            If the profile cannot reach the destination; ``barriers`` says what blocks it.
        """
        self.check_point("origin", *origin)
        self.check_point("destination", *destination)
        cost, reason = self.costs(profile)
        try:
            src = self.snap("origin", *origin, cost, profile.name)
            dst = self.snap("destination", *destination, cost, profile.name)
        except NoUsableWayNearby as exc:
            if profile == PROFILES["pedestrian"]:
                raise
            # Say what closes the ways near the point, if a pedestrian could use them.
            open_cost, _ = self.costs(PROFILES["pedestrian"])
            lat, lon = origin if exc.which == "origin" else destination
            try:
                near = self.snap(exc.which, lat, lon, open_cost, "pedestrian")
            except NoUsableWayNearby:
                raise exc from None
            nearest = None
            if exc.which == "destination":
                src = self.snap("origin", *origin, cost, profile.name)
                nearest = self.nearest_reachable(src, destination, cost)
            raise BlockedRoute(
                f"every way near the {exc.which} is closed to profile '{profile.name}'",
                [self._barrier(near.edge, int(reason[near.edge]), profile)],
                nearest,
            ) from None
        found = self._search(src, dst, cost)
        if found is None:
            # Barriers are found on the pedestrian route; when that one fails too, the network
            # itself is cut (a one-way escalator, a gap in the data) and there is none to name.
            unconstrained = profile == PROFILES["pedestrian"]
            raise BlockedRoute(
                f"no route for profile '{profile.name}' between these points"
                + (": the network does not connect them" if unconstrained else ""),
                [] if unconstrained else self.explain_blocked(origin, destination, reason, profile),
                self.nearest_reachable(src, destination, cost),
            )
        total, edges_used, first_frac, last_frac = found
        return self._assemble(profile, src, dst, total, edges_used, first_frac, last_frac)

    def _search(
        self, src: Snap, dst: Snap, cost: np.ndarray
    ) -> tuple[float, list[int], float, float] | None:
        # Sources: leave the origin along its edge forward, or backward along the reverse edge.
        # Both ways round a loop lead to the same node: keep the cheaper one per node.
        best_source: dict[int, tuple[int, float, int, float]] = {}  # node, cost, edge, fraction
        for edge, frac in self.directions(src):
            if not np.isfinite(cost[edge]):
                continue
            node, c = int(self.head[edge]), (1 - frac) * cost[edge]
            if node not in best_source or c < best_source[node][1]:
                best_source[node] = (node, c, edge, frac)
        best_target: dict[int, tuple[int, float, int, float]] = {}
        for edge, frac in self.directions(dst):
            if not np.isfinite(cost[edge]):
                continue
            node, c = int(self.tail[edge]), frac * cost[edge]
            if node not in best_target or c < best_target[node][1]:
                best_target[node] = (node, c, edge, frac)
        sources, targets = list(best_source.values()), list(best_target.values())

        # Both points on one edge, the destination ahead of the origin: no search needed.
        best: tuple[float, list[int], float, float] | None = None
        for _s_node, _s_cost, s_edge, s_frac in sources:
            for _t_node, _t_cost, t_edge, t_frac in targets:
                if s_edge == t_edge and t_frac >= s_frac:
                    direct = (t_frac - s_frac) * cost[s_edge]
                    if best is None or direct < best[0]:
                        best = (float(direct), [s_edge], s_frac, t_frac)
        if not sources or not targets:
            return best

        # Preset costs got landmark bounds at start-up; other costs borrow a stricter set.
        engine = self.search_graph
        if any(cost is preset for preset, _ in self._cost_cache.values()):
            engine.prepare(cost)
        tx, ty = self.projection.to_m(dst.lon, dst.lat)
        found = engine.astar(
            cost,
            np.array([s[0] for s in sources], dtype=np.int64),
            np.array([s[1] for s in sources], dtype=float),
            np.array([t[0] for t in targets], dtype=np.int64),
            np.array([t[1] for t in targets], dtype=float),
            (float(tx), float(ty)),
        )
        if found is None or (best is not None and best[0] <= found.cost):
            return best
        start, end = sources[found.source], targets[found.target]
        return found.cost, [start[2], *found.edges, end[2]], start[3], end[3]

    def directions(self, snap: Snap) -> list[tuple[int, float]]:
        """The snapped edge and its reverse, with the point's fraction along each."""
        return self.edge_directions(snap.edge, snap.fraction)

    def edge_directions(self, edge: int, fraction: float) -> list[tuple[int, float]]:
        """An edge and its reverse (if any), with a point's fraction along each."""
        out = [(edge, fraction)]
        rev = int(self.reverse[edge])
        if rev >= 0:
            out.append((rev, 1.0 - fraction))
        return out

    def _assemble(
        self,
        profile: Profile,
        src: Snap,
        dst: Snap,
        total: float,
        edges: list[int],
        first_frac: float,
        last_frac: float,
    ) -> Route:
        segments: list[Segment] = []
        for i, edge in enumerate(edges):
            start = first_frac if i == 0 else 0.0
            end = last_frac if i == len(edges) - 1 else 1.0
            if end - start <= 1e-9 and len(edges) > 1:
                continue
            data = self.edge_data[edge]
            piece = data["geometry"]
            if (start, end) != (0.0, 1.0):
                piece = substring(piece, start, end, normalized=True)
                if piece.geom_type == "Point":
                    piece = LineString([piece.coords[0], piece.coords[0]])
            segments.append(Segment(edge, piece, float(data["length"]) * (end - start), data))

        # Unknown length per attribute, from a per-edge table rather than a walk over dicts.
        used = np.array([s.edge for s in segments], dtype=np.int64)
        lengths = np.array([s.length_m for s in segments])
        unknown = {
            attr: float(lengths @ self.unknown_mask[attr][used])
            for attr in ACCESSIBILITY_ATTRIBUTES
        }
        return Route(profile, segments, total, src, dst, unknown)

    # --- explanations ----------------------------------------------------------------------

    def explain_blocked(
        self,
        origin: tuple[float, float],
        destination: tuple[float, float],
        reason: np.ndarray,
        profile: Profile | None = None,
    ) -> list[dict[str, Any]]:
        """The barriers that cut the profile off from the destination, in walking order.

        Takes the pedestrian route and keeps the closed stretches on it that the profile cannot
        get around: those with at least one end it cannot reach from the origin. Given the
        profile, each barrier also says by how much it exceeds the limit.
        """
        try:
            walk = self.route(origin, destination, PROFILES["pedestrian"])
        except (NoRouteFound, NoUsableWayNearby):
            return []
        open_cost = np.where(reason >= 0, np.inf, self.table.length_m)
        reachable = np.isfinite(self.costs_from(walk.origin, open_cost))
        barriers = []
        for seg in walk.segments:
            why = int(reason[seg.edge])
            if why < 0:
                continue
            if reachable[self.tail[seg.edge]] and reachable[self.head[seg.edge]]:
                continue
            barriers.append(self._barrier(seg.edge, why, profile, seg.geometry))
        return barriers

    def nearest_reachable(
        self, src: Snap, destination: tuple[float, float], cost: np.ndarray
    ) -> dict[str, Any]:
        """The node reachable from ``src`` under ``cost`` that lies nearest ``destination``.

        Returns ``lon``, ``lat``, ``distance_to_destination_m`` (straight line, metres) and
        ``distance_from_origin_m`` (along the way, metres). If no node is reachable, the snapped
        origin itself.
        """
        length = np.where(np.isfinite(cost), self.table.length_m, np.inf)
        dist = self.costs_from(src, length)
        tx, ty = self.projection.to_m(destination[1], destination[0])
        reached = np.flatnonzero(np.isfinite(dist))
        sx, sy = self.projection.to_m(src.lon, src.lat)
        if reached.size == 0:
            lon, lat, along = src.lon, src.lat, 0.0
            straight = float(np.hypot(sx - tx, sy - ty))
        else:
            gaps = np.hypot(self.node_x[reached] - tx, self.node_y[reached] - ty)
            best = int(reached[int(np.argmin(gaps))])
            straight = float(gaps.min())
            node = self.graph.nodes[self.nodes[best]]
            lon, lat, along = float(node["x"]), float(node["y"]), float(dist[best])
            # The origin itself may lie nearer than every node it leads to.
            if float(np.hypot(sx - tx, sy - ty)) < straight:
                lon, lat, along = src.lon, src.lat, 0.0
                straight = float(np.hypot(sx - tx, sy - ty))
        return {
            "lon": lon,
            "lat": lat,
            "distance_to_destination_m": straight,
            "distance_from_origin_m": along,
        }

    def costs_from(self, src: Snap, cost: np.ndarray, limit: float = np.inf) -> np.ndarray:
        """Least cost from a snapped point to every node, ``inf`` where unreachable or past
        ``limit``. The point leaves along its edge both ways, paying for the part it walks."""
        starts = [
            (int(self.head[e]), (1 - frac) * float(cost[e]))
            for e, frac in self.directions(src)
            if np.isfinite(cost[e])
        ]
        if not starts:
            return np.full(len(self.nodes), np.inf)
        return np.asarray(
            _search.dijkstra_within(
                self.indptr,
                self.csr_heads,
                cost[self.csr_order],
                np.array([s[0] for s in starts], dtype=np.int64),
                np.array([s[1] for s in starts], dtype=float),
                limit,
            )
        )

    def out_edges(self, node: int) -> np.ndarray:
        """Indices (edge order) of the edges leaving a node index."""
        return np.asarray(self.csr_order[self.indptr[node] : self.indptr[node + 1]])

    def _barrier(
        self,
        edge: int,
        why: int,
        profile: Profile | None = None,
        geometry: LineString | None = None,
    ) -> dict[str, Any]:
        data = self.edge_data[edge]
        geom = geometry if geometry is not None else data["geometry"]
        mid = geom.interpolate(0.5, normalized=True)
        kind = BLOCK_REASONS[why] if why >= 0 else "unknown"
        value, limit, unit = _exceeded(kind, data, profile)
        return {
            "kind": kind,
            "value": value,
            "limit": limit,
            "unit": unit,
            "highway": data.get("highway"),
            "name": data.get("name"),
            "lon": float(mid.x),
            "lat": float(mid.y),
            "length_m": float(data["length"]),
            "geometry": geom,
        }


def _exceeded(
    kind: str, data: dict[str, Any], profile: Profile | None
) -> tuple[Any, Any, str | None]:
    """What the edge has, the profile's limit, and the unit, for one closing reason."""
    if kind == "steps":
        return data.get("step_count"), None, "steps"
    if kind == "incline_up":
        return data.get("incline_percent"), profile and profile.max_uphill_percent, "%"
    if kind == "incline_down":
        inc = data.get("incline_percent")
        down = -inc if inc is not None else None
        return down, profile and profile.max_downhill_percent, "%"
    if kind == "kerb":
        return data.get("kerb_height_m"), profile and profile.max_kerb_height_m, "m"
    if kind == "width":
        return data.get("width_m"), profile and profile.min_width_m, "m"
    if kind in ("surface", "smoothness", "barrier"):
        return data.get(kind), None, None
    if kind == "wheelchair_no":
        return data.get("wheelchair"), None, None
    return None, None, None
