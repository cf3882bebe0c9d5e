"""Isochrones: exact reach on the fixture graph, consistent with routes on Meguro."""

import math

import numpy as np
import pytest
import shapely
from shapely.geometry import Point

from routing.errors import InvalidQuery
from routing.isochrone import ISOCHRONE_BUFFER_M, isochrone
from routing.profiles import PROFILES

# Fixture nodes as (lat, lon); see tests/routing/test_small_graph.py for the drawing.
N1, N2, N9 = (35.63, 139.70), (35.63, 139.70111), (35.63, 139.70442)
PARK = (35.6247, 139.6632)


def node_index(router, latlon):
    lat, lon = latlon
    x, y = router.projection.to_m(lon, lat)
    return int(np.argmin(np.hypot(router.node_x - x, router.node_y - y)))


def edge_length(router, a, b):
    i, j = node_index(router, a), node_index(router, b)
    return next(
        float(router.table.length_m[e])
        for e in range(len(router.edges))
        if (router.tail[e], router.head[e]) == (i, j)
    )


def reached(iso):
    return {int(i): float(c) for i, c in enumerate(iso.node_cost) if np.isfinite(c)}


def test_pedestrian_two_minutes_from_node_1(small_router):
    iso = isochrone(small_router, N1, PROFILES["pedestrian"], 120)
    assert iso.budget_m == pytest.approx(144.0)
    one_two = edge_length(small_router, N1, N2)  # about 100 m
    assert reached(iso) == {
        node_index(small_router, N1): 0.0,
        node_index(small_router, N2): pytest.approx(one_two),
    }
    # 1-2 whole, 144 m of the 200 m south path, and what is left at 2 up the steps and the
    # slope: 44 m each.
    assert iso.reached_length_m == pytest.approx(one_two + 144.0 + 2 * (144.0 - one_two))
    assert iso.reached_length_m == pytest.approx(332.1, abs=0.2)


def test_wheelchair_three_minutes_skips_the_steps_and_the_slope(small_router):
    iso = isochrone(small_router, N1, PROFILES["wheelchair_manual"], 180)
    assert iso.budget_m == pytest.approx(162.0)
    assert set(reached(iso)) == {node_index(small_router, N1), node_index(small_router, N2)}
    assert iso.reached_length_m == pytest.approx(edge_length(small_router, N1, N2) + 162.0)


def test_area_of_one_straight_stretch(small_router):
    # From the dead end at 9, 50 m reach back along the straight path towards 8.
    iso = isochrone(small_router, N9, PROFILES["pedestrian"], 50 / 1.2)
    assert iso.reached_length_m == pytest.approx(50.0)
    r = ISOCHRONE_BUFFER_M
    band = 2 * r * 50.0
    # Two half discs drawn with 4 segments per quarter circle: 97.4 % of pi r^2.
    assert band + 0.97 * math.pi * r**2 <= iso.area_m2 <= band + math.pi * r**2


def test_more_time_reaches_a_superset(small_router):
    short = isochrone(small_router, N1, PROFILES["pedestrian"], 60)
    long = isochrone(small_router, N1, PROFILES["pedestrian"], 240)
    assert long.polygon.buffer(1e-9).contains(short.polygon)
    assert long.reached_length_m > short.reached_length_m
    assert long.area_m2 > short.area_m2


@pytest.mark.parametrize("seconds", [0, -60, 7201, float("nan")])
def test_time_out_of_range_is_refused(small_router, seconds):
    with pytest.raises(InvalidQuery, match="between 0 and 120 minutes"):
        isochrone(small_router, N1, PROFILES["pedestrian"], seconds)


def test_a_reported_closure_shrinks_the_isochrone(small_router):
    before = isochrone(small_router, N1, PROFILES["pedestrian"], 120)
    south = np.zeros(len(small_router.edges), dtype=bool)
    i, j = node_index(small_router, N1), node_index(small_router, (35.6281914, 139.70))
    for e in range(len(small_router.edges)):
        south[e] = {int(small_router.tail[e]), int(small_router.head[e])} == {i, j}
    small_router.set_reported({"pedestrian": south})
    try:
        after = isochrone(small_router, N1, PROFILES["pedestrian"], 120)
    finally:
        small_router.set_reported({})
    assert after.reached_length_m == pytest.approx(before.reached_length_m - 144.0)


def test_meguro_ten_minutes_wheelchair_within_pedestrian(meguro_router):
    chair = isochrone(meguro_router, PARK, PROFILES["wheelchair"], 600)
    walk = isochrone(meguro_router, PARK, PROFILES["pedestrian"], 600)
    assert chair.origin.edge == walk.origin.edge
    # Everything a wheelchair reaches, a pedestrian (faster, fewer closures) reaches too.
    assert walk.polygon.buffer(1e-7).contains(chair.polygon)
    assert walk.area_m2 >= chair.area_m2
    assert walk.reached_length_m >= chair.reached_length_m
    # Neither exceeds the disc of the budget plus the buffer.
    for iso in (chair, walk):
        assert iso.area_m2 <= math.pi * (iso.budget_m + ISOCHRONE_BUFFER_M) ** 2
    # The park's stepped paths keep a wheelchair within a small area; measured on the bundled
    # data: 68,600 m2 against 268,900 m2 on foot.
    assert chair.area_m2 == pytest.approx(68_600, rel=0.03)
    assert walk.area_m2 == pytest.approx(268_900, rel=0.03)
    assert chair.polygon.contains(Point(PARK[1], PARK[0]))


def test_meguro_node_costs_match_routes(meguro_router):
    profile = PROFILES["wheelchair"]
    iso = isochrone(meguro_router, PARK, profile, 900)
    nodes = np.flatnonzero(np.isfinite(iso.node_cost))
    assert nodes.size > 50
    rng = np.random.default_rng(7)
    for i in rng.choice(nodes, size=6, replace=False):
        lon, lat = meguro_router.projection.to_lonlat(
            meguro_router.node_x[i], meguro_router.node_y[i]
        )
        route = meguro_router.route(PARK, (float(lat), float(lon)), profile)
        assert route.cost == pytest.approx(iso.node_cost[i], abs=0.5)
        assert iso.polygon.contains(shapely.Point(float(lon), float(lat)))
