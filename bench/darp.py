"""Solve Cordeau (2006) dial-a-ride instances with the ride pooling solver; compare to BKS.

Usage::

    python bench/darp.py FILE... --time-limit S [--solutions DIR] [--baseline]
    python bench/darp.py --all --time-limit S [--jobs 2]

With files, one JSON line per instance is printed. With ``--all`` (or no file) the whole
set in the shared benchmark folder is solved twice, with the tuned model (window tightening,
guided local search, then large neighbourhood search) and with a plain one (the routing
solver's default search alone, no window tightening), and a table of gaps to the
best-known costs is printed and written under ``bench/results/``. Every plan is verified by
:func:`rides.darp.check_darp_routes` before its cost is counted.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from rides.darp import check_darp_routes, read_darp, stop_numbers  # noqa: E402
from rides.solver import SolverOptions, solve  # noqa: E402

logger = logging.getLogger("bench.darp")

TIME_SCALE = 10_000  # solver units per distance unit: 1e-4 resolution, rounded up


def shared_dir() -> Path:
    """Return the shared data folder: ``$AINORI_SHARED_DIR`` or ``../shared`` of the repo."""
    override = os.environ.get("AINORI_SHARED_DIR")
    return Path(override) if override else REPO_ROOT.parent / "shared"


def instance_dir() -> Path:
    """Return the folder of the Cordeau set "a" instances."""
    return shared_dir() / "benchmarks" / "darp" / "cordeau2006_a"


def best_known() -> dict[str, float]:
    """Return the best-known total distance of each instance, by instance name."""
    path = shared_dir() / "benchmarks" / "darp" / "bks_darp.csv"
    if not path.exists():
        return {}
    with path.open(newline="") as handle:
        return {row["instance"]: float(row["bks_total_distance"]) for row in csv.DictReader(handle)}


def solver_options(time_limit_s: float, plain: bool, penalty: float) -> SolverOptions:
    """Return the solver settings of the tuned or the plain model."""
    if plain:
        return SolverOptions(
            time_limit_s=time_limit_s,
            time_scale=TIME_SCALE,
            unserved_penalty=penalty,
            tighten=False,
            plain=True,
            explain_unserved=False,
        )
    return SolverOptions(
        time_limit_s=time_limit_s,
        time_scale=TIME_SCALE,
        unserved_penalty=penalty,
        explain_unserved=False,
    )


def run_instance(path: Path, time_limit_s: float, plain: bool, solutions: Path | None) -> dict:
    """Solve one instance, verify the result independently and return a result record."""
    instance = read_darp(path)
    problem = instance.problem
    # More than any complete plan costs: serving a request always beats leaving it out.
    penalty = float(problem.travel_time_s.max()) * (2 * instance.request_count + 2)

    started = time.monotonic()
    solution = solve(problem, solver_options(time_limit_s, plain, penalty))
    seconds = time.monotonic() - started

    routes = stop_numbers(instance, solution)
    report = check_darp_routes(instance, routes)
    for violation in report.violations[:5]:
        logger.warning("%s: %s", instance.name, violation)
    bks = best_known().get(instance.name)
    if solutions is not None:
        solutions.mkdir(parents=True, exist_ok=True)
        record = {"instance": instance.name, "routes": routes}
        (solutions / f"{instance.name}.json").write_text(json.dumps(record) + "\n")
    return {
        "instance": instance.name,
        "model": "plain" if plain else "tuned",
        "cost": round(report.cost, 4),
        "feasible": report.feasible,
        "served": report.served,
        "requests": instance.request_count,
        "vehicles_used": len(routes),
        "seconds": round(seconds, 2),
        "bks": bks,
        "gap_percent": round(100 * (report.cost / bks - 1), 3) if bks and report.feasible else None,
    }


def _table(tuned: list[dict], plain: list[dict], time_limit_s: float) -> str:
    def gap(record: dict) -> str:
        value = record["gap_percent"]
        if value is None:
            return "   -  "
        # Best-known costs are printed to two decimals: a hair below one is a tie.
        return f"{0.0 if abs(value) < 0.005 else value:6.2f}"

    lines = [
        f"time limit {time_limit_s:g} s per instance",
        f"{'instance':<9} {'bks':>8} | {'tuned':>8} {'gap%':>6} {'served':>7} "
        f"| {'plain':>8} {'gap%':>6} {'served':>7}",
    ]
    for a, b in zip(tuned, plain, strict=True):
        lines.append(
            f"{a['instance']:<9} {a['bks'] or 0:8.2f} | {a['cost']:8.2f} {gap(a)} "
            f"{a['served']:>3}/{a['requests']:<3} | {b['cost']:8.2f} {gap(b)} "
            f"{b['served']:>3}/{b['requests']:<3}"
        )
    for name, records in (("tuned", tuned), ("plain", plain)):
        complete = [r for r in records if r["feasible"] and r["gap_percent"] is not None]
        mean = statistics.fmean(r["gap_percent"] for r in complete) if complete else float("nan")
        lines.append(
            f"{name}: all served on {len(complete)}/{len(records)}, mean gap on those {mean:.2f} %"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="instance files")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per solve")
    parser.add_argument("--solutions", type=Path, help="folder for <instance>.json routes")
    parser.add_argument("--baseline", action="store_true", help="use the plain model")
    parser.add_argument("--all", action="store_true", help="run the whole set, both models")
    parser.add_argument("--jobs", type=int, default=1, help="solves at once (at most 2)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    jobs = max(1, min(args.jobs, 2))

    if args.files and not args.all:
        tasks = [(f, args.time_limit, args.baseline, args.solutions) for f in args.files]
        with ProcessPoolExecutor(jobs) as pool:
            for record in pool.map(run_instance, *zip(*tasks, strict=True)):
                print(json.dumps(record), flush=True)
        return 0

    files = sorted(instance_dir().glob("*.txt"), key=lambda p: _natural_key(p.stem))
    tasks = [
        (f, args.time_limit, plain, args.solutions if not plain else None)
        for f in files
        for plain in (False, True)
    ]
    records = []
    with ProcessPoolExecutor(jobs) as pool:
        for record in pool.map(run_instance, *zip(*tasks, strict=True)):
            print(json.dumps(record), flush=True)
            records.append(record)
    tuned = [r for r in records if r["model"] == "tuned"]
    plain = [r for r in records if r["model"] == "plain"]
    table = _table(tuned, plain, args.time_limit)
    print(table)
    results = REPO_ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    output = results / f"darp-{args.time_limit:g}s-{stamp}.json"
    output.write_text(json.dumps({"time_limit_s": args.time_limit, "records": records}, indent=1))
    (results / f"darp-{args.time_limit:g}s-{stamp}.txt").write_text(table + "\n")
    return 0


def _natural_key(name: str) -> tuple[int, ...]:
    """Sort a2-16 before a2-20 before a10-8; names without numbers sort first."""
    digits = "".join(c if c.isdigit() else " " for c in name).split()
    return tuple(int(d) for d in digits)


if __name__ == "__main__":
    sys.exit(main())
