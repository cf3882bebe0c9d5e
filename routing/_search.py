"""Compiled shortest-path search on a CSR graph: A* from several sources to several targets."""

from __future__ import annotations

import heapq

import numba
import numpy as np


@numba.njit(cache=True)
def astar(
    indptr, heads, weights, xs, ys, src_nodes, src_costs, tgt_nodes, tgt_costs, tx, ty, h_per_m
):  # type: ignore[no-untyped-def]  # noqa: E501
    """A* over CSR arrays with a straight-line heuristic to the point ``(tx, ty)``.

    ``weights[i]`` is the cost of CSR entry ``i`` (``inf`` = unusable); ``h_per_m`` is a lower
    bound of cost per metre. Returns ``(cost, target index, pred_entry)``: the least cost from
    any source (node with starting cost) to any target (node plus finishing cost), the index of
    the target reached, and for each node the CSR entry it was reached by (-1 for none).
    """
    n = indptr.shape[0] - 1
    dist = np.full(n, np.inf)
    pred = np.full(n, -1, dtype=np.int64)
    done = np.zeros(n, dtype=np.bool_)
    finish = np.full(n, np.inf)
    target_of = np.full(n, -1, dtype=np.int64)
    for i in range(tgt_nodes.shape[0]):
        t = tgt_nodes[i]
        if tgt_costs[i] < finish[t]:
            finish[t] = tgt_costs[i]
            target_of[t] = i

    heap = [(0.0, 0.0, np.int64(0))]
    heap.pop()
    for i in range(src_nodes.shape[0]):
        s = src_nodes[i]
        if src_costs[i] < dist[s]:
            dist[s] = src_costs[i]
            h = np.hypot(xs[s] - tx, ys[s] - ty) * h_per_m
            heapq.heappush(heap, (src_costs[i] + h, src_costs[i], np.int64(s)))

    best = np.inf
    best_target = -1
    while len(heap) > 0:
        f, g, u = heapq.heappop(heap)
        if f >= best:
            break
        if done[u] or g > dist[u]:
            continue
        done[u] = True
        if target_of[u] >= 0 and g + finish[u] < best:
            best = g + finish[u]
            best_target = target_of[u]
        for e in range(indptr[u], indptr[u + 1]):
            w = weights[e]
            if not np.isfinite(w):
                continue
            v = heads[e]
            nd = g + w
            if nd < dist[v]:
                dist[v] = nd
                pred[v] = e
                h = np.hypot(xs[v] - tx, ys[v] - ty) * h_per_m
                heapq.heappush(heap, (nd + h, nd, v))
    return best, best_target, pred


@numba.njit(cache=True)
def dijkstra_within(indptr, heads, weights, src_nodes, src_costs, limit):  # type: ignore[no-untyped-def]  # noqa: E501
    """Least cost from the sources to every node whose cost is at most ``limit`` (else inf)."""
    n = indptr.shape[0] - 1
    dist = np.full(n, np.inf)
    done = np.zeros(n, dtype=np.bool_)
    heap = [(0.0, np.int64(0))]
    heap.pop()
    for i in range(src_nodes.shape[0]):
        s = src_nodes[i]
        if src_costs[i] < dist[s] and src_costs[i] <= limit:
            dist[s] = src_costs[i]
            heapq.heappush(heap, (src_costs[i], np.int64(s)))
    while len(heap) > 0:
        g, u = heapq.heappop(heap)
        if done[u]:
            continue
        done[u] = True
        for e in range(indptr[u], indptr[u + 1]):
            nd = g + weights[e]
            v = heads[e]
            if nd <= limit and nd < dist[v]:
                dist[v] = nd
                heapq.heappush(heap, (nd, v))
    return dist
