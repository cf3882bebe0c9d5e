"""Adaptive large neighbourhood search over pickup and drop-off routes.

Each iteration removes a few related requests from the plan (at random, by Shaw
relatedness of place and time, or those whose removal saves most) and reinserts them by
greedy or regret insertion, every insertion checked exactly: for a fixed order of stops the
service times are the least fixpoint of the difference constraints (travel, windows, ride
times, route duration), found by label correction as in Bellman-Ford. Worse plans are
accepted by simulated annealing; the operators that lead to good plans are chosen more
often (Ropke and Pisinger, 2006).

The kernels are compiled with numba. Nodes are numbered as in the routing model: vehicle
starts ``0..K-1``, vehicle ends ``K..2K-1``, then pickups and drop-offs; a route is the
sequence ``start, stops..., end`` of one vehicle.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

import numpy as np
from numba import njit
from numpy.typing import NDArray

logger = logging.getLogger(__name__)

_EPS = 1e-7  # time units; the exact checks accept no more float noise than this
_INF = np.inf

# Operator scores of the adaptive weights (Ropke and Pisinger, 2006)
_SCORE_BEST = 33.0  # the plan is the best so far
_SCORE_BETTER = 9.0  # the plan beats the current one
_SCORE_ACCEPTED = 13.0  # a worse plan, accepted
_REACTION = 0.1  # weight of the last segment's scores in the operator weights
_SEGMENT = 100  # iterations between weight updates

_START_WORSE = 0.01  # a plan this much worse is accepted with probability 1/2 at the start
_END_TEMPERATURE_RATIO = 0.002  # final temperature relative to the starting one
_STAGNATION = 2000  # iterations without a new best plan before restarting from the best
_SHAW_DETERMINISM = 6.0  # higher: Shaw removal takes the most related requests more surely
_WORST_DETERMINISM = 3.0
_REMOVE_SHARE = 0.3  # at most this share of the requests is removed in one iteration
_REMOVE_MAX = 40  # and never more than this many
_NOISE = 0.025  # noisy insertion perturbs costs by up to this share of the longest arc


@dataclass(frozen=True)
class LnsData:
    """Arrays describing the nodes of a problem, as the kernels read them.

    ``step[a, b]`` is the service time at ``a`` plus the travel time to ``b``; ``partner``
    maps a pickup to its drop-off and back (-1 for depots and riders already on board);
    ``ride[p]`` bounds the drop-off start minus the pickup start of pickup ``p``;
    ``floor_demand[v, a]`` is the signed floor space node ``a`` takes in vehicle ``v``;
    ``penalty[p]`` is the cost of leaving the request of pickup ``p`` out.
    """

    vehicle_count: int
    cost: NDArray[np.float64]
    step: NDArray[np.float64]
    earliest: NDArray[np.float64]
    latest: NDArray[np.float64]
    partner: NDArray[np.int64]
    is_pickup: NDArray[np.bool_]
    ride: NDArray[np.float64]
    floor_demand: NDArray[np.int64]
    chair_demand: NDArray[np.int64]
    floor_capacity: NDArray[np.int64]
    chair_capacity: NDArray[np.int64]
    floor_start: NDArray[np.int64]
    chair_start: NDArray[np.int64]
    max_duration: NDArray[np.float64]
    allowed: NDArray[np.bool_]
    penalty: NDArray[np.float64]

    @property
    def pickups(self) -> NDArray[np.int64]:
        """The pickup nodes, one per request that may be moved."""
        return np.flatnonzero(self.is_pickup)


# Kernels -----------------------------------------------------------------------------------


@njit(cache=True)
def _earliest_times(seq, m, v, step, earliest, latest, partner, is_pickup, ride, max_duration,
                    pos, t):  # fmt: skip
    """Fill ``t[:m]`` with the earliest service times of ``seq[:m]``; False if infeasible."""
    for i in range(m):
        t[i] = earliest[seq[i]]
        pos[seq[i]] = i
    start = 1
    for _ in range(m + 2):
        for i in range(start, m):
            arrive = t[i - 1] + step[seq[i - 1], seq[i]]
            if arrive > t[i]:
                t[i] = arrive
            if t[i] > latest[seq[i]] + _EPS:
                return False
        lowest = m
        for i in range(1, m - 1):
            node = seq[i]
            pickup = partner[node]
            if pickup >= 0 and not is_pickup[node]:
                k = pos[pickup]
                excess = t[i] - t[k] - ride[pickup]
                if excess > _EPS:
                    t[k] += excess
                    if k < lowest:
                        lowest = k
        excess = t[m - 1] - t[0] - max_duration[v]
        if excess > _EPS:
            t[0] += excess
            lowest = 0
        if lowest == m:
            return True
        if t[lowest] > latest[seq[lowest]] + _EPS:
            return False
        start = lowest + 1
    return False


@njit(cache=True)
def _latest_times(seq, m, v, step, latest, partner, is_pickup, ride, max_duration, pos, s):
    """Fill ``s[:m]`` with the latest service times of a feasible ``seq[:m]``."""
    for i in range(m):
        s[i] = latest[seq[i]]
        pos[seq[i]] = i
    stop = m - 2
    for _ in range(m + 2):
        for i in range(stop, -1, -1):
            leave = s[i + 1] - step[seq[i], seq[i + 1]]
            if leave < s[i]:
                s[i] = leave
        highest = -1
        for i in range(1, m - 1):
            node = seq[i]
            pickup = partner[node]
            if pickup >= 0 and not is_pickup[node]:
                k = pos[pickup]
                excess = s[i] - s[k] - ride[pickup]
                if excess > _EPS:
                    s[i] -= excess
                    if i > highest:
                        highest = i
        excess = s[m - 1] - s[0] - max_duration[v]
        if excess > _EPS:
            s[m - 1] -= excess
            highest = m - 1
        if highest < 0:
            return
        stop = highest - 1


@njit(cache=True)
def _route_info(R, L, v, step, earliest, latest, partner, is_pickup, ride, floor_demand,
                chair_demand, floor_start, chair_start, max_duration, pos, ES, LS, FL,
                CL):  # fmt: skip
    """Fill the earliest and latest times and the loads after each position of route ``v``;
    return whether the route is feasible.
    """
    m = L[v]
    seq = R[v]
    FL[v, 0] = floor_start[v]
    CL[v, 0] = chair_start[v]
    for i in range(1, m):
        FL[v, i] = FL[v, i - 1] + floor_demand[v, seq[i]]
        CL[v, i] = CL[v, i - 1] + chair_demand[seq[i]]
    if not _earliest_times(seq, m, v, step, earliest, latest, partner, is_pickup, ride,
                           max_duration, pos, ES[v]):  # fmt: skip
        return False
    _latest_times(seq, m, v, step, latest, partner, is_pickup, ride, max_duration, pos, LS[v])
    return True


@njit(cache=True)
def _best_insertion(R, L, v, p, noise, cost, step, earliest, latest, partner, is_pickup, ride,
                    floor_demand, chair_demand, floor_capacity, chair_capacity, floor_start,
                    chair_start, max_duration, pos, ES, LS, FL, CL, cand_cost, cand_i, cand_j,
                    trial, scratch):  # fmt: skip
    """Return (added cost, i, j) of the cheapest feasible insertion of pickup ``p`` into
    route ``v``, its pickup after position ``i`` and its drop-off after position ``j``.

    ``ES``, ``LS``, ``FL`` and ``CL`` hold the route's times and loads (:func:`_route_info`).
    """
    m = L[v]
    seq = R[v]
    d = partner[p]
    t = ES[v]
    s = LS[v]
    floor = FL[v]
    chair = CL[v]
    fd = floor_demand[v, p]
    cd = chair_demand[p]
    cap_f = floor_capacity[v]
    cap_c = chair_capacity[v]

    count = 0
    for i in range(m - 1):
        a = seq[i]
        b = seq[i + 1]
        if floor[i] + fd > cap_f or chair[i] + cd > cap_c:
            continue
        tp = max(earliest[p], t[i] + step[a, p])
        if tp > latest[p] + _EPS:
            continue
        # Drop-off right after the pickup
        td = max(earliest[d], tp + step[p, d])
        if td <= latest[d] + _EPS and td + step[d, b] <= s[i + 1] + _EPS:
            cand_cost[count] = cost[a, p] + cost[p, d] + cost[d, b] - cost[a, b]
            cand_i[count] = i
            cand_j[count] = i
            count += 1
        if i + 1 >= m - 1 or tp + step[p, b] > s[i + 1] + _EPS:
            continue
        latest_p = min(latest[p], s[i + 1] - step[p, b])
        base = cost[a, p] + cost[p, b] - cost[a, b]
        for j in range(i + 1, m - 1):
            if floor[j] + fd > cap_f or chair[j] + cd > cap_c:
                break
            c = seq[j]
            e = seq[j + 1]
            td = max(earliest[d], t[j] + step[c, d])
            if td > latest[d] + _EPS or td - latest_p > ride[p] + _EPS:
                continue
            if td + step[d, e] > s[j + 1] + _EPS:
                continue
            cand_cost[count] = base + cost[c, d] + cost[d, e] - cost[c, e]
            cand_i[count] = i
            cand_j[count] = j
            count += 1
    if count == 0:
        return _INF, -1, -1
    if noise > 0.0:
        for k in range(count):
            cand_cost[k] = max(0.0, cand_cost[k] + noise * (2.0 * np.random.random() - 1.0))

    # Exact checks in order of cost; the first feasible candidate is the cheapest.
    order = np.argsort(cand_cost[:count])
    for k in order:
        i = cand_i[k]
        j = cand_j[k]
        _insert(seq, m, i, j, p, d, trial)
        if not _load_fits(trial, m + 2, v, floor_demand, chair_demand, floor_capacity,
                          chair_capacity, floor_start, chair_start):  # fmt: skip
            continue
        if _earliest_times(trial, m + 2, v, step, earliest, latest, partner, is_pickup, ride,
                           max_duration, pos, scratch):  # fmt: skip
            return cand_cost[k], i, j
    return _INF, -1, -1


@njit(cache=True)
def _insert(seq, m, i, j, p, d, out):
    """Write ``seq[:m]`` with ``p`` after position ``i`` and ``d`` after position ``j``."""
    k = 0
    for x in range(m):
        out[k] = seq[x]
        k += 1
        if x == i:
            out[k] = p
            k += 1
        if x == j:
            out[k] = d
            k += 1


@njit(cache=True)
def _load_fits(seq, m, v, floor_demand, chair_demand, floor_capacity, chair_capacity,
               floor_start, chair_start):  # fmt: skip
    floor = floor_start[v]
    chair = chair_start[v]
    for i in range(1, m):
        floor += floor_demand[v, seq[i]]
        chair += chair_demand[seq[i]]
        if floor > floor_capacity[v] or chair > chair_capacity[v]:
            return False
    return True


@njit(cache=True)
def _repair(R, L, pending, regret, noise, cost, step, earliest, latest, partner, is_pickup,
            ride, floor_demand, chair_demand, floor_capacity, chair_capacity, floor_start,
            chair_start, max_duration, allowed, penalty):  # fmt: skip
    """Insert the pickups ``pending`` (with their drop-offs) by regret insertion, in place.

    ``regret`` 1 is greedy insertion. Returns a mask of the pending requests that fit
    nowhere and stay out.
    """
    n_pending = pending.shape[0]
    K = L.shape[0]
    size = R.shape[1]
    N = cost.shape[0]
    pos = np.empty(N, np.int64)
    ES = np.empty((K, size + 2), np.float64)
    LS = np.empty((K, size + 2), np.float64)
    FL = np.empty((K, size + 2), np.int64)
    CL = np.empty((K, size + 2), np.int64)
    usable = np.empty(K, np.bool_)
    for v in range(K):
        usable[v] = _route_info(R, L, v, step, earliest, latest, partner, is_pickup, ride,
                                floor_demand, chair_demand, floor_start, chair_start,
                                max_duration, pos, ES, LS, FL, CL)  # fmt: skip
    scratch = np.empty(size + 2, np.float64)
    trial = np.empty(size + 2, np.int64)
    cap = size * size
    cand_cost = np.empty(cap, np.float64)
    cand_i = np.empty(cap, np.int64)
    cand_j = np.empty(cap, np.int64)

    best = np.full((n_pending, K), _INF)
    best_i = np.full((n_pending, K), -1, np.int64)
    best_j = np.full((n_pending, K), -1, np.int64)
    for r in range(n_pending):
        p = pending[r]
        for v in range(K):
            if allowed[p, v] and usable[v]:
                c, i, j = _best_insertion(R, L, v, p, noise, cost, step, earliest, latest,
                                          partner, is_pickup, ride, floor_demand, chair_demand,
                                          floor_capacity, chair_capacity, floor_start,
                                          chair_start, max_duration, pos, ES, LS, FL, CL,
                                          cand_cost, cand_i, cand_j, trial,
                                          scratch)  # fmt: skip
                best[r, v] = c
                best_i[r, v] = i
                best_j[r, v] = j

    left = np.ones(n_pending, np.bool_)
    out = np.zeros(n_pending, np.bool_)
    for _ in range(n_pending):
        chosen = -1
        chosen_value = -_INF
        chosen_cost = _INF
        for r in range(n_pending):
            if not left[r]:
                continue
            row = np.sort(best[r])
            if row[0] == _INF:
                continue
            value = 0.0
            for h in range(1, min(regret, K)):
                other = row[h] if row[h] < _INF else row[0] + penalty[pending[r]]
                value += other - row[0]
            if value > chosen_value + 1e-12 or (
                abs(value - chosen_value) <= 1e-12 and row[0] < chosen_cost
            ):
                chosen, chosen_value, chosen_cost = r, value, row[0]
        if chosen < 0:
            break
        v = np.argmin(best[chosen])
        p = pending[chosen]
        _insert(R[v].copy(), L[v], best_i[chosen, v], best_j[chosen, v], p, partner[p], R[v])
        L[v] += 2
        left[chosen] = False
        usable[v] = _route_info(R, L, v, step, earliest, latest, partner, is_pickup, ride,
                                floor_demand, chair_demand, floor_start, chair_start,
                                max_duration, pos, ES, LS, FL, CL)  # fmt: skip
        for r in range(n_pending):
            if left[r] and allowed[pending[r], v] and usable[v]:
                c, i, j = _best_insertion(R, L, v, pending[r], noise, cost, step, earliest,
                                          latest, partner, is_pickup, ride, floor_demand,
                                          chair_demand, floor_capacity, chair_capacity,
                                          floor_start, chair_start, max_duration, pos, ES, LS,
                                          FL, CL, cand_cost, cand_i, cand_j, trial,
                                          scratch)  # fmt: skip
                best[r, v] = c
                best_i[r, v] = i
                best_j[r, v] = j
    for r in range(n_pending):
        out[r] = left[r]
    return out


@njit(cache=True)
def _remove(R, L, removed, partner):
    """Take the pickups ``removed`` and their drop-offs out of the routes, in place."""
    mark = np.zeros(partner.shape[0], np.bool_)
    for p in removed:
        mark[p] = True
        mark[partner[p]] = True
    for v in range(L.shape[0]):
        k = 0
        for x in range(L[v]):
            if not mark[R[v, x]]:
                R[v, k] = R[v, x]
                k += 1
        L[v] = k


@njit(cache=True)
def _plan_state(R, L, cost, step, earliest, latest, partner, is_pickup, ride, max_duration,
                times, saving):  # fmt: skip
    """Return the routing cost; fill the earliest time of every routed node and the saving
    of taking each routed pickup and its drop-off out of its route.
    """
    N = cost.shape[0]
    pos = np.empty(N, np.int64)
    t = np.empty(R.shape[1], np.float64)
    total = 0.0
    for v in range(L.shape[0]):
        m = L[v]
        seq = R[v]
        _earliest_times(seq, m, v, step, earliest, latest, partner, is_pickup, ride,
                        max_duration, pos, t)  # fmt: skip
        for x in range(m):
            times[seq[x]] = t[x]
        for x in range(m - 1):
            total += cost[seq[x], seq[x + 1]]
        for x in range(1, m - 1):
            node = seq[x]
            if not is_pickup[node]:
                continue
            y = pos[partner[node]]
            a, b = seq[x - 1], seq[x + 1]
            if y == x + 1:
                c = seq[y + 1]
                saving[node] = cost[a, node] + cost[node, b] + cost[b, c] - cost[a, c]
            else:
                drop = partner[node]
                c, e = seq[y - 1], seq[y + 1]
                saving[node] = (
                    cost[a, node] + cost[node, b] - cost[a, b]
                    + cost[c, drop] + cost[drop, e] - cost[c, e]
                )  # fmt: skip
    return total


@njit(cache=True)
def _choose_removed(operator, q, routed, times, saving, cost, partner):
    """Pick ``q`` of the routed pickups: 0 at random, 1 by Shaw relatedness, 2 the costliest."""
    n = routed.shape[0]
    if operator == 0:
        return np.random.permutation(routed)[:q]
    chosen = np.empty(q, np.int64)
    if operator == 2:
        order = routed[np.argsort(-saving[routed])]
        size = n
        for h in range(q):
            k = int(size * np.random.random() ** _WORST_DETERMINISM)
            chosen[h] = order[k]
            order[k : size - 1] = order[k + 1 : size]
            size -= 1
        return chosen

    # Shaw relatedness: pickups and drop-offs close in place and in time.
    scale_d = cost.max() if cost.max() > 0 else 1.0
    low = _INF
    high = -_INF
    for x in range(n):
        low = min(low, times[routed[x]])
        high = max(high, times[routed[x]])
    span = high - low if high > low else 1.0
    left = np.ones(n, np.bool_)
    picked = np.empty(q, np.int64)
    first = np.random.randint(n)
    picked[0] = first
    left[first] = False
    related = np.empty(n, np.float64)
    for h in range(1, q):
        ref = picked[np.random.randint(h)]
        p = routed[ref]
        dp = partner[p]
        count = 0
        index = np.empty(n - h, np.int64)
        for x in range(n):
            if left[x]:
                o = routed[x]
                do = partner[o]
                related[count] = (
                    9.0 * (cost[p, o] + cost[dp, do]) / scale_d
                    + 3.0 * (abs(times[p] - times[o]) + abs(times[dp] - times[do])) / span
                )
                index[count] = x
                count += 1
        order = np.argsort(related[:count])
        k = int(count * np.random.random() ** _SHAW_DETERMINISM)
        pick = index[order[k]]
        picked[h] = pick
        left[pick] = False
    for h in range(q):
        chosen[h] = routed[picked[h]]
    return chosen


# Search ------------------------------------------------------------------------------------


class _Search:
    """State of one search: current and best plans, operator weights, temperature."""

    DESTROY = ("random", "shaw", "worst")
    REPAIR = ((1, False), (2, False), (3, False), (1, True), (2, True), (3, True))

    def __init__(self, data: LnsData, seed: int) -> None:
        self.data = data
        self.rng = np.random.default_rng(seed)
        _seed(seed)
        self.pickups = data.pickups
        count = len(self.pickups)
        self.min_remove = min(count, 2)
        self.max_remove = max(self.min_remove, min(_REMOVE_MAX, int(round(_REMOVE_SHARE * count))))
        self.noise = _NOISE * float(data.cost.max()) if data.cost.size else 0.0
        self.destroy_weights = np.ones(len(self.DESTROY))
        self.repair_weights = np.ones(len(self.REPAIR))
        self.destroy_scores = np.zeros(len(self.DESTROY))
        self.repair_scores = np.zeros(len(self.REPAIR))
        self.destroy_uses = np.zeros(len(self.DESTROY))
        self.repair_uses = np.zeros(len(self.REPAIR))

    def evaluate(
        self, R: NDArray[np.int64], L: NDArray[np.int64]
    ) -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
        """Return the objective of a plan, the node times and the removal savings."""
        d = self.data
        times = np.zeros(len(d.earliest))
        saving = np.zeros(len(d.earliest))
        routing = _plan_state(R, L, d.cost, d.step, d.earliest, d.latest, d.partner,
                              d.is_pickup, d.ride, d.max_duration, times, saving)  # fmt: skip
        routed = np.zeros(len(d.earliest), dtype=bool)
        for v in range(len(L)):
            routed[R[v, : L[v]]] = True
        out = self.pickups[~routed[self.pickups]]
        return routing + float(d.penalty[out].sum()), times, saving

    def repair(self, R: NDArray[np.int64], L: NDArray[np.int64], pending, regret, noisy) -> None:
        d = self.data
        _repair(R, L, np.asarray(pending, dtype=np.int64), regret,
                self.noise if noisy else 0.0, d.cost, d.step, d.earliest, d.latest, d.partner,
                d.is_pickup, d.ride, d.floor_demand, d.chair_demand, d.floor_capacity,
                d.chair_capacity, d.floor_start, d.chair_start, d.max_duration, d.allowed,
                d.penalty)  # fmt: skip

    def choose_removed(self, operator: int, routed, times, saving) -> NDArray[np.int64]:
        """Pick the pickups to remove among the routed ones."""
        q = min(int(self.rng.integers(self.min_remove, self.max_remove + 1)), len(routed))
        if q == 0:
            return np.zeros(0, dtype=np.int64)
        d = self.data
        return _choose_removed(operator, q, routed, times, saving, d.cost, d.partner)

    def pick(self, weights: NDArray[np.float64]) -> int:
        """Draw an operator with probability proportional to its weight."""
        cumulative = np.cumsum(weights)
        k = int(np.searchsorted(cumulative, self.rng.random() * cumulative[-1], side="right"))
        return min(k, len(weights) - 1)

    def update_weights(self) -> None:
        for weights, scores, uses in (
            (self.destroy_weights, self.destroy_scores, self.destroy_uses),
            (self.repair_weights, self.repair_scores, self.repair_uses),
        ):
            used = uses > 0
            weights[used] = (1 - _REACTION) * weights[used] + _REACTION * scores[used] / uses[used]
            np.maximum(weights, 0.05, out=weights)
            scores[:] = 0
            uses[:] = 0


@njit(cache=True)
def _seed(seed):
    np.random.seed(seed)


_warm = False


def warm_up() -> None:
    """Load the compiled kernels (compile them on first use) with a two-request problem.

    Loading takes about a second, compiling after the source changed a minute; a service
    calls this once at start-up so that no search time is spent on it.
    """
    global _warm
    if _warm:
        return
    # One vehicle (start 0, end 1), two requests: pickups 2 and 4, drop-offs 3 and 5.
    count = 6
    cost = np.abs(np.arange(count, dtype=np.float64)[:, None] - np.arange(count)[None, :])
    data = LnsData(
        vehicle_count=1,
        cost=cost,
        step=cost.copy(),
        earliest=np.zeros(count),
        latest=np.full(count, 100.0),
        partner=np.array([-1, -1, 3, 2, 5, 4], dtype=np.int64),
        is_pickup=np.array([False, False, True, False, True, False]),
        ride=np.array([np.inf, np.inf, 50.0, np.inf, 50.0, np.inf]),
        floor_demand=np.array([[0, 0, 1, -1, 1, -1]], dtype=np.int64),
        chair_demand=np.zeros(count, dtype=np.int64),
        floor_capacity=np.array([2], dtype=np.int64),
        chair_capacity=np.zeros(1, dtype=np.int64),
        floor_start=np.zeros(1, dtype=np.int64),
        chair_start=np.zeros(1, dtype=np.int64),
        max_duration=np.array([np.inf]),
        allowed=np.ones((count, 1), dtype=bool),
        penalty=np.array([0.0, 0.0, 100.0, 0.0, 100.0, 0.0]),
    )
    improve(data, [[]], 0.0, iterations=2)
    _warm = True


def improve(
    data: LnsData,
    routes: list[list[int]],
    time_limit_s: float,
    seed: int = 0,
    iterations: int = 0,
) -> tuple[list[list[int]], float]:
    """Improve a plan by adaptive large neighbourhood search.

    Parameters
    ----------
    data
        The node arrays of the problem.
    routes
        For each vehicle, its stops (pickup and drop-off nodes) in order; each must be
        feasible. Requests in no route are inserted where possible.
    time_limit_s
        Wall time to spend, in seconds.
    seed
        Seed of the random choices.
    iterations
        Iterations to run at least, even past the time limit.

    Returns
    -------
    tuple of (list of list of int, float)
        The best plan found, as stops per vehicle, and its objective: routing cost plus the
        penalties of the requests left out.
    """
    started = time.monotonic()
    K = data.vehicle_count
    size = len(data.earliest) + 2
    R = np.zeros((K, size), dtype=np.int64)
    L = np.zeros(K, dtype=np.int64)
    for v, stops in enumerate(routes):
        sequence = [v, *stops, K + v]
        R[v, : len(sequence)] = sequence
        L[v] = len(sequence)
    search = _Search(data, seed)

    routed = _routed(R, L, search.pickups)
    missing = search.pickups[~routed]
    if len(missing):
        search.repair(R, L, missing, 3, False)
    current, times, saving = search.evaluate(R, L)
    best_R, best_L, best = R.copy(), L.copy(), current

    routing_only = current - _left_out_penalty(data, R, L, search.pickups)
    start_temperature = -_START_WORSE * max(routing_only, 1e-9) / math.log(0.5)
    end_temperature = start_temperature * _END_TEMPERATURE_RATIO
    minimum, iterations, accepted = iterations, 0, 0
    deadline = started + time_limit_s
    cooling_from, found_at = started, 0
    while True:
        now = time.monotonic()
        if now >= deadline and iterations >= minimum:
            break
        if _STAGNATION and iterations - found_at > _STAGNATION:
            # Restart from the best plan and cool down again over the time left.
            R, L = best_R.copy(), best_L.copy()
            current, times, saving = search.evaluate(R, L)
            cooling_from, found_at = now, iterations
        progress = (now - cooling_from) / max(deadline - cooling_from, 1e-9)
        temperature = start_temperature * (end_temperature / start_temperature) ** progress

        destroy = search.pick(search.destroy_weights)
        repair = search.pick(search.repair_weights)
        routed = _routed(R, L, search.pickups)
        removed = search.choose_removed(destroy, search.pickups[routed], times, saving)
        trial_R, trial_L = R.copy(), L.copy()
        _remove(trial_R, trial_L, removed, data.partner)
        pending = np.concatenate([removed, search.pickups[~routed]])
        regret, noisy = search.REPAIR[repair]
        search.repair(trial_R, trial_L, pending, regret, noisy)
        value, trial_times, trial_saving = search.evaluate(trial_R, trial_L)
        iterations += 1

        score = 0.0
        if value < best - 1e-9:
            best_R, best_L, best = trial_R.copy(), trial_L.copy(), value
            found_at = iterations
            score = _SCORE_BEST
        elif value < current - 1e-9:
            score = _SCORE_BETTER
        elif value > current + 1e-9 and search.rng.random() < math.exp(
            -(value - current) / max(temperature, 1e-12)
        ):
            score = _SCORE_ACCEPTED
        if score > 0 or value <= current + 1e-9:
            R, L, current, times, saving = trial_R, trial_L, value, trial_times, trial_saving
            accepted += 1
        search.destroy_scores[destroy] += score
        search.repair_scores[repair] += score
        search.destroy_uses[destroy] += 1
        search.repair_uses[repair] += 1
        if iterations % _SEGMENT == 0:
            search.update_weights()

    logger.debug(
        "Large neighbourhood search: %d iterations, %d accepted, objective %.4f in %.1f s",
        iterations,
        accepted,
        best,
        time.monotonic() - started,
    )
    plan = [[int(x) for x in best_R[v, 1 : best_L[v] - 1]] for v in range(K)]
    return plan, best


def _routed(R: NDArray[np.int64], L: NDArray[np.int64], pickups: NDArray[np.int64]):
    mask = np.zeros(int(R.max()) + 1 if R.size else 1, dtype=bool)
    for v in range(len(L)):
        mask[R[v, : L[v]]] = True
    inside = np.zeros(len(pickups), dtype=bool)
    small = pickups < len(mask)
    inside[small] = mask[pickups[small]]
    return inside


def _left_out_penalty(data: LnsData, R, L, pickups) -> float:
    return float(data.penalty[pickups[~_routed(R, L, pickups)]].sum())
