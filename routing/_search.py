"""Compiled shortest-path search on a CSR graph: A* with landmark bounds, several sources/targets.

The search reuses per-thread buffers stamped with a query number, so a query costs what it
explores, not the size of the graph. Lower bounds come from the straight line to the
destination and from landmarks (ALT: A*, landmarks, triangle inequality) computed once per
cost array and reused for any cost array that is nowhere cheaper.
"""

from __future__ import annotations

import heapq
import logging
import threading
import time
import weakref
from dataclasses import dataclass

import numba
import numpy as np
from numpy.typing import ArrayLike

log = logging.getLogger(__name__)

# Landmarks per cost array: 16 tables of forward and backward costs per node (about 9 MB on a
# graph of 35,000 nodes) cut the nodes a search settles several-fold on a ward-sized graph.
DEFAULT_LANDMARKS = 16

# Landmark bounds are differences of two computed sums; shrinking them by this relative margin
# keeps them below the true remaining cost despite floating-point rounding.
_LANDMARK_MARGIN = 1e-9

_STAMP_LIMIT = 2**31 - 2


# --- kernels ---------------------------------------------------------------------------------


@numba.njit(cache=True, inline="always")
def heap_push_or_lower(heap_key, heap_node, heap_pos, size, v, key):  # type: ignore[no-untyped-def]  # noqa: E501
    """Insert ``v`` with ``key`` into the indexed binary heap, or lower its key. Returns size."""
    i = heap_pos[v]
    if i < 0:
        i = size
        size += 1
    while i > 0:
        parent = (i - 1) >> 1
        if heap_key[parent] <= key:
            break
        heap_key[i] = heap_key[parent]
        heap_node[i] = heap_node[parent]
        heap_pos[heap_node[i]] = i
        i = parent
    heap_key[i] = key
    heap_node[i] = v
    heap_pos[v] = i
    return size


@numba.njit(cache=True, inline="always")
def heap_pop(heap_key, heap_node, heap_pos, size):  # type: ignore[no-untyped-def]
    """Remove the smallest entry; returns ``(node, key, new size)``."""
    top = heap_node[0]
    top_key = heap_key[0]
    heap_pos[top] = -1
    size -= 1
    if size > 0:
        key = heap_key[size]
        v = heap_node[size]
        i = 0
        while True:
            child = 2 * i + 1
            if child >= size:
                break
            if child + 1 < size and heap_key[child + 1] < heap_key[child]:
                child += 1
            if heap_key[child] >= key:
                break
            heap_key[i] = heap_key[child]
            heap_node[i] = heap_node[child]
            heap_pos[heap_node[i]] = i
            i = child
        heap_key[i] = key
        heap_node[i] = v
        heap_pos[v] = i
    return top, top_key, size


@numba.njit(cache=True)
def _lower_bound(v, xs, ys, tx, ty, h_per_m, lm_from, lm_to, tgt_from, tgt_to, tgt_costs):  # type: ignore[no-untyped-def]
    """A lower bound of the cost from node ``v`` to the cheapest target (inf: none reachable)."""
    bound = np.hypot(xs[v] - tx, ys[v] - ty) * h_per_m
    n_landmarks = lm_from.shape[1]
    if n_landmarks == 0:
        return bound
    best = np.inf
    for i in range(tgt_costs.shape[0]):
        lb = 0.0
        for k in range(n_landmarks):
            # d(v, t) >= d(L, t) - d(L, v): t unreachable from L but v reachable -> no path.
            to_t, to_v = tgt_from[i, k], lm_from[v, k]
            if to_v < np.inf:
                if to_t == np.inf:
                    lb = np.inf
                    break
                if to_t - to_v > lb:
                    lb = to_t - to_v
            # d(v, t) >= d(v, L) - d(t, L): L reachable from t but not from v -> no path.
            from_v, from_t = lm_to[v, k], tgt_to[i, k]
            if from_t < np.inf:
                if from_v == np.inf:
                    lb = np.inf
                    break
                if from_v - from_t > lb:
                    lb = from_v - from_t
        lb = lb * (1.0 - _LANDMARK_MARGIN) + tgt_costs[i]
        if lb < best:
            best = lb
    return max(bound, best)


@numba.njit(cache=True)
def astar_core(
    indptr,
    heads,
    edge_of,
    cost,
    xs,
    ys,
    lm_from,
    lm_to,
    src_nodes,
    src_costs,
    tgt_nodes,
    tgt_costs,
    tx,
    ty,
    h_per_m,
    stamp,
    gen,
    dist,
    pred,
    bound,
    heap_key,
    heap_node,
    heap_pos,
    tgt_stamp,
    finish,
    target_of,
):  # type: ignore[no-untyped-def]
    """A* over CSR arrays with reusable buffers; see :meth:`SearchGraph.astar`.

    ``cost`` is in edge order and CSR entry ``e`` is edge ``edge_of[e]``. Buffers are valid for
    a node only where ``stamp`` equals ``gen``. Returns ``(cost, target index, settled count)``;
    ``pred`` then holds for each node reached the edge it was reached by (-1 at a source).
    """
    n_landmarks = lm_from.shape[1]
    tgt_from = np.empty((tgt_nodes.shape[0], n_landmarks))
    tgt_to = np.empty((tgt_nodes.shape[0], n_landmarks))
    for i in range(tgt_nodes.shape[0]):
        t = tgt_nodes[i]
        for k in range(n_landmarks):
            tgt_from[i, k] = lm_from[t, k]
            tgt_to[i, k] = lm_to[t, k]
        if tgt_stamp[t] != gen or tgt_costs[i] < finish[t]:
            tgt_stamp[t] = gen
            finish[t] = tgt_costs[i]
            target_of[t] = i

    size = 0
    for i in range(src_nodes.shape[0]):
        s = src_nodes[i]
        c = src_costs[i]
        if not c < np.inf:
            continue
        if stamp[s] != gen:
            stamp[s] = gen
            heap_pos[s] = -1
            bound[s] = _lower_bound(
                s, xs, ys, tx, ty, h_per_m, lm_from, lm_to, tgt_from, tgt_to, tgt_costs
            )
        elif c >= dist[s]:
            continue
        dist[s] = c
        pred[s] = -1
        if bound[s] < np.inf:
            size = heap_push_or_lower(heap_key, heap_node, heap_pos, size, s, c + bound[s])

    best = np.inf
    best_target = -1
    settled = 0
    while size > 0:
        u, f, size = heap_pop(heap_key, heap_node, heap_pos, size)
        if f >= best:
            break
        settled += 1
        g = dist[u]
        if tgt_stamp[u] == gen and g + finish[u] < best:
            best = g + finish[u]
            best_target = target_of[u]
        for e in range(indptr[u], indptr[u + 1]):
            edge = edge_of[e]
            nd = g + cost[edge]
            if not nd < np.inf:
                continue
            v = heads[e]
            if stamp[v] != gen:
                stamp[v] = gen
                heap_pos[v] = -1
                bound[v] = _lower_bound(
                    v, xs, ys, tx, ty, h_per_m, lm_from, lm_to, tgt_from, tgt_to, tgt_costs
                )
            elif nd >= dist[v]:
                continue
            dist[v] = nd
            pred[v] = edge
            # A settled node reached more cheaply goes back on the heap, so an admissible but
            # inconsistent bound still gives the least cost.
            if bound[v] < np.inf:
                size = heap_push_or_lower(heap_key, heap_node, heap_pos, size, v, nd + bound[v])
    return best, best_target, settled


@numba.njit(cache=True)
def _walk_back(pred, tail, node):  # type: ignore[no-untyped-def]
    """The edges from a source to ``node`` in travel order, and that source."""
    count = 0
    at = node
    while pred[at] >= 0:
        count += 1
        at = tail[pred[at]]
    edges = np.empty(count, dtype=np.int64)
    at = node
    for i in range(count - 1, -1, -1):
        edges[i] = pred[at]
        at = tail[pred[at]]
    return edges, at


@numba.njit(cache=True)
def _nowhere_cheaper(cost, lower):  # type: ignore[no-untyped-def]
    """True if no edge costs less in ``cost`` than in ``lower``; stops at the first that does."""
    for i in range(cost.shape[0]):
        if cost[i] < lower[i]:
            return False
    return True


@numba.njit(cache=True)
def dijkstra_all(indptr, heads, edge_of, cost, sources):  # type: ignore[no-untyped-def]
    """Least cost from any of ``sources`` to every node (inf where unreachable)."""
    n = indptr.shape[0] - 1
    dist = np.full(n, np.inf)
    heap_key = np.empty(n)
    heap_node = np.empty(n, dtype=np.int64)
    heap_pos = np.full(n, -1, dtype=np.int64)
    size = 0
    for s in sources:
        dist[s] = 0.0
        size = heap_push_or_lower(heap_key, heap_node, heap_pos, size, s, 0.0)
    while size > 0:
        u, g, size = heap_pop(heap_key, heap_node, heap_pos, size)
        for e in range(indptr[u], indptr[u + 1]):
            nd = g + cost[edge_of[e]]
            v = heads[e]
            if nd < dist[v]:
                dist[v] = nd
                size = heap_push_or_lower(heap_key, heap_node, heap_pos, size, v, nd)
    return dist


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


# --- graph, landmarks and buffers ----------------------------------------------------------


@dataclass
class Landmarks:
    """Least costs from and to a few nodes, valid as bounds for any costs at least ``cost``."""

    nodes: np.ndarray  # int64 (k,)
    cost: np.ndarray  # edge order: the costs the tables were computed on
    from_landmark: np.ndarray  # (n, k): cost from landmark k to each node
    to_landmark: np.ndarray  # (n, k): cost from each node to landmark k
    n_closed: int  # edges closed in ``cost``


@dataclass
class SearchResult:
    """The cheapest way from a source to a target, as edges in travel order."""

    cost: float
    source: int  # index into the sources given
    target: int  # index into the targets given
    edges: list[int]
    settled: int  # nodes taken off the heap, a measure of the work done


class _Buffers(threading.local):
    """Per-thread search buffers, sized on first use."""

    size = -1
    next_gen = 0
    gen: np.int32
    stamp: np.ndarray
    tgt_stamp: np.ndarray
    dist: np.ndarray
    pred: np.ndarray
    bound: np.ndarray
    heap_key: np.ndarray
    heap_node: np.ndarray
    heap_pos: np.ndarray
    finish: np.ndarray
    target_of: np.ndarray


class SearchGraph:
    """A directed graph in CSR form that answers least-cost queries for any edge costs.

    Parameters
    ----------
    tail, head
        Node index of each edge's two ends, in edge order.
    x_m, y_m
        Node positions in metres (a local projection), for the straight-line bound.
    h_per_m
        A cost per metre of straight line that no edge undercuts.
    """

    def __init__(
        self,
        tail: np.ndarray,
        head: np.ndarray,
        x_m: np.ndarray,
        y_m: np.ndarray,
        h_per_m: float,
    ) -> None:
        self.n_nodes = int(x_m.shape[0])
        self.tail = np.ascontiguousarray(tail, dtype=np.int64)
        self.head = np.ascontiguousarray(head, dtype=np.int64)
        self.x_m = np.ascontiguousarray(x_m, dtype=float)
        self.y_m = np.ascontiguousarray(y_m, dtype=float)
        self.h_per_m = float(h_per_m)
        self.indptr, self.heads, self.edge_of = _csr(self.tail, self.head, self.n_nodes)
        self.rev_indptr, self.rev_heads, self.rev_edge_of = _csr(self.head, self.tail, self.n_nodes)
        self._no_landmarks = np.zeros((self.n_nodes, 0))
        self._landmarks: dict[int, tuple[weakref.ref[np.ndarray], Landmarks]] = {}
        self._lock = threading.Lock()
        self._buffers = _Buffers()

        # Load the compiled kernels now rather than on the first query.
        if self.n_nodes > 0:
            self.astar(np.zeros(self.tail.shape[0]), [0], [0.0], [0], [0.0], (0.0, 0.0))

    # --- landmarks -------------------------------------------------------------------------

    def prepare(self, cost: np.ndarray, n_landmarks: int = DEFAULT_LANDMARKS) -> Landmarks:
        """Compute landmarks for a cost array kept alive and unchanged by the caller.

        Queries on this array, or on any array that is nowhere cheaper (stricter limits, closed
        edges), then use them. Landmarks are picked one by one as the node farthest from those
        already picked.
        """
        if cost.dtype != np.float64 or cost.shape != self.tail.shape:
            raise ValueError(f"costs must be float64 of shape {self.tail.shape}, got {cost.shape}")
        found = self._landmarks_for(cost, check=False)
        if found is None:
            # Equal costs under another array (a profile under two names) share the tables.
            found = self._landmarks_for(cost, check=True)
            if found is None or not np.array_equal(found.cost, cost):
                found = self._compute_landmarks(cost, n_landmarks)
            self._remember(cost, found)
        return found

    def _remember(self, cost: np.ndarray, marks: Landmarks) -> None:
        """Keep landmarks for ``cost`` for as long as the array lives."""
        with self._lock:
            alive = {k: entry for k, entry in self._landmarks.items() if entry[0]() is not None}
            alive[id(cost)] = (weakref.ref(cost), marks)
            self._landmarks = alive

    def _compute_landmarks(self, cost: np.ndarray, n_landmarks: int) -> Landmarks:
        started = time.perf_counter()
        finite = np.where(np.isfinite(cost))[0]
        start = int(self.tail[finite[0]]) if finite.size else 0
        # Begin from the node farthest from a central one, then add the farthest from the set.
        centre = int(np.argmin(np.hypot(self.x_m - self.x_m.mean(), self.y_m - self.y_m.mean())))
        reach = self._forward(cost, np.array([centre]))
        if not np.isfinite(reach).sum() > 1:
            reach = self._forward(cost, np.array([start]))
        picked: list[int] = []
        from_rows: list[np.ndarray] = []
        nearest = np.where(np.isfinite(reach), reach, -1.0)
        for _ in range(min(n_landmarks, self.n_nodes)):
            node = int(np.argmax(nearest))
            if nearest[node] <= 0 and picked:
                break
            picked.append(node)
            row = self._forward(cost, np.array([node]))
            from_rows.append(row)
            nearest = np.where(np.isfinite(row) & (nearest >= 0), np.minimum(nearest, row), -1.0)
        to_rows = [self._backward(cost, np.array([node])) for node in picked]
        marks = Landmarks(
            nodes=np.array(picked, dtype=np.int64),
            cost=cost.copy(),
            from_landmark=np.ascontiguousarray(np.column_stack(from_rows)),
            to_landmark=np.ascontiguousarray(np.column_stack(to_rows)),
            n_closed=int(np.count_nonzero(~np.isfinite(cost))),
        )
        log.debug(
            "Computed %d landmarks on %d nodes in %.2f s",
            len(picked),
            self.n_nodes,
            time.perf_counter() - started,
        )
        return marks

    def _landmarks_for(self, cost: np.ndarray, check: bool = True) -> Landmarks | None:
        """Landmarks computed on ``cost`` itself, else on an array nowhere dearer, else None."""
        entries = list(self._landmarks.values())
        for ref, marks in entries:
            if ref() is cost:
                return marks
        if not check:
            return None
        # The strictest landmarks that still bound these costs from below give the best bounds.
        entries.sort(key=lambda entry: -entry[1].n_closed)
        for _ref, marks in entries:
            if cost.shape == marks.cost.shape and _nowhere_cheaper(cost, marks.cost):
                return marks
        return None

    def _forward(self, cost: np.ndarray, sources: np.ndarray) -> np.ndarray:
        return dijkstra_all(self.indptr, self.heads, self.edge_of, cost, sources)

    def _backward(self, cost: np.ndarray, sources: np.ndarray) -> np.ndarray:
        return dijkstra_all(self.rev_indptr, self.rev_heads, self.rev_edge_of, cost, sources)

    # --- queries ---------------------------------------------------------------------------

    def astar(
        self,
        cost: np.ndarray,
        sources: ArrayLike,
        source_costs: ArrayLike,
        targets: ArrayLike,
        target_costs: ArrayLike,
        point_m: tuple[float, float],
    ) -> SearchResult | None:
        """The least cost from any source to any target, and the edges that give it.

        Parameters
        ----------
        cost
            Cost of each edge in edge order; ``inf`` closes an edge. Every edge must cost at
            least ``h_per_m`` times the straight line between its ends.
        sources, source_costs
            Start nodes and the cost already spent to reach each.
        targets, target_costs
            End nodes and the cost still to pay from each to the destination.
        point_m
            The destination in metres; each target's finishing cost must be at least
            ``h_per_m`` times its straight-line distance to it.

        Returns
        -------
        SearchResult or None
            None if no target can be reached.
        """
        sources = np.asarray(sources, dtype=np.int64)
        targets = np.asarray(targets, dtype=np.int64)
        source_costs = np.asarray(source_costs, dtype=float)
        target_costs = np.asarray(target_costs, dtype=float)
        marks = self._landmarks_for(cost)
        lm_from = marks.from_landmark if marks is not None else self._no_landmarks
        lm_to = marks.to_landmark if marks is not None else self._no_landmarks
        buf = self._take_buffers()
        total, t_index, settled = astar_core(
            self.indptr,
            self.heads,
            self.edge_of,
            cost,
            self.x_m,
            self.y_m,
            lm_from,
            lm_to,
            sources,
            source_costs,
            targets,
            target_costs,
            float(point_m[0]),
            float(point_m[1]),
            self.h_per_m,
            buf.stamp,
            buf.gen,
            buf.dist,
            buf.pred,
            buf.bound,
            buf.heap_key,
            buf.heap_node,
            buf.heap_pos,
            buf.tgt_stamp,
            buf.finish,
            buf.target_of,
        )
        if t_index < 0:
            return None

        # Walk the predecessors back to the source that starts the cheapest way.
        edges, start = _walk_back(buf.pred, self.tail, targets[t_index])
        starts = np.flatnonzero(sources == start)
        source = int(starts[np.argmin(source_costs[starts])])
        return SearchResult(float(total), source, int(t_index), edges.tolist(), int(settled))

    def _take_buffers(self) -> _Buffers:
        """This thread's buffers, with a fresh query stamp."""
        buf = self._buffers
        n = self.n_nodes
        if buf.size != n:
            buf.size = n
            buf.stamp = np.zeros(n, dtype=np.int32)
            buf.tgt_stamp = np.zeros(n, dtype=np.int32)
            buf.dist = np.empty(n)
            buf.pred = np.empty(n, dtype=np.int64)
            buf.bound = np.empty(n)
            buf.heap_key = np.empty(n)
            buf.heap_node = np.empty(n, dtype=np.int64)
            buf.heap_pos = np.empty(n, dtype=np.int64)
            buf.finish = np.empty(n)
            buf.target_of = np.empty(n, dtype=np.int64)
            buf.next_gen = 0
        buf.next_gen += 1
        if buf.next_gen > _STAMP_LIMIT:
            buf.stamp[:] = 0
            buf.tgt_stamp[:] = 0
            buf.next_gen = 1
        buf.gen = np.int32(buf.next_gen)
        return buf


def _csr(tail: np.ndarray, head: np.ndarray, n_nodes: int) -> tuple[np.ndarray, ...]:
    """Row pointers, heads and edge numbers of the edges grouped by tail."""
    order = np.argsort(tail, kind="stable").astype(np.int64)
    counts = np.bincount(tail, minlength=n_nodes)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return indptr, np.ascontiguousarray(head[order]), order
