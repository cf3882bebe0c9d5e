"""Validation of a ride pooling problem before it is optimised."""

from __future__ import annotations

import numpy as np

from rides.errors import (
    DuplicateRequestError,
    InvalidProblemError,
    InvalidRequestError,
    InvalidVehicleError,
    PartyTooLargeError,
    ShiftEndedError,
    TimeWindowError,
)
from rides.model import Problem, Request, TimeWindow


def validate_problem(problem: Problem) -> None:
    """Check that a problem can be optimised, raising on the first defect found.

    Parameters
    ----------
    problem
        The fleet, the requests, the travel-time matrix and the plans.

    Raises
    ------
    InvalidProblemError
        The matrix is not square, has negative or missing entries, or the cost matrix has
        another shape.
    DuplicateRequestError
        Two requests share one id.
    TimeWindowError
        A window is reversed, or is over at ``problem.now_s`` for a rider not yet on board.
    PartyTooLargeError
        No vehicle of the fleet could carry the party even when empty.
    InvalidRequestError
        A location is outside the matrix, a plan is unknown, or a count is negative.
    ShiftEndedError
        A vehicle's shift ends at or before ``problem.now_s``.
    InvalidVehicleError
        A vehicle id repeats, its shift is reversed, or its on-board riders are unknown.
    """
    _validate_matrices(problem)
    onboard = _validate_vehicles(problem)
    seen: set[str] = set()
    for request in problem.requests:
        if request.id in seen:
            raise DuplicateRequestError(request.id, "the id is used by an earlier request")
        seen.add(request.id)
        _validate_request(problem, request, on_board=request.id in onboard)
    missing = set(onboard) - seen
    if missing:
        request_id = sorted(missing)[0]
        raise InvalidVehicleError(onboard[request_id], f"rider {request_id!r} is not a request")


def _validate_matrices(problem: Problem) -> None:
    matrix = problem.travel_time_s
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise InvalidProblemError(f"travel-time matrix must be square, got shape {matrix.shape}")
    if not np.all(np.isfinite(matrix)) or np.any(matrix < 0):
        raise InvalidProblemError("travel-time matrix must be finite and non-negative")
    if problem.cost is not None and problem.cost.shape != matrix.shape:
        raise InvalidProblemError(
            f"cost matrix shape {problem.cost.shape} differs from travel times {matrix.shape}"
        )


def _validate_vehicles(problem: Problem) -> dict[str, str]:
    """Validate the fleet and return, for each rider on board, the id of their vehicle."""
    size = problem.travel_time_s.shape[0]
    onboard: dict[str, str] = {}
    seen: set[str] = set()
    for vehicle in problem.vehicles:
        if vehicle.id in seen:
            raise InvalidVehicleError(vehicle.id, "the id is used by an earlier vehicle")
        seen.add(vehicle.id)
        for location in (vehicle.start_location, vehicle.end_location):
            if not 0 <= location < size:
                raise InvalidVehicleError(vehicle.id, f"location {location} is not in the matrix")
        if vehicle.shift_end_s < vehicle.shift_start_s:
            raise InvalidVehicleError(
                vehicle.id,
                f"shift ends ({vehicle.shift_end_s:g} s) before it starts "
                f"({vehicle.shift_start_s:g} s)",
            )
        if vehicle.shift_end_s <= problem.now_s:
            raise ShiftEndedError(
                vehicle.id,
                f"shift ended at {vehicle.shift_end_s:g} s, planning time is {problem.now_s:g} s; "
                "remove the vehicle from the fleet",
            )
        if min(vehicle.seats, vehicle.wheelchair_spaces, vehicle.seats_per_wheelchair) < 0:
            raise InvalidVehicleError(vehicle.id, "seats and wheelchair spaces must be >= 0")
        for request_id in vehicle.onboard:
            if request_id in onboard:
                raise InvalidVehicleError(
                    vehicle.id, f"rider {request_id!r} is also on board {onboard[request_id]!r}"
                )
            onboard[request_id] = vehicle.id
    return onboard


def _validate_window(request: Request, name: str, window: TimeWindow | None, now_s: float) -> None:
    if window is None:
        return
    if window.latest_s < window.earliest_s:
        raise TimeWindowError(
            request.id,
            f"{name} window is reversed: latest {window.latest_s:g} s is before earliest "
            f"{window.earliest_s:g} s",
        )
    if window.latest_s < now_s:
        raise TimeWindowError(
            request.id,
            f"{name} window closed at {window.latest_s:g} s, planning time is {now_s:g} s",
        )


def _validate_request(problem: Problem, request: Request, *, on_board: bool) -> None:
    size = problem.travel_time_s.shape[0]
    for location in (request.pickup_location, request.dropoff_location):
        if not 0 <= location < size:
            raise InvalidRequestError(request.id, f"location {location} is not in the matrix")
    if request.seats < 0 or request.wheelchairs < 0 or request.seats + request.wheelchairs == 0:
        raise InvalidRequestError(request.id, "the party needs at least one seat or wheelchair")
    if request.plan_id is not None and request.plan_id not in problem.plans:
        raise InvalidRequestError(request.id, f"unknown plan {request.plan_id!r}")
    if request.boarding_duration_s < 0 or request.alighting_duration_s < 0:
        raise InvalidRequestError(request.id, "boarding and alighting times must be >= 0")

    # A rider already on board is dropped even if late, so only reversed windows matter.
    now_s = -np.inf if on_board else problem.now_s
    if not on_board:
        _validate_window(request, "pickup", request.pickup_window_s, now_s)
    _validate_window(request, "drop-off", request.dropoff_window_s, now_s)

    fleet = problem.vehicles
    if fleet and not any(v.can_carry(request.seats, request.wheelchairs) for v in fleet):
        raise PartyTooLargeError(
            request.id,
            f"no vehicle carries {request.seats} seated and {request.wheelchairs} wheelchair "
            "riders at once; split the party into several requests",
        )
