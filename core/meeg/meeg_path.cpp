#include "core/meeg/meeg_path.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/meeg/irmxne.hpp"
#include "core/meeg/meeg_selection.hpp"
#include "core/meeg/mxne.hpp"
#include "core/solvers/epoch_monitor.hpp"

namespace lambdascope {

std::string MeegPathOptions::validate() const {
  if (solver != "mxne" && solver != "irmxne") return "solver must be mxne or irmxne (got '" + solver + "')";
  if (percents.empty()) {
    if (nAlphas < 1) return "the number of alphas must be >= 1";
    if (!(maxPercent > 0.0) || !(minPercent > 0.0) || minPercent > maxPercent)
      return "alpha percents must satisfy 0 < min <= max";
  }
  for (double p : percents)
    if (!(p > 0.0) || !std::isfinite(p)) return "alpha percents must be > 0";
  if (nReweight < 1) return "n-reweight must be >= 1";
  if (!(tol > 0.0)) return "tol must be > 0";
  if (maxIter < 1) return "max-iter must be >= 1";
  if (select != "" && select != "sure" && select != "holdout") return "select must be sure or holdout";
  if (holdoutEvery < 2) return "hold-out: every must be >= 2";
  if (sureEpsilon < 0.0) return "sure epsilon must be >= 0";
  return {};
}

std::vector<double> meegPercentGrid(const MeegPathOptions& o) {
  std::vector<double> grid = o.percents;
  if (grid.empty()) {
    if (o.nAlphas == 1) return {o.maxPercent};
    const double ratio = o.minPercent / o.maxPercent;
    for (int k = 0; k < o.nAlphas; ++k)
      grid.push_back(o.maxPercent * std::pow(ratio, static_cast<double>(k) / (o.nAlphas - 1)));
  }
  std::sort(grid.begin(), grid.end(), std::greater<>());
  return grid;
}

namespace {

// One solve of the chosen model; `warm` carries MxNE's (irMxNE's first stage) solution along α.
struct Fit {
  RowMat B;
  std::vector<Index> active;
  RowMat activeRows;
  double objective = 0.0, gap = 0.0;
  int nIter = 0;
  Termination termination = Termination::Converged;
  std::vector<double> stages;
};

Fit fitAt(const MxneProblem& problem, const MeegPathOptions& o, double alpha, double c, double threshold, Index k,
          RowMat& warm, ProgressObserver& observer, const std::stop_token& stop) {
  Fit f;
  if (o.solver == "mxne") {
    MxneOptions mo;
    mo.alpha = alpha;
    mo.gapThreshold = threshold;
    mo.maxIter = o.maxIter;
    mo.lambdaIndex = k;
    MxneResult r = problem.solve(mo, &warm, observer, stop);
    warm = r.B;
    f.B = std::move(r.B);
    f.active = std::move(r.activeSet);
    f.activeRows = std::move(r.activeRows);
    f.objective = r.objective;
    f.gap = r.dualityGap;
    f.nIter = r.nIter;
    f.termination = r.termination;
  } else {
    IrMxneOptions io;
    io.alpha = alpha;
    io.weightScale = c;
    io.nReweight = o.nReweight;
    io.gapThreshold = threshold;
    io.tol = threshold;  // MNE uses one tol for the gap and for the change test
    io.maxIter = o.maxIter;
    io.lambdaIndex = k;
    IrMxneResult r = solveIrMxne(problem, io, observer, stop, &warm);
    if (r.firstStage.rows() == warm.rows()) warm = r.firstStage;
    f.B = std::move(r.B);
    f.active = std::move(r.activeSet);
    f.activeRows = std::move(r.activeRows);
    f.objective = r.objective;
    f.gap = r.dualityGap;
    f.nIter = r.nIter;
    f.termination = r.termination;
    for (const auto& s : r.stages) f.stages.push_back(s.objective);
  }
  return f;
}

}  // namespace

MeegPath computeMeegPath(const MeegCase& meeg, const MeegPathOptions& options, ProgressObserver& observer,
                         std::stop_token stop) {
  if (auto err = options.validate(); !err.empty()) throw std::invalid_argument(err);
  const Stopwatch clock;
  const Mat& G = meeg.G;
  const Mat& M = meeg.M;
  const Index p = G.cols(), T = M.cols();
  const MxneProblem problem(G, M);

  MeegPath path;
  path.solver = options.solver;
  path.alphaMax = meeg.alphaMax > 0.0 ? meeg.alphaMax : meegAlphaMax(G, M);
  const double m2 = M.squaredNorm();
  path.gapThreshold = options.tol * m2;
  path.selection = options.select;
  const double c = path.alphaMax / 100.0;  // MNE's percent scaling (irMxNE weights)

  const std::vector<double> percents = meegPercentGrid(options);
  PathGrid grid;
  for (double pc : percents) grid.lambdas.push_back(pc / 100.0 * path.alphaMax);
  grid.lambdaMax = path.alphaMax;
  grid.nullObjective = 0.5 * m2;
  if (observer.onPathStart(grid) == Control::Stop) {
    path.cancelled = true;
    return path;
  }

  // FDMC-SURE: the same path on M + εδ. Hold-out: the same path on the training columns.
  const bool sure = options.computeSure || options.select == "sure";
  const bool holdout = options.computeHoldout || options.select == "holdout";
  Mat delta;
  double eps = 0.0;
  std::unique_ptr<MxneProblem> perturbed, training;
  if (sure) {
    delta = numpyLegacyRandn(options.sureSeed, G.rows(), T);
    eps = options.sureEpsilon > 0.0 ? options.sureEpsilon : sureEpsilon(G.rows());
    perturbed = problem.withMeasurements(M + eps * delta);
  }
  TimeSplit split;
  if (holdout) {
    split = holdoutSplit(T, options.holdoutEvery);
    training = problem.withMeasurements(selectColumns(M, split.train));
  }
  RowMat warm = RowMat::Zero(p, T), warmEps = RowMat::Zero(p, T);
  RowMat warmTrain = RowMat::Zero(p, static_cast<Index>(split.train.size()));
  NullObserver quiet;  // the auxiliary solves do not feed the live convergence plot

  for (std::size_t k = 0; k < percents.size(); ++k) {
    if (stop.stop_requested()) {
      path.cancelled = true;
      break;
    }
    const Stopwatch tk;
    const double alpha = grid.lambdas[k];
    Fit f = fitAt(problem, options, alpha, c, path.gapThreshold, static_cast<Index>(k), warm, observer, stop);
    if (f.termination == Termination::Cancelled) {
      path.cancelled = true;
      break;
    }
    MeegPathPoint pt;
    pt.index = k;
    pt.alpha = alpha;
    pt.alphaPercent = percents[k];
    pt.objective = f.objective;
    pt.dualityGap = f.gap;
    pt.gapThreshold = path.gapThreshold;
    pt.nIter = f.nIter;
    pt.termination = f.termination;
    pt.stageObjectives = std::move(f.stages);
    if (sure) {
      Fit fe = fitAt(*perturbed, options, alpha, c, path.gapThreshold, static_cast<Index>(k), warmEps, quiet, stop);
      if (fe.termination == Termination::Cancelled) {
        path.cancelled = true;
        break;
      }
      const SureValue s = fdmcSure(G, M, f.B, fe.B, delta, eps);
      pt.sure = s.sure;
      pt.sureDof = s.dof;
    }
    if (holdout) {
      Fit ft = fitAt(*training, options, alpha, c, path.gapThreshold, static_cast<Index>(k), warmTrain, quiet, stop);
      if (ft.termination == Termination::Cancelled) {
        path.cancelled = true;
        break;
      }
      pt.holdout = holdoutScore(G, M, split, ft.B);
    }
    Mat GB = Mat::Zero(G.rows(), T);
    for (std::size_t a = 0; a < f.active.size(); ++a) GB.noalias() += G.col(f.active[a]) * f.activeRows.row(static_cast<Index>(a));
    pt.residualNorm2 = (M - GB).squaredNorm();
    pt.explainedVariance = m2 > 0.0 ? 1.0 - pt.residualNorm2 / m2 : 0.0;
    pt.activeSet = std::move(f.active);
    pt.activeRows = std::move(f.activeRows);
    pt.seconds = tk.seconds();
    path.points.push_back(std::move(pt));

    const MeegPathPoint& done = path.points.back();
    bool stopNow = options.onPoint && options.onPoint(done) == Control::Stop;
    PathPoint general;
    general.index = static_cast<Index>(k);
    general.lambda = done.alpha;
    general.support = done.activeSet;
    general.tasks = T;
    general.values.assign(done.activeRows.data(), done.activeRows.data() + done.activeRows.size());
    general.intercepts.assign(static_cast<std::size_t>(T), 0.0);
    general.objective = done.objective;
    general.dualityGap = done.dualityGap;
    general.gapThreshold = done.gapThreshold;
    general.epochs = done.nIter;
    general.seconds = done.seconds;
    general.termination = done.termination;
    if (observer.onPathPoint(general) == Control::Stop) stopNow = true;
    if (stopNow) {
      path.cancelled = k + 1 < percents.size();
      break;
    }
  }

  // The selected α: the smallest score among the solved points.
  const auto score = [&](const MeegPathPoint& q) { return options.select == "sure" ? q.sure : q.holdout; };
  if (!options.select.empty()) {
    for (std::size_t k = 0; k < path.points.size(); ++k) {
      const double v = score(path.points[k]);
      if (std::isfinite(v) && (!path.selected || v < score(path.points[*path.selected]))) path.selected = k;
    }
  }
  path.totalSeconds = clock.seconds();
  return path;
}

}  // namespace lambdascope
