"""What the service covers: the service area, the profiles, a health check."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from shapely.geometry import mapping

from api.deps import RouterDep
from maps import OSM_ATTRIBUTION
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


@router.get("/health", summary="Whether the network is loaded")
def get_health(routing: RouterDep) -> dict[str, Any]:
    """Nodes and edges of the loaded network."""
    return {"status": "ok", "nodes": len(routing.nodes), "edges": len(routing.edges)}
