"""Which edges a report closes, for whom, and until when (fixture graph)."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from shapely.geometry import LineString, Point

from routing.errors import InvalidQuery
from routing.profiles import PROFILES
from routing.reports import (
    ActiveReport,
    LiveClosures,
    ReportNotOnAnyWay,
    affected_profiles,
    closure_masks,
    edges_closed_by,
)

# Fixture nodes as (lon, lat): 1=(0,0), 2=(100,0), 3=(200,0) m on the grid.
P1, P2, P3 = (139.70, 35.63), (139.70111, 35.63), (139.70221, 35.63)
M_LAT = 1 / 110_574.0  # degrees of latitude per metre


def ends(router, edges):
    """Each closed edge as the (lon, lat) of its tail and head, rounded."""
    out = set()
    for e in edges.tolist():
        coords = router.edge_data[e]["geometry"].coords
        out.add((tuple(np.round(coords[0], 4)), tuple(np.round(coords[-1], 4))))
    return out


def test_a_point_beside_a_way_closes_it_both_ways(small_router):
    edges = edges_closed_by(small_router, Point(139.7005, 35.63 + 4 * M_LAT), "construction")
    assert ends(small_router, edges) == {
        ((139.70, 35.63), (139.7011, 35.63)),
        ((139.7011, 35.63), (139.70, 35.63)),
    }


def test_a_point_on_a_junction_closes_every_way_there(small_router):
    edges = edges_closed_by(small_router, Point(*P2), "construction")
    # 2 meets 1, 3 (steps) and 4: three ways, six edges.
    assert len(edges) == 6


def test_a_line_closes_the_ways_it_follows_not_those_it_crosses(small_router):
    # Along 1-2 and on over 2-3, 2 m north of them; 2-4 leaves 2 northwards and is crossed.
    line = LineString([(139.7002, 35.63 + 2 * M_LAT), (139.7020, 35.63 + 2 * M_LAT)])
    edges = edges_closed_by(small_router, line, "construction")
    assert {small_router.edge_data[e]["highway"] for e in edges} == {"footway", "steps"}
    assert len(edges) == 4


def test_too_far_says_how_far(small_router):
    with pytest.raises(ReportNotOnAnyWay, match="is 40 m from the nearest way") as err:
        edges_closed_by(small_router, Point(139.7005, 35.63 + 40 * M_LAT), "construction")
    assert err.value.distance_m == pytest.approx(40.0, abs=0.5)


def test_unknown_kind_is_refused(small_router):
    with pytest.raises(InvalidQuery, match="unknown barrier kind 'pothole'"):
        edges_closed_by(small_router, Point(*P1), "pothole")


def test_kinds_name_the_profiles_they_stop():
    assert affected_profiles("construction") == list(PROFILES)
    wheeled = [n for n, p in PROFILES.items() if p.wheeled]
    assert affected_profiles("parked_bicycles") == wheeled
    assert "pedestrian" not in affected_profiles("steps_temporary")


def test_masks_join_reports_per_profile():
    masks = closure_masks(
        5, [("parked_bicycles", np.array([0, 1])), ("construction", np.array([3]))]
    )
    assert masks["pedestrian"].tolist() == [False, False, False, True, False]
    assert masks["wheelchair"].tolist() == [True, True, False, True, False]


def test_live_closures_expire_when_their_time_passes(small_router):
    now = datetime(2030, 1, 1, tzinfo=UTC)
    closures = LiveClosures(small_router)
    steps = np.array([i for i, d in enumerate(small_router.edge_data) if d["steps"]])
    try:
        closures.add(1, ActiveReport("construction", steps, now + timedelta(hours=1)), now)
        assert (
            small_router.route(
                (35.63, 139.70), (35.63, 139.70221), PROFILES["pedestrian"]
            ).steps_used
            == 0
        )
        assert closures.refresh(now + timedelta(minutes=59)) is False
        assert small_router.reported["pedestrian"][steps].all()
        assert closures.refresh(now + timedelta(hours=1)) is True
        assert closures.reports == {}
        assert (
            small_router.route(
                (35.63, 139.70), (35.63, 139.70221), PROFILES["pedestrian"]
            ).steps_used
            == 1
        )
    finally:
        small_router.set_reported({})
