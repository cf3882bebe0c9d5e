"""The compiled schedule check of the neighbourhood search against the exact one."""

from __future__ import annotations

import numpy as np
import pytest

from rides.darp import check_darp_routes, read_darp, solution_from_stop_numbers, stop_numbers
from rides.insertion import route_stops
from rides.lns import _earliest_times
from rides.schedule import schedule_route
from rides.solver import SolverOptions, _build_nodes, _lns_data, solve
from tests.rides.test_darp import A2_16_ROUTES


def _kernel_times(data, vehicle_number, nodes):
    K = data.vehicle_count
    seq = np.array([vehicle_number, *nodes, K + vehicle_number], dtype=np.int64)
    pos = np.zeros(len(data.earliest), dtype=np.int64)
    t = np.zeros(len(seq))
    ok = _earliest_times(
        seq, len(seq), vehicle_number, data.step, data.earliest, data.latest, data.partner,
        data.is_pickup, data.ride, data.max_duration, pos, t,
    )  # fmt: skip
    return ok, t


def _node_of(nodes, request_id, kind):
    for node, (request, k) in enumerate(zip(nodes.request, nodes.kind, strict=True)):
        if request is not None and request.id == request_id and k is kind:
            return node
    raise KeyError(request_id)


def test_kernel_agrees_with_exact_schedule_on_shuffled_routes(darp_a2_16):
    instance = read_darp(darp_a2_16)
    problem = instance.problem
    options = SolverOptions(tighten=False)
    eligible = {r.id: list(problem.vehicles) for r in problem.requests}
    nodes = _build_nodes(problem, eligible, {}, options, [])
    data = _lns_data(problem, nodes, options)
    plan = solution_from_stop_numbers(instance, A2_16_ROUTES)

    rng = np.random.default_rng(7)
    verdicts = []
    for number, vehicle in enumerate(problem.vehicles):
        stops = route_stops(problem, plan, vehicle)
        for trial in range(200):
            order = list(stops)
            if trial:
                # Swap two neighbouring stops of different requests, keeping pickups first.
                for _ in range(int(rng.integers(1, 4))):
                    k = int(rng.integers(len(order) - 1))
                    if order[k][0].id != order[k + 1][0].id:
                        order[k], order[k + 1] = order[k + 1], order[k]
            exact = schedule_route(problem, vehicle, order)
            ok, times = _kernel_times(
                data, number, [_node_of(nodes, r.id, kind) for r, kind in order]
            )
            assert ok == (exact is not None)
            if exact is not None:
                assert times == pytest.approx(exact.earliest_s, abs=1e-6)
            verdicts.append(ok)
    # Both outcomes occur, so the comparison covers feasible and infeasible orders.
    assert any(verdicts) and not all(verdicts)


def test_search_serves_every_request_the_routing_solver_left_out():
    # a3-30: guided local search alone keeps one request out; the best-known plan serves all.
    from tests.rides.conftest import shared_dir

    path = shared_dir() / "benchmarks" / "darp" / "cordeau2006_a" / "a3-30.txt"
    if not path.exists():
        pytest.skip("benchmark data not available")
    instance = read_darp(path)
    options = SolverOptions(time_limit_s=8, time_scale=10_000, unserved_penalty=1e4)
    report = check_darp_routes(instance, stop_numbers(instance, solve(instance.problem, options)))
    assert report.violations == []
    assert report.served == 30
    assert report.cost <= 494.85 * 1.02
