"""Where one can get to: ``/isochrone``, and facilities with ``/facilities``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import shapely
from fastapi import APIRouter, Query
from shapely.geometry import mapping

from api.deps import RouterDep
from api.params import parse_latlon
from maps import OSM_ATTRIBUTION
from maps.geojson import route_to_geojson
from routing.facilities import (
    SOURCE_NOTES,
    Facility,
    in_area,
    load_facilities,
    nearest_facilities,
    suitable,
)
from routing.isochrone import ISOCHRONE_BUFFER_M, MAX_ISOCHRONE_S, isochrone
from routing.profiles import PROFILES, get_profile

router = APIRouter(tags=["places"])

ProfileQuery = Annotated[str, Query(description=f"one of {', '.join(sorted(PROFILES))}")]
FromQuery = Annotated[
    str, Query(alias="from", description="origin as lat,lon", examples=["35.6247,139.6632"])
]
KindQuery = Annotated[
    Literal["toilet", "shelter"],
    Query(description="toilet: barrier-free toilets; shelter: evacuation shelters"),
]


def _round(value: float, ndigits: int = 1) -> float:
    return round(float(value), ndigits)


@router.get("/isochrone", summary="Where a profile gets to within some minutes, as GeoJSON")
def get_isochrone(
    routing: RouterDep,
    from_: FromQuery,
    minutes: Annotated[
        float, Query(gt=0, le=MAX_ISOCHRONE_S / 60, description="time budget in minutes")
    ],
    profile: ProfileQuery = "wheelchair",
) -> dict[str, Any]:
    """A Feature whose polygon covers the ways reached within the time, widened by 25 m.

    The budget is the profile's speed times the time, spent along the ways the profile can
    use (steps, steep or narrow stretches and reported barriers excluded).
    """
    origin = parse_latlon(from_, "from")
    iso = isochrone(routing, origin, get_profile(profile), minutes * 60)
    return {
        "type": "Feature",
        # RFC 7946: exterior rings counter-clockwise, holes clockwise.
        "geometry": mapping(shapely.orient_polygons(iso.polygon)),
        "properties": {
            "profile": iso.profile.name,
            "minutes": minutes,
            "speed_mps": iso.profile.speed_mps,
            "budget_m": _round(iso.budget_m),
            "area_m2": _round(iso.area_m2, 0),
            "reached_length_m": _round(iso.reached_length_m),
            "reached_nodes": iso.reached_nodes,
            "buffer_m": ISOCHRONE_BUFFER_M,
            "origin": [_round(iso.origin.lon, 7), _round(iso.origin.lat, 7)],
            "origin_snap_m": _round(iso.origin.distance_m),
            "attribution": OSM_ATTRIBUTION,
        },
    }


def _facility_properties(facility: Facility) -> dict[str, Any]:
    return {
        "kind": facility.kind,
        "name": facility.name,
        "address": facility.address,
        "wheelchair": facility.wheelchair,
        "details": list(facility.details),
    }


def _facility_point(facility: Facility) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [facility.lon, facility.lat]}


@router.get("/facilities", summary="Facilities of one kind in the service area, as GeoJSON")
def list_facilities(routing: RouterDep, kind: KindQuery) -> dict[str, Any]:
    """Every facility of the kind inside the service area, as Point features."""
    facilities = in_area(routing, load_facilities(kind))
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": _facility_point(f),
                "properties": _facility_properties(f),
            }
            for f in facilities
        ],
        "source": SOURCE_NOTES[kind],
    }


@router.get("/facilities/nearest", summary="The nearest facilities by step-free route")
def get_nearest_facilities(
    routing: RouterDep,
    from_: FromQuery,
    kind: KindQuery,
    profile: ProfileQuery = "wheelchair",
    limit: Annotated[int, Query(ge=1, le=20, description="how many to return")] = 3,
) -> dict[str, Any]:
    """The facilities with the shortest routes for the profile, nearest first.

    Each has its route distance and duration; the first also has its route. Toilets not
    marked wheelchair-accessible are left out for profiles on wheels; facilities more than
    150 m from a way the profile can use are left out and listed under ``left_out``.
    """
    origin = parse_latlon(from_, "from")
    chosen = get_profile(profile)
    facilities = suitable(in_area(routing, load_facilities(kind)), chosen)
    nearest, left_out = nearest_facilities(routing, origin, chosen, facilities, limit)
    features = []
    for rank, reach in enumerate(nearest):
        props = {
            "rank": rank + 1,
            **_facility_properties(reach.facility),
            "distance_m": _round(reach.distance_m),
            "duration_s": _round(reach.duration_s),
            "facility_snap_m": _round(reach.snap.distance_m),
        }
        if rank == 0:
            route = routing.route(origin, (reach.snap.lat, reach.snap.lon), chosen)
            props["route"] = route_to_geojson(route)
        features.append(
            {"type": "Feature", "geometry": _facility_point(reach.facility), "properties": props}
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "profile": chosen.name,
        "left_out": [
            {"name": u.facility.name, "address": u.facility.address, "reason": u.reason}
            for u in left_out
        ],
        "source": SOURCE_NOTES[kind],
        "attribution": OSM_ATTRIBUTION,
    }
