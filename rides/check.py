"""Independent verification of a plan against every constraint, in floating point."""

from __future__ import annotations

from dataclasses import dataclass, field

from rides import defaults
from rides.model import Problem, Request, Route, Solution, StopKind, Vehicle
from rides.schedule import schedule_route


@dataclass
class CheckReport:
    """Outcome of :func:`check_solution`: the violations found and the recomputed cost."""

    violations: list[str] = field(default_factory=list)
    cost: float = 0.0
    served: int = 0

    @property
    def feasible(self) -> bool:
        """Whether no constraint is violated."""
        return not self.violations


def route_cost(problem: Problem, vehicle: Vehicle, route: Route) -> float:
    """Return the cost of driving a route, start and end location included, in double."""
    cost = problem.cost_matrix
    locations = [vehicle.start_location, *(s.location for s in route.stops), vehicle.end_location]
    return float(sum(cost[a, b] for a, b in zip(locations, locations[1:], strict=False)))


def check_solution(
    problem: Problem,
    solution: Solution,
    *,
    require_all_served: bool = False,
    tolerance: float = defaults.SCHEDULE_TOLERANCE,
) -> CheckReport:
    """Re-verify a plan from its stop sequences alone; planned times are not trusted.

    Checked: each route belongs to a distinct known vehicle; every request is served once
    (pickup then drop-off on one route, riders on board dropped by their vehicle) or listed
    as unserved, never both; stop locations; seats, floor space and wheelchair spaces at
    every moment; and that service start times exist meeting all windows (waiting allowed),
    ride-time bounds and route durations.

    Parameters
    ----------
    problem
        The problem the plan claims to solve.
    solution
        The plan; only vehicle ids and the order of (request id, kind) of stops are read.
    require_all_served
        Count every unserved request as a violation.
    tolerance
        Time violations up to this amount are accepted as float noise.

    Returns
    -------
    CheckReport
        The violations (empty when feasible) and the total cost of all routes.
    """
    report = CheckReport()
    requests = {r.id: r for r in problem.requests}
    vehicles = {v.id: v for v in problem.vehicles}
    pickups: dict[str, int] = {}
    dropoffs: dict[str, int] = {}

    used: set[str] = set()
    for route in solution.routes:
        vehicle = vehicles.get(route.vehicle_id)
        if vehicle is None:
            report.violations.append(f"route of unknown vehicle {route.vehicle_id!r}")
            continue
        if vehicle.id in used:
            report.violations.append(f"vehicle {vehicle.id!r} has more than one route")
        used.add(vehicle.id)
        _check_route(problem, vehicle, route, requests, pickups, dropoffs, report, tolerance)
        report.cost += route_cost(problem, vehicle, route)

    # Pairing and completeness
    unserved = {u.request_id for u in solution.unserved}
    onboard = {rid: v.id for v in problem.vehicles for rid in v.onboard}
    for request_id in requests:
        served = request_id in dropoffs
        if served:
            report.served += 1
        if served and request_id in unserved:
            report.violations.append(f"request {request_id!r} is served and listed as unserved")
        needs_pickup = request_id not in onboard
        if (
            pickups.get(request_id, 0) != int(needs_pickup and served)
            or dropoffs.get(request_id, 0) > 1
        ):
            report.violations.append(f"request {request_id!r} has unpaired or repeated stops")
        if not served and (request_id in onboard or request_id not in unserved):
            report.violations.append(f"request {request_id!r} is neither served nor reported")
        if not served and require_all_served:
            report.violations.append(f"request {request_id!r} is not served")
    for request_id in unserved - set(requests):
        report.violations.append(f"unserved entry for unknown request {request_id!r}")
    return report


def _check_route(
    problem: Problem,
    vehicle: Vehicle,
    route: Route,
    requests: dict[str, Request],
    pickups: dict[str, int],
    dropoffs: dict[str, int],
    report: CheckReport,
    tolerance: float,
) -> None:
    where = f"vehicle {vehicle.id!r}"
    on_board: set[str] = set(vehicle.onboard)
    dropped_here: set[str] = set()
    stops: list[tuple[Request, StopKind]] = []
    for stop in route.stops:
        request = requests.get(stop.request_id)
        if request is None:
            report.violations.append(f"{where}: stop of unknown request {stop.request_id!r}")
            return
        if stop.kind is StopKind.PICKUP:
            pickups[request.id] = pickups.get(request.id, 0) + 1
            location = request.pickup_location
            if request.id in on_board or request.id in dropped_here:
                report.violations.append(f"{where}: request {request.id!r} picked up twice")
            on_board.add(request.id)
        else:
            dropoffs[request.id] = dropoffs.get(request.id, 0) + 1
            location = request.dropoff_location
            if request.id not in on_board:
                report.violations.append(
                    f"{where}: request {request.id!r} dropped before pickup or by another vehicle"
                )
            on_board.discard(request.id)
            dropped_here.add(request.id)
        if stop.location != location:
            report.violations.append(
                f"{where}: {stop.kind} of {request.id!r} at {stop.location}, not {location}"
            )
        stops.append((request, stop.kind))

        # Load after the stop, in both capacity dimensions
        riders = [requests[r] for r in on_board if r in requests]
        floor = sum(vehicle.floor_load(r.seats, r.wheelchairs) for r in riders)
        wheelchairs = sum(r.wheelchairs for r in riders)
        if floor > vehicle.seats or wheelchairs > vehicle.wheelchair_spaces:
            report.violations.append(
                f"{where}: load {floor} seats / {wheelchairs} wheelchairs after {stop.kind} of "
                f"{request.id!r} exceeds {vehicle.seats} / {vehicle.wheelchair_spaces}"
            )
    if on_board:
        report.violations.append(f"{where}: riders {sorted(on_board)} never dropped")

    if schedule_route(problem, vehicle, stops, tolerance=tolerance) is None:
        report.violations.append(
            f"{where}: no service times meet the windows, ride times and route duration"
        )
