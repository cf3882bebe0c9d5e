"""Routing on a graph small enough to check by eye (tests/fixtures/small.osm).

    9 --- 8(kissing gate) --- 3 ------ 5       north: 2 -> 4 rises 10 %, 5 -> 3 falls 10 %,
                              |steps   |             4 -> 5 is 0.8 m wide
    1 ------------------------ 2 ------ 4
    |                                   |      south: flat, 2 m wide, a 2 cm kerb at 6 and a
    |                                   |             bollard at 7
    6(kerb 2 cm) --------------------- 7(bollard)

(The drawing is schematic; nodes lie on a 100 m grid: 1=(0,0), 2=(1,0), 3=(2,0), 4=(1,1),
5=(2,1), 6=(0,-2), 7=(2,-2), 8=(3,0), 9=(4,0).)
"""

import numpy as np
import pytest

from routing.builder import Way, WaySet, build_graph
from routing.errors import NoRouteFound
from routing.profiles import PROFILES
from routing.router import Router
from routing.schema import blank_attributes

# Node positions of the fixture, as (lat, lon).
N = {
    1: (35.63, 139.70),
    3: (35.63, 139.70221),
    9: (35.63, 139.70442),
}


def hw(route):
    return [s.attrs["highway"] for s in route.segments]


def test_graph_keeps_tags_and_leaves_the_rest_unknown(small_graph):
    steps = [d for _, _, d in small_graph.edges(data=True) if d["steps"]]
    assert len(steps) == 2  # one flight, both directions
    assert steps[0]["step_count"] == 10
    narrow = [d for _, _, d in small_graph.edges(data=True) if d["width_m"] == 0.8]
    assert len(narrow) == 2
    assert all(d["kerb_height_m"] is None for d in narrow)
    assert "motorway" not in {d["highway"] for _, _, d in small_graph.edges(data=True)}


def test_incline_changes_sign_with_direction(small_graph):
    inclines = sorted(
        d["incline_percent"]
        for _, _, d in small_graph.edges(data=True)
        if d["incline_percent"] not in (None, 0.0)
    )
    assert inclines == [-10.0, -10.0, 10.0, 10.0]


def test_pedestrian_takes_the_steps(small_router):
    route = small_router.route(N[1], N[3], PROFILES["pedestrian"])
    assert hw(route) == ["footway", "steps"]
    assert route.distance_m == pytest.approx(200.0, abs=1.0)
    assert route.steps_used == 1


def test_wheelchair_goes_round_on_the_flat_path(small_router):
    route = small_router.route(N[1], N[3], PROFILES["wheelchair_manual"])
    assert route.steps_used == 0
    assert route.distance_m == pytest.approx(600.0, abs=2.0)
    assert route.segments[0].attrs["name"] == "South path"


def test_steeper_limits_open_the_bypass_only_if_wide_enough(small_router):
    steep_ok = PROFILES["wheelchair_manual"].with_limits(
        max_uphill_percent=12, max_downhill_percent=12
    )
    route = small_router.route(N[1], N[3], steep_ok)
    assert route.distance_m == pytest.approx(600.0, abs=2.0)  # 0.8 m is narrower than 0.9 m
    narrow_ok = steep_ok.with_limits(min_width_m=0.7)
    route = small_router.route(N[1], N[3], narrow_ok)
    assert route.distance_m == pytest.approx(400.0, abs=1.5)
    assert [s.attrs["incline_percent"] for s in route.segments] == [None, 10.0, 0.0, -10.0]


def test_direction_matters_for_downhill_limit(small_router):
    up_ok_down_not = PROFILES["wheelchair_manual"].with_limits(
        max_uphill_percent=12, max_downhill_percent=5, min_width_m=0.7
    )
    there = small_router.route(N[1], N[3], up_ok_down_not)
    back = small_router.route(N[3], N[1], up_ok_down_not)
    # Going there the bypass ends with 10 % down, coming back it starts with 10 % down 4 -> 2.
    assert there.distance_m == pytest.approx(600.0, abs=2.0)
    assert back.distance_m == pytest.approx(600.0, abs=2.0)
    up_only = up_ok_down_not.with_limits(max_downhill_percent=12)
    assert small_router.route(N[3], N[1], up_only).distance_m == pytest.approx(400.0, abs=1.5)


def test_kerb_higher_than_the_limit_closes_the_flat_path(small_router):
    strict = PROFILES["wheelchair_manual"].with_limits(max_kerb_height_m=0.01)
    with pytest.raises(NoRouteFound) as info:
        small_router.route(N[1], N[3], strict)
    kinds = [b["kind"] for b in info.value.barriers]
    assert kinds == ["steps"]


def test_kissing_gate_blocks_wheels_and_is_named(small_router):
    with pytest.raises(NoRouteFound) as info:
        small_router.route(N[3], N[9], PROFILES["wheelchair_manual"])
    assert [b["kind"] for b in info.value.barriers] == ["barrier"]
    assert small_router.route(N[3], N[9], PROFILES["pedestrian"]).distance_m == pytest.approx(
        200.0, abs=1.0
    )


def test_forbidding_unknown_surface_closes_untagged_ways(small_router):
    cautious = PROFILES["wheelchair_manual"].with_limits(unknown={"surface": "forbid"})
    with pytest.raises(NoRouteFound):
        small_router.route(N[1], N[3], cautious)


def test_avoiding_unknown_data_raises_cost_not_distance(small_router):
    wary = PROFILES["wheelchair_manual"].with_limits(unknown={"surface": "avoid"})
    route = small_router.route(N[1], N[3], wary)
    assert route.distance_m == pytest.approx(600.0, abs=2.0)
    # 1 -> 6 -> 7 (400 m) has no surface tag; 7 -> 3 (200 m) neither: all 600 m cost 1.5x.
    assert route.cost == pytest.approx(1.5 * 600, abs=3.0)


def test_reported_closure_reroutes_only_the_profiles_it_names(small_router):
    steps = [i for i, d in enumerate(small_router.edge_data) if d["steps"]]
    mask = np.zeros(len(small_router.edges), dtype=bool)
    mask[steps] = True
    small_router.set_reported({"pedestrian": mask})
    try:
        route = small_router.route(N[1], N[3], PROFILES["pedestrian"])
        assert route.steps_used == 0
        assert route.distance_m == pytest.approx(400.0, abs=1.5)
    finally:
        small_router.set_reported({})
    assert small_router.route(N[1], N[3], PROFILES["pedestrian"]).steps_used == 1


def test_pedestrian_on_two_unconnected_paths_is_told_the_network_is_cut():
    ways = WaySet(
        ways=[
            Way(nodes=["a", "b"], attrs=blank_attributes(highway="footway", steps=False)),
            Way(nodes=["c", "d"], attrs=blank_attributes(highway="footway", steps=False)),
        ],
        node_xy={
            "a": (139.700, 35.630),
            "b": (139.701, 35.630),
            "c": (139.700, 35.632),
            "d": (139.701, 35.632),
        },
    )
    router = Router(build_graph(ways, name="cut", largest_component=False))
    with pytest.raises(NoRouteFound, match="does not connect") as info:
        router.route((35.630, 139.7005), (35.632, 139.7005), PROFILES["pedestrian"])
    assert info.value.barriers == []
    with pytest.raises(NoRouteFound):
        router.route((35.630, 139.7005), (35.632, 139.7005), PROFILES["wheelchair"])
