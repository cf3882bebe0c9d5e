"""GeoJSON for routes, what they say (warnings, instructions), and what blocks them."""

from __future__ import annotations

from typing import Any

from shapely.geometry import mapping

from maps import OSM_ATTRIBUTION
from routing.explain import (
    Lang,
    compare_with_pedestrian,
    describe_barrier,
    is_unknown,
    route_instructions,
    route_warnings,
)
from routing.router import Route, Router
from routing.schema import ACCESSIBILITY_ATTRIBUTES


def _round_coords(geom: dict[str, Any], ndigits: int = 7) -> dict[str, Any]:
    def fix(c: Any) -> Any:
        if isinstance(c, (int, float)):
            return round(float(c), ndigits)
        return [fix(x) for x in c]

    return {"type": geom["type"], "coordinates": fix(geom["coordinates"])}


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}


def route_summary(route: Route) -> dict[str, Any]:
    """Distance, duration, slopes, kerbs, steps, elevators and how much data is known.

    ``max_uphill_percent`` and ``max_downhill_percent`` are ``null`` when the slope is unknown
    on any part of the route (``incline_unknown_m`` says how much); ``kerbs_crossed`` counts
    kerbs of known height above zero, listed in ``kerb_heights_m``; ``confidence`` is the share
    of the length on which every attribute the profile limits is known.
    """
    distance = route.distance_m
    relevant = route.profile.relevant_attributes()
    unknown_relevant = sum(
        s.length_m for s in route.segments if any(is_unknown(s, a) for a in relevant)
    )
    incline_unknown = sum(s.length_m for s in route.segments if is_unknown(s, "incline_percent"))
    inclines = [
        float(s.attrs["incline_percent"])
        for s in route.segments
        if s.attrs.get("incline_percent") is not None
    ]
    slopes_known = incline_unknown < 1e-6
    kerbs = [
        float(s.attrs["kerb_height_m"])
        for s in route.segments
        if s.attrs.get("kerb_height_m") is not None and s.attrs["kerb_height_m"] > 0
    ]
    return {
        "profile": route.profile.name,
        "distance_m": round(distance, 1),
        "duration_s": round(route.duration_s, 1),
        "max_uphill_percent": max([0.0, *inclines]) if slopes_known else None,
        "max_downhill_percent": max([0.0, *(-i for i in inclines)]) if slopes_known else None,
        "incline_unknown_m": round(float(incline_unknown), 1),
        "kerbs_crossed": len(kerbs),
        "kerb_heights_m": kerbs,
        "steps_used": route.steps_used,
        "steps_avoided": None,
        "elevators_used": sum(1 for s in route.segments if s.attrs.get("elevator")),
        "unknown_length_m": {k: round(v, 1) for k, v in route.unknown_length_m.items()},
        "unknown_share": {
            k: round(v / distance, 3) if distance > 0 else 0.0
            for k, v in route.unknown_length_m.items()
        },
        "relevant_attributes": relevant,
        "confidence": round(1 - unknown_relevant / distance, 3) if distance > 0 else 1.0,
        "origin_snap_m": round(route.origin.distance_m, 1),
        "destination_snap_m": round(route.destination.distance_m, 1),
    }


def route_to_geojson(
    route: Route,
    router: Router | None = None,
    lang: Lang = "ja",
    pedestrian: Route | None = None,
) -> dict[str, Any]:
    """A FeatureCollection describing a route.

    Features, in order: the whole route (``kind=route``, with the summary); one per segment
    (``kind=segment``: incline, width, surface, kerb and which attributes are unknown); the
    warnings (``kind=warning`` points, see :mod:`routing.explain`); the turn-by-turn
    instructions (``kind=instruction`` points, in order, ``sequence`` from 0); and, when a
    pedestrian route is given to compare with, that route (``kind=alternative``). The top-level
    ``properties`` hold the summary, the warning and instruction counts and, with a pedestrian
    route, the ``comparison`` block.
    """
    summary = route_summary(route)
    comparison = None
    if pedestrian is not None and router is not None:
        comparison = compare_with_pedestrian(route, pedestrian, router)
        summary["steps_avoided"] = comparison["steps_avoided"]
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
                    "crossing": attrs.get("crossing"),
                    "barrier": attrs.get("barrier"),
                    **{a: attrs.get(a) for a in ACCESSIBILITY_ATTRIBUTES},
                    "unknown": [a for a in ACCESSIBILITY_ATTRIBUTES if attrs.get(a) is None],
                },
            }
        )
    warnings = route_warnings(route, router, lang) if router is not None else []
    for w in warnings:
        props = {k: v for k, v in w.items() if k not in ("lon", "lat")}
        features.append(
            {
                "type": "Feature",
                "geometry": _point(w["lon"], w["lat"]),
                "properties": {"kind": "warning", **props},
            }
        )
    instructions = route_instructions(route, lang)
    for step in instructions:
        props = {k: v for k, v in step.items() if k not in ("lon", "lat")}
        features.append(
            {
                "type": "Feature",
                "geometry": _point(step["lon"], step["lat"]),
                "properties": {"kind": "instruction", **props},
            }
        )
    if pedestrian is not None:
        features.append(
            {
                "type": "Feature",
                "geometry": _round_coords(mapping(pedestrian.geometry)),
                "properties": {
                    "kind": "alternative",
                    "profile": pedestrian.profile.name,
                    "distance_m": round(pedestrian.distance_m, 1),
                    "steps_used": pedestrian.steps_used,
                },
            }
        )
    properties: dict[str, Any] = {
        **summary,
        "lang": lang,
        "warnings": len(warnings),
        "instructions": len(instructions),
    }
    if pedestrian is not None:
        properties["comparison"] = comparison
    return {
        "type": "FeatureCollection",
        "features": features,
        "properties": properties,
        "attribution": OSM_ATTRIBUTION,
    }


def barriers_to_geojson(
    barriers: list[dict[str, Any]],
    nearest_reachable: dict[str, Any] | None = None,
    lang: Lang = "ja",
) -> dict[str, Any]:
    """Barriers as Point features at their middle, with the blocked stretch as a property.

    Each barrier says what it is (``kind``), by how much it exceeds the limit (``value``,
    ``limit``, ``unit``) and in words (``reason``). The nearest point the profile can reach
    toward the destination follows as a ``kind=nearest_reachable`` point.
    """
    features = []
    for b in barriers:
        props = {
            k: round(v, 2) if isinstance(v, float) else v
            for k, v in b.items()
            if k not in ("geometry", "lon", "lat")
        }
        props["reason"] = describe_barrier(b, lang)
        if b.get("geometry") is not None:
            props["line"] = _round_coords(mapping(b["geometry"]))
        features.append(
            {"type": "Feature", "geometry": _point(b["lon"], b["lat"]), "properties": props}
        )
    if nearest_reachable is not None:
        n = nearest_reachable
        gap = n["distance_to_destination_m"]
        features.append(
            {
                "type": "Feature",
                "geometry": _point(n["lon"], n["lat"]),
                "properties": {
                    "kind": "nearest_reachable",
                    "distance_to_destination_m": round(gap, 1),
                    "distance_from_origin_m": round(n["distance_from_origin_m"], 1),
                    "message": (
                        f"目的地まで直線で{gap:,.0f} mの地点まで、この設定で到達できます"
                        if lang == "ja"
                        else f"The nearest point this profile can reach is {gap:,.0f} m "
                        "from the destination (straight line)"
                    ),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features, "attribution": OSM_ATTRIBUTION}
