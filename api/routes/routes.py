"""Step-free routes: ``GET /route``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import RouterDep
from api.params import parse_latlon
from maps.geojson import route_to_geojson
from routing.profiles import PROFILES, get_profile

router = APIRouter(tags=["routes"])


@router.get("/route", summary="A route for a profile, as GeoJSON")
def get_route(
    routing: RouterDep,
    from_: Annotated[
        str, Query(alias="from", description="origin as lat,lon", examples=["35.6247,139.6632"])
    ],
    to: Annotated[str, Query(description="destination as lat,lon", examples=["35.6259,139.6610"])],
    profile: Annotated[
        str, Query(description=f"one of {', '.join(sorted(PROFILES))}")
    ] = "wheelchair",
) -> dict[str, Any]:
    """Return the route as a FeatureCollection: the whole line first, then its segments.

    Every segment says which accessibility attributes are unknown; the summary gives the
    share of the length whose attributes relevant to the profile are known (``confidence``).
    """
    origin = parse_latlon(from_, "from")
    destination = parse_latlon(to, "to")
    chosen = get_profile(profile)
    return route_to_geojson(routing.route(origin, destination, chosen))
