"""Live reports of temporary barriers: which edges a report closes, and for whom.

A report is a point or a line (lon/lat) with a kind. Each kind names the profiles it stops:
construction stops everyone, parked bicycles stop only those on wheels. A report closes whole
edges, in both directions, and :class:`LiveClosures` turns the active reports into the masks
that :meth:`routing.router.Router.set_reported` takes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from routing.errors import InvalidQuery
from routing.profiles import PROFILES, Profile
from routing.router import Router

log = logging.getLogger(__name__)

# A reported point closes the way(s) it lies on; one farther than this from every way is refused.
POINT_SNAP_DISTANCE_M = 15.0  # metres; about a sidewalk plus a road lane on a phone's GPS fix
# Edges whose nearest part is within this of the nearest edge's are closed together: a point
# on a junction closes every way that meets there.
POINT_TIE_TOLERANCE_M = 0.5  # metres
# A reported line closes the edges that run along it within this distance ...
LINE_CORRIDOR_M = 5.0  # metres; half a street's width, so the far sidewalk stays open
LINE_SAMPLE_SPACING_M = 1.0  # metres between the points the line is matched at
# ... being the nearest way to the line over at least this length (or half the edge if shorter),
LINE_MIN_OVERLAP_M = 3.0  # metres
# ... and advancing along with the line: the line's points it is nearest to spread along it
# by at least this share of their spacing (where a line crosses a way, they bunch up).
LINE_MIN_ALONG_SHARE = 0.5  # dimensionless; a way at up to 60 degrees to the line


@dataclass(frozen=True)
class ReportKind:
    """A kind of temporary barrier and the profiles it stops."""

    name: str
    description: str
    affects: Callable[[Profile], bool]
    elevator_only: bool = False


def _everyone(_: Profile) -> bool:
    return True


def _on_wheels(profile: Profile) -> bool:
    return profile.wheeled


def _step_free(profile: Profile) -> bool:
    return profile.avoid_steps


REPORT_KINDS: dict[str, ReportKind] = {
    k.name: k
    for k in (
        ReportKind("construction", "road or sidewalk works close the way", _everyone),
        ReportKind(
            "broken_elevator",
            "an elevator is out of service (closes the elevator nearby, else the way)",
            _everyone,
            elevator_only=True,
        ),
        ReportKind(
            "parked_bicycles", "bicycles block the sidewalk; people on foot squeeze by", _on_wheels
        ),
        ReportKind("flooding", "water covers the way", _everyone),
        ReportKind("steps_temporary", "a temporary step or ramp-less plate", _step_free),
        ReportKind("narrowed", "the way is narrowed below a wheelchair's width", _on_wheels),
        ReportKind("fallen_object", "a fallen tree, sign or load blocks the way", _everyone),
        ReportKind("other", "anything else that closes the way", _everyone),
    )
}


class ReportNotOnAnyWay(InvalidQuery):
    """A report lies too far from every way to say which one it closes.

    Attributes
    ----------
    distance_m : float
        Distance from the report to the nearest way (``inf`` if none is within 1 km).
    """

    def __init__(self, message: str, distance_m: float) -> None:
        self.distance_m = distance_m
        super().__init__(message)


def get_kind(name: str) -> ReportKind:
    """Look up a report kind by name.

    Raises
    ------
    InvalidQuery
        If no kind has that name.
    """
    try:
        return REPORT_KINDS[name]
    except KeyError:
        raise InvalidQuery(
            f"unknown barrier kind '{name}'; choose one of {', '.join(REPORT_KINDS)}"
        ) from None


def affected_profiles(kind: str) -> list[str]:
    """Names of the preset profiles a kind of report stops.

    >>> affected_profiles("parked_bicycles")
    ['wheelchair_manual', 'wheelchair_electric', 'stroller', 'walker', 'wheelchair']
    """
    report = get_kind(kind)
    return [name for name, profile in PROFILES.items() if report.affects(profile)]


def edges_closed_by(router: Router, geometry: BaseGeometry, kind: str) -> np.ndarray:
    """The edges (indices into ``router.edges``) a report closes, both directions, sorted.

    Parameters
    ----------
    router
        The router whose edges are closed.
    geometry
        A ``Point`` or ``LineString`` in lon/lat.
    kind
        One of :data:`REPORT_KINDS`; a broken elevator closes elevator edges near the point if
        there are any, else the way it lies on.

    Raises
    ------
    InvalidQuery
        For another geometry type or an unknown kind.
    ReportNotOnAnyWay
        If no way lies close enough to the point, or none runs along the line.
    """
    report = get_kind(kind)
    geom_m = router.projection.geometry_to_m(geometry)
    if isinstance(geom_m, Point):
        edges = _edges_at_point(router, geom_m, report.elevator_only)
    elif isinstance(geom_m, LineString):
        edges = _edges_along_line(router, geom_m, report.elevator_only)
    else:
        raise InvalidQuery(f"a report is a Point or a LineString, not a {geometry.geom_type}")
    return _with_reverse(router, edges)


def _edges_at_point(router: Router, pt: Point, elevator_only: bool) -> np.ndarray:
    near = router.tree.query(pt, predicate="dwithin", distance=POINT_SNAP_DISTANCE_M)
    if elevator_only:
        elevators = near[router.table.elevator[near]]
        if elevators.size:
            near = elevators
    if near.size == 0:
        raise ReportNotOnAnyWay(
            f"the reported point is {_nearest_way_m(router, pt):,.0f} m from the nearest way; "
            f"a report must lie within {POINT_SNAP_DISTANCE_M:.0f} m of one",
            _nearest_way_m(router, pt),
        )
    dists = shapely.distance(router.geoms_m[near], pt)
    return np.asarray(near[dists <= dists.min() + POINT_TIE_TOLERANCE_M], dtype=np.int64)


def _edges_along_line(router: Router, line: LineString, elevator_only: bool) -> np.ndarray:
    """The edges nearest to the line along enough of its length (a map match of the line).

    The line is sampled every metre; each sample picks its nearest edge(s) within the
    corridor, so that a way the line follows wins over a parallel way a few metres off; a way
    the line only crosses is nearest to a few samples that all fall on one spot of it, and is
    left open.
    """
    count = max(2, int(np.ceil(line.length / LINE_SAMPLE_SPACING_M)) + 1)
    samples = shapely.line_interpolate_point(line, np.linspace(0.0, line.length, count))
    sample_idx, near = router.tree.query(samples, predicate="dwithin", distance=LINE_CORRIDOR_M)
    if elevator_only and router.table.elevator[near].any():
        keep = router.table.elevator[near]
        sample_idx, near = sample_idx[keep], near[keep]
    dists = shapely.distance(router.geoms_m[near], samples[sample_idx])
    nearest = np.full(count, np.inf)
    np.minimum.at(nearest, sample_idx, dists)
    won = dists <= nearest[sample_idx] + POINT_TIE_TOLERANCE_M
    chosen, chosen_samples = near[won], sample_idx[won]
    spacing = line.length / (count - 1)
    keep = []
    for edge in np.unique(chosen).tolist():
        matched = samples[chosen_samples[chosen == edge]]
        needed = max(2, min(LINE_MIN_OVERLAP_M, 0.5 * router.table.length_m[edge]) / spacing)
        if matched.size < needed:
            continue
        # The samples must spread along the edge, not bunch where the line crosses it.
        at = shapely.line_locate_point(router.geoms_m[edge], matched)
        if at.max() - at.min() >= LINE_MIN_ALONG_SHARE * (matched.size - 1) * spacing:
            keep.append(edge)
    edges = np.array(keep, dtype=np.int64)
    if edges.size == 0:
        distance = _nearest_way_m(router, line)
        raise ReportNotOnAnyWay(
            f"no way runs along the reported line within {LINE_CORRIDOR_M:.0f} m "
            f"(the nearest way is {distance:,.0f} m from it)",
            distance,
        )
    return np.asarray(edges, dtype=np.int64)


def _nearest_way_m(router: Router, geom: BaseGeometry) -> float:
    """Distance from a geometry (metres) to the nearest edge, ``inf`` beyond 1 km."""
    near = router.tree.query(geom, predicate="dwithin", distance=1000.0)
    if near.size == 0:
        return float("inf")
    return float(shapely.distance(router.geoms_m[near], geom).min())


def _with_reverse(router: Router, edges: np.ndarray) -> np.ndarray:
    rev = router.reverse[edges]
    return np.unique(np.concatenate([edges, rev[rev >= 0]]))


def closure_masks(
    n_edges: int, closures: Iterable[tuple[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    """Masks over the edges, per profile name, from ``(kind, edges)`` pairs.

    >>> masks = closure_masks(4, [("parked_bicycles", np.array([1]))])
    >>> sorted(masks), masks["stroller"].tolist()
    (['stroller', 'walker', 'wheelchair', 'wheelchair_electric', 'wheelchair_manual'], [False, True, False, False])
    """  # noqa: E501
    masks: dict[str, np.ndarray] = {}
    for kind, edges in closures:
        for name in affected_profiles(kind):
            mask = masks.setdefault(name, np.zeros(n_edges, dtype=bool))
            mask[edges] = True
    return masks


@dataclass
class ActiveReport:
    """A report that closes edges until it expires (``None``: until removed)."""

    kind: str
    edges: np.ndarray
    expires_at: datetime | None


class LiveClosures:
    """The active reports of one router, applied to it whenever they change.

    Masks are rebuilt only when a report is added or removed, or when the next expiry has
    passed (:meth:`refresh` costs one comparison otherwise), so route queries stay fast.
    """

    def __init__(self, router: Router) -> None:
        self.router = router
        self.reports: dict[int, ActiveReport] = {}
        self._next_expiry: datetime | None = None
        self._lock = threading.Lock()

    def add(self, report_id: int, report: ActiveReport, now: datetime) -> None:
        """Start applying a report (replacing one with the same id)."""
        with self._lock:
            self.reports[report_id] = report
            self._apply(now)

    def replace_all(self, reports: dict[int, ActiveReport], now: datetime) -> None:
        """Apply exactly these reports."""
        with self._lock:
            self.reports = dict(reports)
            self._apply(now)

    def remove(self, report_id: int, now: datetime) -> bool:
        """Stop applying a report; ``False`` if it was not applied."""
        with self._lock:
            found = self.reports.pop(report_id, None) is not None
            if found:
                self._apply(now)
            return found

    def refresh(self, now: datetime) -> bool:
        """Drop the reports that have expired by ``now``; ``True`` if any was dropped."""
        if self._next_expiry is None or now < self._next_expiry:
            return False
        with self._lock:
            before = len(self.reports)
            self._apply(now)
            return len(self.reports) < before

    def _apply(self, now: datetime) -> None:
        expired = [i for i, r in self.reports.items() if r.expires_at and r.expires_at <= now]
        for report_id in expired:
            del self.reports[report_id]
        pending = [r.expires_at for r in self.reports.values() if r.expires_at is not None]
        self._next_expiry = min(pending) if pending else None
        self.router.set_reported(
            closure_masks(
                len(self.router.edges), ((r.kind, r.edges) for r in self.reports.values())
            )
        )
        log.info(
            "Live reports: %d active, %d expired, next expiry %s",
            len(self.reports),
            len(expired),
            self._next_expiry,
        )
