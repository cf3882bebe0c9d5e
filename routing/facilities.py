"""Facilities people route to (barrier-free toilets, evacuation shelters) and the nearest ones.

The nearest facilities are found with one search from the origin over the whole network,
then each facility's cost is read off at the point where it meets its way.
"""

from __future__ import annotations

import csv
import functools
import logging
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import Point

from routing.config import shared_dir
from routing.errors import DataSourceError, InvalidQuery
from routing.profiles import Profile
from routing.router import Router, Snap

log = logging.getLogger(__name__)

# A facility farther than this from every way the profile can use is left out of the ranking
# (and listed with the reason): its door is likely off a way the map does not have.
FACILITY_MAX_SNAP_M = 150.0  # metres
# Rows of one facility (same name and address) within this distance are one place; farther
# apart (toilets at either end of a large park) they stay separate places.
SAME_PLACE_M = 50.0  # metres
# The toilet data marks wheelchair-accessible toilets with this equipment note.
WHEELCHAIR_NOTE = "車椅子対応"

FACILITY_KINDS = ("toilet", "shelter")

TOILET_FILES = (
    "meguro_barrier_free_toilets_public.csv",
    "meguro_barrier_free_toilets_stations.csv",
)
SHELTER_FILE = "tokyo_shelters_traq_geocoded.csv"

SOURCE_NOTES = {
    "toilet": "Barrier-free toilets of Meguro's public facilities and Tokyu stations, in the "
    "format of the Tokyo Metropolitan Government's open data (CC BY 4.0).",
    "shelter": "Evacuation shelters from a community list whose coordinates were geocoded "
    "from addresses (about 80 m off on average); a stand-in until the ward's official list "
    "is loaded. Check the shelter's location before relying on it.",
}


@dataclass(frozen=True)
class Facility:
    """A place to go: a building with barrier-free toilets, or an evacuation shelter."""

    kind: str
    name: str
    address: str
    lat: float
    lon: float
    wheelchair: bool | None  # wheelchair-accessible; None where the source does not say
    details: tuple[str, ...]  # floors, toilet names, equipment; or the romanised name


@dataclass
class FacilityReach:
    """A facility with the cost of the best route to it."""

    facility: Facility
    distance_m: float  # route cost from the origin to where the facility meets its way
    duration_s: float
    snap: Snap  # the facility moved onto its way


@dataclass
class Unreachable:
    """A facility left out of a ranking, with the reason in words."""

    facility: Facility
    reason: str


def facilities_dir() -> Path:
    """The folder of the facility files."""
    return shared_dir() / "data" / "facilities"


def load_facilities(kind: str, folder: Path | None = None) -> list[Facility]:
    """The facilities of one kind (``toilet`` or ``shelter``), read once per folder.

    Raises
    ------
    InvalidQuery
        For another kind.
    DataSourceError
        If a file is missing or lacks a column.
    """
    if kind not in FACILITY_KINDS:
        raise InvalidQuery(f"unknown facility kind '{kind}'; choose one of {FACILITY_KINDS}")
    return list(_load(kind, folder or facilities_dir()))


@functools.cache
def _load(kind: str, folder: Path) -> tuple[Facility, ...]:
    if kind == "toilet":
        rows = [row for name in TOILET_FILES for row in _read_csv(folder / name)]
        out = _toilets(rows)
    else:
        out = _shelters(_read_csv(folder / SHELTER_FILE))
    log.info("Loaded %d %s facilities from %s", len(out), kind, folder)
    return tuple(out)


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    except OSError as exc:
        raise DataSourceError(f"cannot read facility file {path.name}: {exc}") from exc


def _coordinate(
    row: dict[str, str], lat_key: str, lon_key: str, source: str
) -> tuple[float, float]:
    try:
        return float(row[lat_key]), float(row[lon_key])
    except (KeyError, ValueError) as exc:
        raise DataSourceError(f"{source}: a row lacks a numeric {lat_key}/{lon_key}") from exc


def _toilets(rows: list[dict[str, str]]) -> list[Facility]:
    """One facility per place: rows of the same name and address close together join."""
    places: list[tuple[dict[str, str], list[dict[str, str]]]] = []
    for row in rows:
        lat, lon = _coordinate(row, "lat", "lng", "toilet file")
        for first, members in places:
            if (first["name"], first["address"]) == (row["name"], row["address"]) and _metres(
                (lat, lon), _coordinate(first, "lat", "lng", "toilet file")
            ) <= SAME_PLACE_M:
                members.append(row)
                break
        else:
            places.append((row, [row]))
    out = []
    for first, members in places:
        lats = [float(r["lat"]) for r in members]
        lons = [float(r["lng"]) for r in members]
        out.append(
            Facility(
                kind="toilet",
                name=first["name"],
                address=first["address"],
                lat=float(np.mean(lats)),
                lon=float(np.mean(lons)),
                wheelchair=any(WHEELCHAIR_NOTE in r.get("note", "") for r in members),
                details=tuple(
                    " ".join(p for p in (r.get("floor"), r.get("toilet_name")) if p)
                    + (f": {r['note']}" if r.get("note") else "")
                    for r in members
                ),
            )
        )
    return out


def _shelters(rows: list[dict[str, str]]) -> list[Facility]:
    out = []
    for row in rows:
        lat, lon = _coordinate(row, "lat", "lon", "shelter file")
        out.append(
            Facility(
                kind="shelter",
                name=row["name_ja"],
                address=row.get("address_en", ""),
                lat=lat,
                lon=lon,
                wheelchair=None,
                details=tuple(x for x in (row.get("name_romaji"),) if x),
            )
        )
    return out


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance between two (lat, lon) points on a sphere, metres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000.0 * math.asin(math.sqrt(h))


def in_area(router: Router, facilities: list[Facility]) -> list[Facility]:
    """The facilities inside the router's service area (all of them if it has none)."""
    if router.area is None:
        return list(facilities)
    return [f for f in facilities if router.area.distance_outside_m(f.lat, f.lon) == 0]


def suitable(facilities: list[Facility], profile: Profile) -> list[Facility]:
    """Leave out toilets not marked wheelchair-accessible for a profile on wheels."""
    if not profile.wheeled:
        return list(facilities)
    return [f for f in facilities if f.wheelchair is not False]


def nearest_facilities(
    router: Router,
    origin: tuple[float, float],
    profile: Profile,
    facilities: list[Facility],
    limit: int = 3,
    max_snap_m: float = FACILITY_MAX_SNAP_M,
) -> tuple[list[FacilityReach], list[Unreachable]]:
    """The ``limit`` facilities with the cheapest routes from ``origin`` (lat, lon).

    One Dijkstra search from the origin gives the cost to every node; a facility's cost is
    the cheaper of reaching its way from either end, plus the part of the way up to it. Its
    way is the nearest usable one within ``max_snap_m`` that the origin can reach.

    Returns
    -------
    nearest : list of FacilityReach
        Cheapest first.
    left_out : list of Unreachable
        Facilities outside the service area, too far from a usable way, or not reachable.

    Raises
    ------
    InvalidQuery, OutsideServiceArea, NoUsableWayNearby
        For an origin that is malformed, outside the service area or far from every way.
    """
    if limit < 1:
        raise InvalidQuery(f"limit must be at least 1, got {limit}")
    router.check_point("origin", *origin)
    cost, _ = router.costs(profile)
    src = router.snap("origin", *origin, cost, profile.name)
    node_cost = router.costs_from(src, cost)
    starts = [(e, f) for e, f in router.directions(src) if np.isfinite(cost[e])]

    def cost_at(edge: int, frac: float) -> float:
        """Least cost from the origin to a point on an edge, entered from either end."""
        best = np.inf
        for e, f in router.edge_directions(edge, frac):
            best = min(best, node_cost[router.tail[e]] + f * cost[e])
            for s_edge, s_frac in starts:
                if s_edge == e and f >= s_frac:
                    best = min(best, (f - s_frac) * cost[e])
        return float(best)

    reached: list[FacilityReach] = []
    left_out: list[Unreachable] = []
    for facility in facilities:
        if router.area is not None:
            outside = router.area.distance_outside_m(facility.lat, facility.lon)
            if outside > 0:
                left_out.append(Unreachable(facility, f"{outside:,.0f} m outside the service area"))
                continue
        x, y = router.projection.to_m(facility.lon, facility.lat)
        pt = Point(float(x), float(y))
        near = router.tree.query(pt, predicate="dwithin", distance=max_snap_m)
        near = near[np.isfinite(cost[near])]
        if near.size == 0:
            reason = f"no way usable with profile '{profile.name}' within {max_snap_m:.0f} m"
            left_out.append(Unreachable(facility, reason))
            continue

        # The nearest way the origin can reach: the very nearest may be a cut-off fragment.
        dists = shapely.distance(router.geoms_m[near], pt)
        for i in np.argsort(dists, kind="stable").tolist():
            edge = int(near[i])
            geom = router.geoms_m[edge]
            frac = float(geom.project(pt, normalized=True)) if geom.length > 0 else 0.0
            best = cost_at(edge, frac)
            if np.isfinite(best):
                on = geom.interpolate(frac, normalized=True)
                lon, lat = router.projection.to_lonlat(on.x, on.y)
                snap = Snap(edge, frac, float(dists[i]), float(lon), float(lat))
                reached.append(FacilityReach(facility, best, best / profile.speed_mps, snap))
                break
        else:
            reason = f"no route for profile '{profile.name}' to any way within {max_snap_m:.0f} m"
            left_out.append(Unreachable(facility, reason))

    reached.sort(key=lambda r: r.distance_m)
    return reached[:limit], left_out
