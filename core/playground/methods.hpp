#pragma once
// The playground's optimization methods on a 2-D Problem: every iterate recorded, with the
// (possibly sampled) gradient that moved it, so that pictures are exact and reproducible.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/playground/problem.hpp"

namespace lambdascope::playground {

/// A method and its parameters; unset ones get the textbook defaults (see resolveMethod).
struct MethodSpec {
  std::string method = "gd";  ///< one of availableMethods()
  std::optional<double> step;
  std::optional<double> momentum;
  int batchSize = 10;         ///< minibatch
  std::uint64_t seed = 1;     ///< sgd, minibatch, svrg, cd-random
  int epochLength = 0;        ///< svrg: inner steps per snapshot (0: n)
  std::string label;          ///< legend text (default: the method name)
};

/// A theoretical bound on F(x_k) − F* for k = 0..N (NaN where it says nothing, e.g. 1/k at k = 0).
struct RateBound {
  std::string name;     ///< e.g. "FISTA: 2‖x0 − x*‖²/(s(k+1)²)"
  std::vector<double> values;
  bool bestIterate = false;  ///< bounds min_{i ≤ k} F(x_i) − F* (subgradient methods)
  bool expectation = false;  ///< bounds E[F(x_k)] − F* (randomized methods)
  bool empty() const { return values.empty(); }
};

struct Trace {
  std::string method;
  std::string label;
  double step = 0.0;       ///< resolved step (the initial trial step for line searches)
  double momentum = 0.0;   ///< resolved momentum (heavy-ball, nesterov with a constant one)
  std::string momentumSchedule;  ///< nesterov/fista: "constant" or "t_k" (Beck–Teboulle)
  int batchSize = 0;
  int epochLength = 0;
  std::uint64_t seed = 0;

  std::vector<Vec2> iterates;  ///< x_0 (the start), x_1, ...
  std::vector<double> values;  ///< F(x_k)
  /// The direction data used to leave x_k (size = iterates − 1): the gradient, subgradient,
  /// gradient mapping or, for stochastic methods, the sampled (or variance-reduced) gradient.
  std::vector<Vec2> gradients;
  /// Stochastic methods only: the true ∇f at the point where the sample was taken.
  std::vector<Vec2> fullGradients;
  std::vector<double> steps;  ///< step actually taken at iteration k (line searches vary it)
  /// Cumulative gradient cost at x_k: component gradients ∇f_i for finite sums (n per full
  /// gradient), full gradients otherwise.
  std::vector<long long> gradientEvaluations;
  std::string termination = "iterations";  ///< "iterations", "diverged" or a reason it stopped
  RateBound bound;
};

std::vector<std::string> availableMethods();
/// Why `method` cannot run on `problem` (empty when it can).
std::string incompatibility(const Problem& problem, const MethodSpec& method);

/// Run `iters` iterations from `start`. Throws std::invalid_argument (one line) for an unknown
/// method, an incompatible problem or invalid parameters. A run that diverges stops early
/// (termination "diverged") with only finite iterates recorded.
Trace runMethod(const Problem& problem, const MethodSpec& method, const Vec2& start, int iters);

/// Reference curves for a problem and start: "1/k": L‖x0−x*‖²/(2k), "1/k^2": 2L‖x0−x*‖²/(k+1)²,
/// "linear": (1 − μ/L)^k (F(x0) − F*), "accelerated": (1 − √(μ/L))^k (F(x0) − F* + μ/2‖x0−x*‖²).
/// Only those that apply (convex f with a global L; μ > 0 for the linear ones).
std::vector<RateBound> referenceRates(const Problem& problem, const Vec2& start, int iters);

}  // namespace lambdascope::playground
