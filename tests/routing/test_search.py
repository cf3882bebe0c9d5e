"""The compiled search returns the least costs networkx finds, whatever the bounds and buffers."""

from __future__ import annotations

import itertools
import threading

import networkx as nx
import numpy as np
import pytest

from routing._search import SearchGraph, astar_core
from routing.profiles import PROFILES
from routing.router import _HEURISTIC_PER_M, Router


def search_graph(router: Router) -> SearchGraph:
    return SearchGraph(router.tail, router.head, router.node_x, router.node_y, _HEURISTIC_PER_M)


def digraph(router: Router, cost: np.ndarray) -> nx.DiGraph:
    """The open edges as a DiGraph keeping the cheapest of parallel edges."""
    D = nx.DiGraph()
    D.add_nodes_from(range(len(router.nodes)))
    for edge, (u, v) in enumerate(zip(router.tail.tolist(), router.head.tolist(), strict=True)):
        w = float(cost[edge])
        if np.isfinite(w) and (not D.has_edge(u, v) or w < D[u][v]["weight"]):
            D.add_edge(u, v, weight=w)
    return D


def between(engine: SearchGraph, cost: np.ndarray, s: int, t: int):  # type: ignore[no-untyped-def]
    point = (float(engine.x_m[t]), float(engine.y_m[t]))
    return engine.astar(cost, np.array([s]), np.zeros(1), np.array([t]), np.zeros(1), point)


def nx_cost(D: nx.DiGraph, s: int, t: int) -> float:
    try:
        return float(nx.dijkstra_path_length(D, s, t))
    except nx.NetworkXNoPath:
        return float("inf")


def path_cost(router: Router, cost: np.ndarray, s: int, t: int, edges: list[int]) -> float:
    """The cost of an edge list, checking that it is a walk from s to t."""
    at = s
    for e in edges:
        assert router.tail[e] == at
        at = int(router.head[e])
    assert at == t
    return float(sum(cost[e] for e in edges))


@pytest.mark.parametrize("landmarks", [False, True])
@pytest.mark.parametrize("name", ["pedestrian", "wheelchair_manual", "stroller"])
def test_every_pair_on_the_small_graph_costs_what_networkx_finds(small_router, name, landmarks):
    engine = search_graph(small_router)
    cost = small_router.costs(PROFILES[name])[0]
    if landmarks:
        engine.prepare(cost, n_landmarks=3)
    D = digraph(small_router, cost)
    n = len(small_router.nodes)
    reachable = 0
    for s, t in itertools.product(range(n), range(n)):
        expected = nx_cost(D, s, t)
        found = between(engine, cost, s, t)
        if not np.isfinite(expected):
            assert found is None
            continue
        reachable += 1
        assert found.cost == pytest.approx(expected, rel=1e-12)
        assert path_cost(small_router, cost, s, t, found.edges) == pytest.approx(found.cost)
    assert reachable > n  # more than the trivial pairs


@pytest.mark.parametrize("name", ["pedestrian", "wheelchair_manual"])
def test_meguro_pairs_cost_what_networkx_finds(meguro_router, name):
    engine = search_graph(meguro_router)
    cost = meguro_router.costs(PROFILES[name])[0]
    engine.prepare(cost)
    D = digraph(meguro_router, cost)
    rng = np.random.default_rng(3)
    # Nodes of the largest part the profile can walk around in, so that most pairs connect.
    largest = max(nx.strongly_connected_components(D), key=len)
    nodes = np.array(sorted(largest))
    compared = 0
    for s, t in rng.choice(nodes, size=(20, 2)):
        expected = nx_cost(D, int(s), int(t))
        found = between(engine, cost, int(s), int(t))
        assert found is not None
        assert found.cost == pytest.approx(expected, rel=1e-9)
        assert path_cost(meguro_router, cost, s, t, found.edges) == pytest.approx(expected)
        compared += 1
    assert compared == 20


def test_meguro_pairs_split_by_closures_are_unreachable(meguro_router):
    engine = search_graph(meguro_router)
    cost = meguro_router.costs(PROFILES["wheelchair_manual"])[0]
    engine.prepare(cost)
    D = digraph(meguro_router, cost)
    parts = sorted(nx.strongly_connected_components(D), key=len, reverse=True)
    big, small = min(parts[0]), min(parts[1])
    assert nx_cost(D, big, small) == np.inf or nx_cost(D, small, big) == np.inf
    for s, t in [(big, small), (small, big)]:
        found = between(engine, cost, s, t)
        assert (found is None) == (nx_cost(D, s, t) == np.inf)


def test_several_sources_and_targets_give_the_cheapest_combination(small_router):
    # No straight-line bound: the finishing costs drawn here need not exceed it.
    engine = SearchGraph(
        small_router.tail, small_router.head, small_router.node_x, small_router.node_y, 0.0
    )
    cost = small_router.costs(PROFILES["pedestrian"])[0]
    D = digraph(small_router, cost)
    lengths = dict(nx.all_pairs_dijkstra_path_length(D))
    rng = np.random.default_rng(5)
    n = len(small_router.nodes)
    for _ in range(30):
        sources = rng.choice(n, size=3, replace=False)
        targets = rng.choice(n, size=2, replace=False)
        s_costs = rng.uniform(0, 150, size=3)
        t_costs = rng.uniform(0, 150, size=2)
        expected = min(
            (s_costs[i] + lengths[s].get(t, np.inf) + t_costs[j], i, j)
            for i, s in enumerate(sources)
            for j, t in enumerate(targets)
        )
        found = engine.astar(cost, sources, s_costs, targets, t_costs, (0.0, 0.0))
        if not np.isfinite(expected[0]):
            assert found is None
            continue
        assert found.cost == pytest.approx(expected[0], rel=1e-12)
        s, t = int(sources[found.source]), int(targets[found.target])
        walked = s_costs[found.source] + path_cost(small_router, cost, s, t, found.edges)
        assert walked + t_costs[found.target] == pytest.approx(found.cost)


def test_a_closed_off_target_gives_inf_and_no_target_in_the_kernel(small_router):
    engine = search_graph(small_router)
    cost = small_router.costs(PROFILES["pedestrian"])[0].copy()
    target = 0
    cost[small_router.head == target] = np.inf
    source = int(small_router.tail[np.isfinite(cost) & (small_router.tail != target)][0])
    assert between(engine, cost, source, target) is None

    n = len(small_router.nodes)
    stamp, tgt_stamp = np.zeros(n, dtype=np.int32), np.zeros(n, dtype=np.int32)
    total, t_index, _settled = astar_core(
        engine.indptr,
        engine.heads,
        engine.edge_of,
        cost,
        engine.x_m,
        engine.y_m,
        np.zeros((n, 0)),
        np.zeros((n, 0)),
        np.array([source]),
        np.zeros(1),
        np.array([target]),
        np.zeros(1),
        0.0,
        0.0,
        0.0,
        stamp,
        np.int32(1),
        np.empty(n),
        np.empty(n, dtype=np.int64),
        np.empty(n),
        np.empty(n),
        np.empty(n, dtype=np.int64),
        np.full(n, -1, dtype=np.int64),
        tgt_stamp,
        np.empty(n),
        np.empty(n, dtype=np.int64),
    )
    assert total == np.inf
    assert t_index == -1


def test_reused_buffers_carry_nothing_from_one_query_to_the_next(meguro_router):
    engine = search_graph(meguro_router)
    cost = meguro_router.costs(PROFILES["pedestrian"])[0]
    engine.prepare(cost)
    D = digraph(meguro_router, cost)
    nodes = np.array(sorted(max(nx.strongly_connected_components(D), key=len)))
    rng = np.random.default_rng(11)
    a, b = rng.choice(nodes, size=(2, 2))
    first = between(engine, cost, *a)
    other = between(engine, cost, *b)
    again = between(engine, cost, *a)
    assert first is not None and other is not None and again is not None
    assert again.cost == first.cost
    assert again.edges == first.edges
    assert other.cost == pytest.approx(nx_cost(D, *b), rel=1e-9)
    # A fresh graph with fresh buffers agrees.
    assert between(search_graph(meguro_router), cost, *a).cost == first.cost


def test_stricter_costs_reuse_landmarks_and_cheaper_costs_do_not(small_router):
    engine = search_graph(small_router)
    base = small_router.costs(PROFILES["stroller"])[0]
    marks = engine.prepare(base, n_landmarks=3)
    stricter = base * 1.5
    cheaper = base.copy()
    cheaper[np.argmax(np.isfinite(cheaper))] *= 0.5
    assert engine._landmarks_for(stricter) is marks
    assert engine._landmarks_for(cheaper) is None
    n = len(small_router.nodes)
    for cost in (stricter, cheaper):
        D = digraph(small_router, cost)
        for s, t in itertools.product(range(n), range(n)):
            found = between(engine, cost, s, t)
            expected = nx_cost(D, s, t)
            assert (found.cost if found else np.inf) == pytest.approx(expected, rel=1e-12)


def test_equal_costs_share_landmarks(small_router):
    engine = search_graph(small_router)
    cost = small_router.costs(PROFILES["wheelchair_manual"])[0]
    twin = cost.copy()
    assert engine.prepare(cost, n_landmarks=3) is engine.prepare(twin, n_landmarks=3)


def test_threads_answer_alike(meguro_router):
    engine = search_graph(meguro_router)
    cost = meguro_router.costs(PROFILES["pedestrian"])[0]
    engine.prepare(cost)
    rng = np.random.default_rng(2)
    pairs = rng.integers(0, len(meguro_router.nodes), size=(40, 2))

    def answers() -> list[float]:
        out = []
        for s, t in pairs:
            found = between(engine, cost, int(s), int(t))
            out.append(found.cost if found else np.inf)
        return out

    serial = answers()
    results: list[list[float]] = []
    threads = [threading.Thread(target=lambda: results.append(answers())) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert results == [serial] * 3
