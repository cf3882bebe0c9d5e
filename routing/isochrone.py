"""Isochrones: where a profile can get to within a time, along the ways it can use."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring

from routing.errors import InvalidQuery
from routing.profiles import Profile
from routing.router import Router, Snap

log = logging.getLogger(__name__)

# Reached ways are widened by this much to draw the area: about a block's front garden, so
# that a building beside a reached way counts as reached, a block's far side does not.
ISOCHRONE_BUFFER_M = 25.0  # metres
MAX_ISOCHRONE_S = 120 * 60.0  # seconds; beyond two hours a ward-sized network is all reached


@dataclass
class Isochrone:
    """The area a profile reaches from an origin within a time budget."""

    profile: Profile
    seconds: float
    budget_m: float  # cost budget: the profile's speed times the time
    origin: Snap
    node_cost: np.ndarray  # least cost from the origin to each node, inf beyond the budget
    pieces_m: list[LineString]  # the reached parts of ways, in metres, each way once
    reached_length_m: float  # length of the ways reached, each counted once
    polygon: BaseGeometry  # lon/lat
    area_m2: float

    @property
    def reached_nodes(self) -> int:
        return int(np.isfinite(self.node_cost).sum())


def isochrone(
    router: Router,
    origin: tuple[float, float],
    profile: Profile,
    seconds: float,
    buffer_m: float = ISOCHRONE_BUFFER_M,
) -> Isochrone:
    """The area reachable from ``origin`` (lat, lon) within ``seconds`` for ``profile``.

    The budget is the profile's speed times the time, spent on edge costs (metres, raised on
    stretches the profile avoids). The edge the origin lies on and the last edge of every
    branch count in part, up to where the budget runs out.

    Raises
    ------
    InvalidQuery
        If ``seconds`` is not in (0, 7200], or the origin is malformed.
    OutsideServiceArea, NoUsableWayNearby
        If the origin is outside the service area or far from every usable way.
    """
    if not (np.isfinite(seconds) and 0 < seconds <= MAX_ISOCHRONE_S):
        raise InvalidQuery(
            f"the time must lie between 0 and {MAX_ISOCHRONE_S / 60:.0f} minutes, "
            f"got {seconds / 60:g}"
        )
    router.check_point("origin", *origin)
    cost, _ = router.costs(profile)
    snap = router.snap("origin", *origin, cost, profile.name)
    budget = profile.speed_mps * seconds

    # Costs to the nodes, starting from the origin along its edge both ways.
    node_cost = router.costs_from(snap, cost, budget)
    starts = [(e, f) for e, f in router.directions(snap) if np.isfinite(cost[e])]

    # Each edge reached from its tail, as far as the budget left at the tail allows.
    intervals: dict[int, list[tuple[float, float]]] = {}
    reached_tail = np.flatnonzero(np.isfinite(node_cost[router.tail]) & np.isfinite(cost))
    for e in reached_tail.tolist():
        left = budget - node_cost[router.tail[e]]
        share = 1.0 if cost[e] <= left else left / cost[e]
        _add_interval(router, intervals, e, 0.0, share)
    for e, f in starts:
        share = 1.0 if cost[e] <= 0 else min(1.0, f + budget / cost[e])
        _add_interval(router, intervals, e, f, share)

    merged = {e: _merge(spans) for e, spans in intervals.items()}
    pieces = [
        piece
        for e, spans in merged.items()
        for start, end in spans
        if (piece := _piece(router.geoms_m[e], start, end)) is not None
    ]
    reached_length = sum(
        (end - start) * float(router.table.length_m[e])
        for e, spans in merged.items()
        for start, end in spans
    )
    x, y = router.projection.to_m(snap.lon, snap.lat)
    reached_points = [Point(float(x), float(y))]
    # TODO: the union of thousands of widened pieces takes seconds for an hour on foot; a
    # raster of reached cells would be faster for large budgets.
    polygon_m = shapely.union_all(
        shapely.buffer(np.array([*pieces, *reached_points], dtype=object), buffer_m, quad_segs=4)
    )
    log.debug(
        "Isochrone %s %.0f s: %d nodes, %d ways, %.0f m2",
        profile.name,
        seconds,
        int(np.isfinite(node_cost).sum()),
        len(pieces),
        polygon_m.area,
    )
    return Isochrone(
        profile=profile,
        seconds=seconds,
        budget_m=budget,
        origin=snap,
        node_cost=node_cost,
        pieces_m=pieces,
        reached_length_m=float(reached_length),
        polygon=router.projection.geometry_to_lonlat(polygon_m),
        area_m2=float(polygon_m.area),
    )


def _add_interval(
    router: Router,
    intervals: dict[int, list[tuple[float, float]]],
    edge: int,
    start: float,
    end: float,
) -> None:
    """Record the stretch [start, end] of an edge on the way it belongs to (one edge per way)."""
    if end <= start:
        return
    rev = int(router.reverse[edge])
    if 0 <= rev < edge:
        edge, start, end = rev, 1.0 - end, 1.0 - start
    intervals.setdefault(edge, []).append((start, end))


def _merge(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overlapping intervals joined.

    >>> _merge([(0.5, 1.0), (0.0, 0.2), (0.1, 0.6)])
    [(0.0, 1.0)]
    """
    out: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _piece(geom: LineString, start: float, end: float) -> LineString | None:
    if (start, end) == (0.0, 1.0):
        return geom
    part = substring(geom, start, end, normalized=True)
    return part if isinstance(part, LineString) and part.length > 0 else None
