"""MLIT pedestrian network data (歩行空間ネットワークデータ) around Shibuya station."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from routing.builder import WaySet, build_graph
from routing.config import shared_dir
from routing.errors import DataSourceError, NoRouteFound
from routing.load import build_from_source, detect_kind
from routing.nwd import link_attributes, ways_from_nwd_geojson
from routing.profiles import PROFILES
from routing.router import Router
from routing.schema import reversed_attributes

SHIBUYA = (
    shared_dir() / "data" / "walkspace_nwd" / "shibuya_station_area_nwd_links_2018spec.geojson"
)

pytestmark = pytest.mark.skipif(not SHIBUYA.exists(), reason="shared MLIT data not present")

# South-west of the station to the north-east: the short way climbs stairs and steep links.
SOUTH_WEST = (35.659573, 139.700895)
NORTH_EAST = (35.66258, 139.702326)
# Into a place reached only by stairs.
STAIRS_ONLY_FROM = (35.662252, 139.698122)
STAIRS_ONLY_TO = (35.663247, 139.701976)


@pytest.fixture(scope="module")
def shibuya_ways() -> WaySet:
    return ways_from_nwd_geojson(SHIBUYA)


@pytest.fixture(scope="module")
def shibuya_graph() -> nx.MultiDiGraph:
    return build_from_source(SHIBUYA)


@pytest.fixture(scope="module")
def shibuya_router(shibuya_graph: nx.MultiDiGraph) -> Router:
    return Router(shibuya_graph)


def rising_over_5(attrs: dict) -> bool:
    return attrs["incline_min_percent"] is not None and attrs["incline_min_percent"] >= 5.0


def test_files_with_node_ids_are_read_as_mlit_links():
    assert detect_kind(SHIBUYA) == "mlit-nwd"


def test_links_nodes_and_length_match_the_source(shibuya_ways):
    assert len(shibuya_ways.ways) == 1823
    ends = {key for way in shibuya_ways.ways for key in (way.nodes[0], way.nodes[-1])}
    assert len(ends) == 1641
    G = build_graph(shibuya_ways, name="links", simplify=False, largest_component=False)
    assert nx.is_weakly_connected(G)
    # Each two-way link is two edges; the two one-way links are one.
    one_way = sum(1 for w in shibuya_ways.ways if w.oneway)
    assert one_way == 2
    total_m = sum(d["length"] for _, _, d in G.edges(data=True))
    one_way_m = sum(d["length"] for u, v, d in G.edges(data=True) if not G.has_edge(v, u))
    assert (total_m + one_way_m) / 2 == pytest.approx(29_430, rel=0.01)


def test_class_counts_are_reflected_in_attributes(shibuya_ways):
    links = [w.attrs for w in shibuya_ways.ways]
    stairs = sum(1 for a in links if a["steps"] and not a["conveying"])
    assert stairs == 162
    assert sum(1 for a in links if a["elevator"]) == 18
    assert sum(1 for a in links if a["ramp"]) == 7
    assert sum(1 for a in links if a["steps"] and a["conveying"]) == 2  # escalators
    steep = [
        a
        for a in links
        if (a["incline_min_percent"] or 0) >= 5 or (a["incline_max_percent"] or 0) <= -5
    ]
    assert len(steep) == 606
    assert all(a["incline_percent"] is None for a in steep)
    assert sum(1 for a in links if a["barrier"] == "kerb") == 179
    narrow = [a for a in links if a["width_max_m"] == 1.0]
    assert len(narrow) == 26
    assert all(a["width_m"] is None for a in narrow)
    assert sum(1 for a in links if a["bridge"]) == 187
    assert sum(1 for a in links if a["tunnel"]) == 39
    assert sum(1 for a in links if a["tactile_paving"]) == 317
    assert {a["source"] for a in links} == {"mlit-nwd"}


def test_slope_classes_flip_with_direction():
    rising = link_attributes({"vtcl_slope": 2})
    assert (rising["incline_min_percent"], rising["incline_max_percent"]) == (5.0, None)
    falling = reversed_attributes(rising)
    assert (falling["incline_min_percent"], falling["incline_max_percent"]) == (None, -5.0)
    gentle = link_attributes({"vtcl_slope": 1})
    assert (gentle["incline_min_percent"], gentle["incline_max_percent"]) == (-5.0, 5.0)
    unknown = link_attributes({"vtcl_slope": 99})
    assert (unknown["incline_min_percent"], unknown["incline_source"]) == (None, None)


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        ({"width": 1}, {"width_m": None, "width_max_m": 1.0}),
        ({"width": 2}, {"width_m": 1.0, "width_max_m": 2.0}),
        ({"width": 4}, {"width_m": 3.0, "width_max_m": None}),
        ({"width": 99}, {"width_m": None, "width_max_m": None}),
        ({"lev_diff": 1}, {"kerb_height_m": 0.02, "barrier": None}),
        ({"lev_diff": 2}, {"kerb_height_m": None, "barrier": "kerb"}),
        ({"route_type": 4, "elevator": 5}, {"elevator": True, "wheelchair": "yes"}),
        ({"route_type": 5}, {"steps": True, "conveying": True, "wheelchair": "no"}),
        ({"route_type": 7}, {"ramp": True, "steps": False}),
        ({"rt_struct": 6}, {"bridge": True, "tunnel": False}),
        ({"rt_struct": 5}, {"tunnel": True, "bridge": False}),
        ({"rt_struct": 4}, {"crossing": "unmarked"}),
        ({"brail_tile": 2}, {"tactile_paving": True}),
        ({"brail_tile": "x"}, {"tactile_paving": None}),
        ({"roof": 2}, {"covered": True}),
    ],
)
def test_codes_map_to_attributes(props, expected):
    attrs = link_attributes(props)
    assert {key: attrs[key] for key in expected} == expected


def test_one_way_links_follow_their_direction_code(shibuya_ways):
    escalators = [w for w in shibuya_ways.ways if w.attrs["conveying"]]
    assert [w.oneway for w in escalators] == [True, True]


def test_wheelchair_goes_round_the_stairs(shibuya_router):
    walk = shibuya_router.route(SOUTH_WEST, NORTH_EAST, PROFILES["pedestrian"])
    assert walk.steps_used == 7
    assert walk.distance_m == pytest.approx(472, abs=5)
    assert sum(rising_over_5(s.attrs) for s in walk.segments) == 6
    wheel = shibuya_router.route(SOUTH_WEST, NORTH_EAST, PROFILES["wheelchair_manual"])
    assert wheel.steps_used == 0
    assert walk.distance_m < wheel.distance_m


def test_wheelchair_avoids_climbs_over_5_percent(shibuya_router):
    wheel = shibuya_router.route(SOUTH_WEST, NORTH_EAST, PROFILES["wheelchair_manual"])
    assert not any(rising_over_5(s.attrs) for s in wheel.segments)
    assert wheel.distance_m == pytest.approx(766, abs=5)


def test_no_route_names_the_stairs_that_block_it(shibuya_router):
    walk = shibuya_router.route(STAIRS_ONLY_FROM, STAIRS_ONLY_TO, PROFILES["pedestrian"])
    assert walk.distance_m == pytest.approx(499, abs=5)
    with pytest.raises(NoRouteFound) as err:
        shibuya_router.route(STAIRS_ONLY_FROM, STAIRS_ONLY_TO, PROFILES["wheelchair_manual"])
    kinds = [b["kind"] for b in err.value.barriers]
    assert kinds and set(kinds) == {"steps"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot read"),
        ('{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [{"properties": {"start_id": "a"}, "geometry": None}],
                }
            ),
            "has no end_id",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {"properties": {"start_id": "a", "end_id": "b"}, "geometry": None}
                    ],
                }
            ),
            "no LineString geometry",
        ),
    ],
)
def test_malformed_links_raise_a_clear_error(tmp_path: Path, content, message):
    path = tmp_path / "links.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataSourceError, match=message):
        ways_from_nwd_geojson(path)
