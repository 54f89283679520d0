#include "core/multitask/multitask_bcd.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "core/multitask/multitask_gap.hpp"
#include "core/solvers/epoch_monitor.hpp"

namespace lambdascope {

namespace {

/// E = X̃B + 1b0ᵀ from the non-zero rows only.
ShiftedMatrix initialPredictor(const DesignMatrix& X, const RowMat& B, const Vec& intercept) {
  ShiftedMatrix E(X.rows(), B.cols());
  for (Index j = 0; j < B.rows(); ++j)
    if (!B.row(j).isZero(0.0)) X.colRankOneUpdate(j, B.row(j).transpose(), E);
  E.addConstantRow(intercept.transpose());
  return E;
}

/// The per-solve state a BCD pass updates.
struct RowState {
  RowMat& B;
  Vec& intercept;
  ShiftedMatrix& E;
  Vec row;    // T: the candidate row
  Vec grad;   // T
  Vec delta;  // T
};

/// One cyclic pass over `rows`, then the intercepts' exact step. False if stopped mid-pass
/// (the state stays consistent).
bool bcdPass(const MultitaskProblem& problem, const MultitaskPenalty& penalty, const Vec& lipschitz,
             std::span<const Index> rows, RowState& s, const std::stop_token& stop) {
  std::size_t k = 0;
  for (const Index j : rows) {
    if (++k % 64 == 0 && stop.stop_requested()) return false;
    const double L = lipschitz[j];
    if (L <= 0.0) continue;
    problem.datafit.rowGradient(problem.X, s.E, j, s.grad);
    s.row = s.B.row(j).transpose() - s.grad / L;
    penalty.proxRow(s.row, 1.0 / L, j);
    s.delta = s.row - s.B.row(j).transpose();
    if (s.delta.isZero(0.0)) continue;
    problem.X.colRankOneUpdate(j, s.delta, s.E);
    s.B.row(j) = s.row.transpose();
  }
  if (problem.fitIntercept) {
    problem.datafit.interceptStep(s.E, s.delta);
    s.intercept += s.delta;
    s.E.addConstantRow(s.delta.transpose());
  }
  return true;
}

}  // namespace

MultitaskSolveResult MultitaskBcd::solve(const MultitaskProblem& problem, const MultitaskPenalty& penalty,
                                         const MultitaskWarmStart* warm, const SolverOptions& options,
                                         ProgressObserver& observer, std::stop_token stop) const {
  const Stopwatch clock;
  const DesignMatrix& X = problem.X;
  const Index p = X.cols();
  const Index T = problem.Y.cols();
  const double nan = std::numeric_limits<double>::quiet_NaN();

  MultitaskSolveResult result;
  result.B = warm ? warm->B : RowMat::Zero(p, T);
  result.intercept = (warm && problem.fitIntercept) ? warm->intercept : Vec::Zero(T);
  ShiftedMatrix E = initialPredictor(X, result.B, result.intercept);
  Vec lipschitz(p);
  for (Index j = 0; j < p; ++j) lipschitz[j] = problem.datafit.rowLipschitz(X, j);

  RowState state{result.B, result.intercept, E, Vec(T), Vec(T), Vec(T)};
  MultitaskGapWorkspace gws;
  gws.resize(X.rows(), p, T);
  GramCorrelation gram;
  if (GramCorrelation::applies(problem)) gws.gram = &gram;
  std::vector<Index> all(static_cast<std::size_t>(p));
  std::iota(all.begin(), all.end(), Index{0});

  if (!options_.workingSets) {
    EpochMonitor monitor(penalty.lambda(), options, observer, stop, result, [&] {
      const MultitaskGap g = evaluateMultitaskGap(problem, penalty, result.B, E, gws);
      result.objective = g.primal;
      result.stopCriterion = g.gap();
    });
    for (int epoch = 1; epoch <= options.maxEpochs; ++epoch) {
      const bool finished = bcdPass(problem, penalty, lipschitz, all, state, stop);
      if (monitor.afterEpoch(epoch, finished)) break;
    }
    result.seconds = monitor.seconds();
    return result;
  }

  // Rows not (yet) screened out; the gap is evaluated on these only once some are gone.
  std::vector<Index> active = all;
  std::vector<Index> ws;
  Vec scores(p);
  std::vector<Index> order;
  Index p0 = std::min(options_.initialSize, p);
  double previousGap = std::numeric_limits<double>::infinity();
  const auto activeRows = [&]() -> std::span<const Index> {
    if (static_cast<Index>(active.size()) == p) return {};
    return active;
  };
  const auto report = [&](double objective, double gap) {
    IterationReport r{options.lambdaIndex, penalty.lambda(), result.epochs, objective, gap,
                      options.stopThreshold, clock.seconds()};
    r.workingSetSize = static_cast<Index>(ws.size());
    r.screened = p - static_cast<Index>(active.size());
    return observer.onIteration(r);
  };
  // The dual is (1/c)-strongly concave for F = c/2‖·‖²: radius √(2c·gap). c from the datafit's
  // curvature: L_j = c‖x̃_j‖².
  double curvature = 0.0;
  for (Index j = 0; j < p && curvature == 0.0; ++j)
    if (X.colSquaredNorm(j) > 0.0) curvature = lipschitz[j] / X.colSquaredNorm(j);

  result.termination = Termination::MaxIterations;
  while (true) {
    const MultitaskGap full = evaluateMultitaskGap(problem, penalty, result.B, E, gws, activeRows());
    result.objective = full.primal;
    result.stopCriterion = full.gap();
    if (result.stopCriterion <= options.stopThreshold) {
      result.termination = Termination::Converged;
      report(full.primal, full.gap());
      break;
    }
    if (result.epochs >= options.maxEpochs) break;
    if (report(full.primal, full.gap()) == Control::Stop || stop.stop_requested()) {
      result.termination = Termination::Cancelled;
      break;
    }
    if (options_.screening && full.gap() > 0.0 && curvature > 0.0) {
      const double radius = std::sqrt(2.0 * curvature * full.gap());
      std::erase_if(active, [&](Index j) {
        if (!result.B.row(j).isZero(0.0)) return false;
        gws.row = gws.z.row(j).transpose() / full.dualScale;
        return penalty.screensOut(gws.row, radius * std::sqrt(X.colSquaredNorm(j)), j);
      });
    }

    // Scores: distance to optimality of each active row (support rows always kept).
    if (full.gap() > 0.5 * previousGap) p0 = std::min(2 * p0, p);
    previousGap = full.gap();
    order.clear();
    Index support = 0;
    for (const Index j : active) {
      if (lipschitz[j] <= 0.0) continue;
      const bool inSupport = !result.B.row(j).isZero(0.0);
      support += inSupport;
      if (inSupport) {
        scores[j] = std::numeric_limits<double>::infinity();
      } else {
        state.grad = -gws.z.row(j).transpose();
        scores[j] = penalty.rowSubdiffDistance(result.B.row(j).transpose(), state.grad, j);
      }
      order.push_back(j);
    }
    const auto size = static_cast<std::size_t>(std::min<Index>(std::max(p0, 2 * support),
                                                               static_cast<Index>(order.size())));
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(size), order.end(),
                      [&](Index a, Index b) { return scores[a] > scores[b]; });
    ws.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(size));
    std::sort(ws.begin(), ws.end());

    // Inner: BCD on the working set until its own gap is small next to the outer one.
    const double innerThreshold = std::max(options_.innerRatio * full.gap(), 0.5 * options.stopThreshold);
    bool cancelled = false;
    for (int inner = 1; result.epochs < options.maxEpochs; ++inner) {
      if (!bcdPass(problem, penalty, lipschitz, ws, state, stop)) {
        cancelled = true;
        break;
      }
      ++result.epochs;
      if (inner % options.checkEvery == 0) {
        const MultitaskGap sub = evaluateMultitaskGap(problem, penalty, result.B, E, gws, ws);
        if (report(sub.primal, nan) == Control::Stop) {
          cancelled = true;
          break;
        }
        if (sub.gap() <= innerThreshold) break;
      } else if (stop.stop_requested()) {
        cancelled = true;
        break;
      }
    }
    if (cancelled) {
      const MultitaskGap last = evaluateMultitaskGap(problem, penalty, result.B, E, gws, activeRows());
      result.objective = last.primal;
      result.stopCriterion = last.gap();
      result.termination = Termination::Cancelled;
      break;
    }
  }
  result.seconds = clock.seconds();
  return result;
}

}  // namespace lambdascope
