"""What the service covers: the service area, the profiles, a health check."""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query
from shapely.geometry import box, mapping

from api.deps import RouterDep
from maps import OSM_ATTRIBUTION
from maps.network import edges_to_geojson
from routing.errors import InvalidQuery
from routing.profiles import PROFILES

router = APIRouter(tags=["service"])


@router.get("/area", summary="The service area as a GeoJSON Feature")
def get_area(routing: RouterDep) -> dict[str, Any]:
    """The polygon within which routes are answered (the ward plus about 1 km)."""
    if routing.area is None:
        return {"type": "Feature", "geometry": None, "properties": {"name": "everywhere"}}
    polygon = routing.area.polygon.simplify(0.00002)
    return {
        "type": "Feature",
        "geometry": mapping(polygon),
        "properties": {"name": routing.area.name, "attribution": OSM_ATTRIBUTION},
    }


@router.get("/profiles", summary="Mobility profiles and their default limits")
def get_profiles() -> dict[str, Any]:
    """Each profile's speed and limits; ``null`` means no limit."""
    out = {}
    for name, profile in sorted(PROFILES.items()):
        data = asdict(profile)
        data["avoid_surfaces"] = sorted(profile.avoid_surfaces)
        out[name] = data
    return out


MAX_NETWORK_AREA_KM2 = 4.0  # square kilometres one /network request may cover
MAX_STEPS_AREA_KM2 = 40.0  # square kilometres for the steps layer alone


@router.get("/network", summary="The walking network within a box, as GeoJSON")
def get_network(
    routing: RouterDep,
    bbox: Annotated[
        str,
        Query(
            description="min_lon,min_lat,max_lon,max_lat",
            examples=["139.660,35.622,139.666,35.628"],
        ),
    ],
    only_steps: Annotated[bool, Query(description="only flights of steps")] = False,
) -> dict[str, Any]:
    """Ways of the network inside ``bbox`` with their class and unknown attributes."""
    try:
        west, south, east, north = (float(v) for v in bbox.split(","))
    except ValueError:
        raise InvalidQuery(f"bbox must be min_lon,min_lat,max_lon,max_lat, got {bbox!r}") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise InvalidQuery(f"bbox must be four finite numbers, got {bbox!r}")
    if not (-90 <= south <= 90 and -90 <= north <= 90):
        hint = " (did you write lat,lon? bbox takes lon first)" if abs(west) <= 90 else ""
        raise InvalidQuery(f"bbox latitudes must lie between -90 and 90{hint}, got {bbox!r}")
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise InvalidQuery(f"bbox longitudes must lie between -180 and 180, got {bbox!r}")
    if not (west < east and south < north):
        raise InvalidQuery("bbox must have min_lon < max_lon and min_lat < max_lat")
    x0, y0 = routing.projection.to_m(west, south)
    x1, y1 = routing.projection.to_m(east, north)
    area_km2 = float((x1 - x0) * (y1 - y0)) / 1e6
    limit_km2 = MAX_STEPS_AREA_KM2 if only_steps else MAX_NETWORK_AREA_KM2
    if area_km2 > limit_km2:
        raise InvalidQuery(
            f"bbox covers {area_km2:.1f} km²; ask for at most {limit_km2:g} km² at once"
        )
    hits = routing.tree.query(box(float(x0), float(y0), float(x1), float(y1)))
    indices = sorted(int(i) for i in hits if not only_steps or routing.edge_data[i]["steps"])
    return edges_to_geojson(routing.edge_data, indices, routing.reverse.tolist())


@router.get("/health", summary="Whether the network is loaded")
def get_health(routing: RouterDep) -> dict[str, Any]:
    """Nodes and edges of the loaded network."""
    return {"status": "ok", "nodes": len(routing.nodes), "edges": len(routing.edges)}
