#include "core/playground/methods.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "core/playground/method_impl.hpp"

namespace lambdascope::playground {

namespace {
std::string fmt(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

bool isStochastic(const std::string& m) { return m == "sgd" || m == "minibatch" || m == "svrg"; }

/// Textbook defaults for whatever the spec leaves unset; validation of the rest.
Trace resolve(const Problem& p, const MethodSpec& spec) {
  Trace t;
  t.method = spec.method;
  t.label = spec.label.empty() ? spec.method : spec.label;
  t.seed = spec.seed;
  const std::string& m = spec.method;
  if (spec.step && !(*spec.step > 0.0 && std::isfinite(*spec.step)))
    throw std::invalid_argument("step must be a finite number > 0, got " + fmt(*spec.step));
  if (spec.momentum && !(*spec.momentum >= 0.0 && *spec.momentum < 1.0))
    throw std::invalid_argument("momentum must be in [0, 1), got " + fmt(*spec.momentum));
  const auto L = p.lipschitz();
  const double mu = p.strongConvexity();
  const bool stronglyConvex = L && *L > 0.0 && mu > 0.0 && !p.hasNonsmooth();

  if (m == "heavy-ball") {
    // Polyak's optimal parameters for a quadratic with spectrum in [μ, L].
    const double sL = L ? std::sqrt(*L) : 0.0, smu = std::sqrt(mu);
    t.step = spec.step.value_or(stronglyConvex ? 4.0 / ((sL + smu) * (sL + smu)) : p.defaultStep());
    t.momentum = spec.momentum.value_or(stronglyConvex ? std::pow((sL - smu) / (sL + smu), 2) : 0.9);
  } else if (m == "nesterov") {
    t.step = spec.step.value_or(p.defaultStep());
    if (spec.momentum) {
      t.momentum = *spec.momentum;
      t.momentumSchedule = "constant";
    } else if (stronglyConvex) {
      const double q = std::sqrt(mu * t.step);  // √(μ/L) with L = 1/s
      t.momentum = (1.0 - q) / (1.0 + q);
      t.momentumSchedule = "constant";
    } else {
      t.momentumSchedule = "t_k";
    }
  } else if (m == "fista") {
    t.step = spec.step.value_or(p.defaultStep());
    t.momentumSchedule = "t_k";
  } else if (m == "gd-armijo" || m == "newton" || m == "bfgs") {
    t.step = spec.step.value_or(1.0);  // the first trial step, or Newton's damping
  } else if (m == "cd" || m == "cd-random") {
    t.step = spec.step.value_or(0.0);  // 0: 1/L_i per coordinate
  } else if (isStochastic(m)) {
    const double Lmax = p.maxSampleLipschitz();
    t.step = spec.step.value_or(m == "svrg" ? 1.0 / (4.0 * Lmax) : 1.0 / (2.0 * Lmax));
    t.batchSize = m == "minibatch" ? spec.batchSize : 1;
    if (m == "minibatch" && (spec.batchSize < 1 || spec.batchSize > p.samples()))
      throw std::invalid_argument("batch size must be in [1, " + std::to_string(p.samples()) + "], got " +
                                  std::to_string(spec.batchSize));
    if (m == "svrg") {
      if (spec.epochLength < 0) throw std::invalid_argument("epoch length must be >= 1");
      t.epochLength = spec.epochLength > 0 ? spec.epochLength : static_cast<int>(p.samples());
    }
  } else {  // gd, subgradient, ista
    t.step = spec.step.value_or(p.defaultStep());
  }
  return t;
}

}  // namespace

std::vector<std::string> availableMethods() {
  return {"gd", "gd-armijo", "subgradient", "heavy-ball", "nesterov", "ista", "fista", "cd",
          "cd-random", "newton", "bfgs", "sgd", "minibatch", "svrg"};
}

std::string incompatibility(const Problem& p, const MethodSpec& spec) {
  const auto all = availableMethods();
  if (std::find(all.begin(), all.end(), spec.method) == all.end()) {
    std::string list;
    for (const auto& m : all) list += (list.empty() ? "" : ", ") + m;
    return "unknown method '" + spec.method + "' (available: " + list + ")";
  }
  const std::string& m = spec.method;
  if ((m == "gd-armijo" || m == "newton" || m == "bfgs") && p.hasNonsmooth())
    return m + " needs a differentiable objective; " + p.name() +
           " has a non-smooth term (use ista, fista, cd or subgradient)";
  if (m == "newton" && !p.hasHessian()) return "newton needs a Hessian, which " + p.name() + " lacks";
  if (isStochastic(m) && p.samples() <= 0)
    return m + " needs a finite-sum problem (logistic, lasso2d or enet2d); " + p.name() + " is not one";
  return {};
}

Trace runMethod(const Problem& p, const MethodSpec& spec, const Vec2& start, int iters) {
  if (auto err = incompatibility(p, spec); !err.empty()) throw std::invalid_argument(err);
  if (iters < 0 || iters > 1000000) throw std::invalid_argument("iterations must be in [0, 1000000], got " + std::to_string(iters));
  if (!start.allFinite()) throw std::invalid_argument("the start point must be finite");
  Trace t = resolve(p, spec);
  t.iterates.push_back(start);
  t.values.push_back(p.value(start));
  t.gradientEvaluations.push_back(0);
  detail::Recorder rec(p, t);
  const Trace& params = t;  // the algorithms read the resolved parameters and x_0
  const std::string& m = spec.method;
  if (m == "gd") detail::runGradientDescent(p, params, rec, iters);
  else if (m == "subgradient") detail::runSubgradient(p, params, rec, iters);
  else if (m == "gd-armijo") detail::runArmijo(p, params, rec, iters);
  else if (m == "heavy-ball") detail::runHeavyBall(p, params, rec, iters);
  else if (m == "nesterov") detail::runNesterov(p, params, rec, iters);
  else if (m == "ista" || m == "fista") detail::runProximalGradient(p, params, rec, iters, m == "fista");
  else if (m == "cd" || m == "cd-random") detail::runCoordinateDescent(p, params, rec, iters, m == "cd-random");
  else if (m == "newton") detail::runNewton(p, params, rec, iters);
  else if (m == "bfgs") detail::runBfgs(p, params, rec, iters);
  else if (m == "sgd" || m == "minibatch") detail::runSgd(p, params, rec, iters);
  else detail::runSvrg(p, params, rec, iters);
  t.bound = detail::methodBound(p, t, iters);
  return t;
}

}  // namespace lambdascope::playground
