"""Time route queries on the Meguro graph against networkx on the same graph and costs.

Usage::

    python bench/route_latency.py [--pairs 1000] [--seed 7] [--nx-pairs N]

Origin-destination pairs are drawn uniformly inside the ward boundary (seeded) and answered
per profile twice: with the preset profile, and with limits given per request (a new profile
each query, so its edge costs are computed for that query). For each pair the points are
snapped as a real query would snap them, and the compiled search between the snapped nodes
is timed next to networkx's bidirectional Dijkstra between the same nodes on a ``DiGraph``
that keeps the cheapest of parallel edges. Costs must agree to 1e-6 (relative) wherever both
find a route; the script exits with status 1 otherwise. A table is printed and a JSON record
written under ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import numba
import numpy as np
import shapely

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from routing.area import ServiceArea  # noqa: E402
from routing.errors import NoRouteFound, NoUsableWayNearby  # noqa: E402
from routing.load import load_graph, meguro_boundary, service_area_for  # noqa: E402
from routing.profiles import PROFILES, Profile  # noqa: E402
from routing.router import Router  # noqa: E402

logger = logging.getLogger("bench.routing")

BENCH_PROFILES = ("pedestrian", "wheelchair_manual", "wheelchair_electric", "stroller", "walker")
RELATIVE_TOLERANCE = 1e-6

# Targets, per query in one process: the median full route query, and the speed-up of the
# compiled search over networkx between the same nodes.
TARGET_PRESET_P50_MS = 1.0
TARGET_LIMITS_P50_MS = 5.0
TARGET_SPEEDUP = 50.0


def random_points(area: ServiceArea, count: int, rng: np.random.Generator) -> np.ndarray:
    """Return ``count`` (lat, lon) points drawn uniformly inside the area's polygon."""
    polygon = area.polygon
    min_lon, min_lat, max_lon, max_lat = polygon.bounds
    shapely.prepare(polygon)
    found: list[np.ndarray] = []
    total = 0
    while total < count:
        lon = rng.uniform(min_lon, max_lon, 4 * count)
        lat = rng.uniform(min_lat, max_lat, 4 * count)
        inside = shapely.contains_xy(polygon, lon, lat)
        found.append(np.column_stack([lat[inside], lon[inside]]))
        total += int(inside.sum())
    return np.concatenate(found)[:count]


def limits_for(profile: Profile, rng: np.random.Generator) -> dict[str, float]:
    """Per-request limits near the preset's, tighter or looser, never equal to them."""
    uphill = profile.max_uphill_percent or 8.0
    downhill = profile.max_downhill_percent or 8.0
    limits = {
        "max_uphill_percent": uphill * rng.uniform(0.6, 1.4),
        "max_downhill_percent": downhill * rng.uniform(0.6, 1.4),
    }
    if profile.min_width_m is not None:
        limits["min_width_m"] = profile.min_width_m * rng.uniform(0.7, 1.3)
    return limits


def networkx_graph(router: Router, cost: np.ndarray | None = None) -> nx.DiGraph:
    """One arc per node pair, built once: the cheapest of parallel edges open under ``cost``.

    Each arc keeps the numbers of its parallel edges (``edges``) and, given costs, the
    cheapest finite one as ``weight``; without costs every edge is kept.
    """
    D = nx.DiGraph()
    D.add_nodes_from(range(len(router.nodes)))
    for edge, (u, v) in enumerate(zip(router.tail.tolist(), router.head.tolist(), strict=True)):
        w = float(cost[edge]) if cost is not None else 0.0
        if not np.isfinite(w):
            continue
        if D.has_edge(u, v):
            D[u][v]["edges"].append(edge)
            D[u][v]["weight"] = min(D[u][v]["weight"], w)
        else:
            D.add_edge(u, v, edges=[edge], weight=w)
    return D


def cost_weight(cost: np.ndarray) -> Callable[[Any, Any, dict[str, Any]], float | None]:
    """A networkx weight function for costs computed per request (None hides closed arcs)."""

    def weight(_u: Any, _v: Any, data: dict[str, Any]) -> float | None:
        w = float(min(cost[e] for e in data["edges"]))
        return w if np.isfinite(w) else None

    return weight


def nx_cost(D: nx.DiGraph, s: int, t: int, weight: Any) -> float:
    try:
        return float(nx.bidirectional_dijkstra(D, s, t, weight=weight)[0])
    except nx.NetworkXNoPath:
        return float("inf")


def percentiles_ms(seconds: list[float]) -> dict[str, float]:
    if not seconds:
        return {"n": 0, "p50_ms": float("nan"), "p95_ms": float("nan")}
    ms = np.array(seconds) * 1e3
    return {
        "n": len(seconds),
        "p50_ms": float(np.percentile(ms, 50)),
        "p95_ms": float(np.percentile(ms, 95)),
    }


def run_profile(
    router: Router,
    D: nx.DiGraph,
    pairs: np.ndarray,
    profile: Profile,
    per_request: bool,
    nx_pairs: int,
    rng: np.random.Generator,
) -> dict[str, Any]:
    """Time full queries, the search between snapped nodes, and networkx; check the costs."""
    engine = router.search_graph
    route_s: list[float] = []
    costs_s: list[float] = []
    search_s: list[float] = []
    nx_s: list[float] = []
    routes = blocked = compared = 0
    mismatches: list[dict[str, Any]] = []
    if not per_request:
        D = networkx_graph(router, router.costs(profile)[0])

    for i, (origin, destination) in enumerate(pairs):
        query = profile.with_limits(**limits_for(profile, rng)) if per_request else profile
        o, d = (float(origin[0]), float(origin[1])), (float(destination[0]), float(destination[1]))

        # The full query, as the API makes it.
        started = time.perf_counter()
        try:
            router.route(o, d, query)
            routes += 1
        except (NoRouteFound, NoUsableWayNearby):
            blocked += 1
        route_s.append(time.perf_counter() - started)

        # The same query's parts: costs, then the search between the snapped nodes.
        started = time.perf_counter()
        cost = router.costs(query)[0]
        costs_s.append(time.perf_counter() - started)
        try:
            src = router.snap("origin", *o, cost)
            dst = router.snap("destination", *d, cost)
        except NoUsableWayNearby:
            continue
        s, t = int(router.head[src.edge]), int(router.tail[dst.edge])
        point = (float(router.node_x[t]), float(router.node_y[t]))
        started = time.perf_counter()
        found = engine.astar(cost, np.array([s]), np.zeros(1), np.array([t]), np.zeros(1), point)
        search_s.append(time.perf_counter() - started)
        ours = found.cost if found is not None else float("inf")

        if i >= nx_pairs:
            continue
        weight: Any = "weight" if not per_request else cost_weight(cost)
        started = time.perf_counter()
        theirs = nx_cost(D, s, t, weight)
        nx_s.append(time.perf_counter() - started)
        if np.isfinite(ours) and np.isfinite(theirs):
            compared += 1
            if abs(ours - theirs) > RELATIVE_TOLERANCE * max(abs(theirs), 1.0):
                mismatches.append({"pair": i, "source": s, "target": t, "ours": ours, "nx": theirs})
        elif np.isfinite(ours) != np.isfinite(theirs):
            mismatches.append({"pair": i, "source": s, "target": t, "ours": ours, "nx": theirs})

    return {
        "profile": profile.name,
        "limits": "per request" if per_request else "preset",
        "queries": len(pairs),
        "routes": routes,
        "blocked": blocked,
        "route": percentiles_ms(route_s),
        "costs": percentiles_ms(costs_s),
        "search": percentiles_ms(search_s),
        "networkx": percentiles_ms(nx_s),
        "costs_compared": compared,
        "mismatches": mismatches,
    }


def add_speedups(rows: list[dict[str, Any]]) -> None:
    """Speed-ups over networkx measured in this run.

    ``speedup_search`` and ``speedup_route`` compare with networkx on the preset costs as a
    weight attribute (its fastest form); with per-request limits networkx needs a weight
    function over the costs of the request, and ``speedup_search_same_query`` compares with
    that.
    """
    nx_p50 = {r["profile"]: r["networkx"]["p50_ms"] for r in rows if r["limits"] == "preset"}
    for r in rows:
        base = nx_p50.get(r["profile"], float("nan"))
        r["speedup_search"] = base / r["search"]["p50_ms"]
        r["speedup_route"] = base / r["route"]["p50_ms"]
        r["speedup_search_same_query"] = r["networkx"]["p50_ms"] / r["search"]["p50_ms"]


def render(rows: list[dict[str, Any]]) -> str:
    header = (
        "profile",
        "limits",
        "routes",
        "route p50",
        "route p95",
        "costs p50",
        "search p50",
        "search p95",
        "nx p50",
        "nx p95",
        "x search",
        "x route",
        "x same query",
    )
    lines = []
    for r in rows:
        nx_row = r["networkx"]
        lines.append(
            (
                r["profile"],
                r["limits"],
                f"{r['routes']}/{r['queries']}",
                f"{r['route']['p50_ms']:.3f}",
                f"{r['route']['p95_ms']:.3f}",
                f"{r['costs']['p50_ms']:.3f}",
                f"{r['search']['p50_ms']:.3f}",
                f"{r['search']['p95_ms']:.3f}",
                f"{nx_row['p50_ms']:.1f}",
                f"{nx_row['p95_ms']:.1f}",
                f"{r['speedup_search']:.0f}",
                f"{r['speedup_route']:.0f}",
                f"{r['speedup_search_same_query']:.0f}",
            )
        )
    widths = [max(len(str(c)) for c in col) for col in zip(header, *lines, strict=True)]
    out = ["  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True))]
    out += ["  ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    out.append(
        "times in ms, measured in this run; x search, x route = networkx p50 on the preset "
        "costs / our p50; x same query = networkx p50 on the same costs (a weight function "
        "for per-request limits) / our search p50"
    )
    return "\n".join(out)


def verdicts(rows: list[dict[str, Any]]) -> list[str]:
    """Targets met or missed, one line each."""
    out = []
    for r in rows:
        preset = r["limits"] == "preset"
        target = TARGET_PRESET_P50_MS if preset else TARGET_LIMITS_P50_MS
        speedup = r["speedup_search"] if preset else r["speedup_search_same_query"]
        ok = r["route"]["p50_ms"] <= target and speedup >= TARGET_SPEEDUP
        out.append(
            f"{'met   ' if ok else 'MISSED'} {r['profile']:<20} {r['limits']:<11} "
            f"route p50 {r['route']['p50_ms']:.3f} ms (target {target:g}), "
            f"search {speedup:.0f}x networkx on the same costs (target {TARGET_SPEEDUP:g}x)"
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=1000, help="origin-destination pairs")
    parser.add_argument("--seed", type=int, default=7, help="seed of the random pairs")
    parser.add_argument(
        "--nx-pairs", type=int, default=None, help="pairs also run in networkx (default: all)"
    )
    parser.add_argument("--profiles", nargs="*", default=list(BENCH_PROFILES))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    started = time.perf_counter()
    G = load_graph()
    router = Router(G, service_area_for(None, G))
    ward = ServiceArea.from_geojson(meguro_boundary(), buffer_m=0.0)
    rng = np.random.default_rng(args.seed)
    points = random_points(ward, 2 * args.pairs, rng)
    pairs = points.reshape(args.pairs, 2, 2)
    D = networkx_graph(router)

    # Compile and prepare every profile before timing anything.
    for name in args.profiles:
        try:
            router.route(tuple(pairs[0, 0]), tuple(pairs[0, 1]), PROFILES[name])
        except (NoRouteFound, NoUsableWayNearby):
            pass
    logger.info("Set up in %.1f s", time.perf_counter() - started)

    nx_pairs = args.pairs if args.nx_pairs is None else args.nx_pairs
    rows = []
    for per_request in (False, True):
        for name in args.profiles:
            rows.append(run_profile(router, D, pairs, PROFILES[name], per_request, nx_pairs, rng))
            logger.info("%s (%s) done", name, rows[-1]["limits"])
    add_speedups(rows)

    table = render(rows)
    checks = verdicts(rows)
    print(table)
    print("\n".join(checks))
    mismatches = sum(len(r["mismatches"]) for r in rows)
    compared = sum(r["costs_compared"] for r in rows)
    print(f"costs compared with networkx: {compared}, mismatches: {mismatches}")

    results = REPO_ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    record = {
        "pairs": args.pairs,
        "seed": args.seed,
        "nx_pairs": nx_pairs,
        "nodes": len(router.nodes),
        "edges": len(router.edges),
        "python": platform.python_version(),
        "numba": numba.__version__,
        "networkx": nx.__version__,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "median_nx_p50_ms": statistics.median(
            r["networkx"]["p50_ms"] for r in rows if r["limits"] == "preset"
        ),
        "rows": rows,
        "verdicts": checks,
    }
    output = results / f"routing-{args.pairs}-{stamp}.json"
    output.write_text(json.dumps(record, indent=1))
    (results / f"routing-{args.pairs}-{stamp}.txt").write_text(table + "\n" + "\n".join(checks))
    logger.info("Wrote %s", output)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
