"""A small simulated day: every request accounted for, KPIs recomputed from executed stops."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib import image
from typer.testing import CliRunner

from rides.kpi import PERCENTILE, compute_kpis, plot_kpis
from rides.model import StopKind, UnservedReason
from rides.simulate import (
    MOBILITY_CLASSES,
    PLAN_KINDS,
    DayConfig,
    DayResult,
    app,
    draw_day,
    load_places,
    simulate_day,
)
from rides.travel import TravelTimes

SMALL_DAY = DayConfig(requests=20, vehicles=3, batch_s=300.0, seed=5, solver_time_limit_s=1.0)


@pytest.fixture(scope="module")
def travel() -> TravelTimes:
    return TravelTimes.for_meguro()


@pytest.fixture(scope="module")
def result(travel: TravelTimes) -> DayResult:
    assert travel.area is not None
    return simulate_day(draw_day(SMALL_DAY, load_places(travel.area), travel))


@pytest.fixture(scope="module")
def kpis(result: DayResult) -> dict[str, Any]:
    return compute_kpis(result)


def _executed(result: DayResult) -> dict[str, dict[StopKind, tuple[str, float]]]:
    """Request id -> kind -> (vehicle, start of service), read from the executed stops."""
    seen: dict[str, dict[StopKind, tuple[str, float]]] = {}
    for vehicle_id, stops in result.stops.items():
        for stop in stops:
            assert stop.kind not in seen.get(stop.request_id, {}), "a stop executed twice"
            seen.setdefault(stop.request_id, {})[stop.kind] = (vehicle_id, stop.service_start_s)
    return seen


@pytest.mark.slow
def test_every_request_is_served_or_has_a_reason(result: DayResult, kpis: dict) -> None:
    executed = _executed(result)
    assert set(result.outcomes) == {r.id for r in result.day.requests}
    for request_id, outcome in result.outcomes.items():
        if outcome.served:
            assert outcome.reason is None
            pickup, dropoff = (
                executed[request_id][StopKind.PICKUP],
                executed[request_id][StopKind.DROPOFF],
            )
            assert pickup[0] == dropoff[0] == outcome.vehicle_id
            assert (pickup[1], dropoff[1]) == (outcome.pickup_s, outcome.dropoff_s)
        else:
            assert outcome.reason and request_id not in executed
    overall = kpis["overall"]
    assert overall["requests"] == 20
    assert overall["served"] + overall["unserved"] == 20
    assert overall["served"] == sum(o.served for o in result.outcomes.values())
    for split, names in (("by_mobility", MOBILITY_CLASSES), ("by_plan", PLAN_KINDS)):
        assert sum(kpis[split][n]["requests"] for n in names) == 20
        assert sum(kpis[split][n]["served"] for n in names) == overall["served"]
    assert sum(overall["unserved_reasons"].values()) == overall["unserved"]


@pytest.mark.slow
def test_executed_routes_respect_windows_capacity_and_ride_times(result: DayResult) -> None:
    day = result.day
    requests = {r.id: r for r in day.requests}
    vehicles = {v.id: v for v in day.vehicles}
    for vehicle_id, stops in result.stops.items():
        vehicle = vehicles[vehicle_id]
        seats = chairs = 0
        for stop in stops:
            r = requests[stop.request_id]
            sign = 1 if stop.kind is StopKind.PICKUP else -1
            seats, chairs = seats + sign * r.seats, chairs + sign * r.wheelchairs
            assert vehicle.floor_load(seats, chairs) <= vehicle.seats
            assert chairs <= vehicle.wheelchair_spaces
            if stop.kind is StopKind.PICKUP:
                assert r.pickup_window_s is not None
                assert r.pickup_window_s.contains(stop.service_start_s, tolerance=1e-6)
        assert seats == chairs == 0
    for request_id, outcome in result.outcomes.items():
        if outcome.served:
            r = requests[request_id]
            assert outcome.pickup_s is not None and outcome.dropoff_s is not None
            direct = day.travel.time_s[r.pickup_location, r.dropoff_location]
            ride = outcome.dropoff_s - outcome.pickup_s - r.boarding_duration_s
            assert direct - 1e-6 <= ride <= r.max_ride_time_s(direct) + 1e-6


@pytest.mark.slow
def test_kpis_match_a_recomputation_from_the_executed_stops(result: DayResult, kpis: dict) -> None:
    day = result.day
    executed = _executed(result)
    requests = {r.id: r for r in day.requests}
    for group, members in [("overall", None)] + [
        (m, {rid for rid, rider in day.riders.items() if rider.mobility == m})
        for m in MOBILITY_CLASSES
    ]:
        waits, detours = [], []
        for request_id, stops in executed.items():
            if members is not None and request_id not in members:
                continue
            r = requests[request_id]
            pickup_s, dropoff_s = stops[StopKind.PICKUP][1], stops[StopKind.DROPOFF][1]
            assert r.pickup_window_s is not None
            waits.append(pickup_s - r.pickup_window_s.earliest_s)
            direct = day.travel.time_s[r.pickup_location, r.dropoff_location]
            detours.append((dropoff_s - pickup_s - r.boarding_duration_s) / direct)
        stats = kpis["overall"] if group == "overall" else kpis["by_mobility"][group]
        assert stats["served"] == len(waits)
        if waits:
            assert stats["wait_mean_s"] == pytest.approx(np.mean(waits), rel=1e-12)
            assert stats[f"wait_p{PERCENTILE}_s"] == pytest.approx(np.percentile(waits, 90))
            assert stats["detour_mean"] == pytest.approx(np.mean(detours), rel=1e-12)


@pytest.mark.slow
def test_vehicle_km_adds_up_over_the_legs_driven(result: DayResult, kpis: dict) -> None:
    day, fleet = result.day, kpis["fleet"]
    metres = day.travel.distance_m
    by_vehicle: dict[str, list] = {}
    for leg in result.legs:
        by_vehicle.setdefault(leg.vehicle_id, []).append(leg)
        assert leg.distance_m == metres[leg.from_location, leg.to_location]
        assert leg.arrive_s - leg.depart_s == pytest.approx(
            day.travel.time_s[leg.from_location, leg.to_location]
        )
    # Every vehicle that moved drove a chain from its depot back to its depot.
    for vehicle in day.vehicles:
        legs = by_vehicle.get(vehicle.id, [])
        if legs:
            assert legs[0].from_location == vehicle.start_location
            assert legs[-1].to_location == vehicle.end_location
            for a, b in zip(legs, legs[1:], strict=False):
                assert a.to_location == b.from_location and a.arrive_s <= b.depart_s + 1e-6
    assert fleet["vehicle_km"] == pytest.approx(sum(leg.distance_m for leg in result.legs) / 1000)
    served = [r for r in day.requests if result.outcomes[r.id].served]
    solo = sum(metres[r.pickup_location, r.dropoff_location] for r in served) / 1000
    assert fleet["solo_taxi_km"] == pytest.approx(solo)
    assert fleet["vehicle_km"] == pytest.approx(fleet["vehicle_km_with_riders"] + fleet["empty_km"])
    # A ride alone on board, straight from pickup to drop-off, drives exactly its direct way.
    for leg in result.legs:
        if len(leg.riders) == 1:
            r = next(q for q in day.requests if q.id == leg.riders[0])
            if (leg.from_location, leg.to_location) == (r.pickup_location, r.dropoff_location):
                assert leg.distance_m == metres[r.pickup_location, r.dropoff_location]


@pytest.mark.slow
def test_charts_are_written_as_png(result: DayResult, kpis: dict, tmp_path: Path) -> None:
    written = plot_kpis(kpis, result, tmp_path)
    assert {p.name for p in written} == {
        "served_share.png",
        "wait_times.png",
        "detour.png",
        "vehicle_km.png",
        "demand_by_hour.png",
    }
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        height, width, _ = image.imread(path).shape
        assert (width, height) == (960, 540)


@pytest.mark.slow
def test_the_same_seed_draws_the_same_day(travel: TravelTimes, result: DayResult) -> None:
    assert travel.area is not None
    again = draw_day(SMALL_DAY, load_places(travel.area), travel)
    assert again.requests == result.day.requests
    assert again.vehicles == result.day.vehicles


@pytest.mark.slow
def test_without_wheelchair_taxis_wheelchair_riders_get_the_reason(travel: TravelTimes) -> None:
    assert travel.area is not None
    config = DayConfig(
        requests=6,
        vehicles=1,
        wheelchair_vehicles=0,
        seed=2,
        mobility_shares=(1.0, 0.0, 0.0),
        solver_time_limit_s=0.5,
    )
    result = simulate_day(draw_day(config, load_places(travel.area), travel))
    assert [o.reason for o in result.outcomes.values()] == [
        UnservedReason.NO_WHEELCHAIR_VEHICLE.value
    ] * 6
    assert result.legs == [] and result.solves == 0


def test_cli_refuses_bad_options_with_a_readable_message() -> None:
    runner = CliRunner()
    outcome = runner.invoke(app, ["--search", "fastest"])
    assert outcome.exit_code == 2
    assert "search must be one of ['greedy', 'guided']" in outcome.output
    outcome = runner.invoke(app, ["--requests", "0"])
    assert outcome.exit_code == 2
    assert "at least one request" in outcome.output
