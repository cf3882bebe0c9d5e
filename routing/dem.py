"""Give edges without a stated incline one measured from a digital elevation model (GeoTIFF).

The DEM is the ground surface. On a bridge the deck is above it and in a tunnel the floor below
it, so bridge and tunnel edges are left unknown rather than given the slope of the ground they
pass over or under. Elevators are vertical and get none. An incline stated by the source
(``incline_percent`` or its bounds) is never replaced.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

import networkx as nx
import numpy as np
from pyproj import Geod
from shapely.geometry import LineString

from routing.errors import DataSourceError

log = logging.getLogger(__name__)

SOURCE = "dem"

# Samples along an edge: about the resolution of a 5 m DEM (GSI 基盤地図情報 5 m mesh) doubled,
# so that one noisy cell does not make a slope on its own.
DEFAULT_SAMPLE_SPACING_M = 10.0  # metres

_GEOD = Geod(ellps="WGS84")


def add_inclines_from_dem(
    G: nx.MultiDiGraph,
    geotiff_path: str | Path,
    *,
    sample_spacing_m: float = DEFAULT_SAMPLE_SPACING_M,
) -> int:
    """Set ``incline_percent`` from a DEM on the edges whose incline is unknown.

    Each edge is cut into equal pieces no longer than ``sample_spacing_m``; the elevation is
    read at their ends by bilinear interpolation, and the edge gets the steepest piece's slope,
    signed in the edge's direction (positive uphill). The pieces are placed symmetrically, so the
    edge back the same way gets exactly the opposite sign. ``incline_source`` becomes ``"dem"``.

    Parameters
    ----------
    G
        A graph from :func:`routing.builder.build_graph`; edges are changed in place.
    geotiff_path
        A single-band elevation raster in metres, in any CRS.
    sample_spacing_m
        The longest piece between two elevation samples, metres.

    Returns
    -------
    int
        The number of edges given an incline.

    Raises
    ------
    DataSourceError
        If the raster cannot be read or has no CRS.
    ValueError
        If ``sample_spacing_m`` is not a positive number.
    """
    if not (math.isfinite(sample_spacing_m) and sample_spacing_m > 0):
        raise ValueError(f"sample_spacing_m must be a positive number, got {sample_spacing_m!r}")
    dem = _Elevation.open(Path(geotiff_path))

    given = skipped_structure = outside = 0
    for _, _, data in G.edges(data=True):
        if not _incline_unknown(data) or data.get("elevator"):
            continue
        if data.get("bridge") or data.get("tunnel"):
            skipped_structure += 1
            continue
        incline = _steepest_incline(data["geometry"], dem, sample_spacing_m)
        if incline is None:
            outside += 1
            continue
        data["incline_percent"] = incline
        data["incline_source"] = SOURCE
        given += 1
    log.info(
        "Inclines from DEM %s: %d edges given one; %d bridges or tunnels and %d edges outside "
        "the raster or on no-data cells left unknown",
        geotiff_path,
        given,
        skipped_structure,
        outside,
    )
    return given


def _incline_unknown(data: dict) -> bool:
    return all(
        data.get(key) is None
        for key in ("incline_percent", "incline_min_percent", "incline_max_percent")
    )


def _steepest_incline(geometry: LineString, dem: _Elevation, spacing_m: float) -> float | None:
    """The signed slope of the steepest piece, percent, or None where the DEM has no value."""
    # The horizontal length on the WGS84 ellipsoid: a sphere would be off by up to 0.3 %.
    lon, lat = geometry.xy
    length_m = float(_GEOD.line_length(list(lon), list(lat)))
    if length_m <= 0:
        return None
    pieces = max(1, math.ceil(length_m / spacing_m - 1e-9))
    fractions = np.linspace(0.0, 1.0, pieces + 1)
    points = [geometry.interpolate(f, normalized=True) for f in fractions]
    z = dem.sample(np.array([p.x for p in points]), np.array([p.y for p in points]))
    if not np.all(np.isfinite(z)):
        return None
    slopes = np.diff(z) / (length_m / pieces) * 100.0
    steepest = float(slopes[int(np.argmax(np.abs(slopes)))])
    return round(steepest, 2) + 0.0  # no negative zero


class _Elevation:
    """A DEM held in memory with bilinear sampling at lon/lat points."""

    def __init__(self, z: np.ndarray, transform: object, crs: object) -> None:
        self.z = z
        self.inverse = ~transform  # type: ignore[operator]
        self.crs = crs

    @classmethod
    def open(cls, path: Path) -> _Elevation:
        import rasterio
        from rasterio.errors import RasterioError

        if not path.exists():
            raise DataSourceError(f"no such elevation raster: {path}")
        try:
            with rasterio.open(path) as src:
                if src.crs is None:
                    raise DataSourceError(f"elevation raster {path} has no coordinate system")
                z = src.read(1, masked=True).astype(float).filled(np.nan)
                return cls(z, src.transform, src.crs)
        except RasterioError as exc:
            raise DataSourceError(f"cannot read elevation raster {path}: {exc}") from exc

    def sample(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Elevations at lon/lat points; ``nan`` outside the raster or next to a no-data cell."""
        from rasterio.warp import transform

        xs, ys = transform("EPSG:4326", self.crs, lon.tolist(), lat.tolist())
        col, row = self.inverse @ (np.asarray(xs), np.asarray(ys))
        # Cell values stand at cell centres.
        col, row = np.asarray(col) - 0.5, np.asarray(row) - 0.5
        height, width = self.z.shape
        c0, r0 = np.floor(col).astype(int), np.floor(row).astype(int)
        inside = (c0 >= 0) & (r0 >= 0) & (c0 + 1 < width) & (r0 + 1 < height)
        out = np.full(col.shape, np.nan)
        if not inside.any():
            return out
        c0, r0, fc, fr = c0[inside], r0[inside], col[inside] - c0[inside], row[inside] - r0[inside]
        z = self.z
        top = z[r0, c0] * (1 - fc) + z[r0, c0 + 1] * fc
        bottom = z[r0 + 1, c0] * (1 - fc) + z[r0 + 1, c0 + 1] * fc
        out[inside] = top * (1 - fr) + bottom * fr
        return out
