"""The service area: the ward boundary plus a margin, and how far outside of it a point lies."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from routing.config import SERVICE_AREA_BUFFER_M
from routing.errors import DataSourceError


class LocalProjection:
    """Lon/lat to metres on a plane tangent at a reference point (accurate over a ward)."""

    def __init__(self, lon0: float, lat0: float) -> None:
        self.lon0, self.lat0 = lon0, lat0
        self.kx = 111_320.0 * np.cos(np.radians(lat0))
        self.ky = 110_574.0

    def to_m(self, lon, lat):  # type: ignore[no-untyped-def]
        return (np.asarray(lon) - self.lon0) * self.kx, (np.asarray(lat) - self.lat0) * self.ky

    def to_lonlat(self, x, y):  # type: ignore[no-untyped-def]
        return np.asarray(x) / self.kx + self.lon0, np.asarray(y) / self.ky + self.lat0

    def geometry_to_m(self, geom):  # type: ignore[no-untyped-def]
        """Project a geometry, or a numpy array of geometries, to metres."""
        return shapely.transform(geom, lambda c: np.column_stack(self.to_m(c[:, 0], c[:, 1])))

    def geometry_to_lonlat(self, geom):  # type: ignore[no-untyped-def]
        """Project a geometry, or a numpy array of geometries, back to lon/lat."""
        return shapely.transform(geom, lambda c: np.column_stack(self.to_lonlat(c[:, 0], c[:, 1])))


@dataclass
class ServiceArea:
    """A polygon (lon/lat) within which the service answers, with its local projection."""

    name: str
    polygon_m: BaseGeometry
    projection: LocalProjection
    buffer_m: float = 0.0
    clipped: bool = False

    @classmethod
    def from_polygon(
        cls, polygon: BaseGeometry, *, buffer_m: float = SERVICE_AREA_BUFFER_M, name: str = ""
    ) -> ServiceArea:
        c = polygon.centroid
        proj = LocalProjection(c.x, c.y)
        return cls(name, proj.geometry_to_m(polygon).buffer(buffer_m), proj, buffer_m)

    @classmethod
    def from_geojson(
        cls, path: Path, *, buffer_m: float = SERVICE_AREA_BUFFER_M, name: str = ""
    ) -> ServiceArea:
        """Read a boundary polygon from a GeoJSON file (Feature, FeatureCollection or geometry)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise DataSourceError(f"cannot read boundary {path}: {exc}") from exc
        if data.get("type") == "FeatureCollection":
            geoms = [shape(f["geometry"]) for f in data["features"]]
        elif data.get("type") == "Feature":
            geoms = [shape(data["geometry"])]
        else:
            geoms = [shape(data)]
        return cls.from_polygon(unary_union(geoms), buffer_m=buffer_m, name=name or Path(path).stem)

    @property
    def description(self) -> str:
        """The area in words for messages, e.g. "Meguro ward and 1,000 m around it"."""
        text = f"{self.name} and {self.buffer_m:,.0f} m around it" if self.buffer_m else self.name
        return text + (", where the street data reaches" if self.clipped else "")

    def clipped_to(self, covered: BaseGeometry, margin_m: float) -> ServiceArea:
        """The part of the area within ``margin_m`` of ``covered`` (lon/lat), e.g. the hull
        of the street data, so that no point is accepted where there are no streets."""
        inside = self.polygon_m.intersection(
            self.projection.geometry_to_m(covered).buffer(margin_m)
        )
        if inside.equals(self.polygon_m):
            return self
        return ServiceArea(self.name, inside, self.projection, self.buffer_m, clipped=True)

    @property
    def polygon(self) -> BaseGeometry:
        """The area in lon/lat."""
        return self.projection.geometry_to_lonlat(self.polygon_m)

    def distance_outside_m(self, lat: float, lon: float) -> float:
        """0 for a point inside the area, else its distance to the area in metres."""
        x, y = self.projection.to_m(lon, lat)
        return float(self.polygon_m.distance(Point(float(x), float(y))))
