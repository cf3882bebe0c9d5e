"""The real Meguro graph from the bundled OpenStreetMap vector tiles."""

from dataclasses import replace

import networkx as nx
import numpy as np
import pytest

from routing.area import ServiceArea
from routing.errors import NoRouteFound, OutsideServiceArea
from routing.explain import route_instructions, route_warnings
from routing.load import meguro_boundary
from routing.profiles import BLOCK_REASONS, PROFILES, edge_costs
from routing.router import BlockedRoute
from routing.schema import ACCESSIBILITY_ATTRIBUTES, EDGE_ATTRIBUTES

# A walk in Komazawa Olympic Park where the short way takes three flights of steps.
PARK_FROM = (35.6247, 139.6632)
PARK_TO = (35.6259, 139.6610)


def test_graph_size_and_connectivity(meguro_graph):
    # Joined on coordinates, about 97 % of walkable nodes form one component.
    assert meguro_graph.graph["largest_component_share"] == pytest.approx(0.969, abs=0.01)
    assert len(meguro_graph) == pytest.approx(34_676, rel=0.02)
    assert len(meguro_graph.edges) == pytest.approx(101_490, rel=0.02)
    assert nx.is_weakly_connected(meguro_graph)


def test_every_edge_carries_the_whole_schema(meguro_graph):
    for _, _, data in list(meguro_graph.edges(data=True))[:5000]:
        assert set(EDGE_ATTRIBUTES) <= set(data)
        assert data["length"] > 0


def test_vector_tile_data_leaves_accessibility_unknown(meguro_graph):
    # The OpenMapTiles schema has no kerb, incline, width or surface tags.
    for attr in ACCESSIBILITY_ATTRIBUTES:
        known = sum(1 for _, _, d in meguro_graph.edges(data=True) if d[attr] is not None)
        assert known == 0, attr


def test_steps_inside_the_ward_match_the_source_inventory(meguro_graph):
    # SOURCES.md counts 1.6 km of steps inside the ward; edges come in both directions.
    ward = ServiceArea.from_geojson(meguro_boundary(), buffer_m=0.0)
    inside_m = (
        sum(
            d["length"]
            for _, _, d in meguro_graph.edges(data=True)
            if d["steps"]
            and ward.distance_outside_m(
                *reversed(d["geometry"].interpolate(0.5, normalized=True).coords[0])
            )
            == 0
        )
        / 2
    )
    assert inside_m == pytest.approx(1_600, rel=0.15)


def test_pedestrian_takes_three_flights_in_the_park(meguro_router):
    route = meguro_router.route(PARK_FROM, PARK_TO, PROFILES["pedestrian"])
    assert route.distance_m == pytest.approx(370, abs=10)
    assert route.steps_used == 3


@pytest.mark.parametrize("profile", ["wheelchair", "wheelchair_electric", "stroller", "walker"])
def test_step_free_route_in_the_park_is_longer_and_has_no_steps(meguro_router, profile):
    walk = meguro_router.route(PARK_FROM, PARK_TO, PROFILES["pedestrian"])
    route = meguro_router.route(PARK_FROM, PARK_TO, PROFILES[profile])
    assert route.steps_used == 0
    assert not any(s.attrs["steps"] for s in route.segments)
    assert route.distance_m == pytest.approx(629, abs=10)
    assert route.distance_m > walk.distance_m
    # Nothing about width is known on this data.
    assert route.unknown_length_m["width_m"] == pytest.approx(route.distance_m)


def test_route_equals_networkx_dijkstra_between_nodes(meguro_router, meguro_graph):
    rng = np.random.default_rng(7)
    cost, _ = meguro_router.costs(PROFILES["wheelchair"])
    H = nx.DiGraph()
    for i, (u, v, _k) in enumerate(meguro_router.edges):
        if np.isfinite(cost[i]) and (not H.has_edge(u, v) or H[u][v]["w"] > cost[i]):
            H.add_edge(u, v, w=cost[i])
    area = meguro_router.area
    nodes = [
        n
        for n in H.nodes
        if area.distance_outside_m(meguro_graph.nodes[n]["y"], meguro_graph.nodes[n]["x"]) == 0
    ]
    for _ in range(8):
        a, b = (nodes[i] for i in rng.choice(len(nodes), 2, replace=False))
        pa = (meguro_graph.nodes[a]["y"], meguro_graph.nodes[a]["x"])
        pb = (meguro_graph.nodes[b]["y"], meguro_graph.nodes[b]["x"])
        try:
            expected = nx.dijkstra_path_length(H, a, b, weight="w")
        except nx.NetworkXNoPath:
            continue
        got = meguro_router.route(pa, pb, PROFILES["wheelchair"])
        assert got.cost == pytest.approx(expected, abs=0.5)


def test_meguro_station_just_outside_the_ward_is_reachable(meguro_router):
    station = (35.6339, 139.7157)  # JR Meguro station lies in Shinagawa ward
    route = meguro_router.route((35.6414, 139.6982), station, PROFILES["wheelchair"])
    assert route.distance_m > 1500


def test_point_far_outside_is_refused_with_distance(meguro_router):
    with pytest.raises(OutsideServiceArea) as info:
        meguro_router.route((35.6812, 139.7671), PARK_TO, PROFILES["wheelchair"])  # Tokyo st.
    assert info.value.which == "origin"
    assert 4_000 < info.value.distance_m < 7_000


def test_island_behind_steps_names_the_steps(meguro_router):
    # A footway area reachable only by steps, in the south-east of the ward.
    with pytest.raises(NoRouteFound) as info:
        meguro_router.route(PARK_FROM, (35.61562, 139.70916), PROFILES["wheelchair"])
    barriers = info.value.barriers
    assert barriers and {b["kind"] for b in barriers} == {"steps"}
    for b in barriers:
        assert b["lat"] == pytest.approx(35.6156, abs=0.0005)
        assert b["lon"] == pytest.approx(139.7092, abs=0.0005)


def test_island_behind_steps_gives_the_nearest_reachable_point(meguro_router):
    with pytest.raises(BlockedRoute) as info:
        meguro_router.route(PARK_FROM, (35.61562, 139.70916), PROFILES["wheelchair"])
    nearest = info.value.nearest_reachable
    # The foot of the steps: under 2 m from the destination, about 6 km along the way.
    assert nearest["distance_to_destination_m"] == pytest.approx(1.7, abs=0.5)
    assert nearest["distance_from_origin_m"] == pytest.approx(5_967, rel=0.02)
    assert nearest["lat"] == pytest.approx(35.6156, abs=0.0002)
    assert nearest["lon"] == pytest.approx(139.7092, abs=0.0002)


def test_warnings_on_data_without_accessibility_tags_are_few(meguro_router):
    # 3.3 km across the west of the ward: one summary of what is unknown, one main road crossed.
    route = meguro_router.route((35.6414, 139.6982), (35.6208, 139.6790), PROFILES["wheelchair"])
    assert route.distance_m == pytest.approx(3_250, rel=0.03)
    warnings = route_warnings(route, meguro_router, "en")
    assert [w["warning"] for w in warnings] == ["data_unknown", "kerb_unknown"]
    assert warnings[0]["attributes"] == ["incline_percent", "kerb_height_m", "width_m", "surface"]
    steps = route_instructions(route, "ja")
    assert any(s["name"] == "駒沢通り" for s in steps)
    assert sum(s["distance_m"] for s in steps) == pytest.approx(route.distance_m, abs=1.0)


def test_request_limits_cost_the_same_as_a_preset_with_those_values(meguro_router):
    tighter = PROFILES["wheelchair"].with_limits(max_uphill_percent=3.0)
    preset = replace(PROFILES["wheelchair"], max_uphill_percent=3.0)
    cost_a, reason_a = edge_costs(tighter, meguro_router.table)
    cost_b, reason_b = edge_costs(preset, meguro_router.table)
    assert np.array_equal(cost_a, cost_b) and np.array_equal(reason_a, reason_b)
    # On this data only steps close edges to a wheelchair.
    closed = {BLOCK_REASONS[r] for r in np.unique(reason_a) if r >= 0}
    assert closed <= {"steps", "barrier", "elevator"}
    assert "steps" in closed
