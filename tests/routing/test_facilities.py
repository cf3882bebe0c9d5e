"""Facility files and the nearest facility by step-free route, checked against routing each."""

import pytest

from routing.errors import InvalidQuery, NoRouteFound, NoUsableWayNearby
from routing.facilities import (
    FACILITY_MAX_SNAP_M,
    Facility,
    in_area,
    load_facilities,
    nearest_facilities,
    suitable,
)
from routing.profiles import PROFILES

PARK = (35.6247, 139.6632)
NAKAMEGURO = (35.6440, 139.6990)


def test_toilets_join_rows_of_one_place():
    toilets = load_facilities("toilet")
    # 106 public and 11 station rows, every one kept as a detail of some place.
    assert sum(len(t.details) for t in toilets) == 117
    assert len(toilets) == 71
    stations = [t for t in toilets if t.name.endswith("駅 (東横線)")]
    assert {t.name for t in stations} == {
        "中目黒駅 (東横線)",
        "祐天寺駅 (東横線)",
        "学芸大学駅 (東横線)",
        "都立大学駅 (東横線)",
    }
    # The park's toilets lie far apart: two places, not one.
    komazawa = [t for t in toilets if t.name == "駒沢オリンピック公園"]
    assert len(komazawa) == 2
    # Three places do not say they suit a wheelchair.
    assert sorted(t.name for t in toilets if not t.wheelchair) == [
        "原町住区センター",
        "大岡山東住区センター",
        "烏森住区センター (烏森住区センター)",
    ]


def test_shelters_and_the_service_area(meguro_router):
    shelters = load_facilities("shelter")
    assert len(shelters) == 366
    inside = in_area(meguro_router, shelters)
    meguro = [s for s in shelters if s.address and "Meguro" in s.address]
    assert set(map(id, meguro)) <= set(map(id, inside))
    # The ward and 1 km around it, cut to where the bundled street data reaches.
    assert len(inside) == 93


def test_unknown_kind_is_refused():
    with pytest.raises(InvalidQuery, match="unknown facility kind 'cafe'"):
        load_facilities("cafe")


def test_wheeled_profiles_skip_toilets_not_for_wheelchairs():
    toilets = load_facilities("toilet")
    assert len(suitable(toilets, PROFILES["pedestrian"])) == 71
    assert len(suitable(toilets, PROFILES["stroller"])) == 68


def brute_force(router, origin, profile, facilities):
    """Route to every facility one by one: {facility: cost} where a route exists."""
    costs = {}
    for f in facilities:
        try:
            route = router.route(origin, (f.lat, f.lon), profile)
        except (NoRouteFound, NoUsableWayNearby):
            continue
        if route.destination.distance_m <= FACILITY_MAX_SNAP_M:
            costs[f] = route.cost
    return costs


@pytest.mark.parametrize(
    ("origin", "profile", "kind"),
    [
        (PARK, "wheelchair", "toilet"),
        (NAKAMEGURO, "wheelchair", "toilet"),
        (PARK, "pedestrian", "shelter"),
        (NAKAMEGURO, "stroller", "shelter"),
    ],
)
def test_nearest_matches_routing_to_each(meguro_router, origin, profile, kind):
    chosen = PROFILES[profile]
    candidates = suitable(in_area(meguro_router, load_facilities(kind)), chosen)
    ranked, left_out = nearest_facilities(
        meguro_router, origin, chosen, candidates, limit=len(candidates)
    )
    assert len(ranked) + len(left_out) == len(candidates)
    distances = [r.distance_m for r in ranked]
    assert distances == sorted(distances)
    assert all(r.duration_s == pytest.approx(r.distance_m / chosen.speed_mps) for r in ranked)

    # One search gives what routing to each facility gives.
    expected = brute_force(meguro_router, origin, chosen, candidates)
    found = {r.facility: r for r in ranked}
    assert set(expected) <= set(found)
    for facility, cost in expected.items():
        assert found[facility].distance_m == pytest.approx(cost, abs=0.5)
    # The others' nearest way is cut off from the origin; they are reached on the next way.
    for facility in set(found) - set(expected):
        snap = found[facility].snap
        route = meguro_router.route(origin, (snap.lat, snap.lon), chosen)
        assert route.cost == pytest.approx(found[facility].distance_m, abs=0.5)
        assert snap.distance_m <= FACILITY_MAX_SNAP_M


def test_a_school_off_a_cut_off_path_is_reached_by_the_next_way(meguro_router):
    chosen = PROFILES["wheelchair"]
    school = [f for f in load_facilities("shelter") if f.name == "目黒区立中目黒小学校"]
    with pytest.raises(NoRouteFound):
        meguro_router.route(PARK, (school[0].lat, school[0].lon), chosen)
    (reach,), left_out = nearest_facilities(meguro_router, PARK, chosen, school)
    assert left_out == []
    direct = meguro_router.route(PARK, (reach.snap.lat, reach.snap.lon), chosen)
    assert direct.cost == pytest.approx(reach.distance_m, abs=0.5)
    assert direct.steps_used == 0


def test_nearest_wheelchair_toilet_from_the_park(meguro_router):
    chosen = PROFILES["wheelchair"]
    toilets = suitable(in_area(meguro_router, load_facilities("toilet")), chosen)
    nearest, left_out = nearest_facilities(meguro_router, PARK, chosen, toilets, limit=1)
    assert nearest[0].facility.name == "駒沢オリンピック公園"
    assert nearest[0].distance_m == pytest.approx(1013.3, abs=0.5)
    assert left_out == []


def test_far_facilities_are_left_out_with_the_reason(meguro_router):
    # A place on the park lawn, 59 m from the nearest way: beyond a 50 m snapping limit.
    lawn = Facility("shelter", "lawn", "", 35.6258, 139.6639, None, ())
    near = Facility("shelter", "path", "", 35.62469, 139.66315, None, ())
    reached, left_out = nearest_facilities(
        meguro_router, PARK, PROFILES["pedestrian"], [lawn, near], max_snap_m=50.0
    )
    assert [r.facility.name for r in reached] == ["path"]
    assert [(u.facility.name, u.reason) for u in left_out] == [
        ("lawn", "no way usable with profile 'pedestrian' within 50 m")
    ]
