"""Why a request is left out of a plan, established by feasibility checks."""

from __future__ import annotations

from collections.abc import Sequence

from rides.insertion import best_insertion, fits_alone
from rides.model import Problem, Request, Solution, Unserved, UnservedReason, Vehicle
from rides.schedule import direct_time_s


def eligible_vehicles(problem: Problem, request: Request) -> list[Vehicle]:
    """Return the vehicles that could serve the request if it were their only ride."""
    return [v for v in problem.vehicles if fits_alone(problem, request, v)]


def explain_alone(problem: Problem, request: Request) -> Unserved:
    """Explain why no vehicle could serve a request even if it were its only ride.

    Call this only when :func:`eligible_vehicles` is empty.
    """
    on_time = [v for v in problem.vehicles if fits_alone(problem, request, v, check_capacity=False)]
    if on_time:
        if request.wheelchairs and not any(
            v.wheelchair_spaces >= request.wheelchairs for v in on_time
        ):
            names = ", ".join(v.id for v in on_time)
            return Unserved(
                request.id,
                UnservedReason.NO_WHEELCHAIR_VEHICLE,
                f"vehicles on duty then ({names}) have no room for {request.wheelchairs} "
                "wheelchair(s)",
            )
        return Unserved(
            request.id,
            UnservedReason.CAPACITY,
            f"no vehicle on duty then seats {request.seats} riders "
            f"and {request.wheelchairs} wheelchair(s)",
        )

    relaxed = [
        v
        for v in problem.vehicles
        if fits_alone(problem, request, v, check_capacity=False, enforce_ride_time=False)
    ]
    if relaxed:
        direct = direct_time_s(problem, request)
        return Unserved(
            request.id,
            UnservedReason.RIDE_TIME,
            f"direct trip {direct:g} s, allowed ride {request.max_ride_time_s(direct):g} s; "
            "the windows force a longer ride",
        )
    return Unserved(
        request.id,
        UnservedReason.OUTSIDE_SHIFTS,
        "no vehicle shift allows reaching the pickup and the drop-off within their windows",
    )


def explain_dropped(
    problem: Problem,
    solution: Solution,
    request: Request,
    eligible: Sequence[Vehicle],
    penalty: float,
) -> Unserved:
    """Explain why a request that some vehicle could serve alone is left out of a plan.

    Parameters
    ----------
    problem
        The problem that was solved.
    solution
        The plan, without the request.
    request
        The request left out.
    eligible
        The vehicles that could serve the request alone.
    penalty
        The cost of leaving the request out, in cost units.

    Returns
    -------
    Unserved
        "cheaper to leave out" with the added cost when an insertion into the plan exists;
        otherwise capacity, ride time, wheelchair or busy vehicles, by which relaxed
        insertion becomes feasible.
    """
    found = best_insertion(problem, solution, request, vehicles=eligible)
    if found is not None:
        return Unserved(
            request.id,
            UnservedReason.CHEAPER_TO_LEAVE_OUT,
            f"serving it in vehicle {found.vehicle_id!r} adds {found.added_cost:.2f}, "
            f"leaving it out costs {penalty:.2f}",
            added_cost=found.added_cost,
            penalty=penalty,
        )
    if best_insertion(problem, solution, request, vehicles=eligible, check_capacity=False):
        return Unserved(
            request.id, UnservedReason.CAPACITY, "the vehicles that could go are full then"
        )
    if best_insertion(problem, solution, request, vehicles=eligible, enforce_ride_time=False):
        return Unserved(
            request.id,
            UnservedReason.RIDE_TIME,
            "fitting it between other rides breaks a ride-time bound",
        )
    if request.wheelchairs:
        others = [v for v in problem.vehicles if v not in eligible]
        if best_insertion(problem, solution, request, vehicles=others, check_capacity=False):
            return Unserved(
                request.id,
                UnservedReason.NO_WHEELCHAIR_VEHICLE,
                "the wheelchair-capable vehicles are busy then",
            )
    return Unserved(
        request.id,
        UnservedReason.VEHICLES_BUSY,
        "every vehicle that could go is busy with other rides then",
    )
