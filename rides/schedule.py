"""Exact check of whether a fixed sequence of stops can be timed within all its bounds.

For a fixed order of visits the service start times ``t_k`` must satisfy difference
constraints only: travel between consecutive visits, time windows (waiting allowed), ride
times and the route duration. They form a simple temporal network; it is consistent iff its
distance graph has no negative cycle, and then the shortest distances from a reference
node give the latest feasible time of each visit, the distances to it the earliest.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from rides import defaults
from rides.model import Problem, Request, StopKind, Vehicle


@dataclass(frozen=True)
class Visit:
    """One visit of a route: where, how long the service takes and its window."""

    location: int
    service_s: float
    earliest_s: float
    latest_s: float


@dataclass(frozen=True)
class Schedule:
    """Earliest and latest feasible service start time of every visit of a route."""

    earliest_s: list[float]
    latest_s: list[float]


Edge = tuple[int, int, float]


def _shortest_paths(size: int, edges: Sequence[Edge], source: int, tolerance: float):
    """Bellman-Ford from ``source``; ``None`` if a negative cycle is reachable."""
    dist = [math.inf] * size
    dist[source] = 0.0
    for _ in range(size + 1):
        changed = False
        for u, v, w in edges:
            candidate = dist[u] + w
            if candidate < dist[v] - tolerance:
                dist[v] = candidate
                changed = True
        if not changed:
            return dist
    return None


def schedule_visits(
    visits: Sequence[Visit],
    travel_time_s: NDArray[np.float64],
    ride_limits: Sequence[tuple[int, int, float]] = (),
    max_duration_s: float | None = None,
    tolerance: float = defaults.SCHEDULE_TOLERANCE,
) -> Schedule | None:
    """Return the feasible service start times of a sequence of visits, or ``None``.

    Parameters
    ----------
    visits
        The visits in route order; service at visit ``k`` starts in its window, after the
        service at ``k - 1`` ended and the vehicle drove from there.
    travel_time_s
        Travel times between locations.
    ride_limits
        Triples ``(i, j, bound)`` meaning ``t_j - t_i <= bound``.
    max_duration_s
        Bound on the service start of the last visit minus that of the first.
    tolerance
        Violations up to this amount are accepted as float noise.

    Returns
    -------
    Schedule or None
        Earliest and latest start time of each visit; every time between the two bounds is
        not independently feasible, but each of the two vectors is a feasible schedule.

    Examples
    --------
    >>> tt = np.array([[0.0, 5.0], [5.0, 0.0]])
    >>> visits = [Visit(0, 1.0, 0.0, 10.0), Visit(1, 0.0, 8.0, 20.0)]
    >>> schedule_visits(visits, tt).earliest_s
    [0.0, 8.0]
    >>> schedule_visits(visits, tt, max_duration_s=5.0) is None
    True
    """
    count = len(visits)
    origin = count
    # Edge (u, v, w) encodes t_v - t_u <= w, with t_origin = 0.
    edges: list[Edge] = []
    for k, visit in enumerate(visits):
        edges.append((origin, k, visit.latest_s))
        edges.append((k, origin, -visit.earliest_s))
    for k in range(count - 1):
        step = visits[k].service_s + travel_time_s[visits[k].location, visits[k + 1].location]
        edges.append((k + 1, k, -float(step)))
    for i, j, bound in ride_limits:
        edges.append((i, j, bound))
    if max_duration_s is not None and count > 1:
        edges.append((0, count - 1, max_duration_s))

    latest = _shortest_paths(count + 1, edges, origin, tolerance)
    if latest is None:
        return None
    reverse = [(v, u, w) for u, v, w in edges]
    to_origin = _shortest_paths(count + 1, reverse, origin, tolerance)
    if to_origin is None:
        return None
    return Schedule(earliest_s=[0.0 - d for d in to_origin[:count]], latest_s=latest[:count])


def pickup_bounds_s(problem: Problem, request: Request) -> tuple[float, float]:
    """Return the hard bounds on the start of boarding of a request not yet on board."""
    earliest, latest = problem.now_s, defaults.HORIZON_S
    if request.pickup_window_s is not None:
        earliest = max(earliest, request.pickup_window_s.earliest_s)
        latest = min(latest, request.pickup_window_s.latest_s)
    if request.promised_pickup_s is not None:
        earliest = max(earliest, request.promised_pickup_s.earliest_s)
        latest = min(latest, request.promised_pickup_s.latest_s + defaults.PROMISE_TOLERANCE_S)
    return earliest, latest


def dropoff_bounds_s(problem: Problem, request: Request, *, on_board: bool) -> tuple[float, float]:
    """Return the hard bounds on the start of alighting; a rider on board is never refused."""
    earliest, latest = problem.now_s, defaults.HORIZON_S
    if request.dropoff_window_s is not None and not on_board:
        earliest = max(earliest, request.dropoff_window_s.earliest_s)
        latest = min(latest, request.dropoff_window_s.latest_s)
    return earliest, latest


def direct_time_s(problem: Problem, request: Request) -> float:
    """Return the direct travel time from pickup to drop-off of a request."""
    return float(problem.travel_time_s[request.pickup_location, request.dropoff_location])


def max_ride_bound_s(problem: Problem, request: Request) -> float:
    """Return the bound on alighting start minus boarding start of a request."""
    return request.boarding_duration_s + request.max_ride_time_s(direct_time_s(problem, request))


def vehicle_visits(problem: Problem, vehicle: Vehicle) -> tuple[Visit, Visit]:
    """Return the start and end visits of a vehicle's route."""
    start = Visit(
        vehicle.start_location, 0.0, max(vehicle.shift_start_s, problem.now_s), vehicle.shift_end_s
    )
    end = Visit(vehicle.end_location, 0.0, vehicle.shift_start_s, vehicle.shift_end_s)
    return start, end


def schedule_route(
    problem: Problem,
    vehicle: Vehicle,
    stops: Sequence[tuple[Request, StopKind]],
    *,
    enforce_ride_time: bool = True,
    tolerance: float = defaults.SCHEDULE_TOLERANCE,
) -> Schedule | None:
    """Time a vehicle's route, from its start through ``stops`` to its end location.

    Parameters
    ----------
    problem
        Gives travel times and the planning time.
    vehicle
        The vehicle; riders listed in ``vehicle.onboard`` have no pickup in ``stops``.
    stops
        The requests and what happens to each, in route order.
    enforce_ride_time
        Whether to bound ride times (turned off to tell a ride-time conflict apart).
    tolerance
        Violations up to this amount are accepted as float noise.

    Returns
    -------
    Schedule or None
        Times of the start visit, each stop and the end visit; ``None`` if infeasible.
    """
    start, end = vehicle_visits(problem, vehicle)
    visits = [start]
    ride_limits: list[tuple[int, int, float]] = []
    pickup_position: dict[str, int] = {}
    for position, (request, kind) in enumerate(stops, start=1):
        if kind is StopKind.PICKUP:
            earliest, latest = pickup_bounds_s(problem, request)
            visits.append(
                Visit(request.pickup_location, request.boarding_duration_s, earliest, latest)
            )
            pickup_position[request.id] = position
        else:
            on_board = request.id in vehicle.onboard
            earliest, latest = dropoff_bounds_s(problem, request, on_board=on_board)
            visits.append(
                Visit(request.dropoff_location, request.alighting_duration_s, earliest, latest)
            )
            if enforce_ride_time and request.id in pickup_position:
                bound = max_ride_bound_s(problem, request)
                ride_limits.append((pickup_position[request.id], position, bound))
    visits.append(end)
    return schedule_visits(
        visits, problem.travel_time_s, ride_limits, vehicle.max_duration_s, tolerance
    )
