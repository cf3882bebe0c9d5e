"""Requests, vehicles, subscription plans and plans of routes for ride pooling.

Capacity of a universal-design vehicle
--------------------------------------
A vehicle has ``seats`` seats and ``wheelchair_spaces`` places where a wheelchair can be
secured. A wheelchair needs the floor of ``seats_per_wheelchair`` folded seats (a JPN Taxi
folds its rear bench; a van with a dedicated bay folds none). The load is therefore checked
in two dimensions at every moment of a route::

    seated riders + seats_per_wheelchair * wheelchairs <= seats       ("floor space")
    wheelchairs                                        <= wheelchair_spaces

so a five-seat taxi with ``seats_per_wheelchair=2`` carries five seated riders, or one
wheelchair and three seated riders, but never two wheelchairs unless it has two spaces.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from rides import defaults


@dataclass(frozen=True)
class TimeWindow:
    """Interval of allowed start-of-service times, in seconds since the planning epoch."""

    earliest_s: float
    latest_s: float

    def contains(self, time_s: float, tolerance: float = 0.0) -> bool:
        """Return whether ``time_s`` lies inside the window, up to ``tolerance``."""
        return self.earliest_s - tolerance <= time_s <= self.latest_s + tolerance


@dataclass(frozen=True)
class Plan:
    """A subscription plan: a monthly quota of rides and a priority weight."""

    id: str
    monthly_ride_quota: int
    priority_weight: float


@dataclass(frozen=True)
class Request:
    """One ride wanted by a party, between two locations of the travel-time matrix.

    Either window may be ``None`` (open). ``pickup_window_s`` bounds the start of boarding,
    ``dropoff_window_s`` the start of alighting (the desired arrival). The ride time is the
    start of alighting minus the end of boarding; it is bounded by ``max_ride_s`` if given,
    else by ``max_detour_factor`` (or the default factor) times the direct travel time.
    """

    id: str
    pickup_location: int
    dropoff_location: int
    pickup_window_s: TimeWindow | None = None
    dropoff_window_s: TimeWindow | None = None
    seats: int = 1
    wheelchairs: int = 0
    boarding_s: float | None = None
    alighting_s: float | None = None
    max_ride_s: float | None = None
    max_detour_factor: float | None = None
    plan_id: str | None = None
    rides_this_month: int = 0
    promised_pickup_s: TimeWindow | None = None
    picked_up_at_s: float | None = None

    def __post_init__(self) -> None:
        if self.boarding_s is None:
            boarding = defaults.WHEELCHAIR_BOARDING_S if self.wheelchairs else defaults.BOARDING_S
            object.__setattr__(self, "boarding_s", boarding)
        if self.alighting_s is None:
            alighting = (
                defaults.WHEELCHAIR_ALIGHTING_S if self.wheelchairs else defaults.ALIGHTING_S
            )
            object.__setattr__(self, "alighting_s", alighting)

    @property
    def boarding_duration_s(self) -> float:
        """Boarding time in seconds (the default is filled in at construction)."""
        assert self.boarding_s is not None
        return self.boarding_s

    @property
    def alighting_duration_s(self) -> float:
        """Alighting time in seconds (the default is filled in at construction)."""
        assert self.alighting_s is not None
        return self.alighting_s

    @property
    def accepted(self) -> bool:
        """Whether the rider was already promised a pickup window."""
        return self.promised_pickup_s is not None

    def max_ride_time_s(self, direct_s: float) -> float:
        """Return the ride-time bound in seconds, given the direct travel time ``direct_s``."""
        if self.max_ride_s is not None:
            return self.max_ride_s
        factor = self.max_detour_factor or defaults.MAX_DETOUR_FACTOR
        return max(factor * direct_s, direct_s + defaults.MIN_DETOUR_ALLOWANCE_S)


@dataclass(frozen=True)
class Vehicle:
    """A vehicle of a partner operator, available during one shift.

    ``onboard`` lists the ids of requests whose riders sit in the vehicle at planning time:
    this vehicle must drop them. ``max_duration_s`` bounds the time between leaving the start
    location and arriving at the end location.
    """

    id: str
    start_location: int
    end_location: int
    shift_start_s: float
    shift_end_s: float
    seats: int = 4
    wheelchair_spaces: int = 0
    seats_per_wheelchair: int = defaults.SEATS_PER_WHEELCHAIR
    partner: str = ""
    max_duration_s: float | None = None
    onboard: tuple[str, ...] = ()

    def floor_load(self, seats: int, wheelchairs: int) -> int:
        """Return the floor space, in seats, taken by ``seats`` riders and ``wheelchairs``."""
        return seats + self.seats_per_wheelchair * wheelchairs

    def can_carry(self, seats: int, wheelchairs: int) -> bool:
        """Return whether the empty vehicle has room for the given party."""
        return (
            wheelchairs <= self.wheelchair_spaces
            and self.floor_load(seats, wheelchairs) <= self.seats
        )


@dataclass
class Problem:
    """Everything one optimisation needs: fleet, requests, travel times and plans.

    ``travel_time_s[i, j]`` is the driving time from location ``i`` to location ``j``;
    ``cost`` (default: the travel time) is what the plan minimises.
    """

    requests: Sequence[Request]
    vehicles: Sequence[Vehicle]
    travel_time_s: NDArray[np.float64]
    cost: NDArray[np.float64] | None = None
    plans: Mapping[str, Plan] = field(default_factory=dict)
    now_s: float = 0.0

    def __post_init__(self) -> None:
        self.travel_time_s = np.asarray(self.travel_time_s, dtype=np.float64)
        if self.cost is not None:
            self.cost = np.asarray(self.cost, dtype=np.float64)

    @property
    def cost_matrix(self) -> NDArray[np.float64]:
        """The matrix of arc costs: ``cost`` if given, else the travel time."""
        return self.travel_time_s if self.cost is None else self.cost

    def request(self, request_id: str) -> Request:
        """Return the request with the given id."""
        for request in self.requests:
            if request.id == request_id:
                return request
        raise KeyError(request_id)

    def vehicle(self, vehicle_id: str) -> Vehicle:
        """Return the vehicle with the given id."""
        for vehicle in self.vehicles:
            if vehicle.id == vehicle_id:
                return vehicle
        raise KeyError(vehicle_id)


class StopKind(enum.StrEnum):
    """What happens at a stop."""

    PICKUP = "pickup"
    DROPOFF = "dropoff"


@dataclass(frozen=True)
class Stop:
    """A pickup or drop-off in a route, with its planned times in seconds."""

    request_id: str
    kind: StopKind
    location: int
    arrival_s: float = 0.0
    service_start_s: float = 0.0
    departure_s: float = 0.0


@dataclass(frozen=True)
class Route:
    """The stops one vehicle makes, in order, between its start and end locations."""

    vehicle_id: str
    stops: tuple[Stop, ...]
    start_s: float = 0.0
    end_s: float = 0.0
    cost: float = 0.0


class UnservedReason(enum.StrEnum):
    """Why a request is left out of the plan."""

    NO_WHEELCHAIR_VEHICLE = "no wheelchair-capable vehicle available in that window"
    CAPACITY = "no vehicle has room for the party at that time"
    RIDE_TIME = "the ride-time bound cannot be met"
    OUTSIDE_SHIFTS = "outside all vehicle shifts"
    VEHICLES_BUSY = "every vehicle that could go is busy with other rides"
    CHEAPER_TO_LEAVE_OUT = "cheaper to leave out"


@dataclass(frozen=True)
class Unserved:
    """A request left out of the plan, why, and what serving it would have added."""

    request_id: str
    reason: UnservedReason
    detail: str = ""
    added_cost: float | None = None
    penalty: float | None = None


@dataclass
class Solution:
    """A plan: one route per vehicle that moves, and the requests left out."""

    routes: list[Route]
    unserved: list[Unserved]
    cost: float = 0.0
    solver_status: str = ""

    @property
    def served_request_ids(self) -> set[str]:
        """Ids of the requests picked up or dropped in some route."""
        return {stop.request_id for route in self.routes for stop in route.stops}

    def route_of(self, vehicle_id: str) -> Route | None:
        """Return the route of the given vehicle, or ``None`` when it does not move."""
        for route in self.routes:
            if route.vehicle_id == vehicle_id:
                return route
        return None
