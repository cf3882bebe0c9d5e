"""Ride pooling plans with the OR-Tools routing solver: pickups and drop-offs in pairs."""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from rides import defaults
from rides.check import route_cost
from rides.lns import LnsData, improve, warm_up
from rides.model import (
    Problem,
    Request,
    Route,
    Solution,
    Stop,
    StopKind,
    Unserved,
    UnservedReason,
    Vehicle,
)
from rides.reasons import eligible_vehicles, explain_alone, explain_dropped
from rides.schedule import (
    direct_time_s,
    dropoff_bounds_s,
    max_ride_bound_s,
    pickup_bounds_s,
    schedule_route,
    vehicle_visits,
)
from rides.validate import validate_problem

logger = logging.getLogger(__name__)

_EPS = 1e-9  # s, float noise allowed when pruning arcs
_FORBIDDEN_ARC_FACTOR = 10  # cost of an impossible arc, in multiples of the costliest arc


@dataclass(frozen=True)
class SolverOptions:
    """How to search for a plan.

    ``time_scale`` and ``cost_scale`` are the integer solver units per second and per cost
    unit: travel and service times are rounded up to whole time units (so a plan of the
    solver is always feasible in exact arithmetic), costs rounded to the nearest unit.
    ``tighten`` derives narrower windows from the other stop of each request and removes
    arcs no feasible route can use. ``plain`` uses the solver's default search alone.
    ``improve`` hands the routing solver's plan, after ``routing_share`` of the time, to a
    large neighbourhood search (:mod:`rides.lns`) for the rest; it runs only when every
    cost of the plan is a routing cost or a penalty for a request left out (no promised
    pickup, no rider on board with a due time), and ``seed`` fixes its random choices.
    """

    time_limit_s: float = defaults.TIME_LIMIT_S
    time_scale: float = defaults.TIME_SCALE
    cost_scale: float | None = None
    unserved_penalty: float | None = None
    tighten: bool = True
    plain: bool = False
    first_solution: str = "PARALLEL_CHEAPEST_INSERTION"
    metaheuristic: str = "GUIDED_LOCAL_SEARCH"
    explain_unserved: bool = True
    log_search: bool = False
    improve: bool = True
    routing_share: float = defaults.ROUTING_SHARE
    seed: int = 0


def unserved_penalty(problem: Problem, request: Request) -> float:
    """Return the cost, in cost units, of leaving a request out of the plan.

    Subscribers with rides left in their monthly quota weigh their plan's priority; riders
    without a plan, and subscribers past their quota, weigh the pay-per-ride priority, so a
    heavy user cannot crowd out everyone else. Accepted requests weigh far more.
    """
    weight = defaults.PAY_PER_RIDE_WEIGHT
    plan = problem.plans.get(request.plan_id) if request.plan_id is not None else None
    if plan is not None and request.rides_this_month < plan.monthly_ride_quota:
        weight = plan.priority_weight
    if request.accepted:
        weight *= defaults.ACCEPTED_PENALTY_FACTOR
    return defaults.UNSERVED_PENALTY_S * weight


@dataclass
class _Nodes:
    """Solver nodes: vehicle starts, vehicle ends, then the pickups and drop-offs."""

    location: list[int] = field(default_factory=list)
    service_s: list[float] = field(default_factory=list)
    earliest_s: list[float] = field(default_factory=list)
    latest_s: list[float] = field(default_factory=list)
    request: list[Request | None] = field(default_factory=list)
    kind: list[StopKind | None] = field(default_factory=list)
    pair: dict[int, int] = field(default_factory=dict)  # pickup node -> drop-off node
    onboard_vehicle: dict[int, int] = field(default_factory=dict)  # drop-off node -> vehicle
    allowed: dict[int, list[int]] = field(default_factory=dict)  # node -> vehicle numbers

    def add(
        self,
        location: int,
        service_s: float,
        window: tuple[float, float],
        request: Request | None = None,
        kind: StopKind | None = None,
    ) -> int:
        self.location.append(location)
        self.service_s.append(service_s)
        self.earliest_s.append(window[0])
        self.latest_s.append(window[1])
        self.request.append(request)
        self.kind.append(kind)
        return len(self.location) - 1


def solve(
    problem: Problem,
    options: SolverOptions | None = None,
    previous: Solution | None = None,
) -> Solution:
    """Plan routes serving as many requests as worthwhile, at least cost.

    Parameters
    ----------
    problem
        Fleet, requests, travel times and plans; validated first.
    options
        Search settings; defaults from :mod:`rides.defaults`.
    previous
        An earlier plan to start from (re-optimisation); stops of requests no longer in
        the problem are ignored.

    Returns
    -------
    Solution
        Routes with planned times, and every request left out with its reason.

    Raises
    ------
    RidesError
        Raised by :func:`rides.validate.validate_problem` for a malformed problem.
    """
    options = options or SolverOptions()
    validate_problem(problem)
    if options.improve and not options.plain:
        warm_up()
    started = time.monotonic()

    # Requests no vehicle could serve even alone are explained and left out of the model.
    unserved: list[Unserved] = []
    eligible: dict[str, list[Vehicle]] = {}
    onboard = {rid: v for v in problem.vehicles for rid in v.onboard}
    for request in problem.requests:
        if request.id in onboard:
            continue
        vehicles = eligible_vehicles(problem, request)
        if vehicles:
            eligible[request.id] = vehicles
        else:
            unserved.append(explain_alone(problem, request))

    nodes = _build_nodes(problem, eligible, onboard, options, unserved)
    model = _RoutingModel(problem, nodes, options)
    # TODO: the large neighbourhood search knows only routing costs and penalties; plans with
    # promised pickups or riders due somewhere (soft costs) are left to OR-Tools alone.
    searching = options.improve and not options.plain and not model.soft_costs and nodes.pair
    share = options.routing_share if searching else 1.0
    assignment = model.search(previous, options.time_limit_s * share)
    sequences = model.sequences(assignment) if assignment is not None else None
    status = model.status() if assignment is not None else "no solution"
    if searching:
        remaining = options.time_limit_s - (time.monotonic() - started)
        improved = _improve(problem, nodes, options, sequences, remaining)
        if improved is not None:
            sequences = improved
            status = "success"
    solution = _extract(problem, nodes, model, assignment, sequences, status, unserved)

    if options.explain_unserved:
        for request_id in sorted(set(eligible) - solution.served_request_ids):
            request = problem.request(request_id)
            penalty = options.unserved_penalty or unserved_penalty(problem, request)
            solution.unserved.append(
                explain_dropped(problem, solution, request, eligible[request_id], penalty)
            )
    else:
        for request_id in sorted(set(eligible) - solution.served_request_ids):
            solution.unserved.append(Unserved(request_id, UnservedReason.CHEAPER_TO_LEAVE_OUT))
    for request_id, vehicle in onboard.items():
        if request_id not in solution.served_request_ids:
            solution.unserved.append(
                Unserved(
                    request_id,
                    UnservedReason.OUTSIDE_SHIFTS,
                    f"rider on board cannot be dropped by {vehicle.id!r} in its shift",
                )
            )

    logger.info(
        "Planned %d of %d requests on %d vehicles, cost %.2f, in %.1f s",
        len(solution.served_request_ids),
        len(problem.requests),
        len(solution.routes),
        solution.cost,
        time.monotonic() - started,
    )
    return solution


def _build_nodes(
    problem: Problem,
    eligible: dict[str, list[Vehicle]],
    onboard: dict[str, Vehicle],
    options: SolverOptions,
    unserved: list[Unserved],
) -> _Nodes:
    nodes = _Nodes()
    number = {v.id: k for k, v in enumerate(problem.vehicles)}
    starts_ends = [vehicle_visits(problem, v) for v in problem.vehicles]
    for start, _ in starts_ends:
        nodes.add(start.location, 0.0, (start.earliest_s, start.latest_s))
    for _, end in starts_ends:
        nodes.add(end.location, 0.0, (end.earliest_s, end.latest_s))

    for request in problem.requests:
        if request.id in onboard:
            vehicle = onboard[request.id]
            window = dropoff_bounds_s(problem, request, on_board=True)
            node = nodes.add(
                request.dropoff_location,
                request.alighting_duration_s,
                window,
                request,
                StopKind.DROPOFF,
            )
            nodes.onboard_vehicle[node] = number[vehicle.id]
            nodes.allowed[node] = [number[vehicle.id]]
            continue
        if request.id not in eligible:
            continue
        pickup = pickup_bounds_s(problem, request)
        dropoff = dropoff_bounds_s(problem, request, on_board=False)
        if options.tighten:
            pickup, dropoff = _tighten_windows(
                problem, request, eligible[request.id], pickup, dropoff
            )
        if _integer_empty(pickup, options.time_scale) or _integer_empty(
            dropoff, options.time_scale
        ):
            unserved.append(
                Unserved(
                    request.id,
                    UnservedReason.OUTSIDE_SHIFTS,
                    "the feasible window is shorter than the solver's time resolution",
                )
            )
            del eligible[request.id]
            continue
        p = nodes.add(
            request.pickup_location, request.boarding_duration_s, pickup, request, StopKind.PICKUP
        )
        d = nodes.add(
            request.dropoff_location,
            request.alighting_duration_s,
            dropoff,
            request,
            StopKind.DROPOFF,
        )
        nodes.pair[p] = d
        if len(eligible[request.id]) < len(problem.vehicles):
            allowed = [number[v.id] for v in eligible[request.id]]
            nodes.allowed[p] = nodes.allowed[d] = allowed
    return nodes


def _integer_empty(window: tuple[float, float], scale: float) -> bool:
    return math.ceil(window[0] * scale - _EPS) > math.floor(window[1] * scale + _EPS)


def _tighten_windows(
    problem: Problem,
    request: Request,
    vehicles: list[Vehicle],
    pickup: tuple[float, float],
    dropoff: tuple[float, float],
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Narrow both windows of a request by what its other stop and the vehicles imply."""
    travel = problem.travel_time_s
    board, alight = request.boarding_duration_s, request.alighting_duration_s
    direct = direct_time_s(problem, request)
    ride = max_ride_bound_s(problem, request)
    p_lo, p_hi = pickup
    d_lo, d_hi = dropoff

    # Reach of the eligible vehicles from their start and back to their end.
    reach = min(
        max(v.shift_start_s, problem.now_s) + travel[v.start_location, request.pickup_location]
        for v in vehicles
    )
    back = max(
        v.shift_end_s - alight - travel[request.dropoff_location, v.end_location] for v in vehicles
    )
    p_lo, d_hi = max(p_lo, float(reach)), min(d_hi, float(back))

    for _ in range(2):
        d_lo = max(d_lo, p_lo + board + direct)
        d_hi = min(d_hi, p_hi + ride)
        p_lo = max(p_lo, d_lo - ride)
        p_hi = min(p_hi, d_hi - board - direct)
    return (p_lo, p_hi), (d_lo, d_hi)


def _infeasible_arcs(problem: Problem, nodes: _Nodes) -> NDArray[np.bool_]:
    """Return a mask of arcs (a, b) that no feasible route can drive."""
    loc = np.asarray(nodes.location)
    service = np.asarray(nodes.service_s)
    early = np.asarray(nodes.earliest_s)
    late = np.asarray(nodes.latest_s)
    travel = problem.travel_time_s[np.ix_(loc, loc)]
    step = service[:, None] + travel  # time from start of service at a to arrival at b

    # Windows: even leaving a at its earliest, b is reached too late.
    bad = early[:, None] + step > late[None, :] + _EPS

    for p, d in nodes.pair.items():
        request = nodes.request[p]
        assert request is not None
        ride = max_ride_bound_s(problem, request)
        # After pickup p, visiting b first must still allow reaching d in time.
        via = step[p, :] + step[:, d]
        bad[p, :] |= (via > ride + _EPS) | (early[p] + via > late[d] + _EPS)
        # Before drop-off d, visiting a after p must still allow reaching d in time.
        via = step[p, :] + step[:, d]
        arrive = np.maximum(early[p] + step[p, :], early) + step[:, d]
        bad[:, d] |= (via > ride + _EPS) | (arrive > late[d] + _EPS)
        bad[p, d] = early[p] + step[p, d] > late[d] + _EPS
        bad[d, p] = True

    # Drop-offs of riders not on board cannot follow a start; pickups cannot precede an end.
    vehicle_count = len(problem.vehicles)
    starts, ends = slice(0, vehicle_count), slice(vehicle_count, 2 * vehicle_count)
    for p, d in nodes.pair.items():
        bad[starts, d] = True
        bad[p, ends] = True
    np.fill_diagonal(bad, False)
    return bad


class _RoutingModel:
    """The OR-Tools model of a problem: one routing node per solver node."""

    def __init__(self, problem: Problem, nodes: _Nodes, options: SolverOptions) -> None:
        self.problem, self.nodes, self.options = problem, nodes, options
        vehicle_count = len(problem.vehicles)
        count = len(nodes.location)
        scale = options.time_scale
        cost_scale = options.cost_scale or scale
        self.manager = pywrapcp.RoutingIndexManager(
            count,
            vehicle_count,
            list(range(vehicle_count)),
            list(range(vehicle_count, 2 * vehicle_count)),
        )
        self.routing = pywrapcp.RoutingModel(self.manager)
        routing = self.routing
        loc = np.asarray(nodes.location)

        # Arcs no feasible route can drive are removed from the successor domains; they are
        # also made expensive so that the neighbourhoods of the local search skip them.
        bad = np.zeros((count, count), dtype=bool)
        if options.tighten:
            bad = _infeasible_arcs(problem, nodes)
            for number in range(vehicle_count):
                bad[number, vehicle_count + number] = False  # a vehicle may stay unused

        # Arc costs
        cost = np.rint(problem.cost_matrix[np.ix_(loc, loc)] * cost_scale).astype(np.int64)
        cost[bad] = _FORBIDDEN_ARC_FACTOR * (int(cost.max()) + 1)
        cost_index = routing.RegisterTransitMatrix(cost.tolist())
        routing.SetArcCostEvaluatorOfAllVehicles(cost_index)

        # Time: service at the origin plus travel, rounded up, waiting allowed.
        step = np.asarray(nodes.service_s)[:, None] + problem.travel_time_s[np.ix_(loc, loc)]
        transit = np.ceil(step * scale - _EPS).astype(np.int64)
        time_index = routing.RegisterTransitMatrix(transit.tolist())
        horizon = int(math.floor(max(nodes.latest_s) * scale))
        routing.AddDimension(time_index, horizon, horizon, False, "time")
        self.time = routing.GetDimensionOrDie("time")
        for node in range(count):
            index = self._index(node)
            lo = max(0, math.ceil(nodes.earliest_s[node] * scale - _EPS))
            hi = math.floor(nodes.latest_s[node] * scale + _EPS)
            self.time.CumulVar(index).SetRange(lo, hi)
        for number, vehicle in enumerate(problem.vehicles):
            if vehicle.max_duration_s is not None:
                span = math.floor(vehicle.max_duration_s * scale + _EPS)
                self.time.SetSpanUpperBoundForVehicle(span, number)

        self.soft_costs = False  # whether a plan may cost more than routing and penalties
        self._add_capacities()
        self._add_requests(cost_scale, scale)

        if options.tighten:
            for a in range(count):
                if vehicle_count <= a < 2 * vehicle_count:
                    continue  # ends have no successor
                removed = [self._index(int(b)) for b in np.flatnonzero(bad[a])]
                if removed:
                    routing.NextVar(self._index(a)).RemoveValues(removed)
            logger.debug("Removed %d of %d arcs", int(bad.sum()), count * count)

    def _index(self, node: int) -> int:
        if node < len(self.problem.vehicles):
            return self.routing.Start(node)
        if node < 2 * len(self.problem.vehicles):
            return self.routing.End(node - len(self.problem.vehicles))
        return self.manager.NodeToIndex(node)

    def _add_capacities(self) -> None:
        """Floor space (seats, with wheelchairs as folded seats) and wheelchair spaces."""
        problem, nodes, routing = self.problem, self.nodes, self.routing
        vehicles = problem.vehicles
        signs = [0 if k is None else (1 if k is StopKind.PICKUP else -1) for k in nodes.kind]
        seats = [0 if r is None else r.seats for r in nodes.request]
        chairs = [0 if r is None else r.wheelchairs for r in nodes.request]

        callbacks: dict[int, int] = {}
        for vehicle in vehicles:
            k = vehicle.seats_per_wheelchair
            if k not in callbacks:
                demand = [s * (a + k * c) for s, a, c in zip(signs, seats, chairs, strict=True)]
                callbacks[k] = routing.RegisterUnaryTransitVector(demand)
        routing.AddDimensionWithVehicleTransitAndCapacity(
            [callbacks[v.seats_per_wheelchair] for v in vehicles],
            0,
            [v.seats for v in vehicles],
            False,
            "floor",
        )
        dimensions = [routing.GetDimensionOrDie("floor")]
        if any(chairs):
            chair_index = routing.RegisterUnaryTransitVector(
                [s * c for s, c in zip(signs, chairs, strict=True)]
            )
            routing.AddDimensionWithVehicleCapacity(
                chair_index, 0, [v.wheelchair_spaces for v in vehicles], False, "wheelchairs"
            )
            dimensions.append(routing.GetDimensionOrDie("wheelchairs"))

        # Riders on board at the start of each route.
        for number, vehicle in enumerate(vehicles):
            riders = [problem.request(rid) for rid in vehicle.onboard]
            floor = sum(vehicle.floor_load(r.seats, r.wheelchairs) for r in riders)
            dimensions[0].CumulVar(routing.Start(number)).SetValue(floor)
            if len(dimensions) > 1:
                chairs_on = sum(r.wheelchairs for r in riders)
                dimensions[1].CumulVar(routing.Start(number)).SetValue(chairs_on)

    def _add_requests(self, cost_scale: float, scale: float) -> None:
        problem, nodes, routing = self.problem, self.nodes, self.routing
        solver = routing.solver()
        cumul = self.time.CumulVar

        for node, vehicles in nodes.allowed.items():
            # -1 keeps the visit optional (unperformed visits have no vehicle).
            routing.VehicleVar(self._index(node)).SetValues([-1, *vehicles])

        # Pickup and drop-off pairs: same vehicle, pickup first, ride time bounded.
        for p, d in nodes.pair.items():
            request = nodes.request[p]
            assert request is not None
            pi, di = self._index(p), self._index(d)
            routing.AddPickupAndDelivery(pi, di)
            solver.Add(routing.VehicleVar(pi) == routing.VehicleVar(di))
            solver.Add(cumul(pi) <= cumul(di))
            ride = math.floor(max_ride_bound_s(problem, request) * scale + _EPS)
            solver.Add(cumul(di) - cumul(pi) <= ride)

            penalty = self.options.unserved_penalty or unserved_penalty(problem, request)
            half = max(1, int(round(penalty * cost_scale / 2)))
            routing.AddDisjunction([pi], half)
            routing.AddDisjunction([di], half)

            if request.promised_pickup_s is not None:
                late = max(1, int(round(defaults.LATENESS_COST_PER_S * cost_scale / scale)))
                promised = math.floor(request.promised_pickup_s.latest_s * scale)
                self.time.SetCumulVarSoftUpperBound(pi, promised, late)
                self.soft_costs = True

        # Riders on board: their vehicle drops them, late if it must.
        onboard_penalty = int(
            defaults.UNSERVED_PENALTY_S * defaults.ONBOARD_PENALTY_FACTOR * cost_scale
        )
        late = max(1, int(round(defaults.LATENESS_COST_PER_S * cost_scale / scale)))
        for d in nodes.onboard_vehicle:
            request = nodes.request[d]
            assert request is not None
            di = self._index(d)
            routing.AddDisjunction([di], onboard_penalty)
            due = self._onboard_due_s(request)
            if due is not None:
                self.time.SetCumulVarSoftUpperBound(di, math.floor(due * scale), late)
                self.soft_costs = True

    def _onboard_due_s(self, request: Request) -> float | None:
        due = []
        if request.dropoff_window_s is not None:
            due.append(request.dropoff_window_s.latest_s)
        if request.picked_up_at_s is not None:
            due.append(request.picked_up_at_s + max_ride_bound_s(self.problem, request))
        return min(due) if due else None

    def search(self, previous: Solution | None, time_limit_s: float) -> pywrapcp.Assignment | None:
        """Run the search, from ``previous`` when given; return the best assignment found."""
        routing, options = self.routing, self.options
        params = pywrapcp.DefaultRoutingSearchParameters()
        if not options.plain:
            params.first_solution_strategy = getattr(
                routing_enums_pb2.FirstSolutionStrategy, options.first_solution
            )
            params.local_search_metaheuristic = getattr(
                routing_enums_pb2.LocalSearchMetaheuristic, options.metaheuristic
            )
        params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
        params.log_search = options.log_search
        routing.CloseModelWithParameters(params)

        if previous is not None:
            initial = routing.ReadAssignmentFromRoutes(self._routes_of(previous), True)
            if initial is not None:
                return routing.SolveFromAssignmentWithParameters(initial, params)
            logger.info("Previous plan is not feasible any more; searching from scratch")
        return routing.SolveWithParameters(params)

    def sequences(self, assignment: pywrapcp.Assignment) -> list[list[int]]:
        """Return the solver nodes each vehicle visits, in order, depots left out."""
        routing, manager = self.routing, self.manager
        sequences = []
        for number in range(len(self.problem.vehicles)):
            sequence = []
            index = assignment.Value(routing.NextVar(routing.Start(number)))
            while not routing.IsEnd(index):
                sequence.append(manager.IndexToNode(index))
                index = assignment.Value(routing.NextVar(index))
            sequences.append(sequence)
        return sequences

    def status(self) -> str:
        """Return the status of the last search, e.g. ``success``."""
        name = routing_enums_pb2.RoutingSearchStatus.Value.Name(self.routing.status())
        return name.removeprefix("ROUTING_").lower()

    def _routes_of(self, previous: Solution) -> list[list[int]]:
        """Translate a plan into routing indices, keeping stops still in the model."""
        where: dict[tuple[str, StopKind], int] = {}
        for node, request in enumerate(self.nodes.request):
            kind = self.nodes.kind[node]
            if request is not None and kind is not None:
                where[(request.id, kind)] = node
        routes = []
        for vehicle in self.problem.vehicles:
            route = previous.route_of(vehicle.id)
            stops = [] if route is None else route.stops
            ids = [
                self._index(where[(s.request_id, s.kind)])
                for s in stops
                if (s.request_id, s.kind) in where
            ]
            routes.append(ids)

        # A pair is kept only if both of its stops are.
        kept = {i for route in routes for i in route}
        pairs = {self._index(p): self._index(d) for p, d in self.nodes.pair.items()}
        partner = {**pairs, **{d: p for p, d in pairs.items()}}
        return [[i for i in route if i not in partner or partner[i] in kept] for route in routes]


def _extract(
    problem: Problem,
    nodes: _Nodes,
    model: _RoutingModel,
    assignment: pywrapcp.Assignment | None,
    sequences: list[list[int]] | None,
    status: str,
    unserved: list[Unserved],
) -> Solution:
    """Turn the node sequences of the vehicles into routes timed exactly in floating point."""
    if sequences is None:
        logger.warning("The routing solver found no plan; every request is left out")
        return Solution(routes=[], unserved=unserved, solver_status="no solution")
    travel = problem.travel_time_s
    routes: list[Route] = []
    total = 0.0
    for number, vehicle in enumerate(problem.vehicles):
        sequence = [_stop_of(nodes, node) for node in sequences[number]]
        if not sequence:
            continue

        timed = schedule_route(problem, vehicle, sequence)
        if timed is None:  # cannot happen when rounding is conservative; keep solver times
            logger.warning("Route of %s failed the exact schedule check", vehicle.id)
            assert assignment is not None
            times = _solver_times(model, assignment, number)
        else:
            times = timed.earliest_s
        stops = []
        previous_location, previous_departure = vehicle.start_location, times[0]
        for position, (request, kind) in enumerate(sequence, start=1):
            location = (
                request.pickup_location if kind is StopKind.PICKUP else (request.dropoff_location)
            )
            service = (
                request.boarding_duration_s
                if kind is StopKind.PICKUP
                else (request.alighting_duration_s)
            )
            arrival = previous_departure + float(travel[previous_location, location])
            stops.append(
                Stop(
                    request.id, kind, location, arrival, times[position], times[position] + service
                )
            )
            previous_location, previous_departure = location, times[position] + service
        # Leave the start as late as the first stop allows.
        first_location = stops[0].location
        start_s = times[0]
        if timed is not None:
            start_s = min(
                timed.latest_s[0], times[1] - float(travel[vehicle.start_location, first_location])
            )
            start_s = max(start_s, times[0])
        route = Route(
            vehicle.id,
            tuple(stops),
            start_s,
            previous_departure + float(travel[previous_location, vehicle.end_location]),
        )
        route = Route(
            route.vehicle_id,
            route.stops,
            route.start_s,
            route.end_s,
            route_cost(problem, vehicle, route),
        )
        total += route.cost
        routes.append(route)
    return Solution(routes=routes, unserved=list(unserved), cost=total, solver_status=status)


def _stop_of(nodes: _Nodes, node: int) -> tuple[Request, StopKind]:
    request, kind = nodes.request[node], nodes.kind[node]
    assert request is not None and kind is not None
    return request, kind


def _lns_data(problem: Problem, nodes: _Nodes, options: SolverOptions) -> LnsData:
    """Describe the solver nodes as the arrays the large neighbourhood search reads."""
    vehicles = problem.vehicles
    count = len(nodes.location)
    loc = np.asarray(nodes.location)
    step = np.asarray(nodes.service_s)[:, None] + problem.travel_time_s[np.ix_(loc, loc)]
    partner = np.full(count, -1, dtype=np.int64)
    is_pickup = np.zeros(count, dtype=bool)
    ride = np.full(count, np.inf)
    penalty = np.zeros(count)
    for p, d in nodes.pair.items():
        request = nodes.request[p]
        assert request is not None
        partner[p], partner[d], is_pickup[p] = d, p, True
        ride[p] = max_ride_bound_s(problem, request)
        penalty[p] = options.unserved_penalty or unserved_penalty(problem, request)

    floor_demand = np.zeros((len(vehicles), count), dtype=np.int64)
    chair_demand = np.zeros(count, dtype=np.int64)
    for node, (request, kind) in enumerate(zip(nodes.request, nodes.kind, strict=True)):
        if request is None:
            continue
        sign = 1 if kind is StopKind.PICKUP else -1
        chair_demand[node] = sign * request.wheelchairs
        for number, vehicle in enumerate(vehicles):
            floor_demand[number, node] = sign * vehicle.floor_load(
                request.seats, request.wheelchairs
            )
    floor_start = np.zeros(len(vehicles), dtype=np.int64)
    chair_start = np.zeros(len(vehicles), dtype=np.int64)
    for number, vehicle in enumerate(vehicles):
        riders = [problem.request(rid) for rid in vehicle.onboard]
        floor_start[number] = sum(vehicle.floor_load(r.seats, r.wheelchairs) for r in riders)
        chair_start[number] = sum(r.wheelchairs for r in riders)

    allowed = np.ones((count, len(vehicles)), dtype=bool)
    for node, numbers in nodes.allowed.items():
        allowed[node] = False
        allowed[node, numbers] = True
    return LnsData(
        vehicle_count=len(vehicles),
        cost=np.ascontiguousarray(problem.cost_matrix[np.ix_(loc, loc)], dtype=np.float64),
        step=np.ascontiguousarray(step, dtype=np.float64),
        earliest=np.asarray(nodes.earliest_s, dtype=np.float64),
        latest=np.asarray(nodes.latest_s, dtype=np.float64),
        partner=partner,
        is_pickup=is_pickup,
        ride=ride,
        floor_demand=floor_demand,
        chair_demand=chair_demand,
        floor_capacity=np.asarray([v.seats for v in vehicles], dtype=np.int64),
        chair_capacity=np.asarray([v.wheelchair_spaces for v in vehicles], dtype=np.int64),
        floor_start=floor_start,
        chair_start=chair_start,
        max_duration=np.asarray(
            [np.inf if v.max_duration_s is None else v.max_duration_s for v in vehicles]
        ),
        allowed=allowed,
        penalty=penalty,
    )


def _improve(
    problem: Problem,
    nodes: _Nodes,
    options: SolverOptions,
    sequences: list[list[int]] | None,
    time_limit_s: float,
) -> list[list[int]] | None:
    """Return the plan the large neighbourhood search finds, or ``None`` if it is not
    better than ``sequences`` or fails the exact schedule check."""
    data = _lns_data(problem, nodes, options)
    start = sequences or [[] for _ in problem.vehicles]
    plan, _ = improve(data, start, max(0.0, time_limit_s), options.seed)

    def objective_of(plan: list[list[int]]) -> float:
        routed = {node for route in plan for node in route}
        left_out = sum(data.penalty[p] for p in nodes.pair if p not in routed)
        K = len(problem.vehicles)
        arcs = sum(
            data.cost[a, b]
            for v, route in enumerate(plan)
            if route
            for a, b in zip([v, *route], [*route, K + v], strict=True)
        )
        return float(arcs + left_out)

    if sequences is not None and objective_of(plan) >= objective_of(sequences) - 1e-9:
        return None
    for vehicle, route in zip(problem.vehicles, plan, strict=True):
        stops = [_stop_of(nodes, node) for node in route]
        if route and schedule_route(problem, vehicle, stops) is None:
            logger.warning("Route of %s from the neighbourhood search failed the check", vehicle.id)
            return None
    return plan


def _solver_times(
    model: _RoutingModel, assignment: pywrapcp.Assignment, number: int
) -> list[float]:
    routing, scale = model.routing, model.options.time_scale
    times = []
    index = routing.Start(number)
    while True:
        times.append(assignment.Min(model.time.CumulVar(index)) / scale)
        if routing.IsEnd(index):
            return times
        index = assignment.Value(routing.NextVar(index))
