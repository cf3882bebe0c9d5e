"""Key figures of a simulated day of shared rides, as JSON, a CSV of outcomes and PNG charts."""

from __future__ import annotations

import csv
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from rides.defaults import MAX_DETOUR_FACTOR, MIN_DETOUR_ALLOWANCE_S
from rides.simulate import MOBILITY_CLASSES, PLAN_KINDS, DayResult

log = logging.getLogger(__name__)

# Percentile reported next to the mean of waits and detours.
PERCENTILE = 90


def ride_rows(result: DayResult) -> list[dict[str, Any]]:
    """One row per request: who, served or why not, wait, ride time, detour, pooling.

    ``wait_s`` runs from the asked pickup time (start of the pickup window) to the start of
    boarding; ``ride_s`` from the end of boarding to the start of alighting; ``detour`` is
    the ride time over the direct driving time; ``pooled`` says whether another party was
    on board during some part of the ride.
    """
    day = result.day
    shared: set[str] = set()
    for leg in result.legs:
        if len(leg.riders) >= 2:
            shared.update(leg.riders)
    rows = []
    for request in day.requests:
        rider = day.riders[request.id]
        outcome = result.outcomes.get(request.id)
        direct_s = float(day.travel.time_s[request.pickup_location, request.dropoff_location])
        direct_m = float(day.travel.distance_m[request.pickup_location, request.dropoff_location])
        row: dict[str, Any] = {
            "request_id": request.id,
            "mobility": rider.mobility,
            "plan": rider.plan,
            "origin": rider.origin.name,
            "destination": rider.destination.name,
            "known_s": rider.known_s,
            "asked_pickup_s": request.pickup_window_s.earliest_s
            if request.pickup_window_s
            else None,
            "persons": request.seats + request.wheelchairs,
            "served": bool(outcome and outcome.served),
            "reason": None if outcome is None else outcome.reason,
            "vehicle_id": None,
            "wait_s": None,
            "ride_s": None,
            "direct_s": direct_s,
            "direct_km": direct_m / 1000.0,
            "detour": None,
            "pooled": False,
        }
        if outcome is not None and outcome.served:
            assert outcome.pickup_s is not None and outcome.dropoff_s is not None
            ride = outcome.dropoff_s - (outcome.pickup_s + request.boarding_duration_s)
            row.update(
                vehicle_id=outcome.vehicle_id,
                wait_s=outcome.pickup_s - (row["asked_pickup_s"] or outcome.pickup_s),
                ride_s=ride,
                detour=ride / direct_s if direct_s > 0 else 1.0,
                pooled=request.id in shared,
            )
        elif outcome is None:
            row["reason"] = "never planned"
        rows.append(row)
    return rows


def _stats(rows: list[dict[str, Any]]) -> dict[str, Any]:
    served = [r for r in rows if r["served"]]
    waits = np.array([r["wait_s"] for r in served], dtype=float)
    rides = np.array([r["ride_s"] for r in served], dtype=float)
    detours = np.array([r["detour"] for r in served], dtype=float)
    reasons: dict[str, int] = {}
    for r in rows:
        if not r["served"]:
            reasons[r["reason"]] = reasons.get(r["reason"], 0) + 1

    def mean(a: np.ndarray) -> float | None:
        return float(a.mean()) if a.size else None

    def pct(a: np.ndarray) -> float | None:
        return float(np.percentile(a, PERCENTILE)) if a.size else None

    return {
        "requests": len(rows),
        "served": len(served),
        "unserved": len(rows) - len(served),
        "served_share": len(served) / len(rows) if rows else None,
        "unserved_reasons": dict(sorted(reasons.items())),
        "wait_mean_s": mean(waits),
        f"wait_p{PERCENTILE}_s": pct(waits),
        "ride_mean_s": mean(rides),
        f"ride_p{PERCENTILE}_s": pct(rides),
        "detour_mean": mean(detours),
        f"detour_p{PERCENTILE}": pct(detours),
        "pooled_share": (sum(r["pooled"] for r in served) / len(served)) if served else None,
        "solo_taxi_km": float(sum(r["direct_km"] for r in served)),
    }


def fleet_kpis(result: DayResult) -> dict[str, Any]:
    """Vehicle-km of the fleet against every served rider taking a solo taxi, and occupancy.

    ``solo_taxi_km`` is the direct driving distance of every served ride: what solo taxis
    would drive with the rider on board, not counting their empty drives. ``vehicle_km``
    counts every leg the fleet drove, empty ones and the drive home included;
    ``vehicle_km_with_riders`` only the legs with someone on board. Occupancy is weighted by
    distance over the legs with riders on board.
    """
    persons = {r.id: r.seats + r.wheelchairs for r in result.day.requests}
    total_m = sum(leg.distance_m for leg in result.legs)
    loaded = [leg for leg in result.legs if leg.riders]
    loaded_m = sum(leg.distance_m for leg in loaded)
    parties_m = sum(len(leg.riders) * leg.distance_m for leg in loaded)
    persons_m = sum(sum(persons[r] for r in leg.riders) * leg.distance_m for leg in loaded)
    shared_m = sum(leg.distance_m for leg in loaded if len(leg.riders) >= 2)
    solo_km = sum(
        float(result.day.travel.distance_m[r.pickup_location, r.dropoff_location]) / 1000.0
        for r in result.day.requests
        if (o := result.outcomes.get(r.id)) is not None and o.served
    )
    return {
        "vehicles": len(result.day.vehicles),
        "vehicles_used": len({leg.vehicle_id for leg in loaded}),
        "vehicle_km": total_m / 1000.0,
        "vehicle_km_with_riders": loaded_m / 1000.0,
        "empty_km": (total_m - loaded_m) / 1000.0,
        "solo_taxi_km": solo_km,
        "vehicle_km_per_solo_km": (total_m / 1000.0) / solo_km if solo_km else None,
        "riders_km_per_solo_km": (loaded_m / 1000.0) / solo_km if solo_km else None,
        "occupancy_parties": parties_m / loaded_m if loaded_m else None,
        "occupancy_persons": persons_m / loaded_m if loaded_m else None,
        "shared_km_share": shared_m / loaded_m if loaded_m else None,
        "batches": result.batches,
        "solves": result.solves,
        "solve_seconds": result.solve_seconds,
    }


def compute_kpis(result: DayResult) -> dict[str, Any]:
    """All key figures of a day: overall, by mobility class, by plan, and for the fleet."""
    rows = ride_rows(result)
    config = asdict(result.day.config)
    config["booking_lead_s"] = list(config["booking_lead_s"])
    config["mobility_shares"] = dict(zip(MOBILITY_CLASSES, config["mobility_shares"], strict=True))
    return {
        "config": config,
        "overall": _stats(rows),
        "by_mobility": {
            m: _stats([r for r in rows if r["mobility"] == m]) for m in MOBILITY_CLASSES
        },
        "by_plan": {p: _stats([r for r in rows if r["plan"] == p]) for p in PLAN_KINDS},
        "fleet": fleet_kpis(result),
        "percentile": PERCENTILE,
        "data": "places © OpenStreetMap contributors (ODbL); facility lists of Meguro and Tokyo",
    }


def write_outcomes(result: DayResult, path: Path) -> Path:
    """Write one CSV row per request (see :func:`ride_rows`)."""
    rows = ride_rows(result)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


# --- charts ----------------------------------------------------------------------------------

_CJK_FONTS = ("Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic", "TakaoGothic")


def _cjk_font() -> str | None:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in _CJK_FONTS if name in names), None)


def plot_kpis(kpis: dict[str, Any], result: DayResult, out: Path) -> list[Path]:
    """Draw the charts a ward officer reads; return the PNG files written.

    Titles are in English, with Japanese beside them when a Japanese font is installed.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = _cjk_font()
    if font is not None:
        plt.rcParams["font.family"] = [font, "DejaVu Sans"]

    def title(english: str, japanese: str) -> str:
        return f"{english} / {japanese}" if font else english

    config = kpis["config"]
    footer = (
        f"Simulated day in Meguro: {config['requests']} requests, {config['vehicles']} taxis "
        f"({result.day.config.wheelchair_fleet} with a wheelchair space), re-planned every "
        f"{config['batch_s']:g} s, seed {config['seed']}. Places © OpenStreetMap contributors."
    )
    groups = [*MOBILITY_CLASSES, *PLAN_KINDS]
    stats = [*(kpis["by_mobility"][m] for m in MOBILITY_CLASSES)]
    stats += [kpis["by_plan"][p] for p in PLAN_KINDS]
    colours = ["#d95f02", "#7570b3", "#1b9e77", "#e7298a", "#66a61e"]
    written: list[Path] = []

    def save(fig: Any, name: str) -> None:
        fig.text(0.01, 0.01, footer, fontsize=7, color="#555555")
        fig.tight_layout(rect=(0, 0.04, 1, 1))
        path = out / name
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(path)

    # Share served
    fig, ax = plt.subplots(figsize=(8, 4.5))
    shares = [100 * (s["served_share"] or 0) for s in stats]
    bars = ax.bar(groups, shares, color=colours)
    for bar, s in zip(bars, stats, strict=True):
        ax.annotate(
            f"{s['served']}/{s['requests']}",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=9,
        )
    ax.set_ylim(0, 110)
    ax.set_ylabel(title("Requests served (%)", "配車できた割合"))
    ax.set_title(title("Share of ride requests served", "配車率"))
    ax.axvline(2.5, color="#999999", lw=0.8)
    save(fig, "served_share.png")

    # Waits and detours by group
    rows = ride_rows(result)
    for name, key, scale, label_en, label_ja, limit in (
        ("wait_times.png", "wait_s", 1 / 60, "Wait from asked pickup time (min)", "待ち時間", None),
        ("detour.png", "detour", 1.0, "Ride time / direct drive time", "迂回率", MAX_DETOUR_FACTOR),
    ):
        fig, ax = plt.subplots(figsize=(8, 4.5))
        data = []
        for g in groups:
            field = "mobility" if g in MOBILITY_CLASSES else "plan"
            data.append([r[key] * scale for r in rows if r["served"] and r[field] == g] or [np.nan])
        ax.boxplot(data, whis=(10, 90), showmeans=True, showfliers=True)
        counts = [sum(1 for v in d if not np.isnan(v)) for d in data]
        ax.set_xticks(
            range(1, len(groups) + 1),
            [f"{g}\n(n={n})" for g, n in zip(groups, counts, strict=True)],
        )
        ax.set_ylabel(title(label_en, label_ja))
        what = "Waiting time" if key == "wait_s" else "Detour of served rides"
        ax.set_title(
            title(f"{what} by rider group (box: quartiles, whiskers: 10-90 %, ▲ mean)", label_ja)
        )
        if limit is not None:
            ax.axhline(limit, color="#cc0000", ls="--", lw=1)
            ax.annotate(
                f"default bound {limit:g}x (short trips may take {MIN_DETOUR_ALLOWANCE_S / 60:g}"
                " min more)",
                (0.55, limit),
                color="#cc0000",
                fontsize=8,
                va="bottom",
            )
        ax.axvline(3.5, color="#999999", lw=0.8)
        save(fig, name)

    # Vehicle-km
    fleet = kpis["fleet"]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    labels = [
        "every rider alone\nin a taxi (direct)",
        "shared taxis,\nwith riders on board",
        "shared taxis,\nall driving",
    ]
    values = [fleet["solo_taxi_km"], fleet["vehicle_km_with_riders"], fleet["vehicle_km"]]
    bars = ax.bar(labels, values, color=["#999999", "#1b9e77", "#66c2a5"])
    for bar, v in zip(bars, values, strict=True):
        ax.annotate(f"{v:.0f} km", (bar.get_x() + bar.get_width() / 2, v), ha="center", va="bottom")
    ax.set_ylabel(title("Vehicle-km in the day", "走行距離 (km)"))
    ax.set_title(title("Distance driven: shared rides against solo taxis", "走行距離の比較"))
    save(fig, "vehicle_km.png")

    # Demand through the day
    fig, ax = plt.subplots(figsize=(8, 4.5))
    hours = np.arange(6, 20)
    asked = np.array([(r["asked_pickup_s"] or 0) / 3600 for r in rows])
    served = np.array([r["served"] for r in rows])
    got = np.histogram(asked[served], bins=np.append(hours, 20))[0]
    missed = np.histogram(asked[~served], bins=np.append(hours, 20))[0]
    ax.bar(hours, got, width=0.8, align="edge", color="#1b9e77", label="served")
    ax.bar(hours, missed, width=0.8, align="edge", bottom=got, color="#d95f02", label="not served")
    ax.set_xlabel(title("Hour of asked pickup", "乗車希望時刻"))
    ax.set_ylabel(title("Requests", "依頼数"))
    ax.set_title(title("Ride requests through the day", "時間帯別の依頼"))
    ax.legend()
    save(fig, "demand_by_hour.png")
    log.info("Wrote %d charts to %s", len(written), out)
    return written
