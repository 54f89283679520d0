#include "core/meeg/irmxne.hpp"

#include <cmath>
#include <stdexcept>

#include "core/solvers/epoch_monitor.hpp"

namespace lambdascope {

double irMxneObjective(const Mat& G, const Mat& M, const RowMat& B, double alpha, double weightScale) {
  return 0.5 * (M - G * B).squaredNorm() + alpha / std::sqrt(weightScale) * B.rowwise().norm().array().sqrt().sum();
}

IrMxneResult solveIrMxne(const MxneProblem& problem, const IrMxneOptions& options, ProgressObserver& observer,
                         std::stop_token stop, const RowMat* warmFirstStage) {
  const Stopwatch clock;
  if (!(options.alpha > 0.0) || !(options.weightScale > 0.0) || options.nReweight < 1)
    throw std::invalid_argument("irMxNE: alpha > 0, weightScale > 0 and nReweight >= 1 required");
  const Mat& G = problem.G();
  const Mat& M = problem.M();
  const Index p = problem.sources(), T = problem.timePoints();
  const double c = options.weightScale;

  IrMxneResult out;
  out.B = RowMat::Zero(p, T);
  std::vector<Index> active(static_cast<std::size_t>(p));  // sources still in play
  for (Index j = 0; j < p; ++j) active[static_cast<std::size_t>(j)] = j;
  Vec w = Vec::Ones(p);                                     // the stage's weights w_i on `active`
  RowMat previousX;                                         // X' = c·B of the previous stage, on `active`
  RowMat tildeWarm;                                         // warm start of the stage's B̃
  out.termination = Termination::Converged;

  for (int k = 0; k < options.nReweight; ++k) {
    const auto na = static_cast<Index>(active.size());
    // Stage problem on the active columns: G diag(w) B̃ with penalty λ‖B̃‖₂,₁. Stage 1 (all
    // sources, unit weights) is MxNE on the prepared problem itself.
    std::unique_ptr<MxneProblem> sub;
    if (k > 0) {
      Mat Gw(G.rows(), na);
      for (Index a = 0; a < na; ++a) Gw.col(a) = G.col(active[static_cast<std::size_t>(a)]) * w[a];
      sub = std::make_unique<MxneProblem>(Gw, M);
    }
    const MxneProblem& stageProblem = sub ? *sub : problem;
    MxneOptions mo;
    mo.alpha = options.alpha;
    mo.gapThreshold = options.gapThreshold;
    mo.maxIter = options.maxIter;
    mo.lambdaIndex = options.lambdaIndex;
    const RowMat* warm = k == 0 ? warmFirstStage : (tildeWarm.rows() == na ? &tildeWarm : nullptr);
    MxneResult r = stageProblem.solve(mo, warm, observer, stop);
    out.nIter += r.nIter;
    if (k == 0) out.firstStage = r.B;
    if (r.termination == Termination::Cancelled) {
      out.termination = Termination::Cancelled;
      break;
    }
    if (r.termination != Termination::Converged) out.termination = r.termination;
    out.dualityGap = r.dualityGap;

    IrMxneStage stage;
    stage.weightedObjective = r.objective;
    stage.dualityGap = r.dualityGap;
    stage.nIter = r.nIter;
    if (r.activeSet.empty()) {
      // Everything pruned: B = 0 (MNE records 1/2‖M‖² and stops).
      out.B.setZero();
      active.clear();
      stage.objective = 0.5 * M.squaredNorm();
      out.stages.push_back(std::move(stage));
      break;
    }
    // Back to source units: B_i = w_i·B̃_i on the surviving sources.
    std::vector<Index> next;
    next.reserve(r.activeSet.size());
    const auto nn = static_cast<Index>(r.activeSet.size());
    RowMat X(nn, T);  // X' = c·B in MNE's units, for its weights and convergence test
    out.B.setZero();
    for (Index a = 0; a < nn; ++a) {
      const Index local = r.activeSet[static_cast<std::size_t>(a)];
      const Index j = active[static_cast<std::size_t>(local)];
      next.push_back(j);
      out.B.row(j) = w[local] * r.activeRows.row(a);
      X.row(a) = c * out.B.row(j);
    }
    const bool sameSupport = next == active;
    const bool converged = k >= 1 && sameSupport && previousX.rows() == nn && (X - previousX).cwiseAbs().maxCoeff() < options.tol;
    active = std::move(next);
    // w_i = 2·sqrt(‖X'_i‖) (MNE's gprime), and B̃ = X'/(c·w) warm-starts the next stage.
    w.resize(nn);
    for (Index a = 0; a < nn; ++a) w[a] = 2.0 * std::sqrt(X.row(a).norm());
    tildeWarm.resize(nn, T);
    for (Index a = 0; a < nn; ++a) tildeWarm.row(a) = X.row(a) / (c * w[a]);
    previousX = std::move(X);
    stage.activeSet = active;
    stage.objective = irMxneObjective(G, M, out.B, options.alpha, c);
    out.stages.push_back(std::move(stage));
    if (converged) break;
  }

  out.activeSet = active;
  out.activeRows.resize(static_cast<Index>(active.size()), T);
  for (std::size_t a = 0; a < active.size(); ++a) out.activeRows.row(static_cast<Index>(a)) = out.B.row(active[a]);
  out.objective = out.stages.empty() ? 0.5 * M.squaredNorm() : out.stages.back().objective;
  out.seconds = clock.seconds();
  return out;
}

}  // namespace lambdascope
