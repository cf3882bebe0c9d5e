"""Dial-a-ride instances in the format of Cordeau (2006), read into the service model.

Each stop of a file becomes its own location; travel time and cost are the Euclidean
distance. Stop numbers are those of the file: depot 0, pickups 1..n, drop-offs n+1..2n,
end depot 2n+1.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from rides.check import CheckReport, check_solution
from rides.errors import DarpFormatError
from rides.model import Problem, Request, Route, Solution, Stop, StopKind, TimeWindow, Vehicle


@dataclass(frozen=True)
class DarpInstance:
    """A dial-a-ride instance: its header values, its rows and the equivalent problem."""

    name: str
    vehicle_count: int
    request_count: int
    max_route_duration: float
    capacity: int
    max_ride_time: float
    coordinates: NDArray[np.float64]  # (2n + 2, 2), row k is stop k
    service: NDArray[np.float64]
    load: NDArray[np.int64]
    earliest: NDArray[np.float64]
    latest: NDArray[np.float64]
    problem: Problem


def read_darp(path: str | Path) -> DarpInstance:
    """Read a Cordeau-format instance file.

    Parameters
    ----------
    path
        File whose first line is ``K n T Q L`` followed by one row ``id x y d q e l`` per
        stop, from the start depot to the end depot. A file whose header gives ``2n``
        instead of ``n`` is recognised by its number of rows; a missing end-depot row is
        taken to repeat the start depot.

    Returns
    -------
    DarpInstance
        The instance, with ``problem`` holding ``K`` identical vehicles (``"1"`` ...) and
        requests ``"1"`` ... ``"n"``.

    Raises
    ------
    DarpFormatError
        The header or a row cannot be read, or the rows do not match the header.
    """
    path = Path(path)
    try:
        lines = [line.split() for line in path.read_text().splitlines() if line.strip()]
        header = [float(v) for v in lines[0][:5]]
        rows = np.array([[float(v) for v in line[:7]] for line in lines[1:]], dtype=np.float64)
    except (OSError, IndexError, ValueError) as error:
        raise DarpFormatError(f"{path}: cannot read instance ({error})") from error
    if len(header) < 5 or rows.ndim != 2 or rows.shape[1] != 7:
        raise DarpFormatError(f"{path}: expected a 5-field header and 7-field rows")
    vehicle_count, n = int(header[0]), int(header[1])
    duration, capacity, max_ride = header[2], int(header[3]), header[4]

    # Header n may count stops rather than requests; the end depot row may be missing.
    if len(rows) not in (2 * n + 1, 2 * n + 2) and len(rows) in (n + 1, n + 2) and n % 2 == 0:
        n //= 2
    if len(rows) == 2 * n + 1:
        rows = np.vstack([rows, rows[0]])
    if len(rows) != 2 * n + 2:
        raise DarpFormatError(
            f"{path}: {len(rows)} stop rows, expected {2 * n + 2} for {n} requests"
        )

    coordinates = rows[:, 1:3]
    service, load = rows[:, 3], rows[:, 4].astype(np.int64)
    earliest, latest = rows[:, 5], rows[:, 6]
    if np.any(load[1 : n + 1] <= 0) or np.any(load[1 : n + 1] != -load[n + 1 : 2 * n + 1]):
        raise DarpFormatError(f"{path}: pickups need positive loads matched by their drop-offs")

    difference = coordinates[:, None, :] - coordinates[None, :, :]
    distance = np.sqrt((difference**2).sum(axis=2))
    requests = [
        Request(
            id=str(i),
            pickup_location=i,
            dropoff_location=n + i,
            pickup_window_s=TimeWindow(float(earliest[i]), float(latest[i])),
            dropoff_window_s=TimeWindow(float(earliest[n + i]), float(latest[n + i])),
            seats=int(load[i]),
            boarding_s=float(service[i]),
            alighting_s=float(service[n + i]),
            max_ride_s=max_ride,
        )
        for i in range(1, n + 1)
    ]
    vehicles = [
        Vehicle(
            id=str(k),
            start_location=0,
            end_location=2 * n + 1,
            shift_start_s=float(earliest[0]),
            shift_end_s=float(latest[2 * n + 1]),
            seats=capacity,
            wheelchair_spaces=0,
            max_duration_s=duration,
        )
        for k in range(1, vehicle_count + 1)
    ]
    problem = Problem(requests=requests, vehicles=vehicles, travel_time_s=distance)
    return DarpInstance(
        name=path.stem,
        vehicle_count=vehicle_count,
        request_count=n,
        max_route_duration=duration,
        capacity=capacity,
        max_ride_time=max_ride,
        coordinates=coordinates,
        service=service,
        load=load,
        earliest=earliest,
        latest=latest,
        problem=problem,
    )


def stop_numbers(instance: DarpInstance, solution: Solution) -> list[list[int]]:
    """Return the routes of a solution as lists of file stop numbers, depots left out."""
    n = instance.request_count
    return [
        [int(s.request_id) + (n if s.kind is StopKind.DROPOFF else 0) for s in route.stops]
        for route in solution.routes
        if route.stops
    ]


def solution_from_stop_numbers(instance: DarpInstance, routes: list[list[int]]) -> Solution:
    """Build a solution from routes of file stop numbers, the k-th route on vehicle k.

    Stop numbers outside ``1..2n`` are kept as stops of an unknown request so that the
    checker reports them.
    """
    n = instance.request_count
    built = []
    for number, numbers in enumerate(routes, start=1):
        stops = []
        for stop in numbers:
            if 1 <= stop <= n:
                stops.append(Stop(str(stop), StopKind.PICKUP, stop))
            elif n < stop <= 2 * n:
                stops.append(Stop(str(stop - n), StopKind.DROPOFF, stop))
            else:
                stops.append(Stop(f"stop {stop}", StopKind.PICKUP, stop))
        built.append(Route(str(number), tuple(stops)))
    return Solution(routes=built, unserved=[])


def check_darp_routes(instance: DarpInstance, routes: list[list[int]]) -> CheckReport:
    """Verify routes of stop numbers against every rule of the benchmark, in double.

    Every request must be served, by at most ``K`` vehicles, with pairing, precedence,
    load, windows (waiting allowed), route duration and ride time respected.
    """
    report = CheckReport()
    if len(routes) > instance.vehicle_count:
        report.violations.append(f"{len(routes)} routes, only {instance.vehicle_count} vehicles")
        routes = routes[: instance.vehicle_count]
    checked = check_solution(
        instance.problem, solution_from_stop_numbers(instance, routes), require_all_served=True
    )
    checked.violations[:0] = report.violations
    return checked
