#!/usr/bin/python3
"""Lambdascope against scikit-learn, glmnet and skglm, in one run, on the same data.

Run with Debian's Python (python3-sklearn, r-cran-glmnet; see README.md here):

    /usr/bin/python3 tests/benchmarks/run_peers.py --build build/bench [--repeat 5]
        [--only diabetes,leukemia] [--benchmarks path,points,enet,logreg] [--out FILE.json]

For every dataset and benchmark, each solver is timed on the same λ grid (computed once here, with
numpy, and given to everyone), only its fitting is timed (data loading and conversion are not),
and every solution it returns is re-checked with ONE numpy formula (`relative_gap` below): the
duality gap of the returned (β, β0) divided by P(0). A peer whose tolerance is not a duality gap
(glmnet's `thresh`, skglm's KKT `tol`, saga's `tol`) is run on a ladder of tolerances first, and
timed at the loosest one whose solutions reach our target at every λ. See README.md.

skglm is used when SKGLM_PATH points at a checkout of scikit-learn-contrib/skglm (needs Debian's
python3-numba); otherwise it is skipped with a message.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import types
import warnings

import numpy as np
import scipy
import scipy.io
import scipy.sparse as sp

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

GLMNET_LADDER = [1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14]
SKGLM_LADDER = [1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12]
SAGA_LADDER = [1e-6, 1e-7, 1e-8, 1e-9]
POINT_FRACTIONS = [0.5, 0.1, 0.05]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------------------------

class Data:
    def __init__(self, name, path, X, y, source):
        self.name, self.path, self.source = name, path, source
        self.n, self.p = X.shape
        self.nnz = int(X.nnz) if sp.issparse(X) else int(np.count_nonzero(X))
        self.sparse = sp.issparse(X)
        self.X = X
        self.y = y
        self.mean = np.asarray(X.mean(axis=0)).ravel()
        self.binary = set(np.unique(y).tolist()) <= {-1.0, 1.0}

    def bytes_in_memory(self):
        # what our loader keeps: CSC (value + row index, 12 bytes a non-zero) or dense doubles
        return self.nnz * 12 if self.sparse else self.n * self.p * 8


def load_libsvm(path, name, source):
    from sklearn.datasets import load_svmlight_file
    X, y = load_svmlight_file(path, dtype=np.float64)
    density = X.nnz / (X.shape[0] * X.shape[1])
    # same rule as our loader's auto storage: CSC when at most 10 % of the entries are non-zero
    X = X.tocsc() if density <= 0.1 else np.asfortranarray(X.toarray())
    return Data(name, path, X, y.astype(np.float64), source)


MOVIELENS_R = r"""
suppressMessages(library(dslabs))
data(movielens)
m <- movielens
out <- commandArgs(trailingOnly = TRUE)[1]
users <- sort(unique(m$userId)); movies <- sort(unique(m$movieId))
g <- strsplit(as.character(m$genres), "|", fixed = TRUE)
genres <- sort(unique(unlist(g))); genres <- genres[genres != "(no genres listed)"]
u <- match(m$userId, users); v <- length(users) + match(m$movieId, movies)
off <- length(users) + length(movies)
gi <- vapply(g, function(s) paste0(sort(off + match(s[s %in% genres], genres)), ":1", collapse = " "), "")
line <- paste0(format(m$rating), " ", u, ":1 ", v, ":1", ifelse(nchar(gi) > 2, paste0(" ", gi), ""))
writeLines(trimws(line), out)
cat(length(users), length(movies), length(genres), "\n")
"""


def movielens(build):
    """Debian r-cran-dslabs: movielens (100,004 ratings of 9,066 movies by 671 users). Design:
    one-hot user + one-hot movie + genre indicators, y = rating (the 'movie + user effects' model of
    the dslabs book, here with an l1 penalty). Converted once to LIBSVM under build/bench-data."""
    out_dir = os.path.join(build, "bench-data")
    path = os.path.join(out_dir, "movielens.libsvm")
    if not os.path.exists(path):
        if not shutil.which("Rscript"):
            return None, "Rscript absent"
        os.makedirs(out_dir, exist_ok=True)
        tmp = path + ".tmp"
        r = subprocess.run(["Rscript", "-e", MOVIELENS_R, tmp], capture_output=True, text=True)
        if r.returncode != 0:
            return None, "r-cran-dslabs absent or failed: " + r.stderr.strip().splitlines()[-1]
        # LIBSVM wants increasing indices within a line: they are (user < movie < genres)
        os.replace(tmp, path)
        log(f"movielens: wrote {path} (users movies genres = {r.stdout.strip()})")
    return path, None


# ----------------------------------------------------------------------------------------------
# One accuracy formula for every solver
# ----------------------------------------------------------------------------------------------

def null_objective(d, model):
    y = d.y
    if model == "logreg":
        q = np.mean(y > 0)
        return -(q * np.log(q) + (1 - q) * np.log(1 - q))
    yc = y - y.mean()
    return yc @ yc / (2 * d.n)


def relative_gap(d, model, lam, beta, b0, l1_ratio=1.0):
    """(P(β, β0) − D(θ)) / P(0), with θ built from the returned solution by the same rule for every
    solver: the residual (gradient) at β with the intercept re-optimised (so 1ᵀθ = 0), rescaled into
    the dual feasible set. P uses the solver's own β0. An upper bound on P − P*."""
    X, y, n = d.X, d.y, d.n
    xb = X @ beta
    if model == "logreg":
        z = y * (xb + b0)
        primal = np.mean(np.logaddexp(0.0, -z)) + lam * np.abs(beta).sum()
        c = b0
        for _ in range(100):  # Newton on the intercept
            s = 1.0 / (1.0 + np.exp(y * (xb + c)))  # σ(−z)
            step = np.sum(y * s) / max(np.sum(s * (1 - s)), 1e-300)
            c += step
            if abs(step) < 1e-15 * (1 + abs(c)):
                break
        v = -1.0 / (1.0 + np.exp(y * (xb + c)))  # v_i = n y_i u_i ∈ (−1, 0), u = ∇f
        u = y * v / n
        scale = max(1.0, np.max(np.abs(X.T @ u)) / lam)
        v = v / scale
        a = -v
        with np.errstate(divide="ignore", invalid="ignore"):
            conj = np.where(a > 0, a * np.log(a), 0.0) + np.where(1 - a > 0, (1 - a) * np.log(1 - a), 0.0)
        dual = -np.mean(conj)
    else:
        r = y - xb - b0
        primal = r @ r / (2 * n) + lam * (l1_ratio * np.abs(beta).sum()
                                          + 0.5 * (1 - l1_ratio) * beta @ beta)
        theta = r - r.mean()
        yc = y - y.mean()
        g = X.T @ theta / n  # = X̃ᵀθ/n since 1ᵀθ = 0
        if l1_ratio == 1.0:
            theta = theta / max(1.0, np.max(np.abs(g)) / lam)
            dual = (yc @ yc - (yc - theta) @ (yc - theta)) / (2 * n)
        else:
            l1, l2 = lam * l1_ratio, lam * (1 - l1_ratio)
            excess = np.maximum(np.abs(g) - l1, 0.0)
            dual = theta @ yc / n - theta @ theta / (2 * n) - excess @ excess / (2 * l2)
    return (primal - dual) / null_objective(d, model)


def lambda_max(d, model, l1_ratio=1.0):
    y = d.y
    if model == "logreg":
        t = (y > 0).astype(float)
        g = d.X.T @ (t - t.mean())
    else:
        g = d.X.T @ (y - y.mean())
    return np.max(np.abs(g)) / (d.n * l1_ratio)


def max_gap(d, model, grid, sols, l1_ratio=1.0):
    gaps = [relative_gap(d, model, lam, b, b0, l1_ratio) for lam, (b0, b) in zip(grid, sols)]
    return float(max(gaps)), gaps


# ----------------------------------------------------------------------------------------------
# Lambdascope
# ----------------------------------------------------------------------------------------------

def read_our_solutions(path, p):
    with open(path) as f:
        js = json.load(f)
    sols = []
    for pt in js["path"]:
        b = np.zeros(p)
        b[np.asarray(pt["index"], dtype=int)] = pt["value"]
        sols.append((pt["intercept"], b))
    return sols


def run_ours(ctx, d, model, grid, tol, cold=False):
    with tempfile.TemporaryDirectory() as tmp:
        gfile = os.path.join(tmp, "grid.txt")
        np.savetxt(gfile, grid, fmt="%.17g")
        cfile = os.path.join(tmp, "coef.json")
        cmd = [ctx.bench, "--data", d.path, "--name", d.name, "--model", model, "--tol", repr(tol),
               "--lambdas-file", gfile, "--repeat", str(ctx.repeat), "--coef-out", cfile]
        if cold:
            cmd.append("--cold")
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            return {"skipped": r.stderr.strip()}
        js = json.loads(r.stdout)
        sols = read_our_solutions(cfile, d.p)
    gap, _ = max_gap(d, model, grid, sols)
    return {"seconds": js["seconds"], "seconds_all": js["seconds_all"], "epochs": js["epochs"],
            "gap": gap, "own_gap": js["max_relative_gap"], "setting": f"tol={tol:g}",
            "points": js["points"]}


def run_ours_cli(ctx, d, model, grid, tol, extra):
    """Through lambdascope-cli (models the in-process driver cannot configure, e.g. enet)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "path.json")
        cmd = [ctx.cli, "path", "--data", d.path, "--model", model, "--tol", repr(tol),
               "--lambdas", ",".join(repr(float(x)) for x in grid), "--out", out] + extra
        secs = []
        for _ in range(ctx.repeat):
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0:
                return {"skipped": "lambdascope-cli: " + r.stderr.strip()}
            with open(out) as f:
                js = json.load(f)
            secs.append(js["total_seconds"])
    sols = []
    for pt in js["path"]:
        b = np.zeros(d.p)
        b[np.asarray(pt["coef"]["index"], dtype=int)] = pt["coef"]["value"]
        sols.append((pt["intercept"], b))
    l1r = float(extra[extra.index("--l1-ratio") + 1]) if "--l1-ratio" in extra else 1.0
    gap, _ = max_gap(d, model, grid, sols, l1r)
    return {"seconds": float(np.median(secs)), "seconds_all": secs, "gap": gap,
            "epochs": sum(pt.get("n_iter", 0) for pt in js["path"]), "setting": f"tol={tol:g} (cli)"}


# ----------------------------------------------------------------------------------------------
# scikit-learn
# ----------------------------------------------------------------------------------------------

def sklearn_path(d, grid, tol_sk, l1_ratio=1.0):
    """Timed fit of the whole grid with warm starts. Dense: enet_path on data centred once
    (outside the timing; sklearn's own fit centres the same way). Sparse: ElasticNet with
    warm_start (sklearn centres sparse data implicitly). Returns (seconds, solutions)."""
    from sklearn.linear_model import ElasticNet, enet_path
    X, y = d.X, d.y
    if not d.sparse:
        Xc = np.asfortranarray(X - d.mean)
        yc = y - y.mean()
        t0 = time.perf_counter()
        _, coefs, _ = enet_path(Xc, yc, l1_ratio=l1_ratio, alphas=grid, tol=tol_sk,
                                max_iter=10**6, precompute=False, check_input=False)
        secs = time.perf_counter() - t0
        sols = [(y.mean() - d.mean @ coefs[:, k], coefs[:, k].copy()) for k in range(len(grid))]
        return secs, sols
    model = ElasticNet(alpha=grid[0], l1_ratio=l1_ratio, tol=tol_sk, max_iter=10**6,
                       warm_start=True, precompute=False)
    sols = []
    secs = 0.0
    for lam in grid:
        model.set_params(alpha=lam)
        t0 = time.perf_counter()
        model.fit(X, y)
        secs += time.perf_counter() - t0
        sols.append((float(model.intercept_), model.coef_.copy()))
    return secs, sols


def sklearn_point(d, lam, tol_sk):
    """One λ from zero: enet_path on one alpha (dense) or a fresh Lasso fit (sparse)."""
    return sklearn_path(d, np.array([lam]), tol_sk)


def sklearn_logreg_path(d, grid, tol):
    from sklearn.linear_model import LogisticRegression
    model = LogisticRegression(penalty="l1", solver="saga", tol=tol, max_iter=10**5,
                               warm_start=True, fit_intercept=True)
    sols, secs = [], 0.0
    for lam in grid:
        model.set_params(C=1.0 / (d.n * lam))
        t0 = time.perf_counter()
        model.fit(d.X, d.y)
        secs += time.perf_counter() - t0
        sols.append((float(model.intercept_[0]), model.coef_.ravel().copy()))
    return secs, sols


# ----------------------------------------------------------------------------------------------
# glmnet (R): each glmnet() call timed inside R with proc.time()
# ----------------------------------------------------------------------------------------------

GLMNET_R = r"""
suppressMessages({library(glmnet); library(Matrix)})
a <- commandArgs(trailingOnly = TRUE)
xfile <- a[1]; yfile <- a[2]; grid <- scan(a[3], quiet = TRUE); family <- a[4]
alpha <- as.numeric(a[5]); threshs <- as.numeric(strsplit(a[6], ",")[[1]])
reps <- as.integer(a[7]); prefix <- a[8]; separate <- a[9] == "1"
x <- if (grepl("\\.mtx$", xfile)) as(readMM(xfile), "CsparseMatrix") else as.matrix(read.csv(xfile, header = FALSE))
y <- scan(yfile, quiet = TRUE)
if (family == "binomial") y <- factor(y, levels = c(-1, 1))
jobs <- if (separate) as.list(grid) else list(grid)
times <- NULL
for (ti in seq_along(threshs)) {
  trip <- NULL
  for (k in seq_along(jobs)) {
    for (r in seq_len(reps)) {
      # proc.time() ticks in milliseconds: repeat a fast fit until 0.2 s have passed, report the mean
      calls <- 0; t0 <- proc.time()[["elapsed"]]
      repeat {
        fit <- glmnet(x, y, family = family, alpha = alpha, lambda = jobs[[k]], standardize = FALSE,
                      intercept = TRUE, thresh = threshs[ti], maxit = 1e8)
        calls <- calls + 1; el <- proc.time()[["elapsed"]] - t0
        if (el >= 0.2 || reps == 1) break
      }
      times <- rbind(times, c(ti, k, r, el / calls, sum(fit$npasses)))
    }
    b <- summary(as(fit$beta, "CsparseMatrix"))
    col0 <- if (separate) k - 1 else 0
    trip <- rbind(trip, cbind(0, col0 + seq_along(fit$a0), fit$a0),
                  if (nrow(b) > 0) cbind(b$i, col0 + b$j, b$x) else NULL)
  }
  write.table(format(trip, digits = 17), paste0(prefix, "_coef", ti, ".csv"), sep = ",",
              row.names = FALSE, col.names = FALSE, quote = FALSE)
}
write.table(times, paste0(prefix, "_times.csv"), sep = ",", row.names = FALSE, col.names = FALSE)
"""


class Glmnet:
    def __init__(self, ctx):
        self.ctx = ctx
        self.available = None

    def check(self):
        if self.available is None:
            r = subprocess.run(["Rscript", "-e", 'cat(as.character(packageVersion("glmnet")))'],
                               capture_output=True, text=True) if shutil.which("Rscript") else None
            self.available = r is not None and r.returncode == 0
            self.version = r.stdout.strip() if self.available else None
        return self.available

    def files(self, d):
        """X and y for R, written from the arrays every peer uses (exact: 17 digits)."""
        key = d.name
        base = os.path.join(self.ctx.tmp, key)
        yfile = base + "_y.txt"
        xfile = base + ("_x.mtx" if d.sparse else "_x.csv")
        if not os.path.exists(yfile):
            if d.sparse:
                scipy.io.mmwrite(xfile, d.X, precision=17)
            else:
                np.savetxt(xfile, d.X, delimiter=",", fmt="%.17g")
            np.savetxt(yfile, d.y, fmt="%.17g")
        return xfile, yfile

    def run(self, d, grid, family, alpha, threshs, reps, separate):
        xfile, yfile = self.files(d)
        with tempfile.TemporaryDirectory(dir=self.ctx.tmp) as tmp:
            gfile = os.path.join(tmp, "grid.txt")
            np.savetxt(gfile, grid, fmt="%.17g")
            prefix = os.path.join(tmp, "out")
            r = subprocess.run(["Rscript", "-e", GLMNET_R, xfile, yfile, gfile, family, repr(alpha),
                                ",".join(repr(t) for t in threshs), str(reps), prefix,
                                "1" if separate else "0"], capture_output=True, text=True,
                               timeout=self.ctx.cap * len(threshs) * max(1, reps))
            if r.returncode != 0:
                raise RuntimeError("glmnet: " + r.stderr.strip()[-500:])
            times = np.loadtxt(prefix + "_times.csv", delimiter=",", ndmin=2)
            out = {}
            for ti, t in enumerate(threshs, start=1):
                trip = np.loadtxt(prefix + f"_coef{ti}.csv", delimiter=",", ndmin=2)
                b0 = np.zeros(len(grid))
                B = np.zeros((len(grid), d.p))
                for i, j, v in trip:
                    if i == 0:
                        b0[int(j) - 1] = v
                    else:
                        B[int(j) - 1, int(i) - 1] = v
                sel = times[times[:, 0] == ti]
                # time per job (λ or whole grid): median over repeats
                per_job = [float(np.median(sel[sel[:, 1] == k, 3])) for k in range(1, int(sel[:, 1].max()) + 1)]
                passes = [float(np.median(sel[sel[:, 1] == k, 4])) for k in range(1, int(sel[:, 1].max()) + 1)]
                out[t] = {"sols": [(b0[k], B[k]) for k in range(len(grid))], "seconds": per_job,
                          "passes": passes,
                          "seconds_all": [sel[sel[:, 1] == k, 3].tolist() for k in range(1, int(sel[:, 1].max()) + 1)]}
            return out


def glmnet_bench(ctx, d, model, grid, target, separate=False, alpha=1.0):
    """Ladder, then timing at the loosest thresh reaching the target (per λ when separate) and at
    glmnet's default thresh (1e-7)."""
    family = "binomial" if model == "logreg" else "gaussian"
    l1r = alpha
    jobs = list(range(len(grid))) if separate else [None]
    try:
        ladder = ctx.glmnet.run(d, grid, family, alpha, GLMNET_LADDER, 1, separate)
    except (subprocess.TimeoutExpired, RuntimeError) as e:
        why = f"timed out after {e.timeout:g} s" if isinstance(e, subprocess.TimeoutExpired) else str(e)[:200]
        fail = {"seconds": None, "gap": None, "setting": f"failed: {why}"}
        return [(fail, fail)] * len(jobs)
    chosen = []
    for k in jobs:
        pick = None
        for t in GLMNET_LADDER:
            sols = ladder[t]["sols"] if k is None else [ladder[t]["sols"][k]]
            lams = grid if k is None else [grid[k]]
            if max_gap(d, model, lams, sols, l1r)[0] <= target:
                pick = t
                break
        chosen.append(pick)
    threshs = sorted({t for t in chosen if t is not None} | {1e-7}, reverse=True)
    try:
        timed = ctx.glmnet.run(d, grid, family, alpha, threshs, ctx.repeat, separate)
    except (subprocess.TimeoutExpired, RuntimeError) as e:
        why = f"timed out after {e.timeout:g} s" if isinstance(e, subprocess.TimeoutExpired) else str(e)[:200]
        fail = {"seconds": None, "gap": None, "setting": f"failed: {why}"}
        return [(fail, fail)] * len(jobs)
    results = []
    for idx, k in enumerate(jobs):
        lams = grid if k is None else [grid[k]]
        sel = (lambda t: timed[t]["sols"]) if k is None else (lambda t, k=k: [timed[t]["sols"][k]])
        job = 0 if k is None else k
        default = {"seconds": timed[1e-7]["seconds"][job],
                   "gap": max_gap(d, model, lams, sel(1e-7), l1r)[0], "setting": "thresh=1e-07 (default)"}
        t = chosen[idx]
        if t is None:
            tight = ladder[GLMNET_LADDER[-1]]
            gap = max_gap(d, model, lams, tight["sols"] if k is None else [tight["sols"][k]], l1r)[0]
            secs = tight["seconds"][job]  # one fit, from the ladder
            best = {"seconds": None, "gap": gap, "seconds_at_tightest": secs,
                    "setting": f"no thresh down to 1e-14 reached the target "
                               f"(1e-14: {fmt_s(secs)}, one fit)"}
        else:
            best = {"seconds": timed[t]["seconds"][job], "seconds_all": timed[t]["seconds_all"][job],
                    "gap": max_gap(d, model, lams, sel(t), l1r)[0], "setting": f"thresh={t:g}",
                    "passes": timed[t]["passes"][job]}
        results.append((best, default))
    return results


# ----------------------------------------------------------------------------------------------
# skglm (optional, from a source checkout given by SKGLM_PATH)
# ----------------------------------------------------------------------------------------------

def import_skglm():
    root = os.environ.get("SKGLM_PATH")
    if not root:
        return None, "SKGLM_PATH not set (a checkout of scikit-learn-contrib/skglm; needs python3-numba)"
    pkg = os.path.join(root, "skglm") if os.path.isdir(os.path.join(root, "skglm")) else root
    if not os.path.isfile(os.path.join(pkg, "solvers", "anderson_cd.py")):
        return None, f"SKGLM_PATH={root}: no skglm/solvers/anderson_cd.py there"
    try:
        import numba  # noqa: F401
    except ImportError:
        return None, "numba absent (apt-get install python3-numba)"
    # skglm/__init__.py imports its estimators, which need scikit-learn >= 1.6 (Debian 12 has
    # 1.2.1). The solvers, datafits and penalties do not: register the package without running
    # its __init__ and import only those.
    mod = types.ModuleType("skglm")
    mod.__path__ = [pkg]
    sys.modules["skglm"] = mod
    try:
        from skglm.datafits import Logistic, Quadratic
        from skglm.penalties import L1, L1_plus_L2
        from skglm.solvers import AndersonCD
    except Exception as e:  # noqa: BLE001
        return None, f"skglm import failed: {e!r}"
    commit = ""
    try:
        commit = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        pass
    return types.SimpleNamespace(Quadratic=Quadratic, Logistic=Logistic, L1=L1,
                                 L1_plus_L2=L1_plus_L2, AndersonCD=AndersonCD,
                                 version=commit or root), None


def skglm_path(sk, d, model, grid, tol, l1_ratio=1.0, cold=False):
    X, y = d.X, d.y
    datafit = sk.Logistic() if model == "logreg" else sk.Quadratic()
    solver = sk.AndersonCD(tol=tol, fit_intercept=True, max_iter=1000, max_epochs=100000)
    w, Xw = np.zeros(d.p + 1), np.zeros(d.n)
    if model != "logreg":
        w[-1] = y.mean()  # start from the null model, as the others do
        Xw[:] = y.mean()
    w0, Xw0 = w.copy(), Xw.copy()
    sols, secs = [], 0.0
    for lam in grid:
        pen = sk.L1(lam) if l1_ratio == 1.0 else sk.L1_plus_L2(lam, l1_ratio)
        if cold:
            w, Xw = w0.copy(), Xw0.copy()
        t0 = time.perf_counter()
        w, _, _ = solver.solve(X, y, datafit, pen, w_init=w, Xw_init=Xw)
        secs += time.perf_counter() - t0
        Xw = X @ w[:-1] + w[-1]
        sols.append((float(w[-1]), w[:-1].copy()))
    return secs, sols


# ----------------------------------------------------------------------------------------------
# Ladders and repeats
# ----------------------------------------------------------------------------------------------

class Capped(Exception):
    pass


def capped(ctx, fn, *a):
    """fn(*a) -> (seconds, solutions) in a forked child, killed after ctx.cap seconds (a peer can
    be very slow on the larger set: scikit-learn's sparse CD pays O(n) per coordinate to centre)."""
    import multiprocessing as mp
    mpc = mp.get_context("fork")
    recv, send = mpc.Pipe(duplex=False)

    def child():
        try:
            send.send(("ok", fn(*a)))
        except BaseException as e:  # noqa: BLE001
            send.send(("error", repr(e)))
        finally:
            send.close()

    proc = mpc.Process(target=child)
    proc.start()
    send.close()
    if not recv.poll(ctx.cap):
        proc.kill()
        proc.join()
        raise Capped(f"not finished after {ctx.cap:g} s")
    status, value = recv.recv()
    proc.join()
    if status != "ok":
        raise RuntimeError(value)
    return value

def timed_at_ladder(ctx, d, model, grid, target, ladder, run, label, l1_ratio=1.0):
    """Try tolerances loose→tight (one untimed-for-the-table run each) and time the first one whose
    solutions reach the target at every λ, ctx.repeat times (median)."""
    reached = None
    best_gap = np.inf
    for tol in ladder:
        try:
            secs, sols = capped(ctx, run, tol)
        except Capped as e:
            return {"seconds": None, "gap": best_gap if np.isfinite(best_gap) else None,
                    "setting": f"{label}={tol:g}: {e}", "lower_bound_seconds": ctx.cap}
        gap = max_gap(d, model, grid, sols, l1_ratio)[0]
        best_gap = min(best_gap, gap)
        if gap <= target:
            reached = (tol, secs, gap)
            break
        if secs > ctx.budget:
            break
    if reached is None:
        return {"seconds": None, "gap": best_gap,
                "setting": f"{label}: target not reached (tightest tried gave {best_gap:.1e})"}
    tol, first, gap = reached
    # a run longer than the budget is timed once (noted in seconds_all)
    secs = [first] + ([] if first > ctx.budget else [run(tol)[0] for _ in range(ctx.repeat - 1)])
    return {"seconds": float(np.median(secs)), "seconds_all": secs, "gap": gap,
            "setting": f"{label}={tol:g}"}


# ----------------------------------------------------------------------------------------------
# Benchmarks
# ----------------------------------------------------------------------------------------------

def bench_lasso_path(ctx, d):
    tol = 1e-6
    grid = lambda_max(d, "lasso") * np.geomspace(1.0, 1e-3, 100)
    row = {"benchmark": "lasso path 100λ, 1e-3, gap 1e-6", "dataset": d.name, "n": d.n, "p": d.p,
           "nnz": d.nnz, "target_gap": tol, "solvers": {}}
    row["solvers"]["lambdascope"] = run_ours(ctx, d, "lasso", grid, tol)
    ours = row["solvers"]["lambdascope"]
    log(f"  lambdascope {ours.get('seconds')} s, gap {ours.get('gap')}")
    if ctx.sklearn:
        row["solvers"]["sklearn"] = timed_at_ladder(
            ctx, d, "lasso", grid, tol, [tol / 2, tol / 20, tol / 200],
            lambda t: sklearn_path(d, grid, t), "tol")
        log(f"  sklearn {row['solvers']['sklearn']}")
    if ctx.glmnet.check():
        best, default = glmnet_bench(ctx, d, "lasso", grid, tol)[0]
        row["solvers"]["glmnet"] = best
        row["solvers"]["glmnet (default thresh)"] = default
        log(f"  glmnet {best} / default {default}")
    if ctx.skglm:
        skglm_path(ctx.skglm, d, "lasso", grid[:3], 1e-4)  # numba compilation, not timed
        row["solvers"]["skglm"] = timed_at_ladder(
            ctx, d, "lasso", grid, tol, SKGLM_LADDER,
            lambda t: skglm_path(ctx.skglm, d, "lasso", grid, t), "tol")
        log(f"  skglm {row['solvers']['skglm']}")
    return [row]


def bench_lasso_points(ctx, d):
    tol = 1e-8
    lmax = lambda_max(d, "lasso")
    grid = np.array([f * lmax for f in POINT_FRACTIONS])
    rows = []
    glm = glmnet_bench(ctx, d, "lasso", grid, tol, separate=True) if ctx.glmnet.check() else None
    if ctx.skglm:
        skglm_path(ctx.skglm, d, "lasso", grid[:1], 1e-4)
    for k, (f, lam) in enumerate(zip(POINT_FRACTIONS, grid)):
        one = np.array([lam])
        row = {"benchmark": f"lasso point λ={f:g}·λmax, gap 1e-8, cold", "dataset": d.name,
               "n": d.n, "p": d.p, "nnz": d.nnz, "target_gap": tol, "solvers": {}}
        row["solvers"]["lambdascope"] = run_ours(ctx, d, "lasso", one, tol, cold=True)
        row["solvers"]["lambdascope"].pop("points", None)
        if ctx.sklearn:
            row["solvers"]["sklearn"] = timed_at_ladder(
                ctx, d, "lasso", one, tol, [tol / 2, tol / 20, tol / 200],
                lambda t: sklearn_point(d, lam, t), "tol")
        if glm:
            row["solvers"]["glmnet"], row["solvers"]["glmnet (default thresh)"] = glm[k]
        if ctx.skglm:
            row["solvers"]["skglm"] = timed_at_ladder(
                ctx, d, "lasso", one, tol, SKGLM_LADDER,
                lambda t: skglm_path(ctx.skglm, d, "lasso", one, t, cold=True), "tol")
        rows.append(row)
    return rows


def bench_enet_path(ctx, d, l1_ratio=0.5):
    tol = 1e-6
    grid = lambda_max(d, "enet", l1_ratio) * np.geomspace(1.0, 1e-3, 100)
    ours = run_ours_cli(ctx, d, "enet", grid, tol, ["--l1-ratio", repr(l1_ratio)])
    if "skipped" in ours:
        return [{"benchmark": f"enet path l1_ratio={l1_ratio}", "dataset": d.name,
                 "skipped": ours["skipped"]}]
    row = {"benchmark": f"enet path l1_ratio={l1_ratio}, 100λ, gap 1e-6", "dataset": d.name,
           "n": d.n, "p": d.p, "nnz": d.nnz, "target_gap": tol, "solvers": {"lambdascope": ours}}
    if ctx.sklearn:
        row["solvers"]["sklearn"] = timed_at_ladder(
            ctx, d, "enet", grid, tol, [tol / 2, tol / 20, tol / 200],
            lambda t: sklearn_path(d, grid, t, l1_ratio), "tol", l1_ratio)
    if ctx.glmnet.check():
        row["solvers"]["glmnet"], row["solvers"]["glmnet (default thresh)"] = \
            glmnet_bench(ctx, d, "enet", grid, tol, alpha=l1_ratio)[0]
    if ctx.skglm:
        row["solvers"]["skglm"] = timed_at_ladder(
            ctx, d, "enet", grid, tol, SKGLM_LADDER,
            lambda t: skglm_path(ctx.skglm, d, "enet", grid, t, l1_ratio), "tol", l1_ratio)
    return [row]


def bench_logreg_path(ctx, d):
    tol = 1e-6
    grid = lambda_max(d, "logreg") * np.geomspace(1.0, 1e-2, 100)
    ours = run_ours(ctx, d, "logreg", grid, tol)
    if "skipped" in ours:
        return [{"benchmark": "logreg path", "dataset": d.name, "skipped": ours["skipped"]}]
    row = {"benchmark": "logreg path 100λ, 1e-2, gap 1e-6", "dataset": d.name, "n": d.n, "p": d.p,
           "nnz": d.nnz, "target_gap": tol, "solvers": {"lambdascope": ours}}
    if ctx.sklearn:
        row["solvers"]["sklearn saga"] = timed_at_ladder(
            ctx, d, "logreg", grid, tol, SAGA_LADDER,
            lambda t: sklearn_logreg_path(d, grid, t), "tol")
    if ctx.glmnet.check():
        row["solvers"]["glmnet"], row["solvers"]["glmnet (default thresh)"] = \
            glmnet_bench(ctx, d, "logreg", grid, tol)[0]
    if ctx.skglm:
        skglm_path(ctx.skglm, d, "logreg", grid[:3], 1e-4)
        row["solvers"]["skglm"] = timed_at_ladder(
            ctx, d, "logreg", grid, tol, SKGLM_LADDER,
            lambda t: skglm_path(ctx.skglm, d, "logreg", grid, t), "tol")
    return [row]


def peak_memory(ctx, d):
    """Max RSS of `lambdascope-cli path` (100-λ Lasso path) via /usr/bin/time -v."""
    if not (ctx.cli and os.path.exists("/usr/bin/time")):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run(["/usr/bin/time", "-v", ctx.cli, "path", "--data", d.path, "--tol", "1e-6",
                            "--out", os.path.join(tmp, "o.json")], capture_output=True, text=True)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    return int(m.group(1)) * 1024 if m and r.returncode == 0 else None


def peak_heap(ctx, d):
    """Peak heap of the same command under heaptrack (Debian `heaptrack`), in bytes: what the
    program allocates (data, copies, solver buffers), without the code and libraries in the RSS."""
    if not (ctx.cli and shutil.which("heaptrack") and shutil.which("heaptrack_print")):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        trace = os.path.join(tmp, "trace")
        r = subprocess.run(["heaptrack", "-o", trace, ctx.cli, "path", "--data", d.path, "--tol", "1e-6",
                            "--out", os.path.join(tmp, "o.json")], capture_output=True, text=True)
        files = [f for f in os.listdir(tmp) if f.startswith("trace")]
        if r.returncode != 0 or not files:
            return None
        printed = subprocess.run(["heaptrack_print", "-f", os.path.join(tmp, files[0])],
                                 capture_output=True, text=True).stdout
    m = re.search(r"peak heap memory consumption: ([\d.]+)([KMGT]?)B?", printed)
    if not m:
        return None
    return float(m.group(1)) * {"": 1, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}[m.group(2)]  # decimal


# ----------------------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------------------

def fmt_s(x):
    if x is None:
        return "—"
    return f"{x * 1e3:.3g} ms" if x < 1 else f"{x:.3g} s"


def table(rows):
    """One markdown table per benchmark: dataset, size, ours, then each peer."""
    out = []
    benches = []
    for r in rows:
        if "skipped" not in r and r["benchmark"] not in benches:
            benches.append(r["benchmark"])
    for b in benches:
        sel = [r for r in rows if r.get("benchmark") == b and "skipped" not in r
               and "skipped" not in r["solvers"]["lambdascope"]]
        if not sel:
            continue
        peers = []
        for r in sel:
            for k in r["solvers"]:
                if k != "lambdascope" and k not in peers:
                    peers.append(k)
        head = ["dataset", "n × p (nnz)", "lambdascope"] + peers
        out += [f"**{b}** (target: max relative gap ≤ {sel[0]['target_gap']:g})", "",
                "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in sel:
            ours = r["solvers"]["lambdascope"]
            cells = [r["dataset"], f"{r['n']} × {r['p']} ({r['nnz']})",
                     f"{fmt_s(ours['seconds'])}, gap {ours['gap']:.1e}"]
            for p in peers:
                v = r["solvers"].get(p)
                if v is None:
                    cells.append("n/a")
                    continue
                ratio = "" if v["seconds"] is None or not ours["seconds"] else \
                    f" (×{v['seconds'] / ours['seconds']:.2g})"
                gap = "—" if v.get("gap") is None else f"{v['gap']:.1e}"
                setting = v["setting"].replace("no thresh down to 1e-14 reached the target",
                                               "target not reached even at thresh=1e-14")
                cells.append(f"{fmt_s(v['seconds'])}{ratio}, gap {gap}, {setting}")
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


def machine():
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with open("/proc/meminfo") as f:
        mem = f.readline().split(":", 1)[1].strip()
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem_total": mem, "python": platform.python_version(),
            "numpy": np.__version__, "scipy": scipy.__version__}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(REPO, "build", "bench"),
                    help="build dir with tests/benchmarks/bench_lasso and app/lambdascope-cli")
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "data", "tabular"))
    ap.add_argument("--repeat", type=int, default=5, help="timed repeats per solver (median)")
    ap.add_argument("--only", default="", help="comma-separated dataset names")
    ap.add_argument("--benchmarks", default="path,points,enet,logreg")
    ap.add_argument("--no-movielens", action="store_true", help="skip the larger sparse set")
    ap.add_argument("--budget", type=float, default=120.0,
                    help="seconds: a ladder stops, and timing is not repeated, after a run this long")
    ap.add_argument("--cap", type=float, default=180.0,
                    help="seconds: a single peer run longer than this is killed and reported as such")
    ap.add_argument("--out", default=None, help="results JSON (default BUILD/bench-results.json)")
    ap.add_argument("--report", metavar="JSON", help="only print the tables of a results JSON")
    args = ap.parse_args()
    if args.report:
        with open(args.report) as f:
            print_report(json.load(f), args.report)
        return

    build = os.path.abspath(args.build)
    ctx = types.SimpleNamespace(repeat=max(1, args.repeat), budget=args.budget, cap=args.cap)
    ctx.bench = os.path.join(build, "tests", "benchmarks", "bench_lasso")
    ctx.cli = os.path.join(build, "app", "lambdascope-cli")
    if not os.path.exists(ctx.bench):
        sys.exit(f"{ctx.bench} absent: build it (cmake --preset bench && cmake --build --preset bench)")
    if not os.path.exists(ctx.cli):
        ctx.cli = None
    try:
        import sklearn
        ctx.sklearn = sklearn.__version__
    except ImportError:
        ctx.sklearn = None
        log("scikit-learn absent (apt-get install python3-sklearn): skipped")
    ctx.skglm, why = import_skglm()
    if why:
        log(f"skglm skipped: {why}")
    ctx.tmp = tempfile.mkdtemp(prefix="lambdascope-bench-")
    ctx.glmnet = Glmnet(ctx)
    if not ctx.glmnet.check():
        log("glmnet skipped: Rscript or r-cran-glmnet absent")

    datasets = []
    for path in sorted(glob.glob(os.path.join(args.data, "*.libsvm"))):
        name = os.path.splitext(os.path.basename(path))[0]
        datasets.append((name, path, "shared/data/tabular"))
    if not datasets:
        log(f"{args.data}: no .libsvm files (shared data absent): only the larger sparse set")
    if not args.no_movielens:
        path, why = movielens(build)
        if path:
            datasets.append(("movielens", path, "r-cran-dslabs movielens"))
        else:
            log(f"movielens skipped: {why}")
    only = [s for s in args.only.split(",") if s]
    if only:
        datasets = [x for x in datasets if x[0] in only]
    wanted = set(args.benchmarks.split(","))

    warnings.filterwarnings("ignore")  # ConvergenceWarnings are judged by the gap instead
    rows, memory = [], []
    started = time.time()
    for name, path, source in datasets:
        d = load_libsvm(path, name, source)
        log(f"{name}: {d.n} × {d.p}, nnz {d.nnz}, {'sparse' if d.sparse else 'dense'}")
        if "path" in wanted:
            rows += bench_lasso_path(ctx, d)
        if "points" in wanted:
            rows += bench_lasso_points(ctx, d)
        if "enet" in wanted and not d.binary:
            rows += bench_enet_path(ctx, d)
        if "logreg" in wanted and d.binary:
            rows += bench_logreg_path(ctx, d)
        rss = peak_memory(ctx, d)
        if rss:
            memory.append({"dataset": name, "max_rss_bytes": rss, "data_bytes": d.bytes_in_memory(),
                           "peak_heap_bytes": peak_heap(ctx, d), "storage": "csc" if d.sparse else "dense"})
        for r in rows:
            if r.get("dataset") == name and "skipped" in r:
                log(f"  {r['benchmark']}: skipped: {r['skipped']}")
        write_report(ctx, args, build, rows, memory, started)  # partial results survive a stop

    report, out = write_report(ctx, args, build, rows, memory, started)
    print_report(report, out)
    shutil.rmtree(ctx.tmp, ignore_errors=True)


def write_report(ctx, args, build, rows, memory, started):
    report = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(), "repeat": ctx.repeat,
        "versions": {"sklearn": ctx.sklearn, "glmnet": ctx.glmnet.version if ctx.glmnet.check() else None,
                     "skglm": ctx.skglm.version if ctx.skglm else None},
        "rows": rows, "memory": memory, "wall_seconds": time.time() - started,
    }
    out = args.out or os.path.join(build, "bench-results.json")
    with open(out + ".tmp", "w") as f:
        json.dump(report, f, indent=1, default=float)
    os.replace(out + ".tmp", out)
    return report, out


def print_report(report, out):
    rows, memory = report["rows"], report["memory"]
    # the process's own footprint (TBB, code, allocator) shows on the smallest set
    baseline = min(memory, key=lambda m: m["data_bytes"])["max_rss_bytes"] if memory else None
    print(f"# Lambdascope vs peers, {report['date']}, {report['machine']['cpu']}, "
          f"nproc {report['machine']['nproc']}, median of {report['repeat']}")
    print("Cell: time (×peer/ours), max relative duality gap over the grid (numpy formula), setting.\n")
    print(table(rows))
    skipped = sorted({(r["benchmark"], r["skipped"]) for r in rows if "skipped" in r})
    for b, why in skipped:
        print(f"\n{b}: skipped: {why}")
    if memory:
        print("\n| dataset | storage | data in memory | max RSS (lambdascope-cli path) | RSS / data "
              "| (RSS − footprint) / data | peak heap | heap / data |")
        print("|---|---|---|---|---|---|---|---|")
        for m in memory:
            heap = m.get("peak_heap_bytes")
            print(f"| {m['dataset']} | {m['storage']} | {m['data_bytes'] / 2**20:.2f} MiB | "
                  f"{m['max_rss_bytes'] / 2**20:.1f} MiB | {m['max_rss_bytes'] / m['data_bytes']:.1f} | "
                  f"{(m['max_rss_bytes'] - baseline) / m['data_bytes']:.2f} | "
                  + (f"{heap / 2**20:.2f} MiB | {heap / m['data_bytes']:.2f} |" if heap else "— | — |"))
        print(f"\n(footprint: the smallest set's max RSS, {baseline / 2**20:.1f} MiB: code, libraries, "
              "TBB's threads. Peak heap: heaptrack, when installed.)")
    print(f"\nresults: {out}")


if __name__ == "__main__":
    main()
