"""A simulated day of shared taxi rides in Meguro: demand, fleet, batch re-optimisation.

Riders ask for rides between real places of the ward (stations, hospitals, clinics,
community centres, care homes, shelters, public buildings with barrier-free toilets) through
the day; partner taxis, some of them universal-design taxis with a wheelchair space, serve
them. Every ``batch_s`` seconds the plan is re-optimised with :func:`rides.solver.solve`:
stops a taxi has already left for are fixed, riders on board stay with their taxi, riders
already promised a pickup keep a high priority, and the previous plan is the starting point.

Run ``python -m rides.simulate --help`` for the command line.
"""

from __future__ import annotations

import csv
import json
import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from rides.model import (
    Plan,
    Problem,
    Request,
    Route,
    Solution,
    Stop,
    StopKind,
    TimeWindow,
    UnservedReason,
    Vehicle,
)
from rides.solver import SolverOptions, solve
from rides.travel import TravelMatrix, TravelTimes
from routing.area import ServiceArea
from routing.config import REPO_ROOT, shared_dir
from routing.errors import DataSourceError

log = logging.getLogger(__name__)

# Mobility classes of riders, and plans.
WHEELCHAIR, STROLLER, OTHER = "wheelchair", "stroller", "other"
MOBILITY_CLASSES = (WHEELCHAIR, STROLLER, OTHER)
SUBSCRIPTION, PAY_PER_RIDE = "subscription", "pay-per-ride"
PLAN_KINDS = (SUBSCRIPTION, PAY_PER_RIDE)

# The monthly plan: rides within the quota weigh twice a pay-per-ride request when the
# optimiser must leave someone out. Assumed values of the service design.
MONTHLY_PLAN = Plan(id="monthly", monthly_ride_quota=20, priority_weight=2.0)

# How often riders go to each kind of place: a relative weight per place, assumed for an
# older and less mobile population (clinic and hospital visits dominate).
PLACE_WEIGHTS: dict[str, float] = {
    "hospital": 3.0,
    "clinic": 2.0,
    "station": 2.0,
    "community_centre": 1.5,
    "nursing_home": 1.5,
    "public_facility": 1.0,
    "shelter": 0.5,
}

# Relative demand by hour of the day (clinic mornings, afternoon errands), assumed.
HOURLY_DEMAND: dict[int, float] = {
    8: 1.0,
    9: 1.6,
    10: 1.6,
    11: 1.2,
    12: 0.8,
    13: 1.0,
    14: 1.2,
    15: 1.2,
    16: 1.0,
    17: 0.6,
}

_SEARCHES = {"greedy": "GREEDY_DESCENT", "guided": "GUIDED_LOCAL_SEARCH"}


@dataclass(frozen=True)
class DayConfig:
    """What the simulated day looks like; every share is a fraction of requests or vehicles.

    Times are seconds since midnight. ``search`` is ``greedy`` (stops at the first local
    optimum: the same seed gives the same day as long as no solve is cut short by
    ``solver_time_limit_s``, which a busy machine may do) or ``guided`` (guided local search
    until the time limit: better plans, never reproducible to the metre).
    """

    requests: int = 200
    vehicles: int = 12
    wheelchair_vehicles: int | None = None  # default: a quarter of the fleet, at least one
    batch_s: float = 300.0
    seed: int = 1
    day_start_s: float = 8 * 3600.0
    day_end_s: float = 18 * 3600.0
    max_wait_s: float = 1200.0  # s, the pickup window: from the asked time to this much later
    booked_share: float = 0.4  # booked ahead; the others ask for a taxi now
    booking_lead_s: tuple[float, float] = (1800.0, 3 * 3600.0)  # s, ahead of pickup
    mobility_shares: tuple[float, float, float] = (0.15, 0.15, 0.70)  # wheelchair, stroller
    subscription_share: float = 0.4
    min_trip_m: float = 700.0  # m, straight line: shorter trips are walked
    solver_time_limit_s: float = 2.0
    search: str = "greedy"

    def __post_init__(self) -> None:
        if self.requests < 1 or self.vehicles < 1:
            raise ValueError("a day needs at least one request and one vehicle")
        if self.batch_s <= 0 or self.max_wait_s <= 0:
            raise ValueError("batch_s and max_wait_s must be positive")
        if self.search not in _SEARCHES:
            raise ValueError(f"search must be one of {sorted(_SEARCHES)}, got {self.search!r}")
        if not math.isclose(sum(self.mobility_shares), 1.0):
            raise ValueError(f"mobility shares must add up to 1, got {self.mobility_shares}")
        if self.wheelchair_vehicles is not None and not (
            0 <= self.wheelchair_vehicles <= self.vehicles
        ):
            raise ValueError("wheelchair_vehicles must lie between 0 and the fleet size")

    @property
    def wheelchair_fleet(self) -> int:
        """Number of universal-design taxis with a wheelchair space."""
        if self.wheelchair_vehicles is not None:
            return self.wheelchair_vehicles
        return max(1, self.vehicles // 4)


@dataclass(frozen=True)
class Place:
    """A real place riders travel to or from."""

    name: str
    kind: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Rider:
    """Who asked for a ride, when the service learnt of it, and where they go."""

    request_id: str
    mobility: str
    plan: str
    known_s: float
    origin: Place
    destination: Place


@dataclass
class Day:
    """The demand and fleet of one day, with travel times between every place used.

    Location ``k`` of every request and vehicle is ``places[k]``.
    """

    config: DayConfig
    places: list[Place]
    travel: TravelMatrix
    requests: list[Request]
    riders: dict[str, Rider]
    vehicles: list[Vehicle]
    plans: dict[str, Plan]


@dataclass(frozen=True)
class Outcome:
    """What became of a request: its pickup and drop-off, or why it was not served."""

    request_id: str
    served: bool
    vehicle_id: str | None = None
    pickup_s: float | None = None  # start of boarding
    dropoff_s: float | None = None  # start of alighting
    reason: str | None = None
    detail: str = ""
    decided_s: float | None = None  # when the rider was told yes or no


@dataclass(frozen=True)
class Leg:
    """A drive between two stops of one vehicle, with who was on board."""

    vehicle_id: str
    from_location: int
    to_location: int
    depart_s: float
    arrive_s: float
    distance_m: float
    riders: tuple[str, ...]


@dataclass
class DayResult:
    """The executed day: an outcome per request and every leg every vehicle drove."""

    day: Day
    outcomes: dict[str, Outcome]
    legs: list[Leg]
    stops: dict[str, list[Stop]]  # executed stops per vehicle
    batches: int = 0
    solves: int = 0
    solve_seconds: float = 0.0


# --- places ----------------------------------------------------------------------------------


def _poi_kind(props: dict[str, object]) -> str | None:
    cls, sub = props.get("class"), props.get("subclass")
    if sub == "hospital":
        return "hospital"
    if sub in ("doctors", "clinic"):
        return "clinic"
    if sub in ("station", "subway_entrance", "train_station_entrance") and cls in (
        "railway",
        "entrance",
    ):
        return "station"
    if sub == "community_centre":
        return "community_centre"
    if sub == "nursing_home":
        return "nursing_home"
    return None


def load_places(area: ServiceArea, data_dir: Path | None = None) -> list[Place]:
    """Real places of the service area riders travel between.

    From the OpenMapTiles POI layer (© OpenStreetMap contributors, ODbL): hospitals,
    clinics and doctors, stations and their entrances, community centres and nursing homes;
    from the facility lists: evacuation shelters and public buildings with a barrier-free
    toilet. Places outside ``area`` are left out; each name is kept once per kind.

    Raises
    ------
    DataSourceError
        If the POI file is missing or unreadable.
    """
    data = data_dir or shared_dir() / "data"
    poi = data / "osm" / "meguro_osm_poi_2022-05_mvt.geojson"
    try:
        features = json.loads(poi.read_text(encoding="utf-8"))["features"]
    except (OSError, json.JSONDecodeError, KeyError) as exc:
        raise DataSourceError(f"cannot read places from {poi}: {exc}") from exc

    found: list[Place] = []
    for feat in features:
        props = feat.get("properties") or {}
        kind = _poi_kind(props)
        geom = feat.get("geometry") or {}
        if kind is None or geom.get("type") != "Point":
            continue
        lon, lat = geom["coordinates"][:2]
        found.append(Place(str(props.get("name") or kind), kind, float(lat), float(lon)))

    facilities = data / "facilities"
    for name, kind, lat_key, lon_key, name_key in (
        ("tokyo_shelters_traq_geocoded.csv", "shelter", "lat", "lon", "name_ja"),
        ("meguro_barrier_free_toilets_public.csv", "public_facility", "lat", "lng", "name"),
    ):
        path = facilities / name
        if not path.exists():
            log.warning("No facility list at %s; its places are left out", path)
            continue
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                try:
                    lat, lon = float(row[lat_key]), float(row[lon_key])
                except (KeyError, ValueError):
                    continue
                found.append(Place(row.get(name_key) or kind, kind, lat, lon))

    places: list[Place] = []
    seen: set[tuple[str, str]] = set()
    for place in found:
        if (place.kind, place.name) in seen:
            continue
        if area.distance_outside_m(place.lat, place.lon) > 0:
            continue
        seen.add((place.kind, place.name))
        places.append(place)
    log.info("Loaded %d places in %s", len(places), area.name)
    return places


# --- demand and fleet ------------------------------------------------------------------------


def _distance_m(a: Place, b: Place) -> float:
    k = 111_320.0 * math.cos(math.radians((a.lat + b.lat) / 2))
    return math.hypot((a.lon - b.lon) * k, (a.lat - b.lat) * 110_574.0)


def draw_day(config: DayConfig, places: Sequence[Place], travel: TravelTimes) -> Day:
    """Draw the requests and the fleet of a day, and the travel times between their places.

    Raises
    ------
    ValueError
        If there are too few places to draw trips of at least ``min_trip_m``.
    """
    rng = np.random.default_rng(config.seed)
    kinds = sorted(PLACE_WEIGHTS)
    candidates = [p for p in places if p.kind in PLACE_WEIGHTS]
    if candidates:
        near = travel.can_snap([(p.lat, p.lon) for p in candidates])
        candidates = [p for p, ok in zip(candidates, near, strict=True) if ok]
    if len(candidates) < 2:
        raise ValueError("at least two places are needed to draw trips")
    weight = np.array([PLACE_WEIGHTS[p.kind] for p in candidates])
    # Every kind weighs what the table says in total, however many places it has.
    per_kind = {k: sum(1 for p in candidates if p.kind == k) for k in kinds}
    weight = weight / np.array([per_kind[p.kind] for p in candidates])
    weight = weight / weight.sum()

    hours = np.array(sorted(HOURLY_DEMAND))
    hour_weight = np.array([HOURLY_DEMAND[h] for h in hours], dtype=float)
    hour_weight /= hour_weight.sum()

    trips: list[tuple[Place, Place, float, str, str, float]] = []
    for _ in range(config.requests):
        origin = candidates[int(rng.choice(len(candidates), p=weight))]
        for _attempt in range(100):
            destination = candidates[int(rng.choice(len(candidates), p=weight))]
            if _distance_m(origin, destination) >= config.min_trip_m:
                break
        else:
            raise ValueError(f"no place lies {config.min_trip_m:g} m from {origin.name}")
        hour = float(rng.choice(hours, p=hour_weight))
        asked = max(
            config.day_start_s,
            min(hour * 3600.0 + rng.uniform(0, 3600.0), config.day_end_s - config.max_wait_s),
        )
        mobility = MOBILITY_CLASSES[int(rng.choice(3, p=config.mobility_shares))]
        plan = SUBSCRIPTION if rng.random() < config.subscription_share else PAY_PER_RIDE
        lead = rng.uniform(*config.booking_lead_s) if rng.random() < config.booked_share else 0.0
        trips.append((origin, destination, asked, mobility, plan, lead))
    trips.sort(key=lambda t: t[2])

    # Depots: taxi ranks at stations, one per vehicle while they last.
    stations = [p for p in candidates if p.kind == "station"] or list(candidates)
    order = rng.permutation(len(stations))
    depots = [stations[int(order[i % len(stations)])] for i in range(config.vehicles)]

    used: dict[tuple[str, str, float, float], int] = {}
    used_places: list[Place] = []

    def location(place: Place) -> int:
        key = (place.kind, place.name, place.lat, place.lon)
        if key not in used:
            used[key] = len(used_places)
            used_places.append(place)
        return used[key]

    requests: list[Request] = []
    riders: dict[str, Rider] = {}
    for number, (origin, destination, asked, mobility, plan, lead) in enumerate(trips):
        request_id = f"r{number:03d}"
        seats, wheelchairs = _party(mobility, rng)
        requests.append(
            Request(
                id=request_id,
                pickup_location=location(origin),
                dropoff_location=location(destination),
                pickup_window_s=TimeWindow(asked, asked + config.max_wait_s),
                seats=seats,
                wheelchairs=wheelchairs,
                plan_id=MONTHLY_PLAN.id if plan == SUBSCRIPTION else None,
                rides_this_month=int(rng.integers(0, MONTHLY_PLAN.monthly_ride_quota + 6)),
            )
        )
        known = max(config.day_start_s - 3600.0, asked - lead)
        riders[request_id] = Rider(request_id, mobility, plan, known, origin, destination)

    vehicles = []
    shift_start, shift_end = config.day_start_s - 1800.0, config.day_end_s + 3600.0
    for number, depot in enumerate(depots):
        universal = number < config.wheelchair_fleet
        where = location(depot)
        vehicles.append(
            Vehicle(
                id=f"{'ud' if universal else 'taxi'}-{number + 1:02d}",
                start_location=where,
                end_location=where,
                shift_start_s=shift_start,
                shift_end_s=shift_end,
                seats=4,  # passenger seats of a Tokyo taxi (sedan or JPN Taxi)
                wheelchair_spaces=1 if universal else 0,
                partner="partner taxi",
            )
        )

    matrix = travel.matrix([(p.lat, p.lon) for p in used_places])
    log.info(
        "Drew %d requests between %d places and %d vehicles (%d with a wheelchair space)",
        len(requests),
        len(used_places),
        len(vehicles),
        config.wheelchair_fleet,
    )
    return Day(config, used_places, matrix, requests, riders, vehicles, {"monthly": MONTHLY_PLAN})


def _party(mobility: str, rng: np.random.Generator) -> tuple[int, int]:
    """Seats and wheelchairs of a party: a wheelchair user may come with a carer; a parent
    with a stroller brings a child (the stroller folds into the boot)."""
    if mobility == WHEELCHAIR:
        return (1 if rng.random() < 0.5 else 0), 1
    if mobility == STROLLER:
        return 2, 0
    return (2 if rng.random() < 0.2 else 1), 0


# --- the day ---------------------------------------------------------------------------------


@dataclass
class _Taxi:
    """Where a vehicle is, from when it is free, what it has done and still plans to do."""

    vehicle: Vehicle
    location: int
    free_s: float
    onboard: list[str] = field(default_factory=list)
    done: list[Stop] = field(default_factory=list)
    planned: list[Stop] = field(default_factory=list)


def simulate_day(day: Day) -> DayResult:
    """Run the day batch by batch and execute the plans; return every outcome and leg."""
    config = day.config
    travel_s, travel_m = day.travel.time_s, day.travel.distance_m
    requests = {r.id: r for r in day.requests}
    taxis = {v.id: _Taxi(v, v.start_location, v.shift_start_s) for v in day.vehicles}
    outcomes: dict[str, Outcome] = {}
    accepted: dict[str, Request] = {}  # promised, not yet picked up
    picked: dict[str, float] = {}  # request id -> start of boarding
    legs: list[Leg] = []
    result = DayResult(day, outcomes, legs, {v.id: [] for v in day.vehicles})
    options = SolverOptions(
        time_limit_s=config.solver_time_limit_s, metaheuristic=_SEARCHES[config.search]
    )

    def execute(taxi: _Taxi, until_s: float) -> None:
        """Carry out the planned stops the taxi has left for by ``until_s``."""
        while taxi.planned:
            stop = taxi.planned[0]
            drive_s = float(travel_s[taxi.location, stop.location])
            depart = max(taxi.free_s, stop.service_start_s - drive_s)  # leave just in time
            if depart > until_s:
                return
            legs.append(
                Leg(
                    taxi.vehicle.id,
                    taxi.location,
                    stop.location,
                    depart,
                    depart + drive_s,
                    float(travel_m[taxi.location, stop.location]),
                    tuple(taxi.onboard),
                )
            )
            if stop.kind is StopKind.PICKUP:
                taxi.onboard.append(stop.request_id)
                picked[stop.request_id] = stop.service_start_s
                accepted.pop(stop.request_id, None)
            else:
                taxi.onboard.remove(stop.request_id)
                previous = outcomes[stop.request_id]
                outcomes[stop.request_id] = replace(
                    previous,
                    served=True,
                    vehicle_id=taxi.vehicle.id,
                    pickup_s=picked[stop.request_id],
                    dropoff_s=stop.service_start_s,
                )
            taxi.done.append(stop)
            taxi.location, taxi.free_s = stop.location, stop.departure_s
            taxi.planned.pop(0)

    pending = sorted(day.requests, key=lambda r: day.riders[r.id].known_s)
    first = min(day.riders[r.id].known_s for r in pending)
    now = config.day_start_s - config.batch_s * math.floor(
        (config.day_start_s - first) / config.batch_s
    )
    while pending:
        result.batches += 1
        for taxi in taxis.values():
            execute(taxi, now)
        new = [r for r in pending if day.riders[r.id].known_s <= now]
        pending = pending[len(new) :]
        new = _screen(new, now, taxis, outcomes)
        if new:
            started = time.perf_counter()
            _plan(day, now, new, taxis, accepted, picked, outcomes, options, requests)
            result.solves += 1
            result.solve_seconds += time.perf_counter() - started
        now += config.batch_s

    # No more requests: drive out the plans, then home to the depot.
    for taxi in taxis.values():
        execute(taxi, math.inf)
        depot = taxi.vehicle.end_location
        if taxi.location != depot:
            drive_s = float(travel_s[taxi.location, depot])
            legs.append(
                Leg(
                    taxi.vehicle.id,
                    taxi.location,
                    depot,
                    taxi.free_s,
                    taxi.free_s + drive_s,
                    float(travel_m[taxi.location, depot]),
                    (),
                )
            )
        result.stops[taxi.vehicle.id] = taxi.done
    log.info(
        "Simulated %d requests: %d served, %d batches, %d solves in %.1f s",
        len(day.requests),
        sum(o.served for o in outcomes.values()),
        result.batches,
        result.solves,
        result.solve_seconds,
    )
    return result


def _screen(
    new: list[Request], now: float, taxis: dict[str, _Taxi], outcomes: dict[str, Outcome]
) -> list[Request]:
    """Turn away at once what no plan could serve; return the requests to plan."""
    keep = []
    for request in new:
        window = request.pickup_window_s
        if window is not None and window.latest_s < now:
            outcomes[request.id] = Outcome(
                request.id,
                False,
                reason="pickup window closed before planning",
                detail=f"the window closed at {window.latest_s:g} s, planning at {now:g} s",
                decided_s=now,
            )
        elif not any(
            t.vehicle.can_carry(request.seats, request.wheelchairs) for t in taxis.values()
        ):
            outcomes[request.id] = Outcome(
                request.id,
                False,
                reason=UnservedReason.NO_WHEELCHAIR_VEHICLE.value
                if request.wheelchairs
                else UnservedReason.CAPACITY.value,
                detail="no vehicle of the fleet can carry the party",
                decided_s=now,
            )
        else:
            keep.append(request)
    return keep


def _plan(
    day: Day,
    now: float,
    new: list[Request],
    taxis: dict[str, _Taxi],
    accepted: dict[str, Request],
    picked: dict[str, float],
    outcomes: dict[str, Outcome],
    options: SolverOptions,
    requests: dict[str, Request],
) -> None:
    """Re-optimise at ``now`` with the new requests; promise or refuse each of them."""
    onboard = [
        replace(requests[rid], picked_up_at_s=picked[rid])
        for taxi in taxis.values()
        for rid in taxi.onboard
    ]
    vehicles = [
        replace(
            taxi.vehicle,
            start_location=taxi.location,
            shift_start_s=max(taxi.free_s, now),
            onboard=tuple(taxi.onboard),
        )
        for taxi in taxis.values()
    ]
    problem = Problem(
        requests=[*onboard, *accepted.values(), *new],
        vehicles=vehicles,
        travel_time_s=day.travel.time_s,
        plans=day.plans,
        now_s=now,
    )
    previous = Solution(
        [Route(t.vehicle.id, tuple(t.planned)) for t in taxis.values() if t.planned], []
    )
    solution = solve(problem, options, previous=previous)
    served = solution.served_request_ids
    kept_everyone = all(r.id in served for r in [*onboard, *accepted.values()])
    if solution.solver_status == "no solution" or not all(r.id in served for r in onboard):
        # Keep the plan that holds; refuse the newcomers.
        log.warning("No plan keeps every rider on board at %g s; keeping the previous plan", now)
        for request in new:
            outcomes[request.id] = Outcome(
                request.id, False, reason="no plan found in time", decided_s=now
            )
        return
    if not kept_everyone:
        log.info("Re-optimisation at %g s breaks a promise", now)

    for taxi in taxis.values():
        route = solution.route_of(taxi.vehicle.id)
        taxi.planned = list(route.stops) if route is not None else []
    why = {u.request_id: u for u in solution.unserved}
    pickups = {
        s.request_id: s.service_start_s
        for route in solution.routes
        for s in route.stops
        if s.kind is StopKind.PICKUP
    }
    for request in [*accepted.values(), *new]:
        if request.id in served:
            if request.id not in accepted:
                window = request.pickup_window_s
                assert window is not None
                promise = TimeWindow(window.earliest_s, min(window.latest_s, pickups[request.id]))
                accepted[request.id] = replace(request, promised_pickup_s=promise)
                outcomes[request.id] = Outcome(request.id, False, decided_s=now)
            continue
        unserved = why.get(request.id)
        reason = unserved.reason.value if unserved is not None else "left out of the plan"
        if request.id in accepted:
            del accepted[request.id]
            reason = f"dropped after it was promised: {reason}"
        outcomes[request.id] = Outcome(
            request.id,
            False,
            reason=reason,
            detail=unserved.detail if unserved is not None else "",
            decided_s=outcomes.get(request.id, Outcome(request.id, False, decided_s=now)).decided_s,
        )


# --- command line ----------------------------------------------------------------------------

DEFAULT_OUT = REPO_ROOT / "bench" / "results" / "simulation"

app = typer.Typer(add_completion=False, help=__doc__)


@app.command()
def main(
    requests: Annotated[int, typer.Option(help="ride requests in the day")] = 200,
    vehicles: Annotated[int, typer.Option(help="partner taxis")] = 12,
    wheelchair_vehicles: Annotated[
        int | None, typer.Option(help="taxis with a wheelchair space (default: a quarter)")
    ] = None,
    batch_s: Annotated[float, typer.Option(help="seconds between re-optimisations")] = 300.0,
    seed: Annotated[int, typer.Option(help="seed of the random demand")] = 1,
    time_limit_s: Annotated[float, typer.Option(help="solver seconds per batch, at most")] = 2.0,
    search: Annotated[str, typer.Option(help="greedy (reproducible) or guided")] = "greedy",
    out: Annotated[Path, typer.Option(help="folder for the KPI JSON and the plots")] = DEFAULT_OUT,
) -> None:
    """Simulate a day of shared rides in Meguro and write its KPIs and plots."""
    from rides.kpi import compute_kpis, plot_kpis, write_outcomes

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        config = DayConfig(
            requests=requests,
            vehicles=vehicles,
            wheelchair_vehicles=wheelchair_vehicles,
            batch_s=batch_s,
            seed=seed,
            solver_time_limit_s=time_limit_s,
            search=search,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    travel = TravelTimes.for_meguro()
    assert travel.area is not None
    day = draw_day(config, load_places(travel.area), travel)
    result = simulate_day(day)
    kpis = compute_kpis(result)
    out.mkdir(parents=True, exist_ok=True)
    (out / "kpis.json").write_text(json.dumps(kpis, indent=1, ensure_ascii=False), "utf-8")
    write_outcomes(result, out / "outcomes.csv")
    written = plot_kpis(kpis, result, out)
    overall = kpis["overall"]
    log.info(
        "Served %d of %d (%.0f %%), mean wait %.1f min; with riders on board the fleet drove "
        "%.1f km against %.1f km of solo rides, %.1f km in all with empty drives "
        "(solo taxis' own empty drives are not counted); wrote %s",
        overall["served"],
        overall["requests"],
        100 * overall["served_share"],
        (overall["wait_mean_s"] or 0) / 60,
        kpis["fleet"]["vehicle_km_with_riders"],
        kpis["fleet"]["solo_taxi_km"],
        kpis["fleet"]["vehicle_km"],
        ", ".join(p.name for p in [out / "kpis.json", *written]),
    )


if __name__ == "__main__":
    app()
