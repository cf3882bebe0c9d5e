"""Profiles: defaults, per-request limits, contradictions and vectorised edge costs."""

import numpy as np
import pytest

from routing.errors import InvalidQuery
from routing.profiles import BLOCK_REASONS, PROFILES, Categories, EdgeTable, edge_costs


def test_wheelchair_defaults_follow_the_road_and_building_standards():
    manual = PROFILES["wheelchair"]
    assert (manual.max_uphill_percent, manual.max_downhill_percent) == (5.0, 8.0)
    assert manual.max_kerb_height_m == 0.02
    assert manual.min_width_m == 0.9
    assert manual.avoid_steps and manual.wheeled
    assert PROFILES["wheelchair_electric"].max_uphill_percent == pytest.approx(8.333, abs=0.001)
    assert PROFILES["pedestrian"].relevant_attributes() == []
    assert PROFILES["wheelchair"].relevant_attributes() == [
        "incline_percent",
        "kerb_height_m",
        "width_m",
        "surface",
    ]


@pytest.mark.parametrize(
    ("limits", "fragment"),
    [
        ({"min_width_m": -0.5}, "min_width_m must lie between 0 and 5 m"),
        ({"max_uphill_percent": 500}, "max_uphill_percent must lie between 0 and 50 %"),
        ({"max_kerb_height_m": float("nan")}, "max_kerb_height_m must lie between"),
        ({"speed_mps": "fast"}, "speed_mps must be a number"),
        ({"avoid_steps": "no"}, "avoid_steps must be true or false"),
        ({"avoid_surfaces": ["gravel", "lava"]}, "unknown OSM surface value(s) lava"),
        ({"unknown": {"slope": "forbid"}}, "unknown-data policy must map"),
        ({"max_slope": 3}, "unknown limit(s) max_slope"),
    ],
)
def test_out_of_range_limits_are_refused_with_the_name(limits, fragment):
    with pytest.raises(InvalidQuery) as info:
        PROFILES["wheelchair"].with_limits(**limits)
    assert fragment in str(info.value)


def test_a_wheeled_profile_cannot_be_allowed_onto_steps():
    with pytest.raises(InvalidQuery, match="cannot climb steps"):
        PROFILES["wheelchair"].with_limits(avoid_steps=False)


def test_a_kerb_limit_below_a_stair_riser_needs_steps_avoided():
    with pytest.raises(InvalidQuery, match="lower than a single stair riser"):
        PROFILES["pedestrian"].with_limits(max_kerb_height_m=0.05)
    ok = PROFILES["pedestrian"].with_limits(max_kerb_height_m=0.05, avoid_steps=True)
    assert ok.max_kerb_height_m == 0.05


def test_an_unknown_policy_needs_a_limit_to_act_on():
    with pytest.raises(InvalidQuery, match="unknown_kerb=forbid needs max_kerb_height_m"):
        PROFILES["stroller"].with_limits(unknown={"kerb": "forbid"})
    kerb_aware = PROFILES["stroller"].with_limits(max_kerb_height_m=0.03, unknown={"kerb": "avoid"})
    assert kerb_aware.policy("kerb") == "avoid"


def test_policies_add_to_those_already_set():
    first = PROFILES["wheelchair"].with_limits(unknown={"surface": "avoid"})
    both = first.with_limits(unknown={"width": "forbid"})
    assert both.unknown == {"surface": "avoid", "width": "forbid"}


def test_categories_match_values_and_leave_unknown_out():
    cats = Categories.from_values(["gravel", None, "asphalt", "gravel"])
    assert cats.isin({"gravel", "sand"}).tolist() == [True, False, False, True]
    assert cats.unknown.tolist() == [False, True, False, False]


def test_edge_costs_name_the_closing_reason_on_the_fixture(small_router):
    cost, reason = edge_costs(PROFILES["wheelchair"], small_router.table)
    data = small_router.edge_data
    kinds = {BLOCK_REASONS[r] for r in reason if r >= 0}
    assert kinds == {"steps", "incline_up", "incline_down", "width", "barrier"}
    for i, d in enumerate(data):
        if d["steps"]:
            assert BLOCK_REASONS[reason[i]] == "steps" and np.isinf(cost[i])
        if d["barrier"] == "kissing_gate":
            assert BLOCK_REASONS[reason[i]] == "barrier"
    # The south path is open at its length.
    south = [i for i, d in enumerate(data) if d["name"] == "South path"]
    assert np.allclose(cost[south], small_router.table.length_m[south])


def test_forbidding_unknown_width_closes_only_edges_without_width(small_router):
    strict = PROFILES["wheelchair"].with_limits(unknown={"width": "forbid"})
    _, reason = edge_costs(strict, small_router.table)
    code = BLOCK_REASONS.index("unknown_width")
    closed = {i for i, r in enumerate(reason) if r == code}
    assert closed == {
        i for i, d in enumerate(small_router.edge_data) if d["width_m"] is None and not d["steps"]
    }


def _table(**columns):
    """An EdgeTable of a few edges where only the given columns are known."""
    n = len(next(iter(columns.values())))
    edges = [{"length": 10.0, **{k: v[i] for k, v in columns.items()}} for i in range(n)]
    return EdgeTable.from_edges(edges)


def test_incline_bounds_close_edges_a_class_proves_too_steep():
    # MLIT slope classes: ">5 % rising" walked up, the same link walked down, and flat-ish.
    table = _table(
        incline_min_percent=[5.0, None, -5.0],
        incline_max_percent=[None, -5.0, 5.0],
    )
    cost, reason = edge_costs(PROFILES["wheelchair_manual"], table)  # 5 % up, 8 % down
    assert [BLOCK_REASONS[r] if r >= 0 else None for r in reason] == ["incline_up", None, None]
    strict = PROFILES["wheelchair_manual"].with_limits(max_downhill_percent=5)
    _, reason = edge_costs(strict, table)
    assert [BLOCK_REASONS[r] if r >= 0 else None for r in reason] == [
        "incline_up",
        "incline_down",
        None,
    ]


def test_bounds_within_the_limits_count_as_known_incline():
    table = _table(incline_min_percent=[-5.0, None], incline_max_percent=[5.0, None])
    cautious = PROFILES["wheelchair_manual"].with_limits(unknown={"incline": "forbid"})
    _, reason = edge_costs(cautious, table)
    assert [BLOCK_REASONS[r] if r >= 0 else None for r in reason] == [None, "unknown_incline"]


def test_width_bound_below_the_limit_closes_but_above_stays_unknown():
    table = _table(width_max_m=[0.8, 1.0])
    _, reason = edge_costs(PROFILES["wheelchair_manual"], table)  # needs 0.9 m
    assert [BLOCK_REASONS[r] if r >= 0 else None for r in reason] == ["width", None]


def test_stroller_ramp_opens_steps_for_strollers_only():
    table = _table(steps=[True, True], ramp_stroller=[True, False])
    _, reason = edge_costs(PROFILES["stroller"], table)
    assert [BLOCK_REASONS[r] if r >= 0 else None for r in reason] == [None, "steps"]
    _, reason = edge_costs(PROFILES["wheelchair_manual"], table)
    assert [BLOCK_REASONS[r] if r >= 0 else None for r in reason] == ["steps", "steps"]
