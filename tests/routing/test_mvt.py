"""Reading OpenMapTiles vector tiles directly gives what the decoded GeoJSON holds."""

from collections import Counter

import pytest
from shapely.geometry import shape

from routing import mvt
from routing.config import shared_dir

TILES = shared_dir() / "data" / "osm" / "mvt_kanto_2022-05"
TILE = "14/14550/6454"  # central Meguro


def test_one_tile_decodes_to_the_same_streets_as_the_geojson():
    decoded = mvt.read_tile_features(TILES, tiles=[TILES / f"{TILE}.pbf"])
    reference = [
        f
        for f in mvt.read_geojson_features(
            shared_dir() / "data" / "osm" / "meguro_osm_transport_2022-05_mvt.geojson"
        )
        if f["properties"]["tile"] == TILE
    ]

    # The decoded GeoJSON leaves out railway platforms, so they are not compared.
    def lines(features):
        return [
            f
            for f in features
            if mvt.highway_of(f["properties"]) not in (None, "platform")
            and "LineString" in f["geometry"]["type"]
        ]

    walk, ref_walk = lines(decoded), lines(reference)
    counts = Counter(mvt.highway_of(f["properties"]) for f in walk)
    ref_counts = Counter(mvt.highway_of(f["properties"]) for f in ref_walk)
    assert set(counts) == set(ref_counts)
    for highway, n in ref_counts.items():
        # A line that only touches the tile edge may survive clipping on one side only.
        assert abs(counts[highway] - n) <= 1, highway
    length = sum(shape(f["geometry"]).length for f in walk)
    ref_length = sum(shape(f["geometry"]).length for f in ref_walk)
    assert length == pytest.approx(ref_length, rel=1e-3)
    lon, lat = shape(walk[0]["geometry"]).coords[0]
    assert 139.69 < lon < 139.72 and 35.61 < lat < 35.64


def test_an_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(mvt.DataSourceError, match="no z/x/y.pbf tiles"):
        mvt.read_tile_features(tmp_path)


@pytest.mark.parametrize(
    ("props", "highway"),
    [
        ({"class": "minor", "subclass": "residential"}, "residential"),
        ({"class": "path", "subclass": "footway"}, "footway"),
        ({"class": "path"}, "path"),
        ({"class": "track", "subclass": "cycleway"}, "cycleway"),
        ({"class": "service"}, "service"),
        ({"class": "tertiary", "ramp": 1}, "tertiary_link"),
        ({"class": "motorway"}, None),
        ({"class": "rail"}, None),
    ],
)
def test_openmaptiles_classes_map_back_to_osm_highway(props, highway):
    assert mvt.highway_of(props) == highway
