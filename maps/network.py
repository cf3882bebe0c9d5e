"""GeoJSON of the walking network itself, for the map's street and steps layers."""

from __future__ import annotations

from typing import Any

from maps import OSM_ATTRIBUTION
from routing.schema import ACCESSIBILITY_ATTRIBUTES


def edges_to_geojson(
    edge_data: list[dict[str, Any]], indices: list[int], reverse: list[int]
) -> dict[str, Any]:
    """Edges as LineString features, one per way drawn both ways (the reverse is left out)."""
    features = []
    seen: set[int] = set()
    for i in indices:
        if i in seen:
            continue
        seen.add(i)
        if reverse[i] >= 0:
            seen.add(reverse[i])
        attrs = edge_data[i]
        coords = [[round(x, 7), round(y, 7)] for x, y in attrs["geometry"].coords]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": coords},
                "properties": {
                    "highway": attrs.get("highway"),
                    "name": attrs.get("name"),
                    "steps": attrs.get("steps"),
                    "elevator": attrs.get("elevator"),
                    "length_m": round(float(attrs["length"]), 1),
                    "unknown": [a for a in ACCESSIBILITY_ATTRIBUTES if attrs.get(a) is None],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features, "attribution": OSM_ATTRIBUTION}
