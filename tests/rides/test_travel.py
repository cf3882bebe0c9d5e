"""Driving times between points: snapping, one-way streets, matrices on a toy and on Meguro."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from shapely.geometry import box

from rides.travel import TravelTimes
from routing.area import ServiceArea
from routing.builder import Way, WaySet
from routing.drive import _drive_attributes, build_drive_graph
from routing.errors import InvalidQuery, NoUsableWayNearby, OutsideServiceArea

# A one-way loop A -> B -> C -> D -> A with a short side A -> B (about 100 m) and a long way
# back (about 200 + 100 + 200 m), and a two-way spur C - E.
XY = {
    "A": (139.6900, 35.6300),
    "B": (139.6911, 35.6300),
    "C": (139.6911, 35.6282),
    "D": (139.6900, 35.6282),
    "E": (139.6922, 35.6282),
}


@pytest.fixture(scope="module")
def loop() -> TravelTimes:
    ways = WaySet(node_xy=dict(XY))
    for tail, head in ("AB", "BC", "CD", "DA"):
        ways.ways.append(Way([tail, head], _drive_attributes("residential", oneway=True), True))
    ways.ways.append(Way(["C", "E"], _drive_attributes("tertiary", oneway=False), False))
    G = build_drive_graph(ways, name="loop", simplify=False)
    return TravelTimes(G)


def _edge(travel: TravelTimes, tail: str, head: str, what: str = "travel_time_s") -> float:
    G = travel.graph
    at = {(d["x"], d["y"]): n for n, d in G.nodes(data=True)}
    return float(G.edges[at[XY[tail]], at[XY[head]], 0][what])


def _latlon(name: str) -> tuple[float, float]:
    return XY[name][1], XY[name][0]


def _along(a: str, b: str, fraction: float) -> tuple[float, float]:
    (x0, y0), (x1, y1) = XY[a], XY[b]
    return y0 + fraction * (y1 - y0), x0 + fraction * (x1 - x0)


def test_one_way_loop_is_direct_forward_and_round_backward(loop: TravelTimes) -> None:
    ab, bc, cd, da = (_edge(loop, *pair) for pair in ("AB", "BC", "CD", "DA"))
    m = loop.matrix([_latlon("A"), _latlon("B")])
    assert m.time_s[0, 1] == pytest.approx(ab, rel=1e-9)
    assert m.time_s[1, 0] == pytest.approx(bc + cd + da, rel=1e-9)
    metres = [_edge(loop, *pair, what="length") for pair in ("AB", "BC", "CD", "DA")]
    assert m.distance_m[0, 1] == pytest.approx(metres[0], rel=1e-9)
    assert m.distance_m[1, 0] == pytest.approx(sum(metres[1:]), rel=1e-9)
    assert np.diag(m.time_s).tolist() == [0.0, 0.0]


def test_points_inside_edges_count_the_partial_edges_in_the_allowed_direction(
    loop: TravelTimes,
) -> None:
    ab, bc, cd, da, ce = (_edge(loop, *pair) for pair in ("AB", "BC", "CD", "DA", "CE"))
    p, q = _along("A", "B", 0.25), _along("A", "B", 0.75)
    e = _along("C", "E", 0.5)
    m = loop.matrix([p, q, e])
    # Ahead on the same one-way edge: straight along it; behind: all the way round.
    assert m.time_s[0, 1] == pytest.approx(0.5 * ab, rel=1e-6)
    assert m.time_s[1, 0] == pytest.approx(0.25 * ab + bc + cd + da + 0.25 * ab, rel=1e-6)
    # The two-way spur is entered from C and left back to C.
    assert m.time_s[0, 2] == pytest.approx(0.75 * ab + bc + 0.5 * ce, rel=1e-6)
    assert m.time_s[2, 0] == pytest.approx(0.5 * ce + cd + da + 0.25 * ab, rel=1e-6)
    snaps = m.snaps
    assert snaps[0].distance_m == pytest.approx(0.0, abs=0.01)
    assert snaps[0].fraction == pytest.approx(0.25, abs=1e-3)


def test_bad_points_are_refused_with_a_clear_error(loop: TravelTimes) -> None:
    with pytest.raises(InvalidQuery, match="point 1"):
        loop.matrix([_latlon("A"), (95.0, 139.69)])
    with pytest.raises(NoUsableWayNearby, match="within 250 m of the point 0"):
        loop.matrix([(35.64, 139.69)])  # about 1 km north of the loop
    area = ServiceArea.from_polygon(box(139.689, 35.627, 139.693, 35.631), buffer_m=0.0)
    fenced = TravelTimes(loop.graph, area)
    with pytest.raises(OutsideServiceArea) as info:
        fenced.matrix([_latlon("A"), (35.6300, 139.6980)])  # about 460 m east of the box
    assert info.value.which.startswith("point 1")
    assert info.value.distance_m == pytest.approx(454, abs=10)
    assert fenced.can_snap([_latlon("A"), (35.6300, 139.6980)]).tolist() == [True, False]


# --- Meguro ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def meguro() -> TravelTimes:
    return TravelTimes.for_meguro()


def _node_points(travel: TravelTimes, count: int, seed: int) -> tuple[list[int], list]:
    """Points exactly at graph nodes inside the ward, so times equal node-to-node times."""
    rng = np.random.default_rng(seed)
    G = travel.graph
    assert travel.area is not None
    chosen: list[int] = []
    while len(chosen) < count:
        n = travel.nodes[int(rng.integers(len(travel.nodes)))]
        lat, lon = G.nodes[n]["y"], G.nodes[n]["x"]
        if travel.area.distance_outside_m(lat, lon) == 0 and n not in chosen:
            chosen.append(n)
    return chosen, [(G.nodes[n]["y"], G.nodes[n]["x"]) for n in chosen]


@pytest.mark.slow
def test_meguro_matrix_matches_networkx_on_node_pairs(meguro: TravelTimes) -> None:
    nodes, points = _node_points(meguro, 6, seed=3)
    m = meguro.matrix(points)
    for i, u in enumerate(nodes):
        lengths = nx.single_source_dijkstra_path_length(meguro.graph, u, weight="travel_time_s")
        for j, v in enumerate(nodes):
            assert m.time_s[i, j] == pytest.approx(lengths[v], rel=1e-9, abs=1e-6)


@pytest.mark.slow
def test_meguro_matrix_is_a_proper_asymmetric_metric(meguro: TravelTimes) -> None:
    _, points = _node_points(meguro, 60, seed=7)
    m = meguro.matrix(points)
    t = m.time_s
    assert (
        np.all(np.isfinite(t))
        and np.all(np.diag(t) == 0)
        and np.all(t[~np.eye(60, dtype=bool)] > 0)
    )
    # Triangle inequality between nodes, on every triple.
    via = t[:, :, None] + t[None, :, :]  # i -> j -> k
    assert np.all(t[:, None, :] <= via + 1e-6)
    # One-way streets make some pairs differ by more than a minute.
    assert np.abs(t - t.T).max() > 60
    # Urban speeds: driven distance over time lies between 10 and 35 km/h on every pair.
    speed_kph = m.distance_m[t > 0] / t[t > 0] * 3.6
    assert speed_kph.min() >= 10.0 and speed_kph.max() <= 35.0


@pytest.mark.slow
def test_meguro_refuses_points_outside_the_service_area(meguro: TravelTimes) -> None:
    naka_meguro = (35.6440, 139.6988)
    shinjuku = (35.6896, 139.7006)  # about 3 km north of the ward
    with pytest.raises(OutsideServiceArea, match="point 1"):
        meguro.matrix([naka_meguro, shinjuku])
