"""Inclines measured on a DEM: a raster of a tilted plane whose slope is known exactly."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest
import rasterio
from pyproj import Transformer
from rasterio.transform import Affine

from routing.builder import Way, WaySet, build_graph
from routing.dem import add_inclines_from_dem
from routing.errors import DataSourceError
from routing.schema import blank_attributes

# JGD2011 / Japan Plane Rectangular CS IX: metres, the grid used for Tokyo's survey data.
PLANE_CRS = "EPSG:6677"
EAST_SLOPE = 0.05  # the plane rises 5 m per 100 m towards grid east, and is level north-south
CELL_M = 5.0  # metres, as the GSI 5 m DEM

LAT0, LON0 = 35.63, 139.70


def east_north(lat: float, lon: float, east_m: float, north_m: float) -> tuple[float, float]:
    """The lon/lat of a point ``east_m``/``north_m`` grid metres from (lat, lon)."""
    to_plane = Transformer.from_crs("EPSG:4326", PLANE_CRS, always_xy=True)
    x, y = to_plane.transform(lon, lat)
    lon2, lat2 = to_plane.transform(x + east_m, y + north_m, direction="INVERSE")
    return lon2, lat2


@pytest.fixture()
def tilted_dem(tmp_path: Path) -> Path:
    to_plane = Transformer.from_crs("EPSG:4326", PLANE_CRS, always_xy=True)
    x0, y0 = to_plane.transform(LON0, LAT0)
    west, north = x0 - 200.0, y0 + 300.0
    cols, rows = 120, 120  # 600 m square
    centres_x = west + (np.arange(cols) + 0.5) * CELL_M
    z = np.tile(10.0 + EAST_SLOPE * (centres_x - west), (rows, 1)).astype("float32")
    z[0:4, 0:4] = -9999.0  # a no-data corner
    path = tmp_path / "tilted.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=cols,
        height=rows,
        count=1,
        dtype="float32",
        crs=PLANE_CRS,
        transform=Affine(CELL_M, 0.0, west, 0.0, -CELL_M, north),
        nodata=-9999.0,
    ) as dst:
        dst.write(z, 1)
    return path


@pytest.fixture()
def graph() -> nx.MultiDiGraph:
    """a -> b runs 100 m grid east, b -> c 100 m north, b -> d is a bridge, b -> e is tagged
    3 %, b -> f an elevator, and g -> h lies outside the raster."""
    xy = {
        "a": east_north(LAT0, LON0, 0, 0),
        "b": east_north(LAT0, LON0, 100, 0),
        "c": east_north(LAT0, LON0, 100, 100),
        "d": east_north(LAT0, LON0, 200, 0),
        "e": east_north(LAT0, LON0, 100, -100),
        "f": east_north(LAT0, LON0, 110, 10),
        "g": east_north(LAT0, LON0, 0, 600),
        "h": east_north(LAT0, LON0, 0, 700),
    }
    footway = blank_attributes(highway="footway", source="osm")
    ways = WaySet(
        ways=[
            Way(["a", "b"], {**footway, "name": "east"}),
            Way(["b", "c"], {**footway, "name": "north"}),
            Way(["b", "d"], {**footway, "name": "bridge", "bridge": True}),
            Way(
                ["b", "e"],
                {**footway, "name": "tagged", "incline_percent": 3.0, "incline_source": "osm"},
            ),
            Way(["b", "f"], {**footway, "name": "lift", "elevator": True}),
            Way(["g", "h"], {**footway, "name": "outside"}),
        ],
        node_xy=xy,
    )
    return build_graph(ways, name="dem", simplify=False, largest_component=False)


def incline(G: nx.MultiDiGraph, name: str) -> list[tuple[float | None, str | None]]:
    """(incline, source) of the edge drawn in the way's direction, then of the one back."""
    edges = [d for _, _, d in G.edges(data=True) if d["name"] == name]
    return [(d["incline_percent"], d["incline_source"]) for d in edges]


def test_tilted_plane_gives_exact_signed_inclines(graph, tilted_dem):
    given = add_inclines_from_dem(graph, tilted_dem, sample_spacing_m=10.0)
    assert given == 4  # east and north, each both ways
    assert sorted(incline(graph, "east")) == [(-5.0, "dem"), (5.0, "dem")]
    assert incline(graph, "north") == [(0.0, "dem"), (0.0, "dem")]


def test_bridge_tunnel_elevator_and_tagged_edges_are_left_alone(graph, tilted_dem):
    add_inclines_from_dem(graph, tilted_dem)
    assert incline(graph, "bridge") == [(None, None), (None, None)]
    assert incline(graph, "lift") == [(None, None), (None, None)]
    assert sorted(incline(graph, "tagged")) == [(-3.0, "osm"), (3.0, "osm")]
    assert incline(graph, "outside") == [(None, None), (None, None)]


def test_no_data_cells_leave_the_incline_unknown(graph, tmp_path):
    path = tmp_path / "holes.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=4,
        height=4,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=Affine(0.005, 0.0, LON0 - 0.01, 0.0, -0.005, LAT0 + 0.01),
        nodata=-1.0,
    ) as dst:
        dst.write(np.full((4, 4), -1.0, dtype="float32"), 1)
    assert add_inclines_from_dem(graph, path) == 0


def test_unreadable_raster_and_bad_spacing_raise(graph, tmp_path, tilted_dem):
    bad = tmp_path / "bad.tif"
    bad.write_text("not a raster")
    with pytest.raises(DataSourceError, match="cannot read elevation raster"):
        add_inclines_from_dem(graph, bad)
    with pytest.raises(DataSourceError, match="no such elevation raster"):
        add_inclines_from_dem(graph, tmp_path / "absent.tif")
    with pytest.raises(ValueError, match="sample_spacing_m"):
        add_inclines_from_dem(graph, tilted_dem, sample_spacing_m=0)
