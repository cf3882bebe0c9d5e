"""GeoJSON for routes and the barriers that block them."""

from __future__ import annotations

from typing import Any

from shapely.geometry import mapping

from maps import OSM_ATTRIBUTION
from routing.router import Route
from routing.schema import ACCESSIBILITY_ATTRIBUTES


def _round_coords(geom: dict[str, Any], ndigits: int = 7) -> dict[str, Any]:
    def fix(c: Any) -> Any:
        if isinstance(c, (int, float)):
            return round(float(c), ndigits)
        return [fix(x) for x in c]

    return {"type": geom["type"], "coordinates": fix(geom["coordinates"])}


def route_summary(route: Route) -> dict[str, Any]:
    """Distance, duration and how much of the route's length has unknown accessibility data."""
    distance = route.distance_m
    relevant = route.profile.relevant_attributes()
    unknown_relevant = sum(
        s.length_m for s in route.segments if any(s.attrs.get(a) is None for a in relevant)
    )
    return {
        "profile": route.profile.name,
        "distance_m": round(distance, 1),
        "duration_s": round(route.duration_s, 1),
        "steps_used": route.steps_used,
        "elevators_used": sum(1 for s in route.segments if s.attrs.get("elevator")),
        "unknown_length_m": {k: round(v, 1) for k, v in route.unknown_length_m.items()},
        "unknown_share": {
            k: round(v / distance, 3) if distance > 0 else 0.0
            for k, v in route.unknown_length_m.items()
        },
        "confidence": round(1 - unknown_relevant / distance, 3) if distance > 0 else 1.0,
        "origin_snap_m": round(route.origin.distance_m, 1),
        "destination_snap_m": round(route.destination.distance_m, 1),
    }


def route_to_geojson(route: Route) -> dict[str, Any]:
    """A FeatureCollection: the whole route first, then one feature per segment."""
    summary = route_summary(route)
    features = [
        {
            "type": "Feature",
            "geometry": _round_coords(mapping(route.geometry)),
            "properties": {"kind": "route", **summary},
        }
    ]
    for seg in route.segments:
        attrs = seg.attrs
        features.append(
            {
                "type": "Feature",
                "geometry": _round_coords(mapping(seg.geometry)),
                "properties": {
                    "kind": "segment",
                    "length_m": round(seg.length_m, 1),
                    "highway": attrs.get("highway"),
                    "name": attrs.get("name"),
                    "steps": attrs.get("steps"),
                    "elevator": attrs.get("elevator"),
                    **{a: attrs.get(a) for a in ACCESSIBILITY_ATTRIBUTES},
                    "unknown": [a for a in ACCESSIBILITY_ATTRIBUTES if attrs.get(a) is None],
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "properties": summary,
        "attribution": OSM_ATTRIBUTION,
    }


def barriers_to_geojson(barriers: list[dict[str, Any]]) -> dict[str, Any]:
    """Barriers as Point features at their middle, with the blocked stretch as a property."""
    features = []
    for b in barriers:
        props = {k: v for k, v in b.items() if k not in ("geometry", "lon", "lat")}
        if b.get("geometry") is not None:
            props["line"] = _round_coords(mapping(b["geometry"]))
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(b["lon"], 7), round(b["lat"], 7)],
                },
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features, "attribution": OSM_ATTRIBUTION}
