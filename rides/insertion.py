"""Feasibility of a request alone in a vehicle, and its cheapest insertion into a plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rides import defaults
from rides.model import Problem, Request, Solution, StopKind, Vehicle
from rides.schedule import (
    Schedule,
    dropoff_bounds_s,
    pickup_bounds_s,
    schedule_route,
)

RouteStops = list[tuple[Request, StopKind]]


@dataclass(frozen=True)
class Insertion:
    """Where a request fits into a vehicle's route, and the timing and cost that result.

    ``pickup_position`` and ``dropoff_position`` index the new route's stops.
    """

    vehicle_id: str
    stops: RouteStops
    pickup_position: int
    dropoff_position: int
    schedule: Schedule
    added_cost: float


def fits_alone(
    problem: Problem,
    request: Request,
    vehicle: Vehicle,
    *,
    check_capacity: bool = True,
    enforce_ride_time: bool = True,
) -> bool:
    """Return whether ``vehicle`` could serve ``request`` if it had no other ride to do.

    Riders on board are ignored, so a ``False`` here is final while ``True`` is not.
    """
    if check_capacity and not vehicle.can_carry(request.seats, request.wheelchairs):
        return False
    stops = [(request, StopKind.PICKUP), (request, StopKind.DROPOFF)]
    alone = schedule_route(problem, vehicle, stops, enforce_ride_time=enforce_ride_time)
    return alone is not None


def route_stops(problem: Problem, solution: Solution | None, vehicle: Vehicle) -> RouteStops:
    """Return the planned stops of a vehicle as (request, kind) pairs."""
    route = solution.route_of(vehicle.id) if solution is not None else None
    if route is None:
        return []
    requests = {r.id: r for r in problem.requests}
    return [(requests[s.request_id], s.kind) for s in route.stops]


def _loads(vehicle: Vehicle, stops: RouteStops) -> tuple[list[int], list[int]]:
    """Floor space and wheelchairs in use after the start (index 0) and after each stop."""
    requests = {r.id: r for r, _ in stops}
    floor = wheelchairs = 0
    for request_id in vehicle.onboard:
        if request_id in requests:
            request = requests[request_id]
            floor += vehicle.floor_load(request.seats, request.wheelchairs)
            wheelchairs += request.wheelchairs
    floors, chairs = [floor], [wheelchairs]
    for request, kind in stops:
        sign = 1 if kind is StopKind.PICKUP else -1
        floor += sign * vehicle.floor_load(request.seats, request.wheelchairs)
        wheelchairs += sign * request.wheelchairs
        floors.append(floor)
        chairs.append(wheelchairs)
    return floors, chairs


def best_insertion(
    problem: Problem,
    solution: Solution | None,
    request: Request,
    *,
    vehicles: Sequence[Vehicle] | None = None,
    check_capacity: bool = True,
    enforce_ride_time: bool = True,
) -> Insertion | None:
    """Return the cheapest feasible insertion of a request into the current routes.

    Every pickup and drop-off position of every vehicle is tried. Positions are ranked by
    added cost after cheap necessary checks (load, and times against the current route's
    earliest and latest schedule); the exact schedule check then runs in that order, so the
    first feasible position found is the cheapest.

    Parameters
    ----------
    problem
        Travel times, costs and the fleet.
    solution
        The current plan, or ``None`` for empty vehicles.
    request
        The request to insert; it must not be in the plan yet.
    vehicles
        The vehicles to try, by default the whole fleet.
    check_capacity
        Whether to respect seats, floor space and wheelchair spaces.
    enforce_ride_time
        Whether to respect ride-time bounds.

    Returns
    -------
    Insertion or None
        The cheapest insertion, or ``None`` when the request fits nowhere.
    """
    travel = problem.travel_time_s
    cost = problem.cost_matrix
    pickup_earliest, pickup_latest = pickup_bounds_s(problem, request)
    drop_earliest, drop_latest = dropoff_bounds_s(problem, request, on_board=False)
    p_loc, d_loc = request.pickup_location, request.dropoff_location
    board, alight = request.boarding_duration_s, request.alighting_duration_s

    candidates: list[tuple[float, int, int, Vehicle, RouteStops]] = []
    for vehicle in problem.vehicles if vehicles is None else vehicles:
        if check_capacity and not vehicle.can_carry(request.seats, request.wheelchairs):
            continue
        stops = route_stops(problem, solution, vehicle)
        current = schedule_route(problem, vehicle, stops, enforce_ride_time=enforce_ride_time)
        if current is None:
            continue
        locations = [vehicle.start_location, *(_location(r, k) for r, k in stops)]
        locations.append(vehicle.end_location)
        services = [0.0, *(_service(r, k) for r, k in stops), 0.0]
        floors, chairs = _loads(vehicle, stops)
        floor_need = vehicle.floor_load(request.seats, request.wheelchairs)

        # Visit i of the current route precedes the pickup; visit j precedes the drop-off.
        for i in range(len(locations) - 1):
            if check_capacity and (
                floors[i] + floor_need > vehicle.seats
                or chairs[i] + request.wheelchairs > vehicle.wheelchair_spaces
            ):
                continue
            pickup_s = max(
                pickup_earliest, current.earliest_s[i] + services[i] + travel[locations[i], p_loc]
            )
            if pickup_s > pickup_latest:
                continue
            for j in range(i, len(locations) - 1):
                if (
                    j > i
                    and check_capacity
                    and (
                        floors[j] + floor_need > vehicle.seats
                        or chairs[j] + request.wheelchairs > vehicle.wheelchair_spaces
                    )
                ):
                    break
                if j == i:
                    after_p = pickup_s + board + travel[p_loc, d_loc]
                    added = (
                        cost[locations[i], p_loc]
                        + cost[p_loc, d_loc]
                        + cost[d_loc, locations[i + 1]]
                        - cost[locations[i], locations[i + 1]]
                    )
                    drop_s = max(drop_earliest, after_p)
                else:
                    if (
                        j == i + 1
                        and pickup_s + board + travel[p_loc, locations[i + 1]]
                        > (current.latest_s[i + 1])
                    ):
                        break
                    added = (
                        cost[locations[i], p_loc]
                        + cost[p_loc, locations[i + 1]]
                        - cost[locations[i], locations[i + 1]]
                        + cost[locations[j], d_loc]
                        + cost[d_loc, locations[j + 1]]
                        - cost[locations[j], locations[j + 1]]
                    )
                    drop_s = max(
                        drop_earliest,
                        current.earliest_s[j] + services[j] + travel[locations[j], d_loc],
                    )
                if drop_s > drop_latest:
                    continue
                if drop_s + alight + travel[d_loc, locations[j + 1]] > current.latest_s[j + 1]:
                    continue
                candidates.append((float(added), i, j, vehicle, stops))

    candidates.sort(key=lambda c: (c[0], c[3].id, c[1], c[2]))
    for added, i, j, vehicle, stops in candidates:
        new_stops = list(stops)
        new_stops.insert(j, (request, StopKind.DROPOFF))
        new_stops.insert(i, (request, StopKind.PICKUP))
        if check_capacity and not _load_fits(vehicle, new_stops):
            continue
        timed = schedule_route(
            problem,
            vehicle,
            new_stops,
            enforce_ride_time=enforce_ride_time,
            tolerance=defaults.SCHEDULE_TOLERANCE,
        )
        if timed is not None:
            return Insertion(vehicle.id, new_stops, i, j + 1, timed, added)
    return None


def _load_fits(vehicle: Vehicle, stops: RouteStops) -> bool:
    floors, chairs = _loads(vehicle, stops)
    return max(floors) <= vehicle.seats and max(chairs) <= vehicle.wheelchair_spaces


def _location(request: Request, kind: StopKind) -> int:
    return request.pickup_location if kind is StopKind.PICKUP else request.dropoff_location


def _service(request: Request, kind: StopKind) -> float:
    if kind is StopKind.PICKUP:
        return request.boarding_duration_s
    return request.alighting_duration_s
