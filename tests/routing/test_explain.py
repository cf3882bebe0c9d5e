"""What a route says on the fixture graph (see test_small_graph for the drawing): warnings,
turn-by-turn instructions in Japanese and English, the pedestrian comparison, and barriers."""

import doctest

import pytest

import routing.explain
from routing.explain import (
    compare_with_pedestrian,
    describe_barrier,
    route_instructions,
    route_warnings,
)
from routing.profiles import PROFILES
from routing.router import BlockedRoute

N = {
    1: (35.63, 139.70),
    2: (35.63, 139.701105),
    3: (35.63, 139.70221),
    4: (35.6309043, 139.701105),
    9: (35.63, 139.70442),
}
STEEP_NARROW_OK = PROFILES["wheelchair_manual"].with_limits(
    max_uphill_percent=12, max_downhill_percent=12, min_width_m=0.7
)


def test_doctests_pass():
    assert doctest.testmod(routing.explain).failed == 0


def test_wheelchair_round_the_south_path_warns_of_kerb_bollard_and_missing_data(small_router):
    route = small_router.route(N[1], N[3], PROFILES["wheelchair"])
    warnings = route_warnings(route, small_router, "en")
    assert [w["warning"] for w in warnings] == ["data_unknown", "kerb", "barrier"]
    unknown, kerb, bollard = warnings
    assert unknown["attributes"] == ["incline_percent", "surface"]
    assert unknown["message"] == (
        "Accessibility data unknown for the whole route (600 m): slopes and surfaces are not "
        "recorded here"
    )
    assert kerb["message"] == "2 cm kerb"
    assert (kerb["lon"], kerb["lat"]) == pytest.approx((139.70, 35.6281914))  # node 6
    assert kerb["at_m"] == pytest.approx(200, abs=2)
    assert bollard["message"] == "Bollard on the way"
    assert (bollard["lon"], bollard["lat"]) == pytest.approx((139.70221, 35.6281914))  # node 7
    ja = [w["message"] for w in route_warnings(route, small_router, "ja")]
    assert ja == [
        "経路全体（600 m）で勾配・路面の情報がありません",
        "2 cmの段差があります",
        "車止めがあります",
    ]


def test_instructions_round_the_south_path(small_router):
    route = small_router.route(N[1], N[3], PROFILES["wheelchair"])
    steps = route_instructions(route, "en")
    assert [(s["action"], s["modifier"], s["name"]) for s in steps] == [
        ("depart", None, "South path"),
        ("turn", "left", "South path"),
        ("turn", "left", None),
        ("arrive", None, None),
    ]
    assert [s["text"] for s in steps] == [
        "Head south on South path for 200 m",
        "Turn left onto South path and go 200 m",
        "Turn left onto the footpath and go 200 m",
        "Arrive at the destination",
    ]
    assert sum(s["distance_m"] for s in steps) == pytest.approx(route.distance_m, abs=0.5)
    assert [s["text"] for s in route_instructions(route, "ja")] == [
        "South pathを南へ200 m進みます",
        "左折し、South pathを200 m進みます",
        "左折し、歩道を200 m進みます",
        "目的地に到着します",
    ]


def test_pedestrian_is_told_of_the_steps(small_router):
    route = small_router.route(N[1], N[3], PROFILES["pedestrian"])
    warnings = route_warnings(route, small_router, "en")
    assert [(w["warning"], w["message"], w["step_count"]) for w in warnings] == [
        ("steps", "Steps (10 steps)", 10)
    ]
    assert [s["text"] for s in route_instructions(route, "en")] == [
        "Head east on the footpath for 100 m",
        "Continue straight onto the steps and go 100 m",
        "Arrive at the destination",
    ]


def test_steep_bypass_warns_of_each_slope_and_the_unknown_stretch(small_router):
    route = small_router.route(N[1], N[3], STEEP_NARROW_OK)
    warnings = route_warnings(route, small_router, "en")
    assert [(w["warning"], w["message"]) for w in warnings] == [
        (
            "data_unknown",
            "Accessibility data unknown for the whole route (400 m): kerb heights are not "
            "recorded here",
        ),
        ("unknown_stretch", "Slope unknown for 100 m"),
        ("incline", "10 % uphill for 100 m"),
        ("incline", "10 % downhill for 100 m"),
    ]
    assert [w["at_m"] for w in warnings] == pytest.approx([0, 0, 100, 300], abs=1)
    assert warnings[3]["incline_percent"] == -10.0
    ja = [w["message"] for w in route_warnings(route, small_router, "ja")]
    assert ja[1:] == [
        "この先100 m、勾配の情報がありません",
        "100 mの上り坂（最大 10 %）",
        "100 mの下り坂（最大 10 %）",
    ]
    assert [s["modifier"] for s in route_instructions(route, "en")] == [
        None,
        "left",
        "right",
        "right",
        None,
    ]


def test_comparison_with_the_pedestrian_route(small_router):
    route = small_router.route(N[1], N[3], PROFILES["wheelchair"])
    walk = small_router.route(N[1], N[3], PROFILES["pedestrian"])
    comparison = compare_with_pedestrian(route, walk, small_router)
    assert comparison["distance_m"] == pytest.approx(200, abs=1)
    assert comparison["extra_distance_m"] == pytest.approx(402, abs=2)
    assert comparison["extra_percent"] == pytest.approx(201, abs=1.5)
    assert comparison["steps_avoided"] == 1
    assert comparison["step_count_avoided"] == 10
    (flight,) = comparison["avoided_steps"]
    assert (flight["lon"], flight["lat"]) == pytest.approx(N[2][::-1])
    # A route that takes the same steps avoids none.
    assert compare_with_pedestrian(walk, walk, small_router)["steps_avoided"] == 0


def test_blocked_route_says_by_how_much_and_how_near_it_gets(small_router):
    narrow_ok = PROFILES["wheelchair_manual"].with_limits(min_width_m=0.7)
    with pytest.raises(BlockedRoute) as info:
        small_router.route(N[1], N[4], narrow_ok)
    (barrier,) = info.value.barriers
    assert (barrier["kind"], barrier["value"], barrier["limit"]) == ("incline_up", 10.0, 5.0)
    assert describe_barrier(barrier, "en") == "incline_up 10 % > 5 %"
    assert describe_barrier(barrier, "ja") == "上り勾配 10 % > 上限 5 %"
    nearest = info.value.nearest_reachable
    # Node 2, at the foot of the slope: 100 m from node 4 and 100 m from the origin.
    assert (nearest["lon"], nearest["lat"]) == pytest.approx(N[2][::-1])
    assert nearest["distance_to_destination_m"] == pytest.approx(100, abs=0.5)
    assert nearest["distance_from_origin_m"] == pytest.approx(100, abs=0.5)


def test_kissing_gate_leaves_the_origin_as_nearest(small_router):
    with pytest.raises(BlockedRoute) as info:
        small_router.route(N[3], N[9], PROFILES["wheelchair"])
    assert [b["value"] for b in info.value.barriers] == ["kissing_gate"]
    nearest = info.value.nearest_reachable
    assert nearest["distance_to_destination_m"] == pytest.approx(200, abs=0.5)
    assert nearest["distance_from_origin_m"] == 0.0


@pytest.mark.parametrize(
    ("barrier", "en", "ja"),
    [
        ({"kind": "kerb", "value": 0.06, "limit": 0.02, "unit": "m"}, "kerb 6 cm > 2 cm", None),
        ({"kind": "width", "value": 0.8, "limit": 0.9, "unit": "m"}, "width 80 cm < 90 cm", None),
        ({"kind": "steps", "value": 12, "unit": "steps"}, "steps (12 steps)", "階段（12段）"),
        ({"kind": "steps", "value": None, "unit": "steps"}, "steps", "階段"),
    ],
)
def test_barriers_are_described(barrier, en, ja):
    assert describe_barrier(barrier, "en") == en
    if ja:
        assert describe_barrier(barrier, "ja") == ja
