"""Reading Cordeau instances and checking benchmark solutions."""

from __future__ import annotations

import math

import pytest

from rides.darp import check_darp_routes, read_darp, stop_numbers
from rides.solver import SolverOptions, solve

# A feasible plan of a2-16 (cost 294.24795...), in file stop numbers.
A2_16_ROUTES = [
    [12, 6, 28, 22, 4, 11, 27, 20, 3, 19, 13, 29, 9, 8, 25, 24, 2, 18, 1, 17],
    [10, 5, 26, 21, 14, 30, 15, 31, 7, 16, 23, 32],
]


def test_reader_parses_a2_16(darp_a2_16):
    instance = read_darp(darp_a2_16)
    assert (instance.vehicle_count, instance.request_count) == (2, 16)
    assert (instance.max_route_duration, instance.capacity, instance.max_ride_time) == (
        480,
        3,
        30,
    )
    assert instance.coordinates.shape == (34, 2)
    problem = instance.problem
    assert len(problem.requests) == 16 and len(problem.vehicles) == 2
    first = problem.request("1")
    assert (first.pickup_location, first.dropoff_location, first.seats) == (1, 17, 1)
    assert (first.pickup_window_s.earliest_s, first.pickup_window_s.latest_s) == (0, 1440)
    assert (first.dropoff_window_s.earliest_s, first.dropoff_window_s.latest_s) == (402, 417)
    ninth = problem.request("9")
    assert (ninth.pickup_window_s.earliest_s, ninth.pickup_window_s.latest_s) == (276, 291)
    assert (ninth.boarding_s, ninth.alighting_s, ninth.max_ride_s) == (3, 3, 30)
    vehicle = problem.vehicles[0]
    assert (vehicle.seats, vehicle.max_duration_s, vehicle.shift_end_s) == (3, 480, 480)
    assert (vehicle.start_location, vehicle.end_location) == (0, 33)
    assert problem.travel_time_s[0, 1] == pytest.approx(math.hypot(-1.198, -5.164))


def test_checker_accepts_feasible_plan_with_exact_cost(darp_a2_16):
    report = check_darp_routes(read_darp(darp_a2_16), A2_16_ROUTES)
    assert report.violations == []
    assert report.served == 16
    assert report.cost == pytest.approx(294.2479501, abs=1e-6)


def _broken(change):
    routes = [list(r) for r in A2_16_ROUTES]
    change(routes)
    return routes


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # drop-off of 12 before its pickup
        (lambda r: r[0].__setitem__(slice(0, 3), [28, 12, 6]), "dropped before pickup"),
        # request 10 picked up by vehicle 1, dropped by vehicle 2
        (lambda r: (r[0].insert(0, 10), r[1].remove(10)), "another vehicle"),
        # request 16 left out entirely
        (lambda r: (r[1].remove(16), r[1].remove(32)), "not served"),
        # three vehicles when only two exist
        (lambda r: (r[1].remove(16), r[1].remove(32), r.append([16, 32])), "only 2 vehicles"),
        # four riders aboard a three-seat vehicle
        (
            lambda r: r.__setitem__(
                0,
                [1, 2, 3, 4, 17, 18, 19, 20]
                + [s for s in r[0] if s not in (1, 2, 3, 4, 17, 18, 19, 20)],
            ),
            "exceeds 3",
        ),
        # request 9 (pickup window [276, 291]) visited first: window and ride time broken
        (
            lambda r: (r[0].remove(9), r[0].remove(25), r[0].insert(0, 9), r[0].insert(1, 25)),
            "no service times",
        ),
    ],
)
def test_checker_rejects_each_violation(darp_a2_16, change, message):
    report = check_darp_routes(read_darp(darp_a2_16), _broken(change))
    assert not report.feasible
    assert any(message in v for v in report.violations), report.violations


def test_checker_rejects_ride_time_over_bound(darp_a2_16):
    # Request 1 (drop-off window [402, 417]) carried along the whole first route.
    routes = _broken(lambda r: (r[0].remove(1), r[0].insert(0, 1)))
    report = check_darp_routes(read_darp(darp_a2_16), routes)
    assert any("no service times" in v for v in report.violations)


def test_checker_rejects_route_duration_over_bound(darp_a2_16):
    instance = read_darp(darp_a2_16)
    short = instance.problem.vehicles[0].__class__(
        **{**instance.problem.vehicles[0].__dict__, "max_duration_s": 100.0}
    )
    instance.problem.vehicles = [short, instance.problem.vehicles[1]]
    report = check_darp_routes(instance, A2_16_ROUTES)
    assert report.violations == [
        "vehicle '1': no service times meet the windows, ride times and route duration"
    ]


def test_solver_serves_all_of_a2_16_near_best_known(darp_a2_16):
    instance = read_darp(darp_a2_16)
    options = SolverOptions(time_limit_s=3, time_scale=10_000, unserved_penalty=1e4)
    solution = solve(instance.problem, options)
    report = check_darp_routes(instance, stop_numbers(instance, solution))
    assert report.violations == []
    assert report.served == 16
    assert report.cost <= 294.25 * 1.03
