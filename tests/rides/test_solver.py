"""Planning rides on a line of five locations 100 s apart, read by eye."""

from __future__ import annotations

import numpy as np
import pytest

from rides.check import check_solution
from rides.errors import (
    DuplicateRequestError,
    PartyTooLargeError,
    ShiftEndedError,
    TimeWindowError,
)
from rides.model import Plan, Problem, Request, StopKind, TimeWindow, UnservedReason, Vehicle
from rides.quote import quote_request
from rides.solver import SolverOptions, solve
from rides.validate import validate_problem

FAST = SolverOptions(time_limit_s=0.5)


def taxi(vehicle_id: str = "taxi", location: int = 0, **kwargs) -> Vehicle:
    fields = dict(
        id=vehicle_id,
        start_location=location,
        end_location=location,
        shift_start_s=0.0,
        shift_end_s=3600.0,
        seats=4,
    )
    fields.update(kwargs)
    return Vehicle(**fields)


def ride(request_id: str, pickup: int, dropoff: int, earliest_s: float = 0.0, **kwargs) -> Request:
    fields = dict(
        id=request_id,
        pickup_location=pickup,
        dropoff_location=dropoff,
        pickup_window_s=TimeWindow(earliest_s, earliest_s + 60.0),
        boarding_s=0.0,
        alighting_s=0.0,
    )
    fields.update(kwargs)
    return Request(**fields)


def reason_of(solution, request_id):
    return {u.request_id: u.reason for u in solution.unserved}[request_id]


def test_wheelchair_rider_without_wheelchair_vehicle_on_duty(line_travel_s):
    # The only wheelchair-capable vehicle starts its shift long after the pickup window.
    late_van = taxi("van", wheelchair_spaces=1, shift_start_s=5000.0, shift_end_s=9000.0)
    problem = Problem(
        requests=[ride("w", 0, 2, wheelchairs=1, seats=0)],
        vehicles=[taxi("sedan"), late_van],
        travel_time_s=line_travel_s,
    )
    solution = solve(problem, FAST)
    assert solution.routes == []
    assert reason_of(solution, "w") is UnservedReason.NO_WHEELCHAIR_VEHICLE


def test_wheelchair_takes_folded_seats(line_travel_s):
    # A wheelchair folds two of four seats: the rider fits with two companions, not three.
    ud_taxi = taxi(wheelchair_spaces=1, seats_per_wheelchair=2)
    assert ud_taxi.can_carry(seats=2, wheelchairs=1)
    assert not ud_taxi.can_carry(seats=3, wheelchairs=1)
    assert not ud_taxi.can_carry(seats=0, wheelchairs=2)


def test_full_vehicle_leaves_second_party_out_for_capacity(line_travel_s):
    problem = Problem(
        requests=[ride("a", 0, 4, seats=2), ride("b", 0, 4, seats=2)],
        vehicles=[taxi(seats=2)],
        travel_time_s=line_travel_s,
    )
    solution = solve(problem, FAST)
    assert len(solution.served_request_ids) == 1
    (left_out,) = solution.unserved
    assert left_out.reason is UnservedReason.CAPACITY
    assert check_solution(problem, solution).violations == []


def test_ride_time_bound_shorter_than_direct_trip(line_travel_s):
    problem = Problem(
        requests=[ride("r", 0, 4, max_ride_s=300.0)],
        vehicles=[taxi()],
        travel_time_s=line_travel_s,
    )
    assert reason_of(solve(problem, FAST), "r") is UnservedReason.RIDE_TIME


def test_request_outside_all_shifts(line_travel_s):
    problem = Problem(
        requests=[ride("night", 0, 1, earliest_s=20_000.0)],
        vehicles=[taxi()],
        travel_time_s=line_travel_s,
    )
    assert reason_of(solve(problem, FAST), "night") is UnservedReason.OUTSIDE_SHIFTS


def test_cheap_penalty_leaves_request_out_with_its_cost(line_travel_s):
    problem = Problem(requests=[ride("r", 0, 4)], vehicles=[taxi()], travel_time_s=line_travel_s)
    solution = solve(problem, SolverOptions(time_limit_s=0.5, unserved_penalty=1.0))
    (left_out,) = solution.unserved
    assert left_out.reason is UnservedReason.CHEAPER_TO_LEAVE_OUT
    assert (left_out.added_cost, left_out.penalty) == (800.0, 1.0)


def test_duplicate_request_id_is_rejected(line_travel_s):
    problem = Problem(
        requests=[ride("r", 0, 1), ride("r", 1, 2)], vehicles=[taxi()], travel_time_s=line_travel_s
    )
    with pytest.raises(DuplicateRequestError, match="'r'"):
        validate_problem(problem)


def test_reversed_pickup_window_is_rejected(line_travel_s):
    reversed_window = ride("r", 0, 1, pickup_window_s=TimeWindow(600.0, 300.0))
    problem = Problem(requests=[reversed_window], vehicles=[taxi()], travel_time_s=line_travel_s)
    with pytest.raises(TimeWindowError, match="reversed"):
        solve(problem, FAST)


def test_pickup_window_in_the_past_is_rejected(line_travel_s):
    problem = Problem(
        requests=[ride("r", 0, 1)], vehicles=[taxi()], travel_time_s=line_travel_s, now_s=500.0
    )
    with pytest.raises(TimeWindowError, match="closed at 60 s"):
        validate_problem(problem)


def test_party_larger_than_any_vehicle_is_rejected(line_travel_s):
    problem = Problem(
        requests=[ride("r", 0, 1, seats=6)], vehicles=[taxi()], travel_time_s=line_travel_s
    )
    with pytest.raises(PartyTooLargeError, match="6 seated"):
        validate_problem(problem)


def test_vehicle_whose_shift_ended_is_rejected(line_travel_s):
    problem = Problem(
        requests=[], vehicles=[taxi(shift_end_s=100.0)], travel_time_s=line_travel_s, now_s=200.0
    )
    with pytest.raises(ShiftEndedError, match="shift ended at 100 s"):
        validate_problem(problem)


def test_rider_on_board_stays_with_their_vehicle(line_travel_s):
    # The rider sits in the taxi at location 4 and goes to 0, where the other taxi waits.
    on_board = ride("aboard", 3, 0, pickup_window_s=None, picked_up_at_s=0.0)
    problem = Problem(
        requests=[on_board, ride("new", 0, 1, earliest_s=600.0)],
        vehicles=[taxi("far", location=4, onboard=("aboard",)), taxi("near", location=0)],
        travel_time_s=line_travel_s,
    )
    solution = solve(problem, FAST)
    far = solution.route_of("far")
    assert far is not None
    assert ("aboard", StopKind.DROPOFF) in [(s.request_id, s.kind) for s in far.stops]
    near = solution.route_of("near")
    assert near is None or "aboard" not in {s.request_id for s in near.stops}
    assert check_solution(problem, solution).violations == []
    # Starting again from this plan keeps the rider with the same taxi.
    again = solve(problem, FAST, previous=solution)
    assert ("aboard", StopKind.DROPOFF) in [
        (s.request_id, s.kind) for s in again.route_of("far").stops
    ]


def _competing_requests(rides_this_month: int) -> Problem:
    # One two-seat taxi, two parties of two whose rides overlap in time: one must be left out.
    # The subscriber's ride (1 -> 4, 800 s of driving) costs more than the other (0 -> 2, 400 s).
    subscriber = ride(
        "sub", 1, 4, earliest_s=100.0, seats=2, plan_id="monthly", rides_this_month=rides_this_month
    )
    return Problem(
        requests=[subscriber, ride("single", 0, 2, seats=2)],
        vehicles=[taxi(seats=2)],
        travel_time_s=np.abs(np.arange(5.0)[:, None] - np.arange(5.0)[None, :]) * 100.0,
        plans={"monthly": Plan("monthly", monthly_ride_quota=20, priority_weight=3.0)},
    )


def test_subscriber_with_quota_left_is_served_first():
    solution = solve(_competing_requests(rides_this_month=5), FAST)
    assert solution.served_request_ids == {"sub"}
    assert reason_of(solution, "single") is UnservedReason.CAPACITY


def test_subscriber_over_quota_weighs_like_everyone_else():
    solution = solve(_competing_requests(rides_this_month=20), FAST)
    assert solution.served_request_ids == {"single"}


def test_quote_inserts_request_feasibly(line_travel_s):
    requests = [ride("a", 0, 4, max_ride_s=600.0)]
    problem = Problem(requests=requests, vehicles=[taxi()], travel_time_s=line_travel_s)
    plan = solve(problem, FAST)

    new = ride("b", 1, 3, earliest_s=100.0, max_ride_s=600.0)
    quote = quote_request(problem, plan, new)
    assert quote.vehicle_id == "taxi"
    assert quote.added_cost == 0.0
    assert (quote.estimated_pickup_s, quote.estimated_arrival_s) == (100.0, 300.0)
    assert (quote.pickup_window_s.earliest_s, quote.pickup_window_s.latest_s) == (100.0, 160.0)
    extended = Problem(
        requests=[*requests, new], vehicles=problem.vehicles, travel_time_s=line_travel_s
    )
    report = check_solution(extended, quote.solution, require_all_served=True)
    assert report.violations == []
    assert report.cost == 800.0
