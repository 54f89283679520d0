#include "core/solvers/prox_newton.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <vector>

#include "core/solvers/cd_kernel.hpp"
#include "core/solvers/duality_gap.hpp"
#include "core/solvers/epoch_monitor.hpp"

namespace lambdascope {

namespace {
constexpr int kMaxInnerEpochs = 20;
constexpr int kMaxGramInnerEpochs = 200;
constexpr int kMaxBacktracks = 30;
constexpr Index kMaxGramColumns = 512;
constexpr Index kMaxGramEntries = Index{1} << 22;  // n·|ws| doubles materialised: 32 MiB

/// Buffers of the Gram form of the Newton model, grown as needed (never per inner pass).
struct ModelGram {
  Mat columns;  // n × |ws|: X̃_ws, then √h-weighted
  Mat H;        // X̃_wsᵀ diag(h) X̃_ws
  Vec gx, hx, Hd;
};

/// The Gram form pays O(n·|ws|²) once per Newton step, then O(|ws|) per coordinate update instead
/// of O(n): it wins when the working set is small next to n and the model takes many passes.
bool useGramModel(Index n, Index m) { return m > 0 && m <= kMaxGramColumns && m < 3 * n && n * m <= kMaxGramEntries; }

/// Coordinate descent on the model gᵀ(X̃d + δb) + ½‖√h ∘ (X̃d + δb)‖² + penalty(w + d) over the
/// working set, with its Gram matrix: the gradient in d_j is x̃_jᵀg + (Hd)_j + δb·x̃_jᵀh.
void solveModelWithGram(const Problem& problem, const Penalty& penalty, const std::vector<Index>& ws,
                        const Vec& w, const Vec& g, const Vec& h, double hSum, ModelGram& gram, Vec& d,
                        double& db, int& epochs, int maxEpochs, const std::stop_token& stop) {
  const DesignMatrix& X = problem.X;
  const Index n = X.rows();
  const auto m = static_cast<Index>(ws.size());
  if (gram.columns.rows() != n || gram.columns.cols() < m) gram.columns.resize(n, std::max(m, 2 * gram.columns.cols()));
  auto C = gram.columns.leftCols(m);
  X.denseColumns(ws, C);
  gram.gx.noalias() = C.transpose() * g;
  gram.hx.noalias() = C.transpose() * h;
  C.array().colwise() *= h.array().sqrt();
  gram.H.resize(m, m);
  gram.H.setZero();
  gram.H.selfadjointView<Eigen::Lower>().rankUpdate(C.transpose());
  gram.H.triangularView<Eigen::StrictlyUpper>() = gram.H.transpose();
  gram.Hd.setZero(m);
  const double gSum = g.sum();
  double hXd = 0.0;  // hᵀX̃d
  double firstDecrease = 0.0;
  for (int inner = 0; inner < kMaxGramInnerEpochs && epochs < maxEpochs; ++inner) {
    double decrease = 0.0;
    for (Index k = 0; k < m; ++k) {
      const double L = gram.H(k, k);
      if (!(L > 0.0)) continue;
      const Index j = ws[static_cast<std::size_t>(k)];
      const double current = w[j] + d[j];
      const double grad = gram.gx[k] + gram.Hd[k] + db * gram.hx[k];
      const double delta = penalty.prox1d(current - grad / L, 1.0 / L, j) - current;
      if (delta == 0.0) continue;
      d[j] += delta;
      gram.Hd.noalias() += delta * gram.H.col(k);
      hXd += delta * gram.hx[k];
      decrease += L * delta * delta;
    }
    if (problem.fitIntercept && hSum > 0.0) {
      const double delta = -(gSum + hXd + db * hSum) / hSum;
      db += delta;
      decrease += hSum * delta * delta;
    }
    ++epochs;
    // Passes are cheap here: solve the model more tightly than the O(n) form can afford.
    if (inner == 0) firstDecrease = decrease;
    if (decrease <= 1e-8 * firstDecrease) break;
    if (stop.stop_requested()) break;
  }
}
}  // namespace

std::optional<std::string> ProxNewton::incompatibility(const Datafit&, const Penalty& penalty) const {
  if (!penalty.traits().separable)
    return "prox-newton runs coordinate descent on its model; '" + penalty.name() + "' is not separable";
  return std::nullopt;
}

SolveResult ProxNewton::solve(const Problem& problem, const Penalty& penalty, const WarmStart* warm,
                              const SolverOptions& options, ProgressObserver& observer,
                              std::stop_token stop) const {
  const Stopwatch clock;
  const DesignMatrix& X = problem.X;
  const Datafit& f = problem.datafit;
  const CVecRef y = problem.y;
  const Index n = X.rows();
  const Index p = X.cols();

  SolveResult result;
  result.w = warm ? warm->w : Vec::Zero(p);
  result.intercept = (warm && problem.fitIntercept) ? warm->intercept : 0.0;
  Vec& w = result.w;
  double& b = result.intercept;

  ShiftedVector etaShifted = cd::initialPredictor(X, w, b);
  Vec eta = etaShifted.materialized();
  // Buffers for the whole solve: nothing is allocated per outer step beyond the working set.
  Vec g(n), h(n), Xd(n), r(n), etaTrial(n), d = Vec::Zero(p), wTrial(p), modelL(p);
  std::vector<Index> ws;
  ModelGram gram;
  GapWorkspace gws;
  gws.resize(n, p);
  const Vec cdLipschitz = cd::lipschitzConstants(problem, penalty);  // fallback steps; WS filter
  cd::WorkingSetPolicy policy(p, 10);
  result.termination = Termination::MaxIterations;

  auto report = [&](double objective, double criterion) {
    IterationReport rep{options.lambdaIndex, penalty.lambda(), result.epochs, objective, criterion,
                        options.stopThreshold, clock.seconds()};
    rep.workingSetSize = static_cast<Index>(ws.size());
    return observer.onIteration(rep);
  };

  while (true) {
    etaShifted.assign(eta);
    const Certificate cert = evaluateCertificate(problem, penalty, w, etaShifted, gws);
    result.objective = cert.primal;
    result.stopCriterion = cert.value;
    if (cert.value <= options.stopThreshold) {
      result.termination = Termination::Converged;
      report(cert.primal, cert.value);
      break;
    }
    if (result.epochs >= options.maxEpochs) break;
    if (report(cert.primal, cert.value) == Control::Stop || stop.stop_requested()) {
      result.termination = Termination::Cancelled;
      break;
    }

    policy.select(penalty, w, gws.grad, cdLipschitz, {}, cert.value, ws);

    // The quadratic model at η.
    f.sampleGradient(y, eta, g);
    f.sampleHessianDiag(y, eta, h);
    const double hSum = h.sum();
    for (const Index j : ws) d[j] = 0.0;
    double db = 0.0;
    const auto m = static_cast<Index>(ws.size());
    if (form_ == ModelForm::Auto && useGramModel(n, m)) {
      solveModelWithGram(problem, penalty, ws, w, g, h, hSum, gram, d, db, result.epochs, options.maxEpochs, stop);
      Xd.setZero();
      for (const Index j : ws)
        if (d[j] != 0.0) X.colAxpy(j, d[j], Xd);
      Xd.array() += db;
    } else {
      for (const Index j : ws) modelL[j] = X.colWeightedSquaredNorm(j, h);
      Xd.setZero();
      r = g;  // r = g + h ∘ (X̃d + δb): the model's gradient in η
      double firstDecrease = 0.0;
      for (int inner = 0; inner < kMaxInnerEpochs && result.epochs < options.maxEpochs; ++inner) {
        double decrease = 0.0;
        for (const Index j : ws) {
          const double L = modelL[j];
          if (!(L > 0.0)) continue;
          const double current = w[j] + d[j];
          const double updated = penalty.prox1d(current - X.colDot(j, r) / L, 1.0 / L, j);
          const double delta = updated - current;
          if (delta == 0.0) continue;
          d[j] += delta;
          X.colAxpy(j, delta, Xd);
          X.colAxpy(j, delta, r, &h);
          decrease += L * delta * delta;
        }
        if (problem.fitIntercept && hSum > 0.0) {
          const double delta = -r.sum() / hSum;
          db += delta;
          Xd.array() += delta;
          r += delta * h;
          decrease += hSum * delta * delta;
        }
        ++result.epochs;
        // The model is solved well enough once a pass moves it by a thousandth of the first pass.
        if (inner == 0) firstDecrease = decrease;
        if (decrease <= 1e-3 * firstDecrease) break;
        if (stop.stop_requested()) break;
      }
    }

    // Armijo backtracking on the true objective along (d, δb), from P at η, which the
    // certificate has just computed (the loss is the costly part: an exp and a log per sample).
    const double current = result.objective;
    const double pen0 = penalty.value(w);
    wTrial = w;
    for (const Index j : ws) wTrial[j] = w[j] + d[j];
    const double predicted = g.dot(Xd) + penalty.value(wTrial) - pen0;  // ≤ 0 for a descent step
    double t = 1.0;
    bool accepted = false;
    for (int bt = 0; bt < kMaxBacktracks; ++bt) {
      for (const Index j : ws) wTrial[j] = w[j] + t * d[j];
      etaTrial = eta + t * Xd;
      const double trial = f.value(y, etaTrial) + penalty.value(wTrial);
      // Rounding-level slack: near the optimum the decrease falls below the objective's precision.
      const double slack = 1e-15 * std::abs(current);
      if (trial <= current + 1e-4 * t * std::min(predicted, 0.0) + slack) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      // The Newton direction does not decrease the objective to working precision: take exact
      // coordinate steps on the true objective instead (each one a descent step).
      etaShifted.assign(eta);
      for (int k = 0; k < options.checkEvery && result.epochs < options.maxEpochs; ++k, ++result.epochs)
        if (!cd::epoch(problem, penalty, cdLipschitz, ws, w, b, etaShifted, stop)) break;
      eta = etaShifted.materialized();
      continue;
    }
    for (const Index j : ws) w[j] = wTrial[j];
    b += problem.fitIntercept ? t * db : 0.0;
    eta.swap(etaTrial);
    if (stop.stop_requested()) {
      etaShifted.assign(eta);
      const Certificate last = evaluateCertificate(problem, penalty, w, etaShifted, gws);
      result.objective = last.primal;
      result.stopCriterion = last.value;
      result.termination = Termination::Cancelled;
      break;
    }
  }
  result.seconds = clock.seconds();
  return result;
}

}  // namespace lambdascope
