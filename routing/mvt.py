"""Read OpenStreetMap streets from OpenMapTiles vector tiles, or their decoded GeoJSON.

The OpenMapTiles schema keeps a way's class, OSM ``highway`` value, name, bridge/tunnel and
one-way flag, and nothing of kerbs, inclines, widths or surfaces: those stay unknown.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from routing.builder import WaySet, ways_from_lines
from routing.config import JOIN_TOLERANCE_M
from routing.errors import DataSourceError
from routing.schema import WALKABLE_HIGHWAYS, blank_attributes

log = logging.getLogger(__name__)

SOURCE_NAME = "osm-vector-tiles"

# OpenMapTiles classes whose OSM highway value is the class itself.
_CLASS_IS_HIGHWAY = {
    "primary",
    "secondary",
    "tertiary",
    "trunk",
    "service",
    "track",
    "pedestrian",
    "elevator",
    "corridor",
    "platform",
}


def highway_of(props: dict[str, Any]) -> str | None:
    """Recover the OSM ``highway`` value of an OpenMapTiles transportation feature.

    >>> highway_of({"class": "path", "subclass": "steps"})
    'steps'
    >>> highway_of({"class": "primary", "ramp": 1})
    'primary_link'
    >>> highway_of({"class": "rail"}) is None
    True
    """
    cls = props.get("class")
    sub = props.get("subclass")
    if cls in ("minor", "path", "track") and sub:
        return str(sub)
    if cls == "path":
        return "path"
    if cls == "minor":
        return "unclassified"
    if cls in _CLASS_IS_HIGHWAY:
        if props.get("ramp") and cls in ("primary", "secondary", "tertiary", "trunk"):
            return f"{cls}_link"
        return str(cls)
    return None


def attributes_of(props: dict[str, Any]) -> dict[str, Any]:
    """The schema attributes an OpenMapTiles feature states; everything else is unknown."""
    highway = highway_of(props)
    brunnel = props.get("brunnel")
    return blank_attributes(
        highway=highway,
        name=props.get("name") or props.get("name:latin") or None,
        steps=highway == "steps",
        elevator=highway == "elevator",
        bridge=brunnel == "bridge",
        tunnel=brunnel == "tunnel",
        source=SOURCE_NAME,
    )


def read_geojson_features(path: Path) -> list[dict[str, Any]]:
    """Features of a decoded OpenMapTiles ``transportation`` GeoJSON file."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, json.JSONDecodeError) as exc:
        raise DataSourceError(f"cannot read {path}: {exc}") from exc
    if data.get("type") != "FeatureCollection":
        raise DataSourceError(f"{path} is not a GeoJSON FeatureCollection")
    return list(data["features"])


def read_tile_features(
    tile_dir: Path, layer: str = "transportation", tiles: list[Path] | None = None
) -> list[dict[str, Any]]:
    """Decode ``z/x/y.pbf`` tiles below ``tile_dir`` into GeoJSON features in lon/lat.

    ``tiles`` limits the reading to some tile files (default: every tile below ``tile_dir``).
    Each feature is clipped to its own tile, since tiles repeat the lines of their
    neighbours in a buffer around their edge.
    """
    import mapbox_vector_tile

    if tiles is None:
        tiles = sorted(tile_dir.glob("*/*/*.pbf")) or sorted(tile_dir.glob("*/*.pbf"))
    if not tiles:
        raise DataSourceError(f"no z/x/y.pbf tiles below {tile_dir}")
    features: list[dict[str, Any]] = []
    for tile in tiles:
        parts = tile.with_suffix("").parts
        z, x, y = int(parts[-3]), int(parts[-2]), int(parts[-1])
        decoded = mapbox_vector_tile.decode(tile.read_bytes())
        if layer not in decoded:
            continue
        extent = decoded[layer].get("extent", 4096)
        clip = box(0, 0, extent, extent)
        # Some profiles keep subclass and name in a companion layer with the same lines.
        names: dict[str, dict[str, Any]] = {}
        for feat in decoded.get(f"{layer}_name", {}).get("features", []):
            names[json.dumps(feat["geometry"]["coordinates"])] = feat["properties"]
        for feat in decoded[layer]["features"]:
            geom = shape(feat["geometry"]).intersection(clip)
            if geom.is_empty:
                continue
            extra = names.get(json.dumps(feat["geometry"]["coordinates"]), {})
            features.append(
                {
                    "type": "Feature",
                    "properties": {**extra, **feat["properties"], "tile": f"{z}/{x}/{y}"},
                    "geometry": _tile_to_lonlat(geom, z, x, y, extent).__geo_interface__,
                }
            )
    log.info("Decoded %d %s features from %d tiles", len(features), layer, len(tiles))
    return features


def _tile_to_lonlat(geom: BaseGeometry, z: int, x: int, y: int, extent: int) -> BaseGeometry:
    n = 2.0**z

    def to_lonlat(coords: np.ndarray) -> np.ndarray:
        # mapbox_vector_tile returns y pointing up within the tile.
        fx = (x + coords[:, 0] / extent) / n
        fy = (y + 1 - coords[:, 1] / extent) / n
        lat = np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * fy))))
        return np.column_stack([fx * 360.0 - 180.0, lat])

    return shapely.transform(geom, to_lonlat)


def _lines(geometry: dict[str, Any]) -> Iterator[list[tuple[float, float]]]:
    kind = geometry.get("type")
    if kind == "LineString":
        yield [tuple(c[:2]) for c in geometry["coordinates"]]
    elif kind == "MultiLineString":
        for part in geometry["coordinates"]:
            yield [tuple(c[:2]) for c in part]
    elif kind == "GeometryCollection":
        for g in geometry.get("geometries", []):
            yield from _lines(g)


def waysets_from_features(
    features: Iterable[dict[str, Any]], *, tolerance_m: float = JOIN_TOLERANCE_M
) -> WaySet:
    """Join the walkable OpenMapTiles features into ways with shared nodes."""
    lines = []
    skipped = 0
    for feat in features:
        props = feat.get("properties") or {}
        if highway_of(props) not in WALKABLE_HIGHWAYS:
            skipped += 1
            continue
        attrs = attributes_of(props)
        for coords in _lines(feat.get("geometry") or {}):
            if len(coords) >= 2:
                lines.append((coords, attrs))
    log.info("Kept %d walkable line pieces, skipped %d other features", len(lines), skipped)
    return ways_from_lines(lines, tolerance_m=tolerance_m)
