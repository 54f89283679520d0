#!/usr/bin/python3
"""MxNE, the alpha path and SURE: lambdascope-cli meeg against MNE-Python in the same run.

  /usr/bin/python3 tests/benchmarks/bench_meeg.py --build build/bench [--data CASE.npz] [--repeat 3]

For each alpha (percent of alpha_max) both solve MxNE to the same absolute duality gap,
tol * ||M||_F^2 (ours: --tol; MNE: mixed_norm_solver(tol=...), which stops on the absolute gap),
MNE with its own block coordinate descent ('bcd') and with its default ('auto': scikit-learn's
MultiTaskLasso coordinate descent), working sets of 10 (MNE's active_set_size default), debias off,
on MNE's scaling (G / (alpha_max/100), alpha in percent; the same problem). Then the SURE loop:
MNE's own _compute_mxne_sure (what mixed_norm(alpha='sure') runs: 15 alphas geomspace(100, 10),
two cold solves per alpha) against `lambdascope-cli meeg --path 15 --min-percent 10 --select sure`
(warm-started path, the perturbed path alongside). Ours is timed as the whole process (start-up and
npz loading included) and as the solver seconds it reports; MNE as the call alone. Best of
--repeat runs. Prints a table and the ratios; --json FILE keeps the numbers.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def ours(cli, args):
    t0 = time.perf_counter()
    out = subprocess.run([cli, "meeg"] + args, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - t0
    return wall, json.loads(out)


def best(fn, repeat):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(REPO, "build", "bench"))
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "data", "meeg", "sample_la_meg", "sample_la_meg.npz"))
    ap.add_argument("--percents", default="80,60,40,20")
    ap.add_argument("--tol", type=float, default=1e-8, help="gap / ||M||_F^2 (1e-8 ~ MNE's default tol 1e-4 here)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-sure", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args()
    cli = os.path.join(args.build, "app", "lambdascope-cli")
    import mne
    from mne.inverse_sparse.mxne_optim import mixed_norm_solver, dgap_l21
    from mne.inverse_sparse.mxne_inverse import _compute_mxne_sure
    mne.set_log_level("ERROR")

    z = np.load(args.data)
    G, M = z["G"], z["M"]
    alpha_max = float(np.max(np.linalg.norm(G.T @ M, axis=1)))
    c = alpha_max / 100.0
    Gs = G / c
    gap_abs = args.tol * float(np.sum(M * M))
    print("case %s: G %s, M %s, alpha_max %.6g, gap target %.3g (tol %g x ||M||^2); mne %s, best of %d"
          % (os.path.basename(args.data), G.shape, M.shape, alpha_max, gap_abs, args.tol, mne.__version__, args.repeat))
    rows = []
    # Ratios against our solver time (what MNE's timing covers: the solver call) and against our
    # whole process (start-up and npz loading included).
    print("\n%-8s %8s %10s %10s %10s %10s %11s %11s %10s %10s %s" % (
        "alpha %", "active", "ours wall", "ours solve", "MNE bcd", "MNE auto", "bcd/solve", "auto/solve",
        "bcd/wall", "auto/wall", "same support"))
    for pc in [float(p) for p in args.percents.split(",")]:
        runs = [ours(cli, ["--data", args.data, "--alpha-percent", repr(pc), "--tol", repr(args.tol)]) for _ in range(args.repeat)]
        wall = min(r[0] for r in runs)
        o = runs[-1][1]
        solve = min(r[1]["seconds"] for r in runs)
        res = {}
        for solver in ("bcd", "auto"):
            t, (X, active, _) = best(lambda: mixed_norm_solver(M, Gs, pc, maxit=100000, tol=gap_abs, active_set_size=10,
                                                                debias=False, solver=solver, verbose=False), args.repeat)
            gap, p_obj, _, _ = dgap_l21(M, Gs, X, active, pc, 1)
            res[solver] = (t, [int(i) for i in np.flatnonzero(active)], float(p_obj), float(gap))
        same = res["bcd"][1] == o["active_set"]
        rows.append({"alpha_percent": pc, "active": len(o["active_set"]), "ours_wall": wall, "ours_solve": solve,
                     "mne_bcd": res["bcd"][0], "mne_auto": res["auto"][0], "ours_objective": o["objective"],
                     "mne_objective": res["bcd"][2], "ours_gap": o["duality_gap"], "mne_gap": res["bcd"][3],
                     "same_support": same})
        print("%-8g %8d %10.4f %10.4f %10.4f %10.4f %11.1f %11.1f %10.1f %10.1f %s" % (
            pc, len(o["active_set"]), wall, solve, res["bcd"][0], res["auto"][0], res["bcd"][0] / solve,
            res["auto"][0] / solve, res["bcd"][0] / wall, res["auto"][0] / wall, same))
    sure = None
    if not args.no_sure:
        grid = np.geomspace(100, 10, num=15)
        t_ours, o = ours(cli, ["--data", args.data, "--path", "15", "--min-percent", "10", "--select", "sure",
                               "--tol", repr(args.tol)])
        t0 = time.perf_counter()
        _, _, best_alpha = _compute_mxne_sure(M, Gs, grid, 1.0, 1, 3000, gap_abs, 1, 10, False, "auto", 10, 0, False)
        t_mne = time.perf_counter() - t0
        sure = {"ours_wall": t_ours, "ours_path_seconds": o["path_seconds"], "mne": t_mne,
                "ours_alpha_percent": o["selection"]["alpha_percent"], "mne_alpha_percent": float(best_alpha)}
        print("\nSURE over 15 alphas (100%% -> 10%%): ours %.2f s (process; path %.2f s), MNE _compute_mxne_sure %.2f s: "
              "%.1fx; chosen alpha ours %.4g%%, MNE %.4g%%"
              % (t_ours, o["path_seconds"], t_mne, t_mne / t_ours, sure["ours_alpha_percent"], sure["mne_alpha_percent"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"points": rows, "sure": sure, "tol": args.tol}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
