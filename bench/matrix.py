"""Time the driving-time matrix on the Meguro drive graph against networkx, in the same run.

Usage, from the repository root: ``python -m bench.matrix [--points 100 300]``.

Random points of the ward are snapped and the full matrix is computed by
:meth:`rides.travel.TravelTimes.matrix`. networkx runs ``single_source_dijkstra_path_length``
from the snapped nodes of a sample of the points (all of them when ``--networkx-sources`` is
0); its time for the whole matrix is that sample's time scaled to all points. Results are
printed and written as JSON to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import time
from datetime import datetime
from pathlib import Path

import networkx as nx
import numpy as np

from rides.travel import TravelTimes

log = logging.getLogger("bench.matrix")
RESULTS = Path(__file__).resolve().parent / "results"


def ward_points(travel: TravelTimes, count: int, seed: int) -> list[tuple[float, float]]:
    """Uniform random points of the service area that lie near a drivable street."""
    assert travel.area is not None
    rng = np.random.default_rng(seed)
    west, south, east, north = travel.area.polygon.bounds
    points: list[tuple[float, float]] = []
    while len(points) < count:
        lat, lon = float(rng.uniform(south, north)), float(rng.uniform(west, east))
        if travel.can_snap([(lat, lon)])[0]:
            points.append((lat, lon))
    return points


def run(counts: list[int], networkx_sources: int, seed: int) -> dict[str, object]:
    started = time.perf_counter()
    travel = TravelTimes.for_meguro()
    setup_s = time.perf_counter() - started
    travel.matrix(ward_points(travel, 3, seed))  # compile the kernel outside the timing

    runs = []
    for count in counts:
        points = ward_points(travel, count, seed)
        t0 = time.perf_counter()
        matrix = travel.matrix(points)
        ours_s = time.perf_counter() - t0

        # networkx: one Dijkstra per point, from the head of its snapped edge.
        sample = count if networkx_sources <= 0 else min(count, networkx_sources)
        heads = [travel.nodes[int(travel.head[s.edge])] for s in matrix.snaps[:sample]]
        t0 = time.perf_counter()
        for node in heads:
            nx.single_source_dijkstra_path_length(travel.graph, node, weight="travel_time_s")
        nx_sample_s = time.perf_counter() - t0
        nx_s = nx_sample_s * count / sample
        runs.append(
            {
                "points": count,
                "matrix_s": ours_s,
                "networkx_s": nx_s,
                "networkx_sources_timed": sample,
                "speedup": nx_s / ours_s,
                "median_time_s": float(np.median(matrix.time_s[matrix.time_s > 0])),
                "asymmetric_pairs_over_60_s": int(
                    (np.abs(matrix.time_s - matrix.time_s.T) > 60).sum() // 2
                ),
            }
        )
        log.info(
            "%d points: matrix %.3f s, networkx %.1f s (%d sources timed), %.0fx faster",
            count,
            ours_s,
            nx_s,
            sample,
            nx_s / ours_s,
        )
    return {
        "benchmark": "drive-matrix",
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
        },
        "graph": {"nodes": len(travel.nodes), "edges": len(travel.edges)},
        "setup_s": setup_s,
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, nargs="+", default=[100, 300])
    parser.add_argument("--networkx-sources", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    report = run(args.points, args.networkx_sources, args.seed)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"matrix-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    log.info("Wrote %s", out)


if __name__ == "__main__":
    main()
