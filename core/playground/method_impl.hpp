#pragma once
// Internal to the playground's methods: the recorder every algorithm writes to, the resolved
// parameters, and one entry point per algorithm file.

#include <cmath>
#include <random>

#include "core/playground/methods.hpp"

namespace lambdascope::playground::detail {

/// Appends iterates to a Trace; refuses (and marks the run diverged) a non-finite or huge one.
class Recorder {
 public:
  Recorder(const Problem& problem, Trace& trace) : problem_(problem), trace_(trace) {
    costPerFull_ = problem.samples() > 0 ? problem.samples() : 1;
  }
  /// Record x_{k+1}, reached with `used` and `step`; false when the run must stop.
  bool push(const Vec2& next, const Vec2& used, double step) {
    const double v = problem_.value(next);
    if (!next.allFinite() || next.cwiseAbs().maxCoeff() > 1e12 || !std::isfinite(v)) {
      trace_.termination = "diverged";
      return false;
    }
    trace_.iterates.push_back(next);
    trace_.values.push_back(v);
    trace_.gradients.push_back(used);
    trace_.steps.push_back(step);
    trace_.gradientEvaluations.push_back(cost_);
    return true;
  }
  void addFullGradients(long long count = 1) { cost_ += count * costPerFull_; }
  void addSampleGradients(long long count) { cost_ += count; }
  long long cost() const { return cost_; }
  Trace& trace() { return trace_; }

 private:
  const Problem& problem_;
  Trace& trace_;
  long long cost_ = 0;
  long long costPerFull_ = 1;
};

/// The direction a first-order method follows on F: ∇f, or a subgradient when g ≠ 0.
inline Vec2 firstOrderDirection(const Problem& p, const Vec2& x) {
  return p.hasNonsmooth() ? p.subgradient(x) : p.gradient(x);
}

void runGradientDescent(const Problem&, const Trace& params, Recorder&, int iters);
void runSubgradient(const Problem&, const Trace& params, Recorder&, int iters);
void runArmijo(const Problem&, const Trace& params, Recorder&, int iters);
void runHeavyBall(const Problem&, const Trace& params, Recorder&, int iters);
void runNesterov(const Problem&, const Trace& params, Recorder&, int iters);
void runProximalGradient(const Problem&, const Trace& params, Recorder&, int iters, bool accelerated);
void runCoordinateDescent(const Problem&, const Trace& params, Recorder&, int iters, bool random);
void runNewton(const Problem&, const Trace& params, Recorder&, int iters);
void runBfgs(const Problem&, const Trace& params, Recorder&, int iters);
void runSgd(const Problem&, const Trace& params, Recorder&, int iters);
void runSvrg(const Problem&, const Trace& params, Recorder&, int iters);

/// The bound that applies to a resolved run (empty when none does).
RateBound methodBound(const Problem& problem, const Trace& run, int iters);

/// Armijo constants: sufficient decrease c = 1/2 (so that every t ≤ 1/L is accepted and the
/// rate bounds hold with t_min = min(s0, β/L)), shrink β = 1/2.
inline constexpr double kArmijoC = 0.5;
inline constexpr double kArmijoShrink = 0.5;
inline constexpr int kMaxBacktracks = 60;

}  // namespace lambdascope::playground::detail
