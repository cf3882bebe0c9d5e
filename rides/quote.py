"""Quick quote for a new request: its cheapest insertion into the current plan."""

from __future__ import annotations

from dataclasses import dataclass

from rides.errors import NoFeasibleInsertionError
from rides.insertion import best_insertion
from rides.model import Problem, Request, Route, Solution, Stop, StopKind, TimeWindow
from rides.reasons import eligible_vehicles, explain_alone, explain_dropped
from rides.solver import unserved_penalty


@dataclass(frozen=True)
class Quote:
    """What can be promised to a new request, and the plan that keeps the promise."""

    request_id: str
    vehicle_id: str
    pickup_window_s: TimeWindow
    estimated_pickup_s: float
    estimated_arrival_s: float
    added_cost: float
    solution: Solution


def quote_request(problem: Problem, solution: Solution, request: Request) -> Quote:
    """Return the cheapest feasible insertion of a new request into a plan, without search.

    Every position of every vehicle is tried (see :func:`rides.insertion.best_insertion`);
    no other stop moves to another vehicle, so the quote is fast but may be costlier than
    what a full :func:`rides.solver.solve` finds.

    Parameters
    ----------
    problem
        The problem of ``solution``; ``request`` need not be among its requests.
    solution
        The current plan.
    request
        The new request.

    Returns
    -------
    Quote
        The vehicle, the window in which boarding can start without breaking any other
        promise, the planned pickup and arrival times, the added cost, and the plan with
        the request inserted.

    Raises
    ------
    NoFeasibleInsertionError
        The request fits nowhere; ``reason`` says why.
    """
    eligible = eligible_vehicles(problem, request)
    if not eligible:
        raise NoFeasibleInsertionError(request.id, explain_alone(problem, request).reason.value)
    found = best_insertion(problem, solution, request, vehicles=eligible)
    if found is None:
        why = explain_dropped(
            problem, solution, request, eligible, unserved_penalty(problem, request)
        )
        raise NoFeasibleInsertionError(request.id, why.detail or why.reason.value)

    vehicle = problem.vehicle(found.vehicle_id)
    times = found.schedule.earliest_s
    travel = problem.travel_time_s
    stops = []
    location, departure = vehicle.start_location, times[0]
    for position, (stop_request, kind) in enumerate(found.stops, start=1):
        pickup = kind is StopKind.PICKUP
        where = stop_request.pickup_location if pickup else stop_request.dropoff_location
        service = stop_request.boarding_duration_s if pickup else stop_request.alighting_duration_s
        arrival = departure + float(travel[location, where])
        stops.append(
            Stop(stop_request.id, kind, where, arrival, times[position], times[position] + service)
        )
        location, departure = where, times[position] + service
    route = Route(vehicle.id, tuple(stops), times[0], times[-1])

    routes = [r for r in solution.routes if r.vehicle_id != vehicle.id] + [route]
    unserved = [u for u in solution.unserved if u.request_id != request.id]
    planned = Solution(routes, unserved, solution.cost + found.added_cost, "quote")
    pickup_position = found.pickup_position + 1
    dropoff_position = found.dropoff_position + 1
    return Quote(
        request_id=request.id,
        vehicle_id=vehicle.id,
        pickup_window_s=TimeWindow(
            found.schedule.earliest_s[pickup_position], found.schedule.latest_s[pickup_position]
        ),
        estimated_pickup_s=times[pickup_position],
        estimated_arrival_s=times[dropoff_position],
        added_cost=found.added_cost,
        solution=planned,
    )
